//! Prerendered pages: every path is served as complete HTML (markup, head, its own
//! content); without JavaScript the site reads and links like a multi-page site;
//! with JavaScript the app does not fetch what the page already holds (how it takes
//! the page over: start_up.rs); sitemap.xml, robots.txt; Lighthouse SEO.

use crate::harness::{
    ensure, ensure_contains, ensure_eq, http_text, lighthouse, quote, Page, TestResult,
};
use crate::site_map::PAGES;
use serde_json::{json, Value};

crate::tests! {
    every_engine: [
        a_prerendered_page_becomes_interactive_without_fetching_its_content,
    ],
    // The server's answers, Lighthouse, and script switched off through Chromium's
    // DevTools protocol.
    chromium_only: [
        every_path_is_served_as_a_complete_document,
        without_javascript_pages_read_and_links_lead_on,
        sitemap_and_robots_are_served,
        lighthouse_seo_scores_100_on_every_path,
    ],
}

/// The value of `attribute` in the first tag of `html` that contains `marker`.
fn attribute_of_tag<'a>(html: &'a str, marker: &str, attribute: &str) -> Option<&'a str> {
    let at = html.find(marker)?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    let tag = &html[start..end];
    let key = format!("{attribute}=\"");
    let value_start = tag.find(&key)? + key.len();
    let value_len = tag[value_start..].find('"')?;
    Some(&tag[value_start..value_start + value_len])
}

