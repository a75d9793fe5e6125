//! The harness is honest: a blank site fails, client navigation keeps the document,
//! a real load does not.

use crate::harness::{ensure, ensure_eq, Page, TestResult};

crate::tests! {
    every_engine: [
        home_page_renders,
        link_click_navigates_without_reload,
        unknown_deep_link_renders_not_found,
        real_goto_resets_the_marker,
    ],
}

async fn home_page_renders(page: Page) -> TestResult {
    page.open("/").await?;
    page.wait_text("main h1", "Organisation internationale pour les migrations")
        .await?;
    let brand = page.text("header .brand").await?;
    ensure(
        brand.starts_with("OIM"),
        format!("header drawn: expected a brand starting with \"OIM\", found {brand:?}"),
    )?;
    ensure_eq(
        page.client.title().await?,
        "OIM | Organisation internationale pour les migrations",
        "title",
    )
}

async fn link_click_navigates_without_reload(page: Page) -> TestResult {
    page.open("/").await?;
    page.set_marker().await?;
    page.click("footer a[href='/plan-du-site']").await?;
    page.wait_text("main h1", "Plan du site").await?;
    ensure_eq(page.path().await?, "/plan-du-site", "the address")?;
    page.ensure_not_reloaded("after the click").await
}

async fn unknown_deep_link_renders_not_found(page: Page) -> TestResult {
    page.open("/cette/page/nexiste-pas").await?;
    page.wait_text("main h1", "Page introuvable").await?;
    ensure_eq(
        page.client.title().await?,
        "Page introuvable | OIM",
        "title",
    )
}

async fn real_goto_resets_the_marker(page: Page) -> TestResult {
    page.open("/").await?;
    page.set_marker().await?;
    page.open("/plan-du-site").await?;
    page.ensure_reloaded("a real load").await
}
