//! Every page of the site map by deep link; titles, breadcrumbs, landmarks, redirects
//! and the not-found page.

use crate::harness::{ensure, ensure_eq, Page, TestResult};
use crate::site_map::{ARTICLE_TITLE, PAGES};
use serde_json::json;

crate::tests! {
    every_engine_and_build: [
        every_page_deep_links_with_its_heading_title_and_breadcrumbs,
        every_page_has_one_main_one_h1_and_labelled_landmarks,
        legacy_addresses_redirect_replacing_history,
        unknown_path_offers_home_and_sitemap,
        sitemap_lists_every_page,
    ],
}

async fn every_page_deep_links_with_its_heading_title_and_breadcrumbs(page: Page) -> TestResult {
    for (path, h1, trail) in PAGES {
        page.open(path).await?;
        page.wait_text("main h1", h1).await?;
        let title = page.client.title().await?;
        let expected = if *path == "/" {
            "OIM | Organisation internationale pour les migrations".to_string()
        } else {
            format!("{h1} | OIM")
        };
        ensure_eq(title, expected, format!("{path}: title"))?;
        let brand = page.text("header .brand").await?;
        ensure(
            brand.starts_with("OIM"),
            format!("{path}: expected a brand starting with \"OIM\", found {brand:?}"),
        )?;
        let description = page
            .eval("document.querySelector('meta[name=description]')?.content ?? ''")
            .await?;
        ensure(
            description.as_str().is_some_and(|d| d.len() > 40),
            format!("{path}: expected a meta description over 40 bytes, found {description}"),
        )?;
        let crumbs = page
            .eval("[...document.querySelectorAll('.breadcrumbs li')].map(li => li.textContent.trim())")
            .await?;
        let expected: Vec<&str> = if trail.is_empty() {
            vec![]
        } else {
            std::iter::once("Accueil")
                .chain(trail.iter().copied())
                .collect()
        };
        ensure_eq(crumbs, json!(expected), format!("{path}: breadcrumbs"))?;
        if !trail.is_empty() {
            // textContent: WebDriver's element text turns non-breaking spaces into spaces.
            let label = page
                .eval("document.querySelector('.breadcrumbs').textContent")
                .await?;
            let label = label.as_str().unwrap_or_default();
            ensure(
                label.starts_with("Vous êtes ici\u{a0}:"),
                format!("{path}: expected the breadcrumbs to start with \"Vous êtes ici\" and a non-breaking space before \":\", found {label:?}"),
            )?;
        }
    }
    Ok(())
}

async fn every_page_has_one_main_one_h1_and_labelled_landmarks(page: Page) -> TestResult {
    for (path, _, _) in PAGES {
        page.open(path).await?;
        ensure_eq(
            page.eval("document.documentElement.lang").await?,
            json!("fr"),
            format!("{path}: the document's lang"),
        )?;
        for (css, n) in [
            ("main", 1),
            ("h1", 1),
            ("header.site-header", 1),
            ("footer", 1),
        ] {
            ensure_eq(page.count(css).await?, n, format!("{path}: how many {css}"))?;
        }
        let labels = page
            .eval(
                "[...document.querySelectorAll('nav')].map(n => n.getAttribute('aria-label') \
                 || document.getElementById(n.getAttribute('aria-labelledby'))?.textContent)",
            )
            .await?;
        let labels: Vec<String> = serde_json::from_value(labels)?;
        let mut unique = labels.clone();
        unique.sort();
        unique.dedup();
        ensure(
            unique.len() == labels.len() && labels.iter().all(|l| !l.is_empty()),
            format!("{path}: expected distinct, non-empty nav labels, found {labels:?}"),
        )?;
        let first = page
            .eval("document.querySelector('a[href], button, [tabindex]:not([tabindex=\"-1\"])').textContent.trim()")
            .await?;
        ensure_eq(
            first,
            json!("Aller au contenu"),
            format!("{path}: the first focusable element's text"),
        )?;
    }
    Ok(())
}

