//! The header menu: the disclosure pattern by mouse and keyboard on desktop, and the
//! "Menu" button on narrow screens.

use crate::harness::{ensure, Page, TestResult};
use crate::site_map::PAGES;
use fantoccini::key::Key;
use serde_json::json;

crate::tests![
    desktop_sections_open_one_at_a_time_by_mouse,
    click_outside_closes_the_panel,
    enter_and_space_toggle_and_escape_returns_focus,
    tabbing_out_of_a_section_closes_its_panel,
    choosing_a_link_closes_the_menu_and_marks_only_the_current_page,
    narrow_menu_button_opens_the_same_tree,
    narrow_menu_escape_closes_and_returns_focus,
    no_horizontal_scrolling_at_320px,
];

/// The button of the top-level section with this label.
fn button(label: &str) -> String {
    format!(
        "[...document.querySelectorAll('.main-nav-button')].find(b => b.textContent.trim() === {})",
        json!(label)
    )
}

async fn expanded(
    page: &Page,
    label: &str,
) -> Result<bool, Box<dyn std::error::Error + Send + Sync>> {
    let v = page
        .eval(&format!("{}.getAttribute('aria-expanded')", button(label)))
        .await?;
    Ok(v == json!("true"))
}

async fn panel_visible(
    page: &Page,
    label: &str,
) -> Result<bool, Box<dyn std::error::Error + Send + Sync>> {
    let v = page
        .eval(&format!(
            "document.getElementById({}.getAttribute('aria-controls')).getClientRects().length > 0",
            button(label)
        ))
        .await?;
    Ok(v == json!(true))
}

async fn click_section(page: &Page, label: &str) -> TestResult {
    let id = page.eval(&format!("{}.id", button(label))).await?;
    page.click(&format!("#{}", id.as_str().unwrap_or_default()))
        .await
}

async fn desktop_sections_open_one_at_a_time_by_mouse(page: Page) -> TestResult {
    page.set_viewport_width(1280).await?;
    page.open("/").await?;
    ensure(
        !panel_visible(&page, "Qui sommes nous").await?,
        "panels start closed",
    )?;
    click_section(&page, "Qui sommes nous").await?;
    ensure(
        expanded(&page, "Qui sommes nous").await?,
        "aria-expanded=true",
    )?;
    ensure(
        panel_visible(&page, "Qui sommes nous").await?,
        "its panel shows",
    )?;
    let panel = page.text("#menu-panneau-0").await?;
    for (path, label, _) in PAGES
        .iter()
        .filter(|(p, _, _)| p.starts_with("/qui-sommes-nous/"))
    {
        ensure(panel.contains(label), format!("the panel links {path}"))?;
    }
    ensure(
        panel.contains("Etats membres"),
        "the panel carries the seed's blurb",
    )?;
    click_section(&page, "Notre travail").await?;
    ensure(expanded(&page, "Notre travail").await?, "the second opens")?;
    ensure(
        !expanded(&page, "Qui sommes nous").await?,
        "the first closes",
    )?;
    click_section(&page, "Notre travail").await?;
    ensure(
        !panel_visible(&page, "Notre travail").await?,
        "a second click closes",
    )
}

async fn click_outside_closes_the_panel(page: Page) -> TestResult {
    page.set_viewport_width(1280).await?;
    page.open("/plan-du-site").await?;
    click_section(&page, "Agir").await?;
    ensure(panel_visible(&page, "Agir").await?, "open")?;
    page.click(".mega-panel:not([hidden]) .mega-panel-intro p")
        .await?;
    ensure(
        panel_visible(&page, "Agir").await?,
        "a click inside keeps it open",
    )?;
    page.click("footer .site-footer-brand").await?;
    page.wait_until(&format!(
        "{}.getAttribute('aria-expanded') === 'false'",
        button("Agir")
    ))
    .await?;
    ensure(
        !panel_visible(&page, "Agir").await?,
        "a click outside closes it",
    )
}

async fn enter_and_space_toggle_and_escape_returns_focus(page: Page) -> TestResult {
    page.set_viewport_width(1280).await?;
    page.open("/").await?;
    // Skip link, brand, then the first section button.
    for _ in 0..3 {
        page.press(Key::Tab).await?;
    }
    let focused = page.focused().await?;
    ensure(
        focused.ends_with("Qui sommes nous"),
        format!("focus on {focused}"),
    )?;
    page.press(Key::Enter).await?;
    ensure(expanded(&page, "Qui sommes nous").await?, "Enter opens")?;
    page.press(' ').await?;
    ensure(!expanded(&page, "Qui sommes nous").await?, "Space closes")?;
    page.press(' ').await?;
    ensure(expanded(&page, "Qui sommes nous").await?, "Space opens")?;
    page.press(Key::Tab).await?;
    let inside = page
        .eval("document.getElementById('menu-panneau-0').contains(document.activeElement)")
        .await?;
    ensure(inside == json!(true), "Tab enters the open panel")?;
    page.press(Key::Escape).await?;
    ensure(
        !panel_visible(&page, "Qui sommes nous").await?,
        "Escape closes",
    )?;
    let focused = page.focused().await?;
    ensure(
        focused.starts_with("button#menu-rubrique-0"),
        format!("focus returns: {focused}"),
    )
}

