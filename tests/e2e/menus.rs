//! The header menu: the disclosure pattern by mouse and keyboard on desktop, and the
//! "Menu" button on narrow screens.

use crate::harness::{ensure, ensure_contains, ensure_eq, Page, TestResult};
use crate::site_map::PAGES;
use fantoccini::key::Key;
use serde_json::{json, Value};

crate::tests! {
    every_engine: [
        desktop_sections_open_one_at_a_time_by_mouse,
        click_outside_closes_the_panel,
        enter_and_space_toggle_and_escape_returns_focus,
        tabbing_out_of_a_section_closes_its_panel,
        choosing_a_link_closes_the_menu_and_marks_only_the_current_page,
        narrow_menu_button_opens_the_same_tree,
        narrow_menu_escape_closes_and_returns_focus,
        no_horizontal_scrolling_at_320px,
    ],
}

/// The `aria-expanded` attribute of the phone "Menu" button.
const MENU_EXPANDED: &str = "document.getElementById('menu-bouton').getAttribute('aria-expanded')";

/// The button of the top-level section with this label.
fn button(label: &str) -> String {
    format!(
        "[...document.querySelectorAll('.main-nav-button')].find(b => b.textContent.trim() === {})",
        json!(label)
    )
}

/// The `aria-expanded` attribute of a section's button (null when missing).
async fn aria_expanded(
    page: &Page,
    label: &str,
) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
    Ok(page
        .eval(&format!("{}.getAttribute('aria-expanded')", button(label)))
        .await?)
}

/// Fails unless a section's button says it is expanded (`open`) or not.
async fn ensure_expanded(page: &Page, label: &str, open: bool, when: &str) -> TestResult {
    let found = aria_expanded(page, label).await?;
    ensure(
        (found == json!("true")) == open,
        format!(
            "{when}: expected {label:?} with aria-expanded {}, found {found}",
            if open {
                "\"true\""
            } else {
                "other than \"true\""
            }
        ),
    )
}

/// Fails unless a section's panel is shown (`shown`) or not.
async fn ensure_panel(page: &Page, label: &str, shown: bool, when: &str) -> TestResult {
    let visible = page
        .eval(&format!(
            "document.getElementById({}.getAttribute('aria-controls')).getClientRects().length > 0",
            button(label)
        ))
        .await?
        == json!(true);
    if visible == shown {
        return Ok(());
    }
    let state = |visible| if visible { "shown" } else { "hidden" };
    Err(format!(
        "{when}: expected the panel of {label:?} {}, found it {} (its button's aria-expanded: {})",
        state(shown),
        state(visible),
        aria_expanded(page, label).await?
    )
    .into())
}

async fn click_section(page: &Page, label: &str) -> TestResult {
    let id = page.eval(&format!("{}.id", button(label))).await?;
    page.click(&format!("#{}", id.as_str().unwrap_or_default()))
        .await
}

async fn desktop_sections_open_one_at_a_time_by_mouse(page: Page) -> TestResult {
    page.set_viewport_width(1280).await?;
    page.open("/").await?;
    ensure_panel(&page, "Qui sommes nous", false, "panels start closed").await?;
    click_section(&page, "Qui sommes nous").await?;
    ensure_expanded(&page, "Qui sommes nous", true, "after a click").await?;
    ensure_panel(&page, "Qui sommes nous", true, "after a click").await?;
    let panel = page.text("#menu-panneau-0").await?;
    for (path, label, _) in PAGES
        .iter()
        .filter(|(p, _, _)| p.starts_with("/qui-sommes-nous/"))
    {
        ensure_contains(&panel, label, format!("the panel's link to {path}"))?;
    }
    ensure_contains(&panel, "Etats membres", "the panel's blurb (the seed's)")?;
    click_section(&page, "Notre travail").await?;
    ensure_expanded(&page, "Notre travail", true, "the second opens").await?;
    ensure_expanded(&page, "Qui sommes nous", false, "the first closes").await?;
    click_section(&page, "Notre travail").await?;
    ensure_panel(&page, "Notre travail", false, "a second click closes").await
}

async fn click_outside_closes_the_panel(page: Page) -> TestResult {
    page.set_viewport_width(1280).await?;
    page.open("/plan-du-site").await?;
    click_section(&page, "Agir").await?;
    ensure_panel(&page, "Agir", true, "open").await?;
    page.click(".mega-panel:not([hidden]) .mega-panel-intro p")
        .await?;
    ensure_panel(&page, "Agir", true, "a click inside keeps it open").await?;
    page.click("footer .site-footer-brand").await?;
    page.wait_until(&format!(
        "{}.getAttribute('aria-expanded') === 'false'",
        button("Agir")
    ))
    .await?;
    ensure_panel(&page, "Agir", false, "a click outside closes it").await
}

async fn enter_and_space_toggle_and_escape_returns_focus(page: Page) -> TestResult {
    page.set_viewport_width(1280).await?;
    page.open("/").await?;
    // Skip link, brand, the search field and its button, then the first section
    // button.
    for _ in 0..5 {
        page.press(Key::Tab).await?;
    }
    let focused = page.focused().await?;
    ensure(
        focused.ends_with("Qui sommes nous"),
        format!("expected focus on the button \"Qui sommes nous\", found it on {focused:?}"),
    )?;
    page.press(Key::Enter).await?;
    ensure_expanded(&page, "Qui sommes nous", true, "Enter opens").await?;
    page.press(' ').await?;
    ensure_expanded(&page, "Qui sommes nous", false, "Space closes").await?;
    page.press(' ').await?;
    ensure_expanded(&page, "Qui sommes nous", true, "Space opens").await?;
    page.press(Key::Tab).await?;
    let inside = page
        .eval("document.getElementById('menu-panneau-0').contains(document.activeElement)")
        .await?;
    ensure(
        inside == json!(true),
        format!(
            "Tab enters the open panel: found focus on {:?}",
            page.focused().await?
        ),
    )?;
    page.press(Key::Escape).await?;
    ensure_panel(&page, "Qui sommes nous", false, "Escape closes").await?;
    let focused = page.focused().await?;
    ensure(
        focused.starts_with("button#menu-rubrique-0"),
        format!("focus returns to button#menu-rubrique-0: found it on {focused:?}"),
    )
}

