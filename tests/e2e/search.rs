//! Site search: the header's field on every page and at every width, the results
//! page (`/recherche?q=…`) reached by a form, by typing, by history and by a shared
//! link, without reloads; accents and plurals; ranking; what it says with no result
//! and without JavaScript; the not-found page's suggestions; the engine loaded only
//! once search is needed (the server's log, through a proxy); axe on its states.

use crate::accessibility::{at_each_width, axe};
use crate::harness::{
    ensure, ensure_contains, ensure_eq, http_text, wait_until, Found, Page, Shown, TestResult, WAIT,
};
use crate::held_app::HeldApp;
use crate::names::SEARCH_MODULE;
use crate::site_map::ARTICLE_TITLE;
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{json, Value};

crate::tests! {
    every_engine: [
        the_header_has_a_search_form_at_every_width,
        submitting_the_header_form_opens_the_results_in_place,
        typing_on_the_results_page_updates_the_address_and_the_results,
        history_and_shared_links_show_the_query_and_its_results,
        accents_and_plurals_do_not_matter,
        the_best_match_comes_first,
        the_count_says_one_result_and_no_result_offers_ways_on,
        a_missing_address_suggests_the_pages_it_may_have_meant,
        a_missing_address_is_decoded_and_only_its_last_words_are_searched,
        the_engine_is_loaded_only_once_search_is_needed,
    ],
    // Script switched off, and axe, through Chromium.
    chromium_only: [
        without_javascript_the_header_form_opens_a_page_that_says_search_needs_it,
        axe_finds_nothing_on_the_search_states,
    ],
}

/// The header's search field and the results page's.
const HEADER_FIELD: &str = "#recherche-site";
const PAGE_FIELD: &str = "#recherche-page";

/// The links of the results, in order (hrefs as written, base path included).
const RESULT_LINKS: &str = "[...document.querySelectorAll('#recherche-resultats ol.search-results > li > h2 > a')].map(a => a.getAttribute('href'))";

/// The count of results for `query`, as the results page writes it.
fn count(found: &str, query: &str) -> String {
    format!("{found} pour «\u{a0}{query}\u{a0}»")
}

/// What the results page shows once it has answered `query`: the count's text and
/// the results' links. Waits for the count naming this query, so an earlier answer
/// still on the page is not taken for it.
async fn answer(page: &Page, query: &str) -> Found<(String, Vec<String>)> {
    let status = "document.getElementById('recherche-statut')?.textContent ?? null";
    let answered = format!("({status} ?? '').endsWith({})", json!(count("", query)));
    if page.wait_until(&answered).await.is_err() {
        let found = page.eval(status).await?;
        return Err(format!(
            "the results page never answered {query:?} in {WAIT:?}: its count reads {}",
            found.shown()
        )
        .into());
    }
    let said = page.eval(status).await?;
    let links: Vec<String> = serde_json::from_value(page.eval(RESULT_LINKS).await?)?;
    Ok((said.as_str().unwrap_or_default().to_string(), links))
}

