//! The harness is honest: a blank site fails, client navigation keeps the document,
//! a real load does not.

use crate::harness::{ensure, Page, TestResult};

crate::tests![
    home_page_renders,
    link_click_navigates_without_reload,
    unknown_deep_link_renders_not_found,
    real_goto_resets_the_marker,
];

async fn home_page_renders(page: Page) -> TestResult {
    page.open("/").await?;
    page.wait_text("main h1", "Organisation internationale pour les migrations")
        .await?;
    let brand = page.text("header .brand").await?;
    ensure(brand.starts_with("OIM"), format!("header drawn: {brand:?}"))?;
    let title = page.client.title().await?;
    ensure(
        title == "OIM | Organisation internationale pour les migrations",
        format!("title: {title}"),
    )
}

async fn link_click_navigates_without_reload(page: Page) -> TestResult {
    page.open("/").await?;
    page.set_marker().await?;
    page.click("footer a[href='/plan-du-site']").await?;
    page.wait_text("main h1", "Plan du site").await?;
    ensure(page.path().await? == "/plan-du-site", "the address changed")?;
    ensure(page.has_marker().await?, "the document was not reloaded")
}

async fn unknown_deep_link_renders_not_found(page: Page) -> TestResult {
    page.open("/cette/page/nexiste-pas").await?;
    page.wait_text("main h1", "Page introuvable").await?;
    let title = page.client.title().await?;
    ensure(title == "Page introuvable | OIM", format!("title: {title}"))
}

async fn real_goto_resets_the_marker(page: Page) -> TestResult {
    page.open("/").await?;
    page.set_marker().await?;
    page.open("/plan-du-site").await?;
    ensure(
        !page.has_marker().await?,
        "a real load must start a new document",
    )
}
