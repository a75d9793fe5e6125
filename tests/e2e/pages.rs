//! The pages readers come back to (issue 29): "L’OIM en dates", "Sigles et
//! acronymes" and "Contacter l’OIM" in the footer, the site map and the hubs, reached
//! in place; the glossary's anchors; the chronology's machine-readable dates in
//! order; "Mis à jour le …" on every page, the same in the prerendered page, after
//! navigation in place, in the content the app fetches and in `sitemap.xml`; axe on
//! the three pages.

use crate::accessibility::{at_each_width, axe};
use crate::harness::{ensure, ensure_eq, http_text, repo, Found, Page, TestResult};
use crate::site_map::PAGES;
use serde_json::{json, Value};
use std::process::Command;

crate::tests! {
    every_engine: [
        the_new_pages_open_in_place_from_the_footer_the_site_map_and_the_hubs,
        the_glossary_anchors_lead_to_their_terms,
        the_chronology_gives_machine_readable_dates_in_order,
        each_page_says_when_its_content_last_changed,
    ],
    // The server's answers, and axe, in one engine.
    chromium_only: [
        the_last_change_is_the_same_in_the_page_its_content_and_the_sitemap,
        axe_finds_nothing_on_the_new_pages,
    ],
}

/// The three pages, as the specification names them.
const NEW_PAGES: [(&str, &str); 3] = [
    ("/reperes", "L’OIM en dates"),
    ("/glossaire", "Sigles et acronymes"),
    ("/contact", "Contacter l’OIM"),
];

/// Where each page is offered as a card: (hub, page).
const CARDS_ON_HUBS: [(&str, &str); 4] = [
    ("/qui-sommes-nous", "/reperes"),
    ("/qui-sommes-nous", "/contact"),
    ("/agir", "/contact"),
    ("/donnees-et-recherche", "/glossaire"),
];

/// Whether the element `id` has been scrolled to the top of the view, or as near
/// as the page allows: a term near the end of the page stops short of the top when
/// the page is scrolled to its end (a taller window, as Firefox's, shows it lower).
fn at_top_of_view(id: &str) -> String {
    format!(
        "(() => {{ const e = document.getElementById({}); if (!e) return false; \
         const top = e.getBoundingClientRect().top; \
         const end = document.documentElement.scrollHeight - window.innerHeight; \
         const visible = top >= -1 && top < window.innerHeight; \
         return window.scrollY > 0 && visible && (top < 100 || window.scrollY >= end - 1); }})()",
        json!(id)
    )
}

async fn the_new_pages_open_in_place_from_the_footer_the_site_map_and_the_hubs(
    page: Page,
) -> TestResult {
    page.open("/").await?;
    page.set_marker().await?;
    for (path, h1) in NEW_PAGES {
        page.click(&format!("footer a[href='{path}']")).await?;
        page.wait_text("main h1", h1).await?;
        ensure_eq(
            page.path().await?,
            path,
            "the address after the footer link",
        )?;
        ensure_eq(
            page.client.title().await?,
            format!("{h1} | OIM"),
            format!("{path}: the title"),
        )?;
    }
    page.click("footer a[href='/plan-du-site']").await?;
    page.wait_text("main h1", "Plan du site").await?;
    // The tree comes with the site map's chunk, after the heading.
    page.wait_for("main .sitemap a").await?;
    for (path, h1) in NEW_PAGES {
        let label = page
            .eval(&format!(
                "document.querySelector({})?.textContent.trim() ?? null",
                json!(page.css(&format!(".sitemap a[href='{path}']")))
            ))
            .await?;
        ensure_eq(label, json!(h1), format!("the site map's link to {path}"))?;
    }
    page.click(".sitemap a[href='/contact']").await?;
    page.wait_text("main h1", "Contacter l’OIM").await?;
    for (hub, path) in CARDS_ON_HUBS {
        page.click(&format!("footer a[href='{hub}']")).await?;
        page.wait_for(&format!("main .card a[href='{path}']"))
            .await?;
    }
    // The last hub's card, followed.
    page.click("main .card a[href='/glossaire']").await?;
    page.wait_text("main h1", "Sigles et acronymes").await?;
    page.ensure_not_reloaded("the footer, the site map and the hubs' cards")
        .await
}