/// The number at the start of a count ("16 résultats pour …"), 0 for "Aucun".
fn total(said: &str) -> usize {
    said.split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Fails unless the results page shows `query`: in its field and in the title.
async fn ensure_query_shown(page: &Page, query: &str, when: &str) -> TestResult {
    ensure_eq(
        page.eval(&format!("document.querySelector('{PAGE_FIELD}').value"))
            .await?,
        json!(query),
        format!("{when}: the results page's field"),
    )?;
    ensure_eq(
        page.client.title().await?,
        format!("Recherche\u{a0}: {query} | OIM"),
        format!("{when}: the title"),
    )
}

/// Fails unless the address is the results page for `encoded` (the query as the
/// address writes it).
async fn ensure_at_results_for(page: &Page, encoded: &str, when: &str) -> TestResult {
    let at = format!(
        "location.pathname === {} && location.search === {}",
        json!(page.href("/recherche")),
        json!(format!("?q={encoded}"))
    );
    if page.wait_until(&at).await.is_ok() {
        return Ok(());
    }
    let url = page.client.current_url().await?;
    Err(format!(
        "{when}: expected the address {}?q={encoded}, found {url}",
        page.href("/recherche")
    )
    .into())
}

/// Types `text` into the field `css`, clicked first as a visitor would.
async fn type_into(page: &Page, css: &str, text: &str) -> TestResult {
    let field = page.wait_for(css).await?;
    field.click().await?;
    field.send_keys(text).await?;
    Ok(())
}

/// Waits until focus is on the page's heading, as after a change of page.
async fn ensure_focus_on_heading(page: &Page, when: &str) -> TestResult {
    if page
        .wait_until("document.activeElement?.id === 'titre-page'")
        .await
        .is_ok()
    {
        return Ok(());
    }
    Err(format!(
        "{when}: expected focus on h1#titre-page, found it on {:?}",
        page.focused().await?
    )
    .into())
}

/// A box as [left, top, right, bottom] in the viewport, null when missing.
fn rect(css: &str) -> String {
    format!(
        "(r => r && [r.left, r.top, r.right, r.bottom])(document.querySelector({})?.getBoundingClientRect())",
        json!(css)
    )
}

async fn boxed(page: &Page, css: &str) -> Found<[f64; 4]> {
    let found = page.eval(&rect(css)).await?;
    serde_json::from_value(found.clone())
        .map_err(|_| format!("{css}: no box (found {found})").into())
}

async fn the_header_has_a_search_form_at_every_width(page: Page) -> TestResult {
    let form = "header .site-search form.search-form[role='search']";
    for width in [1280, 800, 375] {
        page.set_viewport_width(width).await?;
        for path in ["/", "/agir/engagez-vous", "/plan-du-site"] {
            page.open(path).await?;
            let at = format!("{path} at {width}px");
            ensure_eq(
                page.count(form).await?,
                1,
                format!("{at}: header search forms"),
            )?;
            let described = page
                .eval(&format!(
                    "(f => [f.getAttribute('aria-label'), f.getAttribute('action'), \
                       f.querySelector('input')?.id, f.querySelector('input')?.type, \
                       f.querySelector('input')?.name, \
                       f.querySelector('input')?.labels[0]?.textContent.trim(), \
                       f.querySelector('button[type=submit]')?.textContent.trim()])\
                     (document.querySelector({}))",
                    json!(form)
                ))
                .await?;
            ensure_eq(
                described,
                json!([
                    "Sur tout le site",
                    page.href("/recherche"),
                    "recherche-site",
                    "search",
                    "q",
                    "Rechercher sur le site",
                    "Rechercher"
                ]),
                format!("{at}: the form's name, action, field, label and button"),
            )?;
            page.ensure_visible(HEADER_FIELD, true, format!("{at}: the field"))
                .await?;
            page.ensure_visible(
                ".site-search button[type=submit]",
                true,
                format!("{at}: the button"),
            )
            .await?;
        }
        // The label is read out, not shown: the button says what the field is for.
        let label = boxed(&page, "label[for=recherche-site]").await?;
        ensure(
            label[2] - label[0] <= 1.0 && label[3] - label[1] <= 1.0,
            format!("at {width}px: the header's label is visually hidden: its box is {label:?}"),
        )?;
        let field = boxed(&page, HEADER_FIELD).await?;
        let button = boxed(&page, ".site-search button[type=submit]").await?;
        let brand = boxed(&page, ".site-header .brand").await?;
        let inner = page
            .eval("window.innerWidth")
            .await?
            .as_f64()
            .unwrap_or(0.0);
        ensure(
            field[2] - field[0] >= 150.0 && field[0] >= 0.0 && button[2] <= inner,
            format!("at {width}px: the field at least 150px wide and the form within the viewport: field {field:?}, button {button:?}, viewport {inner}px"),
        )?;
        if width >= 1024 {
            ensure(
                field[1] < brand[3] && field[3] > brand[1] && field[0] >= brand[2],
                format!(
                    "at {width}px: the form beside the brand: field {field:?}, brand {brand:?}"
                ),
            )?;
        } else {
            ensure(
                field[1] >= brand[3],
                format!("at {width}px: the form on a row of its own below the brand: field {field:?}, brand {brand:?}"),
            )?;
            let bar = boxed(&page, ".site-header-bar").await?;
            ensure(
                button[2] - field[0] >= (bar[2] - bar[0]) * 0.8,
                format!("at {width}px: the form spans its row: field {field:?}, button {button:?}, header bar {bar:?}"),
            )?;
        }
        ensure_eq(
            page.eval(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth",
            )
            .await?,
            json!(0),
            format!("at {width}px: pixels of horizontal scrolling"),
        )?;
    }
    Ok(())
}

pub(crate) async fn submitting_the_header_form_opens_the_results_in_place(
    page: Page,
) -> TestResult {
    page.open("/agir").await?;
    page.set_marker().await?;
    let before = page.eval("history.length").await?;
    type_into(&page, HEADER_FIELD, "migration").await?;
    page.press(Key::Enter).await?;
    ensure_at_results_for(&page, "migration", "after Enter in the header's field").await?;
    page.wait_text("main h1", "Recherche").await?;
    let (said, links) = answer(&page, "migration").await?;
    // Most pages speak of migration (19 of 28 on 2026-12-02): every one is listed,
    // and the count says how many.
    ensure(links.len() >= 10, format!("results listed: {links:?}"))?;
    ensure_eq(
        said,
        count(&format!("{} résultats", links.len()), "migration"),
        "the count announced, for every result listed",
    )?;
    page.ensure_not_reloaded("Enter in the header's field")
        .await?;
    ensure_focus_on_heading(&page, "on the results page").await?;
    ensure_query_shown(&page, "migration", "after Enter").await?;
    ensure_eq(
        page.eval("history.length").await?,
        json!(before.as_u64().unwrap_or(0) + 1),
        "history entries: one more for the search",
    )?;
    ensure_eq(
        page.eval("document.getElementById('recherche-statut').getAttribute('role')")
            .await?,
        json!("status"),
        "the count's role",
    )?;
    // Each result: a heading with its link, its section, and an excerpt with the
    // words found marked.
    let first = page
        .eval(
            "(li => [li.querySelector('h2 > a').textContent.trim(), \
               li.querySelector('p.search-result-section')?.textContent.trim() ?? '', \
               [...li.querySelectorAll(':scope > p:not(.search-result-section) mark')] \
                 .map(m => m.textContent.toLowerCase())])\
             (document.querySelector('#recherche-resultats ol.search-results > li'))",
        )
        .await?;
    let (title, section, marks): (String, String, Vec<String>) = serde_json::from_value(first)?;
    ensure(
        !title.is_empty() && !section.is_empty(),
        format!("the first result has a title and a section: {title:?}, {section:?}"),
    )?;
    ensure(
        marks.iter().any(|m| m.contains("migration")),
        format!("the first result's excerpt marks \"migration\": its marks are {marks:?}"),
    )?;
    for link in &links {
        ensure(
            *link == page.href("/") || (link.starts_with(&page.href("/")) && !link.ends_with('/')),
            format!("a result links to a page of the site as its links are written: {link:?}"),
        )?;
    }
    // Back returns to the page the search started from, in place.
    page.client.back().await?;
    page.wait_text("main h1", "Agir").await?;
    ensure_eq(page.path().await?, "/agir", "the address after back")?;
    page.ensure_not_reloaded("back from the results").await
}

async fn typing_on_the_results_page_updates_the_address_and_the_results(page: Page) -> TestResult {
    page.open("/recherche").await?;
    page.wait_text("main h1", "Recherche").await?;
    ensure_eq(
        page.client.title().await?,
        "Recherche | OIM",
        "the title with no query",
    )?;
    ensure_eq(
        page.eval(RESULT_LINKS).await?,
        json!([]),
        "results with no query",
    )?;
    page.set_marker().await?;
    let before = page.eval("history.length").await?;
    type_into(&page, PAGE_FIELD, "Engagez-vous").await?;
    ensure_at_results_for(&page, "Engagez-vous", "after typing").await?;
    let (said, links) = answer(&page, "Engagez-vous").await?;
    ensure(
        total(&said) >= 1,
        format!("results for \"Engagez-vous\": {said:?}"),
    )?;
    ensure_eq(
        links.first().map(String::as_str),
        Some(page.href("/agir/engagez-vous").as_str()),
        "the first result",
    )?;
    ensure_query_shown(&page, "Engagez-vous", "after typing").await?;
    ensure_eq(
        page.eval("history.length").await?,
        before.clone(),
        "history entries after typing (each keystroke replaces the entry)",
    )?;
    ensure_eq(
        page.eval("document.activeElement.id").await?,
        json!("recherche-page"),
        "focus while typing: still in the field",
    )?;
    // Another query typed over it: the results follow.
    let erase = Key::Backspace.to_string().repeat("Engagez-vous".len());
    page.wait_for(PAGE_FIELD)
        .await?
        .send_keys(&format!("{erase}Lighthouse"))
        .await?;
    ensure_at_results_for(&page, "Lighthouse", "after typing another query").await?;
    let (said, links) = answer(&page, "Lighthouse").await?;
    ensure_eq(
        said,
        count("1 résultat", "Lighthouse"),
        "the count for the query typed",
    )?;
    ensure_eq(
        links,
        vec![page.href("/accessibilite")],
        "the results for the query typed",
    )?;
    ensure_query_shown(&page, "Lighthouse", "after typing another query").await?;
    ensure_eq(
        page.eval("history.length").await?,
        before,
        "history entries after typing another query",
    )?;
    page.ensure_not_reloaded("typing").await
}

async fn history_and_shared_links_show_the_query_and_its_results(page: Page) -> TestResult {
    // A shared link.
    page.open("/recherche?q=r%C3%A9fugi%C3%A9s").await?;
    let (said, refugees) = answer(&page, "réfugiés").await?;
    ensure(
        total(&said) >= 1 && !refugees.is_empty(),
        format!("results for a shared link: {said:?}, {refugees:?}"),
    )?;
    ensure_query_shown(&page, "réfugiés", "a shared link").await?;
    page.set_marker().await?;
    // A new search from the header.
    type_into(&page, HEADER_FIELD, "scénarios").await?;
    page.press(Key::Enter).await?;
    ensure_at_results_for(&page, "sc%C3%A9narios", "after a second search").await?;
    let (_, scenarios) = answer(&page, "scénarios").await?;
    let article = page.href("/donnees-et-recherche/lavenir-de-la-migration");
    ensure_eq(
        scenarios.first().map(String::as_str),
        Some(article.as_str()),
        "the first result for \"scénarios\"",
    )?;
    ensure_query_shown(&page, "scénarios", "after a second search").await?;
    // A result followed.
    page.click("#recherche-resultats ol.search-results > li:first-child h2 a")
        .await?;
    page.wait_text("main h1", ARTICLE_TITLE).await?;
    // The address may follow the heading by a moment (Firefox, once in CI).
    let _ = page
        .wait_until(&format!("location.pathname === {}", json!(article)))
        .await;
    ensure_eq(
        page.path().await?,
        "/donnees-et-recherche/lavenir-de-la-migration",
        "the address after following the first result",
    )?;
    ensure_focus_on_heading(&page, "after following a result").await?;
    page.ensure_not_reloaded("following a result").await?;
    // Back, back, forward: each search again, with its query.
    page.client.back().await?;
    ensure_at_results_for(&page, "sc%C3%A9narios", "back from the result").await?;
    let (_, again) = answer(&page, "scénarios").await?;
    ensure_eq(again, scenarios.clone(), "results back from the result")?;
    ensure_query_shown(&page, "scénarios", "back from the result").await?;
    page.client.back().await?;
    ensure_at_results_for(&page, "r%C3%A9fugi%C3%A9s", "back to the first search").await?;
    let (_, again) = answer(&page, "réfugiés").await?;
    ensure_eq(again, refugees, "results back to the first search")?;
    ensure_query_shown(&page, "réfugiés", "back to the first search").await?;
    page.client.forward().await?;
    ensure_at_results_for(&page, "sc%C3%A9narios", "forward").await?;
    let (_, again) = answer(&page, "scénarios").await?;
    ensure_eq(again, scenarios, "results after forward")?;
    ensure_query_shown(&page, "scénarios", "forward").await?;
    page.ensure_not_reloaded("back and forward").await
}

/// The results for a query, from a shared link (`encoded` as the address writes it).
async fn results_for(page: &Page, encoded: &str, query: &str) -> Found<(usize, Vec<String>)> {
    page.open(&format!("/recherche?q={encoded}")).await?;
    let (said, links) = answer(page, query).await?;
    Ok((total(&said), links))
}

async fn accents_and_plurals_do_not_matter(page: Page) -> TestResult {
    for ((encoded, query), (other_encoded, other)) in [
        (("refugies", "refugies"), ("r%C3%A9fugi%C3%A9s", "réfugiés")),
        (("migrations", "migrations"), ("migration", "migration")),
        (("scenario", "scenario"), ("sc%C3%A9narios", "scénarios")),
    ] {
        let (n, mut links) = results_for(&page, encoded, query).await?;
        // The words found are marked as the page writes them.
        let marks: Vec<String> = serde_json::from_value(
            page.eval("[...document.querySelectorAll('#recherche-resultats mark')].map(m => m.textContent.toLowerCase())")
                .await?,
        )?;
        let (other_n, mut other_links) = results_for(&page, other_encoded, other).await?;
        ensure(
            n >= 1,
            format!("{query:?} finds the pages with {other:?}: it finds none"),
        )?;
        links.sort();
        other_links.sort();
        ensure(
            n == other_n && links == other_links,
            format!(
                "{query:?} and {other:?} find the same pages: {n} {links:?} and {other_n} {other_links:?}"
            ),
        )?;
        if query == "refugies" {
            ensure(
                marks.iter().any(|m| m.starts_with("réfugié")),
                format!(
                    "the results for \"refugies\" mark \"réfugiés\" as written: marks {marks:?}"
                ),
            )?;
        }
    }
    Ok(())
}

async fn the_best_match_comes_first(page: Page) -> TestResult {
    for (encoded, query, path, title, section) in [
        (
            "Engagez-vous",
            "Engagez-vous",
            "/agir/engagez-vous",
            "Engagez-vous",
            "Agir",
        ),
        (
            "sc%C3%A9narios",
            "scénarios",
            "/donnees-et-recherche/lavenir-de-la-migration",
            ARTICLE_TITLE,
            "Données et recherche",
        ),
    ] {
        let (_, links) = results_for(&page, encoded, query).await?;
        ensure_eq(
            links.first().cloned().unwrap_or_default(),
            page.href(path),
            format!("the first result for {query:?} (all: {links:?})"),
        )?;
        let first = page
            .eval(
                "(li => [li.querySelector('h2 > a').textContent.trim(), \
                   li.querySelector('.search-result-section').textContent.trim()])\
                 (document.querySelector('#recherche-resultats ol.search-results > li'))",
            )
            .await?;
        ensure_eq(
            first,
            json!([title, section]),
            format!("the first result for {query:?}: its title and section"),
        )?;
    }
    Ok(())
}

async fn the_count_says_one_result_and_no_result_offers_ways_on(page: Page) -> TestResult {
    // A word of one page only (the accessibility statement names its audit tool).
    page.open("/recherche?q=Lighthouse").await?;
    let (said, links) = answer(&page, "Lighthouse").await?;
    ensure_eq(
        said,
        count("1 résultat", "Lighthouse"),
        "the count of a single result",
    )?;
    ensure_eq(
        links,
        vec![page.href("/accessibilite")],
        "the single result",
    )?;

    let (said, links) = {
        page.open("/recherche?q=xylophone").await?;
        answer(&page, "xylophone").await?
    };
    ensure_eq(
        said,
        count("Aucun résultat", "xylophone"),
        "the count of no result",
    )?;
    ensure_eq(links.len(), 0, "results listed")?;
    ensure_eq(
        page.count("#recherche-resultats ol.search-results").await?,
        0,
        "lists of results",
    )?;
    let ways: Vec<String> = serde_json::from_value(
        page.eval("[...document.querySelectorAll('#recherche-resultats a')].map(a => a.getAttribute('href'))")
            .await?,
    )?;
    for path in [
        "/plan-du-site",
        "/qui-sommes-nous",
        "/notre-travail",
        "/agir",
        "/donnees-et-recherche",
        "/agenda-2030",
    ] {
        ensure(
            ways.contains(&page.href(path)),
            format!("with no result, a link to {path}: found links to {ways:?}"),
        )?;
    }
    // A way on, followed in place.
    page.set_marker().await?;
    page.click("#recherche-resultats a[href='/plan-du-site']")
        .await?;
    page.wait_text("main h1", "Plan du site").await?;
    ensure_focus_on_heading(&page, "after the link to the site map").await?;
    page.ensure_not_reloaded("the link to the site map").await
}

pub(crate) async fn a_missing_address_suggests_the_pages_it_may_have_meant(
    page: Page,
) -> TestResult {
    let (status, _) = http_text(page.origin(), &page.href("/structure-de-loim")).await;
    ensure_eq(status, 404, "/structure-de-loim: status")?;
    page.open("/structure-de-loim").await?;
    page.wait_text("main h1", "Page introuvable").await?;
    page.wait_text("#suggestions h2", "Vouliez-vous dire\u{a0}:")
        .await?;
    let suggested: Vec<String> = serde_json::from_value(
        page.eval(
            "[...document.querySelectorAll('#suggestions li a')].map(a => a.getAttribute('href'))",
        )
        .await?,
    )?;
    let meant = "/qui-sommes-nous/structure/structure-organisationnelle";
    ensure(
        suggested.contains(&page.href(meant)) && suggested.len() <= 5,
        format!("at most 5 suggestions, one of them {meant}: found {suggested:?}"),
    )?;
    // The page's other ways on stay.
    ensure_eq(page.count("main a[href='/']").await?, 1, "links home")?;
    page.set_marker().await?;
    page.click(&format!("#suggestions a[href='{meant}']"))
        .await?;
    page.wait_text("main h1", "Structure organisationnelle")
        .await?;
    ensure_eq(
        page.path().await?,
        meant,
        "the address after the suggestion",
    )?;
    ensure_focus_on_heading(&page, "after a suggestion").await?;
    page.ensure_not_reloaded("a suggestion followed").await
}

/// Run on a not-found page while the app is held back: records the words each
/// search for suggestions is asked (`search.js`'s `suggest`, once it is loaded).
const RECORD_SUGGESTIONS: &str = r#"
window.__suggested = [];
Object.defineProperty(window, 'oimSearch', {
  configurable: true,
  set(bridge) {
    const suggest = bridge.suggest;
    bridge.suggest = (words) => { window.__suggested.push(Array.from(words)); return suggest(words); };
    Object.defineProperty(window, 'oimSearch', { value: bridge, writable: true, configurable: true });
  },
});
"#;

async fn a_missing_address_is_decoded_and_only_its_last_words_are_searched(
    page: Page,
) -> TestResult {
    let held = HeldApp::start(page.origin()).await;
    let page = page.through(&held.origin);
    for (path, words) in [
        ("/r%C3%A9fugi%C3%A9s", json!([["réfugiés"]])),
        (
            "/qui-sommes-nous/un/deux/migrations-climatiques-r%C3%A9fugi%C3%A9s",
            json!([["migrations", "climatiques", "réfugiés"]]),
        ),
    ] {
        held.hold();
        page.open_document(path).await?;
        page.wait_text("main h1", "Page introuvable").await?;
        page.client.execute(RECORD_SUGGESTIONS, vec![]).await?;
        held.release();
        page.taken_over().await?;
        page.wait_until("window.__suggested.length > 0").await?;
        ensure_eq(
            page.eval("window.__suggested").await?,
            words,
            format!("{path}: the words searched"),
        )?;
        page.wait_for("#suggestions li a").await?;
    }
    Ok(())
}

/// Whether a request is for the search engine: its bridge module or anything of the
/// index's folder.
fn for_the_engine(page: &Page, request: &str) -> bool {
    request.starts_with(&search_module(page)) || request.starts_with(&page.href("/pagefind/"))
}

/// The address of the builder's search module (`names::SEARCH_MODULE`).
fn search_module(page: &Page) -> String {
    page.href(&format!("/{SEARCH_MODULE}"))
}

/// Waits until the proxy has received requests, after the first `skip`, for each of
/// `wanted` (the start of a request's path).
async fn wait_for_requests(
    held: &HeldApp,
    skip: usize,
    wanted: &[String],
    when: &str,
) -> TestResult {
    wait_until(format!("{when}: requests for {wanted:?}"), WAIT, || async {
        let requests = held.requests();
        let since = requests.get(skip..).unwrap_or_default();
        let missing: Vec<&String> = wanted
            .iter()
            .filter(|w| !since.iter().any(|r| r.starts_with(w.as_str())))
            .collect();
        Ok(if missing.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "none for {missing:?}; the server received {since:?}"
            ))
        })
    })
    .await
}

