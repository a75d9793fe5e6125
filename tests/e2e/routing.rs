//! Client-side navigation: no reloads, back and forward, scroll, focus and the
//! route announcement, the skip link.

use crate::harness::{ensure, ensure_eq, Page, TestResult};
use fantoccini::key::Key;
use serde_json::json;

crate::tests! {
    every_engine_and_build: [
        cards_navigate_in_place_and_history_works,
        route_change_scrolls_up_focuses_heading_and_announces,
        first_load_announces_nothing,
        skip_link_comes_first_and_moves_focus_to_main,
        a_link_to_a_fragment_scrolls_to_it_once_the_content_is_drawn,
        a_link_to_the_same_page_by_another_path_updates_the_address,
    ],
}

const ANNOUNCER: &str = "document.getElementById('annonce-navigation').textContent.trim()";

async fn cards_navigate_in_place_and_history_works(page: Page) -> TestResult {
    page.open("/").await?;
    page.set_marker().await?;
    page.click("main .card a[href='/agir']").await?;
    page.wait_text("main h1", "Agir").await?;
    page.click("main .card a[href='/agir/engagez-vous']")
        .await?;
    page.wait_text("main h1", "Engagez-vous").await?;
    page.client.back().await?;
    page.wait_text("main h1", "Agir").await?;
    page.client.back().await?;
    page.wait_text("main h1", "Organisation internationale pour les migrations")
        .await?;
    page.client.forward().await?;
    page.wait_text("main h1", "Agir").await?;
    ensure_eq(page.path().await?, "/agir", "the address after forward")?;
    page.ensure_not_reloaded("the journey through cards, back and forward")
        .await?;
    ensure_eq(
        page.eval("document.title").await?,
        json!("Agir | OIM"),
        "the title after forward",
    )?;
    // A link of the footer too.
    page.click("footer a[href='/plan-du-site']").await?;
    page.wait_text("main h1", "Plan du site").await?;
    ensure_eq(
        page.path().await?,
        "/plan-du-site",
        "the footer link's address",
    )?;
    page.ensure_not_reloaded("the footer's link").await
}

async fn route_change_scrolls_up_focuses_heading_and_announces(page: Page) -> TestResult {
    page.set_viewport_width(1280).await?;
    page.open("/").await?;
    page.eval("window.scrollTo(0, document.body.scrollHeight)")
        .await?;
    page.wait_until("window.scrollY > 100").await?;
    page.click("footer a[href='/mentions-legales']").await?;
    page.wait_text("main h1", "Mentions légales").await?;
    page.wait_until(&format!("{ANNOUNCER} === 'Mentions légales | OIM'"))
        .await?;
    page.wait_until("document.activeElement.id === 'titre-page'")
        .await?;
    ensure_eq(
        page.eval("window.scrollY").await?,
        json!(0),
        "scroll position after the route change",
    )?;
    // And again, so the announcement is a fresh one each time.
    page.click(".breadcrumbs a[href='/']").await?;
    page.wait_until(&format!(
        "{ANNOUNCER} === 'OIM | Organisation internationale pour les migrations'"
    ))
    .await?;
    page.wait_until("document.activeElement.tagName === 'H1'")
        .await
}

async fn first_load_announces_nothing(page: Page) -> TestResult {
    page.open("/agir").await?;
    page.wait_text("main h1", "Agir").await?;
    ensure_eq(
        page.eval(ANNOUNCER).await?,
        json!(""),
        "announcement on the first load",
    )?;
    ensure(
        page.eval("document.activeElement === document.body")
            .await?
            == json!(true),
        format!(
            "focus is left at the start of the document: found it on {:?}",
            page.focused().await?
        ),
    )?;
    ensure(
        page.eval("document.querySelector('[aria-live=polite]') !== null")
            .await?
            == json!(true),
        "expected a polite live region, found no [aria-live=polite]",
    )
}

async fn skip_link_comes_first_and_moves_focus_to_main(page: Page) -> TestResult {
    page.open("/notre-travail").await?;
    page.press(Key::Tab).await?;
    ensure_eq(
        page.focused().await?,
        "a Aller au contenu",
        "focus after the first Tab",
    )?;
    page.ensure_visible(".skip-links a", true, "when focused, the skip link")
        .await?;
    page.press(Key::Enter).await?;
    page.wait_until("document.activeElement.id === 'contenu'")
        .await?;
    page.press(Key::Tab).await?;
    let next = page
        .eval("document.getElementById('contenu').contains(document.activeElement)")
        .await?;
    ensure(
        next == json!(true),
        format!(
            "the next Tab stays inside the main content: found focus on {:?}",
            page.focused().await?
        ),
    )
}

async fn a_link_to_a_fragment_scrolls_to_it_once_the_content_is_drawn(page: Page) -> TestResult {
    page.set_viewport_width(1280).await?;
    let at_top_of_view = "(() => { const e = document.getElementById('gouvernance'); \
        if (!e) return false; const top = e.getBoundingClientRect().top; \
        return window.scrollY > 0 && top >= -1 && top < 100; })()";
    // In the client, to a page whose content is not loaded yet.
    page.open("/plan-du-site").await?;
    page.set_marker().await?;
    add_link(&page, "/qui-sommes-nous#gouvernance").await?;
    page.click("#lien-ajoute").await?;
    page.wait_for("#gouvernance").await?;
    page.wait_until(at_top_of_view).await?;
    page.ensure_not_reloaded("the link to a fragment").await?;
    // By a deep link.
    page.open("/qui-sommes-nous#gouvernance").await?;
    page.wait_until(at_top_of_view).await
}

/// `/agir/` after `/agir`: the same page (the path is normalised), so nothing is
/// redrawn, but the router must still be told the navigation is complete, or the
/// address bar would keep the old address.
async fn a_link_to_the_same_page_by_another_path_updates_the_address(page: Page) -> TestResult {
    page.open("/agir").await?;
    page.settled().await?;
    page.set_marker().await?;
    add_link(&page, "/agir/").await?;
    page.click("#lien-ajoute").await?;
    page.wait_until(&format!(
        "location.pathname === {}",
        json!(page.href("/agir/"))
    ))
    .await?;
    page.ensure_not_reloaded("the link to /agir/").await?;
    // And the next link still navigates as usual.
    page.click("main .card a[href='/agir/engagez-vous']")
        .await?;
    page.wait_text("main h1", "Engagez-vous").await?;
    ensure_eq(
        page.path().await?,
        "/agir/engagez-vous",
        "the address after the next link",
    )
}

/// Appends to `<main>` a link, `#lien-ajoute`, to a site path (under the base).
async fn add_link(page: &Page, path: &str) -> TestResult {
    page.eval(&format!(
        "(() => {{ const a = document.createElement('a'); a.id = 'lien-ajoute'; \
         a.href = {}; a.textContent = 'Lien ajouté'; document.querySelector('main').append(a); }})()",
        json!(page.href(path))
    ))
    .await?;
    Ok(())
}