async fn the_glossary_anchors_lead_to_their_terms(page: Page) -> TestResult {
    page.set_viewport_width(1280).await?;
    page.open("/glossaire").await?;
    page.set_marker().await?;
    // Every link of the index leads to a term of the page.
    let targets: Vec<String> = serde_json::from_value(
        page.eval(&format!(
            "[...document.querySelectorAll('main a[href^={}]')].map(a => a.hash.slice(1))",
            json!(format!("{}#", page.href("/glossaire")))
        ))
        .await?,
    )?;
    for term in [
        "cim", "cime", "cppf", "daes", "dtm", "gdi", "gmdac", "migof", "oim", "ong", "onu", "osc",
        "picmme",
    ] {
        ensure(
            targets.iter().any(|t| t == term),
            format!("the index links to #{term}: it links to {targets:?}"),
        )?;
    }
    let missing = page
        .eval(&format!(
            "{}.filter(id => !document.getElementById(id))",
            json!(targets)
        ))
        .await?;
    ensure_eq(
        missing,
        json!([]),
        "terms the index links to but the page lacks",
    )?;
    // A link of the index, in the page itself.
    page.click("main a[href='/glossaire#dtm']").await?;
    page.wait_until(&at_top_of_view("dtm")).await?;
    ensure_eq(
        page.eval("location.hash").await?,
        json!("#dtm"),
        "the address's fragment",
    )?;
    page.ensure_not_reloaded("a link of the glossary's index")
        .await?;
    // From another page: the chronology's first use of an acronym links to its term.
    page.open("/reperes").await?;
    page.set_marker().await?;
    page.click("main a[href='/glossaire#gmdac']").await?;
    page.wait_text("main h1", "Sigles et acronymes").await?;
    page.wait_until(&at_top_of_view("gmdac")).await?;
    page.ensure_not_reloaded("a link to a term from another page")
        .await?;
    // And by a deep link.
    page.open("/glossaire#picmme").await?;
    page.wait_until(&at_top_of_view("picmme")).await
}

async fn the_chronology_gives_machine_readable_dates_in_order(page: Page) -> TestResult {
    page.open("/reperes").await?;
    let entries: Vec<(Vec<String>, Vec<String>, Vec<String>)> = serde_json::from_value(
        page.eval(
            "[...document.querySelectorAll('main ul.content-list > li')].map(li => [\
               [...li.querySelectorAll('time')].map(t => t.getAttribute('datetime')), \
               [...li.querySelectorAll('time')].map(t => t.textContent), \
               [...li.querySelectorAll('a')].map(a => a.getAttribute('href'))])",
        )
        .await?,
    )?;
    ensure(
        entries.len() >= 25,
        format!("the dated facts listed: only {}", entries.len()),
    )?;
    let years: Vec<&str> = entries
        .iter()
        .filter_map(|(dates, _, _)| dates.first().map(|d| &d[..4]))
        .collect();
    ensure_eq(years.first().copied(), Some("1951"), "the first year")?;
    ensure_eq(years.last().copied(), Some("2024"), "the last year")?;
    ensure(
        years.windows(2).all(|w| w[0] <= w[1]),
        format!("the facts in the order of their dates: {years:?}"),
    )?;
    // The first date as the site writes dates: no-break spaces inside.
    ensure_eq(
        entries[0].1.first().map(String::as_str),
        Some("5\u{a0}décembre\u{a0}1951"),
        "the first date, written in French",
    )?;
    for (dates, _, links) in &entries {
        ensure(
            links
                .iter()
                .any(|l| l.starts_with(&page.href("/")) && !l.contains("/glossaire")),
            format!("the fact dated {dates:?} links to the page that tells more: {links:?}"),
        )?;
    }
    // Only the decade of the 1950s has no exact date to give.
    let undated = entries.iter().filter(|(d, _, _)| d.is_empty()).count();
    ensure_eq(undated, 1, "facts without a machine-readable date")
}

/// Whether the repository the site was built from has its history (not a copy
/// without git, not a shallow clone): only then do pages give the date their
/// content last changed; without it, none does (ARCHITECTURE.md, "Hosting").
fn history_available() -> bool {
    Command::new("git")
        .arg("-C")
        .arg(repo())
        .args(["rev-parse", "--is-shallow-repository"])
        .output()
        .is_ok_and(|o| o.status.success() && o.stdout.starts_with(b"false"))
}

/// Without a history to read: no page says when it last changed.
async fn no_date_anywhere(page: &Page) -> TestResult {
    for path in ["/contact", "/agir", "/reperes"] {
        page.open(path).await?;
        ensure_eq(
            page.eval("document.querySelector('main').textContent.includes('Mis à jour le')")
                .await?,
            json!(false),
            format!("{path} without a history: no \"Mis à jour le\""),
        )?;
    }
    let (_, xml) = http_text(page.origin(), &page.href("/sitemap.xml")).await;
    ensure(
        !xml.contains("<lastmod>"),
        "sitemap.xml without a history: no lastmod",
    )
}

/// The page's "Mis à jour le" line: its `datetime` and its text.
async fn last_change_shown(page: &Page) -> Found<(String, String)> {
    page.wait_for("main .page-date time").await?;
    let found = page
        .eval(
            "[...document.querySelectorAll('main .page-date')] \
               .filter(p => p.textContent.startsWith('Mis à jour le ')) \
               .map(p => [p.querySelector('time').getAttribute('datetime'), p.textContent])",
        )
        .await?;
    let mut lines: Vec<(String, String)> = serde_json::from_value(found)?;
    ensure_eq(lines.len(), 1, "\"Mis à jour le\" lines")?;
    Ok(lines.remove(0))
}