async fn the_engine_is_loaded_only_once_search_is_needed(page: Page) -> TestResult {
    // Through a proxy that logs what the server is asked (the engine's worker and
    // wasm do not all show in the page's resource timing).
    let held = HeldApp::start(page.origin()).await;
    held.release();
    let page = page.through(&held.origin);
    page.set_viewport_width(1280).await?;
    page.open("/").await?;
    page.wait_until("document.readyState === 'complete'")
        .await?;
    // A visit without search: a link pointed at and followed, another pointed at.
    let card = "main .card a[href='/agir']";
    page.hover(card)
        .await
        .map_err(|e| format!("pointing at {card}: {e}"))?;
    page.click(card)
        .await
        .map_err(|e| format!("clicking {card}: {e}"))?;
    page.wait_text("main h1", "Agir").await?;
    page.settled().await?;
    // The last request the visit makes: the content of the page a link leads to,
    // once the pointer has rested on it.
    let link = "main a[href='/agir/engagez-vous']";
    page.hover(link)
        .await
        .map_err(|e| format!("pointing at {link}: {e}"))?;
    wait_for_requests(
        &held,
        0,
        &[page.href("/content/agir--engagez-vous.json")],
        "the pointer on a link",
    )
    .await?;
    let requests = held.requests();
    ensure(
        requests.iter().any(|r| r.ends_with(".wasm")),
        format!("the log holds the page's requests: {requests:?}"),
    )?;
    let early: Vec<&String> = requests
        .iter()
        .filter(|r| for_the_engine(&page, r))
        .collect();
    ensure(
        early.is_empty(),
        format!("requests for the search engine before any search: {early:?}"),
    )?;
    // Focus on the header's field: the engine loads, before a word is typed.
    let skip = held.requests().len();
    page.click(HEADER_FIELD)
        .await
        .map_err(|e| format!("clicking the header's field: {e}"))?;
    wait_for_requests(
        &held,
        skip,
        &[
            search_module(&page),
            page.href("/pagefind/pagefind.js"),
            page.href("/pagefind/pagefind-entry.json"),
        ],
        "the header's field focused",
    )
    .await?;
    // A shared link to the results page, or a missing address, loads it with the
    // page.
    for (path, done) in [
        ("/recherche?q=migration", "#recherche-resultats li"),
        ("/structure-de-loim", "#suggestions li"),
    ] {
        let skip = held.requests().len();
        page.open(path).await?;
        page.wait_for(done).await?;
        wait_for_requests(
            &held,
            skip,
            &[search_module(&page), page.href("/pagefind/pagefind.js")],
            path,
        )
        .await?;
    }
    Ok(())
}