async fn tabbing_out_of_a_section_closes_its_panel(page: Page) -> TestResult {
    page.set_viewport_width(1280).await?;
    page.open("/").await?;
    click_section(&page, "Données et recherche").await?;
    page.eval("[...document.querySelectorAll('#menu-panneau-3 a')].pop().focus()")
        .await?;
    ensure(
        panel_visible(&page, "Données et recherche").await?,
        "open while inside",
    )?;
    page.press(Key::Tab).await?;
    let focused = page.focused().await?;
    ensure(
        focused.ends_with("2030 AGENDA"),
        format!("focus moved on: {focused}"),
    )?;
    ensure(
        !panel_visible(&page, "Données et recherche").await?,
        "tabbing out closes it",
    )?;
    page.press_shift_tab().await?;
    ensure(
        !panel_visible(&page, "Données et recherche").await?,
        "Shift+Tab back lands on the closed button",
    )
}

async fn choosing_a_link_closes_the_menu_and_marks_only_the_current_page(page: Page) -> TestResult {
    page.set_viewport_width(1280).await?;
    page.open("/").await?;
    page.set_marker().await?;
    click_section(&page, "Qui sommes nous").await?;
    page.click("#menu-panneau-0 a[href='/qui-sommes-nous/structure/directrice-generale']")
        .await?;
    page.wait_text("main h1", "Directrice générale").await?;
    ensure(
        !panel_visible(&page, "Qui sommes nous").await?,
        "the panel closed",
    )?;
    ensure(page.has_marker().await?, "no reload")?;
    let marked = page
        .eval("[...document.querySelectorAll('[aria-current]')].map(e => [e.getAttribute('aria-current'), e.getAttribute('href')])")
        .await?;
    let marked: Vec<(String, Option<String>)> = serde_json::from_value(marked)?;
    ensure(!marked.is_empty(), "the current page is marked")?;
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
        "the section is marked",
    )
}

async fn narrow_menu_button_opens_the_same_tree(page: Page) -> TestResult {
    page.set_viewport_width(375).await?;
    page.open("/").await?;
    page.set_marker().await?;
    ensure(page.is_visible("#menu-bouton").await?, "a Menu button")?;
    ensure(
        !page.is_visible(".main-nav-button").await?,
        "the sections are folded away",
    )?;
    page.click("#menu-bouton").await?;
    ensure(
        page.eval("document.getElementById('menu-bouton').getAttribute('aria-expanded')")
            .await?
            == json!("true"),
        "aria-expanded",
    )?;
    ensure(
        page.is_visible(".main-nav-button").await?,
        "the sections show",
    )?;
    click_section(&page, "Agir").await?;
    ensure(panel_visible(&page, "Agir").await?, "a section expands")?;
    page.click("#menu-panneau-2 a[href='/agir/engagez-vous']")
        .await?;
    page.wait_text("main h1", "Engagez-vous").await?;
    ensure(page.has_marker().await?, "no reload")?;
    ensure(
        !page.is_visible(".main-nav-button").await?,
        "the menu closes on navigation",
    )?;
    ensure(
        page.eval("document.getElementById('menu-bouton').getAttribute('aria-expanded')")
            .await?
            == json!("false"),
        "and says so",
    )
}

async fn narrow_menu_escape_closes_and_returns_focus(page: Page) -> TestResult {
    page.set_viewport_width(375).await?;
    page.open("/agir").await?;
    page.click("#menu-bouton").await?;
    page.press(Key::Tab).await?;
    page.press(Key::Escape).await?;
    ensure(
        !page.is_visible(".main-nav-button").await?,
        "Escape closes the menu",
    )?;
    let focused = page.focused().await?;
    ensure(
        focused.starts_with("button#menu-bouton"),
        format!("focus back on Menu: {focused}"),
    )
}

async fn no_horizontal_scrolling_at_320px(page: Page) -> TestResult {
    page.set_viewport_width(320).await?;
    let overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth";
    for (path, _, _) in PAGES {
        page.open(path).await?;
        let extra = page.eval(overflow).await?;
        ensure(
            extra == json!(0),
            format!("{path}: {extra}px of horizontal scrolling"),
        )?;
    }
    page.open("/").await?;
    page.click("#menu-bouton").await?;
    click_section(&page, "Qui sommes nous").await?;
    let extra = page.eval(overflow).await?;
    ensure(
        extra == json!(0),
        format!("open menu: {extra}px of horizontal scrolling"),
    )
}