/// Whether `date` is written `YYYY-MM-DD`.
fn is_a_day(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    parts.len() == 3
        && [4, 2, 2]
            .iter()
            .zip(&parts)
            .all(|(n, p)| p.len() == *n && p.bytes().all(|b| b.is_ascii_digit()))
}

async fn each_page_says_when_its_content_last_changed(page: Page) -> TestResult {
    if !history_available() {
        return no_date_anywhere(&page).await;
    }
    // A page as the server sends it, taken over by the app.
    page.open("/contact").await?;
    let (date, text) = last_change_shown(&page).await?;
    ensure(is_a_day(&date), format!("a day: {date:?}"))?;
    ensure(
        text.starts_with("Mis à jour le ") && text.ends_with(&date[..4]),
        format!("the line reads a French date: {text:?}"),
    )?;
    // Pages reached in place, whose content the app fetched.
    page.set_marker().await?;
    for (path, h1) in [
        ("/reperes", "L’OIM en dates"),
        ("/mentions-legales", "Mentions légales"),
    ] {
        page.click(&format!("footer a[href='{path}']")).await?;
        page.wait_text("main h1", h1).await?;
        let (date, _) = last_change_shown(&page).await?;
        ensure(is_a_day(&date), format!("{path}: a day: {date:?}"))?;
    }
    page.click("footer a[href='/agir']").await?;
    page.wait_text("main h1", "Agir").await?;
    last_change_shown(&page).await?;
    page.ensure_not_reloaded("pages reached in place").await?;
    // A publication keeps its own date beside the page's.
    page.open("/donnees-et-recherche/lavenir-de-la-migration")
        .await?;
    ensure_eq(
        page.count("main .page-date time[datetime='2017']").await?,
        1,
        "the publication's year",
    )?;
    last_change_shown(&page).await.map(|_| ())
}

/// The `lastmod` of each page in `sitemap.xml`, by path (with the base).
async fn sitemap_dates(page: &Page) -> Found<Vec<(String, String)>> {
    let (status, xml) = http_text(page.origin(), &page.href("/sitemap.xml")).await;
    ensure_eq(status, 200, "sitemap.xml: status")?;
    let mut dates = Vec::new();
    for line in xml.lines().filter(|l| l.contains("<loc>")) {
        let loc = line
            .split("<loc>")
            .nth(1)
            .and_then(|r| r.split("</loc>").next());
        let lastmod = line
            .split("<lastmod>")
            .nth(1)
            .and_then(|r| r.split("</lastmod>").next());
        let (Some(loc), Some(lastmod)) = (loc, lastmod) else {
            return Err(format!("a <url> without its lastmod: {line}").into());
        };
        let path = loc
            .splitn(4, '/')
            .nth(3)
            .map_or("/".to_string(), |p| format!("/{p}"));
        dates.push((path, lastmod.to_string()));
    }
    Ok(dates)
}

async fn the_last_change_is_the_same_in_the_page_its_content_and_the_sitemap(
    page: Page,
) -> TestResult {
    if !history_available() {
        return no_date_anywhere(&page).await;
    }
    let dates = sitemap_dates(&page).await?;
    ensure_eq(
        dates.len(),
        PAGES.len(),
        "pages in sitemap.xml with a lastmod",
    )?;
    for (path, _, _) in PAGES {
        let href = page.href(path);
        let Some((_, lastmod)) = dates.iter().find(|(p, _)| *p == href) else {
            return Err(format!("sitemap.xml has no {href}: {dates:?}").into());
        };
        ensure(is_a_day(lastmod), format!("{path}: lastmod {lastmod:?}"))?;
        // The content file the app fetches in place.
        let file = format!("/content/{}.json", oim_site::nav::content_slug(path));
        let (status, json) = http_text(page.origin(), &page.href(&file)).await;
        ensure_eq(status, 200, format!("{file}: status"))?;
        let content: Value = serde_json::from_str(&json)?;
        ensure_eq(
            content["dates"]["updated"].clone(),
            json!(lastmod),
            format!("{file}: dates.updated"),
        )?;
        // The prerendered page.
        let (status, html) = http_text(page.origin(), &href).await;
        ensure_eq(status, 200, format!("{path}: status"))?;
        let shown = format!("Mis à jour le <time datetime=\"{lastmod}\">");
        ensure(
            html.contains(&shown),
            format!("{path}: the prerendered page shows {shown:?}"),
        )?;
    }
    Ok(())
}

async fn axe_finds_nothing_on_the_new_pages(page: Page) -> TestResult {
    let page = &page;
    at_each_width(page, |width| async move {
        for (path, _) in NEW_PAGES {
            page.open(path).await?;
            page.settled().await?;
            axe(page, &format!("{path} at {width}px")).await?;
        }
        Ok(())
    })
    .await
}
