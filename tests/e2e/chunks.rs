//! The wasm split into chunks (src/chunks.rs, src/builder/split.rs): pages that need
//! a chunk work when loaded directly and when opened in place; a chunk that cannot
//! be loaded shows the French error with "Réessayer" in the page only, and the
//! retry works; a chunk gone after a deployment loads the page in full.

use crate::harness::{ensure, ensure_contains, ensure_eq, Page, TestResult};
use crate::held_app::{HeldApp, Refusal};
use crate::site_map::PAGES;

crate::tests! {
    every_engine_and_build: [
        pages_that_need_a_chunk_work_directly_and_in_place,
        a_chunk_that_fails_shows_why_in_the_page_and_can_be_retried,
        a_chunk_gone_after_a_deployment_loads_the_page_in_full,
    ],
}

const SITE_MAP_LINKS: &str = "main .sitemap a";

type Found<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

async fn pages_that_need_a_chunk_work_directly_and_in_place(page: Page) -> TestResult {
    // Directly: the site map (its tree prerendered), the search results (drawn by
    // the search chunk in place of the prerendered form).
    page.open("/plan-du-site").await?;
    ensure_eq(
        page.count(SITE_MAP_LINKS).await?,
        PAGES.len() as u64,
        "the site map's links, loaded directly",
    )?;
    page.open("/recherche?q=migration").await?;
    page.wait_for("#recherche-resultats ol.search-results > li")
        .await?;
    // In place, from a page whose code holds neither: the pages chunk draws <main>,
    // the site map's and the offline page's chunks their parts.
    page.open("/agir").await?;
    page.set_marker().await?;
    page.click("footer a[href='/plan-du-site']").await?;
    page.wait_text("main h1", "Plan du site").await?;
    page.wait_for(SITE_MAP_LINKS).await?;
    ensure_eq(
        page.count(SITE_MAP_LINKS).await?,
        PAGES.len() as u64,
        "the site map's links, opened in place",
    )?;
    page.click("footer a[href='/hors-ligne']").await?;
    page.wait_text("main h1", "Lecture hors ligne").await?;
    page.wait_text("main .offline-copy h2", "Copie du site sur cet appareil")
        .await?;
    page.ensure_not_reloaded("opening the site map and the offline page in place")
        .await
}

/// A site whose chunks named `prefix` are refused as `how` says, opened on `/agir`
/// with the app started; then the footer's link to the site map is followed.
async fn site_map_through(page: &Page, prefix: &str, how: Refusal) -> Found<(HeldApp, Page)> {
    let held = HeldApp::start(page.origin()).await;
    held.release();
    held.refuse(Some((prefix, how)));
    let page = page.through(&held.origin);
    page.open("/agir").await?;
    page.set_marker().await?;
    page.click("footer a[href='/plan-du-site']").await?;
    Ok((held, page))
}

async fn a_chunk_that_fails_shows_why_in_the_page_and_can_be_retried(page: Page) -> TestResult {
    let (held, page) = site_map_through(&page, "split_sitemap-", Refusal::Network).await?;
    page.wait_for("main .load-error").await?;
    let error = page
        .eval("document.querySelector('main .load-error').textContent")
        .await?;
    ensure_contains(
        error.as_str().unwrap_or_default(),
        "code qui affiche cette page",
        "the error in the page",
    )?;
    // The page's heading and the rest of the site still work.
    ensure_eq(
        page.text("main h1").await?,
        "Plan du site".to_string(),
        "the heading",
    )?;
    ensure(
        page.count("header .main-nav-button").await? > 0,
        "the menu is still there",
    )?;
    held.refuse(None);
    page.click("main .load-error button").await?;
    page.wait_for(SITE_MAP_LINKS).await?;
    ensure_eq(
        page.count("main .load-error").await?,
        0,
        "the error, once the chunk is loaded",
    )?;
    page.ensure_not_reloaded("the retry").await
}

async fn a_chunk_gone_after_a_deployment_loads_the_page_in_full(page: Page) -> TestResult {
    let (_held, page) = site_map_through(&page, "split_sitemap-", Refusal::Gone).await?;
    // The new document is the prerendered site map, which needs no chunk.
    page.wait_until("window.__e2eMarker !== 'same-document'")
        .await?;
    page.wait_text("main h1", "Plan du site").await?;
    ensure_eq(page.path().await?, "/plan-du-site", "the address")?;
    ensure_eq(
        page.count(SITE_MAP_LINKS).await?,
        PAGES.len() as u64,
        "the site map's links, loaded in full",
    )?;
    page.ensure_reloaded("a chunk gone").await
}