async fn every_path_is_served_as_a_complete_document(page: Page) -> TestResult {
    let mut titles = std::collections::HashSet::new();
    for (path, h1, trail) in PAGES {
        let (status, html) = http_text(page.origin(), &page.href(path)).await;
        ensure_eq(status, 200, format!("{path}: status"))?;
        let head = html.split("</head>").next().unwrap_or_default();
        let title = head
            .split_once("<title>")
            .and_then(|(_, rest)| rest.split_once("</title>"))
            .map(|(title, _)| title.to_string())
            .unwrap_or_default();
        let count = head.matches("<title>").count();
        ensure_eq(count, 1, format!("{path}: <title> elements in <head>"))?;
        ensure_contains(&title, "OIM", format!("{path}: <title>"))?;
        ensure(
            titles.insert(title.clone()),
            format!("{path}: expected a <title> of its own, found {title:?}, another page's"),
        )?;
        for marker in [
            r#"name="description""#,
            r#"property="og:title""#,
            r#"property="og:description""#,
        ] {
            let value = attribute_of_tag(head, marker, "content").unwrap_or_default();
            ensure(
                !value.is_empty(),
                format!("{path}: expected {marker} with a content in <head>, found none or empty"),
            )?;
        }
        for (marker, attribute) in [
            (r#"rel="canonical""#, "href"),
            (r#"property="og:url""#, "content"),
        ] {
            let url = attribute_of_tag(head, marker, attribute).unwrap_or_default();
            ensure(
                url.starts_with("http") && url.ends_with(&page.href(path)),
                format!("{path}: {marker} is absolute and names the page: {url:?}"),
            )?;
        }
        let body = html.split("<body>").nth(1).unwrap_or_default();
        let in_body = |part: &str| ensure_contains(body, part, format!("{path}: the markup"));
        in_body(&format!(">{h1}</h1>"))?;
        in_body("<header class=\"site-header\"")?;
        in_body("<footer")?;
        if !trail.is_empty() {
            in_body("Vous êtes ici\u{a0}:")?;
        }
        for label in trail.iter() {
            in_body(&format!(">{label}</a>"))?;
        }
        let loading = body.find("Chargement du contenu");
        ensure(
            loading.is_none(),
            format!(
                "{path}: expected no loading state in the markup, found one: {}",
                quote(&body[loading.unwrap_or_default()..])
            ),
        )?;
        let embedded = attribute_of_tag(body, r#"id="contenu-initial""#, "data-path");
        ensure_eq(
            embedded,
            Some(*path),
            format!("{path}: the data-path of the content embedded for the app"),
        )?;
    }
    Ok(())
}

async fn without_javascript_pages_read_and_links_lead_on(page: Page) -> TestResult {
    // Script execution off for this tab, as for a visitor who has switched it off.
    page.cdp(
        "Emulation.setScriptExecutionDisabled",
        json!({ "value": true }),
    )
    .await?;
    static_journey(&page).await
}

async fn static_journey(page: &Page) -> TestResult {
    // A sample of pages reads in full: heading and content words.
    for (path, words) in [
        ("/", "L’OIM en chiffres"),
        ("/agir", "Chacun peut contribuer"),
        (
            "/qui-sommes-nous/structure/directrice-generale",
            "Elle est la première femme à occuper ce poste.",
        ),
        (
            "/donnees-et-recherche/lavenir-de-la-migration",
            "Tomorrow's World of Migration and Mobility",
        ),
    ] {
        page.open_document(path).await?;
        let h1 = PAGES.iter().find(|p| p.0 == path).map(|p| p.1);
        ensure_eq(
            Some(page.text("main h1").await?.as_str()),
            h1,
            format!("{path}: <h1>"),
        )?;
        ensure_contains(
            &page.text("main").await?,
            words,
            format!("{path}: the content"),
        )?;
    }
    // Links lead on, each a new document: a section from the menu, a card, a
    // breadcrumb, a footer link, and the phone "Menu", which leads to the site map.
    page.open_document("/").await?;
    for (link, path, h1) in [
        ("#menu-rubrique-2", "/agir", "Agir"),
        (
            "main a[href='/agir/engagez-vous']",
            "/agir/engagez-vous",
            "Engagez-vous",
        ),
        ("nav.breadcrumbs a[href='/agir']", "/agir", "Agir"),
        (
            "footer a[href='/accessibilite']",
            "/accessibilite",
            "Accessibilité",
        ),
    ] {
        page.click(link).await?;
        page.wait_text("main h1", h1).await?;
        ensure_eq(page.path().await?, path, format!("where {link} leads"))?;
    }
    page.set_viewport_width(375).await?;
    page.ensure_visible("#menu-bouton", true, "at 375px, the phone Menu button")
        .await?;
    page.click("#menu-bouton").await?;
    page.wait_text("main h1", "Plan du site").await?;
    let links: Vec<String> = serde_json::from_value(
        page.eval(
            "[...document.querySelectorAll('main a[href]')].map(a => a.getAttribute('href'))",
        )
        .await
        .unwrap_or(Value::Null),
    )
    .unwrap_or_default();
    // Scripts are off, so links are read through WebDriver's own element search.
    let links = if links.is_empty() {
        let mut found = Vec::new();
        for element in page
            .client
            .find_all(fantoccini::Locator::Css("main a[href]"))
            .await?
        {
            found.push(element.attr("href").await?.unwrap_or_default());
        }
        found
    } else {
        links
    };
    for (path, _, _) in PAGES {
        ensure(
            links.contains(&page.href(path)),
            format!("the site map links to {path}: found only links to {links:?}"),
        )?;
    }
    // The app never ran: the menu entries are still the plain links.
    let entry = page.wait_for("#menu-rubrique-0").await?;
    let tag = entry.tag_name().await?;
    ensure(
        tag.eq_ignore_ascii_case("a"),
        format!("the section entries are links: #menu-rubrique-0 is a <{tag}>"),
    )
}

async fn a_prerendered_page_becomes_interactive_without_fetching_its_content(
    page: Page,
) -> TestResult {
    let content_requests =
        "performance.getEntriesByType('resource').filter(e => e.name.includes('/content/')).map(e => e.name.split('/').pop())";
    page.open("/qui-sommes-nous").await?;
    page.settled().await?;
    ensure_eq(
        page.eval(content_requests).await?,
        json!([]),
        "requests for content the page already holds",
    )?;
    page.set_marker().await?;
    page.click("#menu-rubrique-0").await?;
    page.wait_until(
        "document.querySelector('#menu-rubrique-0').getAttribute('aria-expanded') === 'true'",
    )
    .await?;
    page.ensure_visible(
        "#menu-panneau-0",
        true,
        "once its button is expanded, the section's panel",
    )
    .await?;
    page.click("#menu-panneau-0 a[href='/qui-sommes-nous/structure']")
        .await?;
    page.wait_text("main h1", "Structure").await?;
    page.settled().await?;
    page.ensure_not_reloaded("the link in the menu").await?;
    ensure_eq(
        page.eval(content_requests).await?,
        json!(["qui-sommes-nous--structure.json"]),
        "content fetched: only the new page's",
    )?;
    page.client.back().await?;
    page.wait_text("main h1", "Qui sommes nous").await?;
    page.ensure_not_reloaded("back").await?;
    let requests = page.eval(content_requests).await?;
    ensure(
        requests.as_array().map(Vec::len) == Some(1),
        format!("the first page's content is still not fetched: expected one content request, found {requests}"),
    )
}

async fn sitemap_and_robots_are_served(page: Page) -> TestResult {
    let (status, xml) = http_text(page.origin(), &page.href("/sitemap.xml")).await;
    ensure_eq(status, 200, "sitemap.xml: status")?;
    let locs: Vec<&str> = xml.lines().filter(|l| l.contains("<loc>")).collect();
    for (path, _, _) in PAGES {
        ensure(
            xml.lines().any(|l| {
                // Each page's lastmod: see pages.rs.
                l.trim()
                    .strip_prefix("<url><loc>http")
                    .and_then(|rest| rest.split_once("</loc>"))
                    .is_some_and(|(loc, rest)| {
                        loc.ends_with(&page.href(path)) && rest.ends_with("</url>")
                    })
            }),
            format!("sitemap.xml lists {path}: found only {locs:#?}"),
        )?;
    }
    let (status, robots) = http_text(page.origin(), &page.href("/robots.txt")).await;
    ensure_eq(status, 200, "robots.txt: status")?;
    ensure(
        robots.contains("User-agent: *")
            && robots
                .lines()
                .any(|l| l.starts_with("Sitemap: http") && l.ends_with(&page.href("/sitemap.xml"))),
        format!("robots.txt names the sitemap: found {}", quote(&robots)),
    )?;
    let (status, html) = http_text(page.origin(), &page.href("/ceci/nexiste/pas")).await;
    ensure_eq(status, 404, "an unknown address: status")?;
    ensure_contains(&html, ">Page introuvable</h1>", "an unknown address")?;
    ensure_contains(
        &html,
        r#"<meta name="robots" content="noindex""#,
        "an unknown address",
    )
}

async fn lighthouse_seo_scores_100_on_every_path(page: Page) -> TestResult {
    for (path, _, _) in PAGES {
        let (score, failing) = lighthouse(&page, path, "seo", None).await?;
        ensure(
            score == 1.0,
            format!("{path}: SEO {score}, failing {failing:?}"),
        )?;
    }
    Ok(())
}