/// Waits, without running a script, until the browser is at `path` (and the query).
async fn wait_for_address(page: &Page, path: &str, query: &str) -> TestResult {
    let wanted = format!("{}?{query}", page.href(path));
    wait_until(format!("the address {wanted}"), WAIT, || async {
        let url = page.client.current_url().await?;
        Ok(
            if url.path() == page.href(path) && url.query() == Some(query) {
                Ok(())
            } else {
                Err(format!("it is {url}"))
            },
        )
    })
    .await
}

async fn without_javascript_the_header_form_opens_a_page_that_says_search_needs_it(
    page: Page,
) -> TestResult {
    page.cdp(
        "Emulation.setScriptExecutionDisabled",
        json!({ "value": true }),
    )
    .await?;
    page.open_document("/agir").await?;
    // WebDriver's own element commands: the page runs no script.
    let field = page.client.find(Locator::Css(HEADER_FIELD)).await?;
    field.send_keys("migration").await?;
    page.client
        .find(Locator::Css(".site-search button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_for_address(&page, "/recherche", "q=migration").await?;
    let h1 = page.wait_for("main h1").await?.text().await?;
    ensure_eq(h1.trim(), "Recherche", "the results page's heading")?;
    let message = page.wait_for("main .search-page .load-error").await?;
    ensure_contains(
        &message.text().await?,
        "La recherche a besoin de JavaScript",
        "what the results page says without JavaScript",
    )?;
    let sitemap = message.find(Locator::Css("a")).await?;
    ensure_eq(
        sitemap.attr("href").await?.as_deref(),
        Some(page.href("/plan-du-site").as_str()),
        "the message's link",
    )?;
    sitemap.click().await?;
    wait_for_text(&page, "main h1", "Plan du site").await
}

/// Waits, without running a script, until the text of `css` is `expected`.
async fn wait_for_text(page: &Page, css: &str, expected: &str) -> TestResult {
    wait_until(format!("{css} reading {expected:?}"), WAIT, || async {
        let found = match page.client.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        Ok(if found.trim() == expected {
            Ok(())
        } else {
            Err(format!("it reads {found:?}"))
        })
    })
    .await
}

async fn axe_finds_nothing_on_the_search_states(page: Page) -> TestResult {
    let page = &page;
    at_each_width(page, |width| async move {
        page.open("/recherche?q=migration").await?;
        answer(page, "migration").await?;
        axe(page, &format!("results at {width}px")).await?;
        page.open("/recherche?q=xylophone").await?;
        answer(page, "xylophone").await?;
        axe(page, &format!("no result at {width}px")).await?;
        page.open("/structure-de-loim").await?;
        page.wait_for("#suggestions li").await?;
        axe(page, &format!("suggestions at {width}px")).await?;
        page.open("/").await?;
        page.click(HEADER_FIELD).await?;
        page.wait_until("document.activeElement.id === 'recherche-site'")
            .await?;
        axe(page, &format!("the header's field focused at {width}px")).await?;
        ensure_eq(
            page.eval("document.activeElement.id").await?,
            Value::from("recherche-site"),
            "focus after axe",
        )
    })
    .await
}