async fn tabbing_out_of_a_section_closes_its_panel(page: Page) -> TestResult {
    page.set_viewport_width(1280).await?;
    page.open("/").await?;
    click_section(&page, "Données et recherche").await?;
    page.eval("[...document.querySelectorAll('#menu-panneau-3 a')].pop().focus()")
        .await?;
    ensure_panel(&page, "Données et recherche", true, "open while inside").await?;
    page.press(Key::Tab).await?;
    let focused = page.focused().await?;
    ensure(
        focused.ends_with("2030 AGENDA"),
        format!("focus moves on to \"2030 AGENDA\": found it on {focused:?}"),
    )?;
    ensure_panel(
        &page,
        "Données et recherche",
        false,
        "tabbing out closes it",
    )
    .await?;
    page.press_shift_tab().await?;
    ensure_panel(
        &page,
        "Données et recherche",
        false,
        "Shift+Tab back lands on the closed button",
    )
    .await
}

async fn choosing_a_link_closes_the_menu_and_marks_only_the_current_page(page: Page) -> TestResult {
    page.set_viewport_width(1280).await?;
    page.open("/").await?;
    page.set_marker().await?;
    click_section(&page, "Qui sommes nous").await?;
    page.click("#menu-panneau-0 a[href='/qui-sommes-nous/structure/directrice-generale']")
        .await?;
    page.wait_text("main h1", "Directrice générale").await?;
    ensure_panel(&page, "Qui sommes nous", false, "the panel closed").await?;
    page.ensure_not_reloaded("the link in the panel").await?;
    let marked = page
        .eval("[...document.querySelectorAll('[aria-current]')].map(e => [e.getAttribute('aria-current'), e.getAttribute('href')])")
        .await?;
    let marked: Vec<(String, Option<String>)> = serde_json::from_value(marked)?;
    ensure(
        !marked.is_empty(),
        "the current page is marked: found no [aria-current]",
    )?;
    ensure(
        marked.iter().all(|(v, href)| {
            v == "page"
                && href.as_deref()
                    == Some(&*page.href("/qui-sommes-nous/structure/directrice-generale"))
        }),
        format!("only links to the current page are marked: {marked:?}"),
    )?;
    let section = page
        .eval("document.querySelector('.is-current-section').textContent.trim()")
        .await?;
    ensure(
        section
            .as_str()
            .is_some_and(|s| s.starts_with("Qui sommes nous")),
        format!("the section is marked: found .is-current-section reading {section}"),
    )
}

async fn narrow_menu_button_opens_the_same_tree(page: Page) -> TestResult {
    page.set_viewport_width(375).await?;
    page.open("/").await?;
    page.set_marker().await?;
    page.ensure_visible("#menu-bouton", true, "at 375px, the Menu button")
        .await?;
    page.ensure_visible(
        ".main-nav-button",
        false,
        "at 375px, the sections folded away",
    )
    .await?;
    page.click("#menu-bouton").await?;
    ensure_eq(
        page.eval(MENU_EXPANDED).await?,
        json!("true"),
        "the Menu button's aria-expanded once clicked",
    )?;
    page.ensure_visible(
        ".main-nav-button",
        true,
        "once Menu is clicked, the sections",
    )
    .await?;
    click_section(&page, "Agir").await?;
    ensure_panel(&page, "Agir", true, "a section expands").await?;
    page.click("#menu-panneau-2 a[href='/agir/engagez-vous']")
        .await?;
    page.wait_text("main h1", "Engagez-vous").await?;
    page.ensure_not_reloaded("the link in the menu").await?;
    page.ensure_visible(
        ".main-nav-button",
        false,
        "after navigation, the menu closed",
    )
    .await?;
    ensure_eq(
        page.eval(MENU_EXPANDED).await?,
        json!("false"),
        "the Menu button's aria-expanded after navigation",
    )
}

async fn narrow_menu_escape_closes_and_returns_focus(page: Page) -> TestResult {
    page.set_viewport_width(375).await?;
    page.open("/agir").await?;
    page.click("#menu-bouton").await?;
    page.press(Key::Tab).await?;
    page.press(Key::Escape).await?;
    page.ensure_visible(".main-nav-button", false, "after Escape, the menu closed")
        .await?;
    let focused = page.focused().await?;
    ensure(
        focused.starts_with("button#menu-bouton"),
        format!("focus back on button#menu-bouton: found it on {focused:?}"),
    )
}

async fn no_horizontal_scrolling_at_320px(page: Page) -> TestResult {
    page.set_viewport_width(320).await?;
    let overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth";
    for (path, _, _) in PAGES {
        page.open(path).await?;
        ensure_eq(
            page.eval(overflow).await?,
            json!(0),
            format!("{path}: pixels of horizontal scrolling"),
        )?;
    }
    page.open("/").await?;
    page.click("#menu-bouton").await?;
    click_section(&page, "Qui sommes nous").await?;
    ensure_eq(
        page.eval(overflow).await?,
        json!(0),
        "menu open: pixels of horizontal scrolling",
    )
}