pub(crate) async fn legacy_addresses_redirect_replacing_history(page: Page) -> TestResult {
    // In the client: a link to a former address, followed without a reload, lands on
    // the new page, and the former address does not stay in the history.
    page.open("/").await?;
    page.set_marker().await?;
    let before = page.eval("history.length").await?;
    page.eval(&format!(
        "(() => {{ const a = document.createElement('a'); a.id = 'ancien-lien'; \
         a.href = {}; a.textContent = 'ancien lien'; document.querySelector('main').append(a); }})()",
        json!(page.href("/fr/lavenir-de-la-migration"))
    ))
    .await?;
    page.click("#ancien-lien").await?;
    page.wait_text("main h1", ARTICLE_TITLE).await?;
    ensure_eq(
        page.path().await?,
        "/donnees-et-recherche/lavenir-de-la-migration",
        "the address after the redirect",
    )?;
    page.ensure_not_reloaded("the link to a former address")
        .await?;
    let after = page.eval("history.length").await?;
    let grew_by_one = after.as_u64() == before.as_u64().map(|b| b + 1);
    ensure(
        grew_by_one,
        format!("one history entry for the redirect: {before} → {after}"),
    )?;
    page.client.back().await?;
    page.wait_text("main h1", "Organisation internationale pour les migrations")
        .await?;
    ensure_eq(
        page.path().await?,
        "/",
        "the address after back (the legacy one skipped)",
    )?;

    // By a real load (the host may answer with a 301 first).
    for (legacy, target) in [
        ("/fr/qui-sommes-nous", "/qui-sommes-nous"),
        (
            "/fr/structure-organisationnelle-de-loim",
            "/qui-sommes-nous/structure/structure-organisationnelle",
        ),
    ] {
        page.open(legacy).await?;
        page.wait_until(&format!(
            "location.pathname === {}",
            json!(page.href(target))
        ))
        .await?;
    }
    Ok(())
}

async fn unknown_path_offers_home_and_sitemap(page: Page) -> TestResult {
    page.open("/qui-sommes-nous/inconnu").await?;
    page.wait_text("main h1", "Page introuvable").await?;
    ensure_eq(
        page.client.title().await?,
        "Page introuvable | OIM",
        "title",
    )?;
    ensure_eq(page.count("main a[href='/']").await?, 1, "links home")?;
    ensure_eq(
        page.count("main a[href='/plan-du-site']").await?,
        1,
        "links to the sitemap",
    )?;
    // The engine's suggestions come once it answers, below the links: drawn above,
    // they moved the links under a visitor's pointer (and a test's click landed
    // elsewhere, twice in CI).
    let link_top = format!(
        "document.querySelector({}).getBoundingClientRect().top",
        json!(page.css("main a[href='/plan-du-site']"))
    );
    page.taken_over().await?;
    // Under a section's address, but in no section: the menu marks none.
    ensure_eq(
        page.count(".is-current-section").await?,
        0,
        "menu sections marked current",
    )?;
    let before = page.eval(&link_top).await?;
    page.wait_for("#suggestions li")
        .await
        .map_err(|e| format!("the suggestions for the missing address: {e}"))?;
    ensure_eq(
        page.eval(
            "!!(document.querySelector('main .link-list').compareDocumentPosition(\
             document.getElementById('suggestions')) & Node.DOCUMENT_POSITION_FOLLOWING)",
        )
        .await?,
        json!(true),
        "the suggestions after the links",
    )?;
    ensure_eq(page.eval(&link_top).await?, before, "the link's place")?;
    // Followed in place once the app has taken the page over (a click during the
    // start-up is start_up.rs's journey).
    page.set_marker().await?;
    page.click("main a[href='/plan-du-site']").await?;
    page.wait_text("main h1", "Plan du site").await?;
    page.ensure_not_reloaded("the link to the sitemap").await
}

async fn sitemap_lists_every_page(page: Page) -> TestResult {
    page.open("/plan-du-site").await?;
    for (path, h1, _) in PAGES {
        let link = page
            .eval(&format!(
                "document.querySelector('main .sitemap a[href={}]')?.textContent.trim()",
                json!(page.href(path))
            ))
            .await?;
        let label = if *path == "/" { "Accueil" } else { h1 };
        ensure_eq(link, json!(label), format!("the sitemap's link to {path}"))?;
    }
    Ok(())
}
