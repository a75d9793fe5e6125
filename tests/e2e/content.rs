//! Page content: what each kind of page shows, the seed's words verbatim, and how
//! loading, caching, failures, retries, stalled and cancelled requests behave. The
//! tests that stand in for the network (`install_fetch_stub`, or a proxy whose
//! answers stall) reach the site through a proxy that refuses the service worker:
//! what the app does under one is `offline.rs`'s.

use crate::harness::{ensure, ensure_contains, ensure_eq, quote, Found, Page, TestResult};
use crate::held_app::{HeldApp, Refusal};
use crate::seed::{BLURB_NOTRE_TRAVAIL, BLURB_QUI_SOMMES_NOUS, SEED_ARTICLE};
use crate::site_map::ARTICLE_TITLE;
use serde_json::json;

crate::tests! {
    every_engine: [
        home_shows_lead_figures_sections_and_the_featured_article,
        sections_show_the_seed_blurbs_figures_and_cards,
        pages_of_each_kind_show_their_content,
        the_seed_article_is_verbatim_with_details_and_scenarios,
        loading_state_shows_while_content_arrives,
        visited_pages_come_from_memory,
        network_failure_then_retry_succeeds,
        a_content_request_without_an_answer_is_given_up_after_ten_seconds,
        an_answer_the_app_cannot_read_loads_the_page_in_full,
        leaving_a_page_aborts_its_request,
        a_hovered_or_focused_link_loads_its_page_ahead,
    ],
}

/// Replaces `window.fetch` for content files with a switchable stand-in, and records
/// every request and every error the page reports. `window.__fetchMode` picks the
/// answer: real, hold (until `__release()`), hang (until aborted), fail, 404,
/// malformed, misshaped, html.
const FETCH_STUB: &str = r#"(() => {
  window.__errors = [];
  const origError = console.error;
  console.error = (...a) => { window.__errors.push(a.join(' ')); origError(...a); };
  window.addEventListener('error', e => window.__errors.push(String(e.message)));
  window.addEventListener('unhandledrejection', e => window.__errors.push(String(e.reason)));
  const real = window.fetch.bind(window);
  window.__fetchLog = [];
  window.__fetchMode = 'real';
  window.__held = [];
  window.__release = () => { window.__held.splice(0).forEach(go => go()); };
  const json = { 'content-type': 'application/json' };
  window.fetch = (input, init) => {
    // A string, a Request, or a URL (the wasm's chunks are fetched by URL).
    const url = typeof input === 'string' ? input : (input.url || String(input));
    const signal = (init && init.signal) || (input && input.signal);
    const record = { url, aborted: false };
    window.__fetchLog.push(record);
    if (signal) signal.addEventListener('abort', () => { record.aborted = true; });
    if (!url.includes('/content/')) return real(input, init);
    // A test may aim the stand-in at one file only (`window.__fetchOnly`).
    if (window.__fetchOnly && !url.endsWith(window.__fetchOnly)) return real(input, init);
    switch (window.__fetchMode) {
      case 'hold': return new Promise(resolve => window.__held.push(() => resolve(real(input, init))));
      case 'hang': return new Promise((_, reject) => signal.addEventListener('abort',
        () => reject(new DOMException('Aborted', 'AbortError'))));
      // The page's own TypeError, as a real failed fetch gives: Firefox runs this
      // script in a sandbox whose built-ins are not the page's (the app checks the
      // rejection is an Error of its own realm).
      case 'fail': return Promise.reject(new window.TypeError('Failed to fetch'));
      case '404': return Promise.resolve(new Response('{}', { status: 404, headers: json }));
      case 'malformed': return Promise.resolve(new Response('{"body": [', { status: 200, headers: json }));
      case 'misshaped': return Promise.resolve(new Response('{"corps": []}', { status: 200, headers: json }));
      case 'html': return Promise.resolve(new Response('<!DOCTYPE html><title>OIM</title>',
        { status: 200, headers: { 'content-type': 'text/html' } }));
      default: return real(input, init);
    }
  };
})()"#;

/// True once the content of `/agir` is drawn.
const AGIR_CONTENT_SHOWN: &str =
    "document.querySelector('main').textContent.includes('Chacun peut contribuer')";

/// A page whose content requests a stand-in answers (`FETCH_STUB`), reached through
/// a proxy with no service worker, kept open as long as the page.
pub struct Stubbed {
    page: Page,
    _proxy: HeldApp,
}

impl std::ops::Deref for Stubbed {
    type Target = Page;
    fn deref(&self) -> &Page {
        &self.page
    }
}

/// Opens `path` through a proxy that refuses the service worker (so a failure is
/// the app's to show, not a worker's to answer) and puts the fetch stand-in in place
/// (see `FETCH_STUB`).
pub async fn install_fetch_stub(page: &Page, path: &str) -> Found<Stubbed> {
    let proxy = HeldApp::start(page.origin()).await;
    proxy.release();
    let page = page.through(&proxy.origin);
    page.open(path).await?;
    page.eval(FETCH_STUB).await?;
    page.set_marker().await?;
    Ok(Stubbed {
        page,
        _proxy: proxy,
    })
}

/// How the fetch stand-in answers content requests from now on.
pub async fn set_fetch_mode(page: &Page, mode: &str) -> TestResult {
    page.eval(&format!("window.__fetchMode = {}", json!(mode)))
        .await?;
    Ok(())
}

/// Requests made for a content file since the stub was installed.
async fn requests_for(
    page: &Page,
    file: &str,
) -> Result<u64, Box<dyn std::error::Error + Send + Sync>> {
    let v = page
        .eval(&format!(
            "window.__fetchLog.filter(r => r.url.endsWith({})).length",
            json!(file)
        ))
        .await?;
    Ok(v.as_u64().unwrap_or(0))
}

/// Waits until a content file has been asked for.
async fn wait_for_request(page: &Page, file: &str) -> TestResult {
    page.wait_until(&format!(
        "window.__fetchLog.some(r => r.url.endsWith({}))",
        json!(file)
    ))
    .await
}

/// No uncaught error, no panic, nothing logged as an error; the same document.
async fn page_stayed_healthy(page: &Page) -> TestResult {
    ensure_eq(
        page.eval("window.__errors").await?,
        json!([]),
        "errors reported",
    )?;
    page.ensure_not_reloaded("since the stub was installed")
        .await
}

/// `<main>`'s text as the document holds it: WebKit's WebDriver writes no-break
/// spaces as ordinary ones in an element's text, and the text checked has them.
async fn main_text(page: &Page) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let text = page
        .eval("document.querySelector('main').textContent")
        .await?;
    Ok(text.as_str().unwrap_or_default().to_string())
}

async fn home_shows_lead_figures_sections_and_the_featured_article(page: Page) -> TestResult {
    page.open("/").await?;
    page.wait_for(".figures").await?;
    let figures = page
        .eval("[...document.querySelectorAll('.figure-value')].map(e => e.textContent)")
        .await?;
    ensure_eq(
        figures,
        json!([
            "175",
            "171",
            "1951",
            "281\u{a0}millions",
            "117\u{a0}millions",
            "831\u{a0}milliards"
        ]),
        "key figures",
    )?;
    let lead = page.text(".hero .lead").await?;
    ensure(
        lead.starts_with("Depuis 1951"),
        format!(
            "expected the lead to start with \"Depuis 1951\", found {}",
            quote(&lead)
        ),
    )?;
    let featured = page
        .eval(&format!(
            "document.querySelector('main a[href={}]')?.textContent.trim() ?? null",
            json!(page.href("/donnees-et-recherche/lavenir-de-la-migration"))
        ))
        .await?;
    ensure_eq(
        featured,
        json!(ARTICLE_TITLE),
        "the link to the featured seed article",
    )?;
    ensure_eq(page.count("main section .card").await?, 5, "section cards")
}

async fn sections_show_the_seed_blurbs_figures_and_cards(page: Page) -> TestResult {
    for (path, blurb, cards) in [
        ("/qui-sommes-nous", BLURB_QUI_SOMMES_NOUS, 1),
        ("/notre-travail", BLURB_NOTRE_TRAVAIL, 3),
    ] {
        page.open(path).await?;
        page.wait_text("main .lead", blurb).await?;
        ensure_eq(
            page.count("main section .card").await?,
            cards,
            format!("{path}: cards"),
        )?;
    }
    page.open("/qui-sommes-nous").await?;
    page.wait_for(".figures").await?;
    let text = main_text(&page).await?;
    for fact in ["5\u{a0}décembre\u{a0}1951", "PICMME", "70/296", "Genève"] {
        ensure_contains(&text, fact, "/qui-sommes-nous")?;
    }
    page.open("/agenda-2030").await?;
    page.wait_for("#cible-10-7").await?;
    ensure_contains(
        &main_text(&page).await?,
        "10.7.2",
        "2030 AGENDA explains target 10.7",
    )
}

async fn pages_of_each_kind_show_their_content(page: Page) -> TestResult {
    let samples = [
        ("/qui-sommes-nous/structure", "contrôle interne"),
        (
            "/qui-sommes-nous/structure/directrice-generale",
            "Amy E. Pope",
        ),
        (
            "/qui-sommes-nous/structure/directrice-generale-adjointe-operations",
            "Ugochi Daniels",
        ),
        ("/notre-travail/partenariats", "Marrakech"),
        ("/notre-travail/ou-travaillons-nous", "Bangkok"),
        ("/donnees-et-recherche", "281\u{a0}millions"),
        ("/agir/travailler-avec-nous", "Diversité et inclusion"),
        ("/accessibilite", "Voies de recours"),
        ("/contact", "17\u{a0}route des Morillons, 1211 Genève 19"),
        ("/mentions-legales", "Éditeur"),
        ("/plan-du-site", "classées par rubrique"),
    ];
    for (path, words) in samples {
        page.open(path).await?;
        let shown = format!(
            "document.querySelector('main').textContent.includes({})",
            json!(words)
        );
        if page.wait_until(&shown).await.is_err() {
            let main = main_text(&page).await?;
            return Err(format!(
                "{path} never showed {words:?}; <main> reads {}",
                quote(&main)
            )
            .into());
        }
        ensure_eq(
            page.count(".loading, .load-error").await?,
            0,
            format!("{path}: loading states and errors once shown"),
        )?;
    }
    Ok(())
}

async fn the_seed_article_is_verbatim_with_details_and_scenarios(page: Page) -> TestResult {
    page.open("/donnees-et-recherche/lavenir-de-la-migration")
        .await?;
    page.wait_for("article .details").await?;
    let paragraphs = page
        .eval("[...document.querySelectorAll('article > p:not(.page-date)')].slice(0, 3).map(p => p.textContent)")
        .await?;
    ensure(
        paragraphs == json!(SEED_ARTICLE),
        format!("the seed text differs: found {paragraphs}"),
    )?;
    ensure_eq(
        page.count("article time[datetime='2017']").await?,
        1,
        "publication year 2017 (time elements)",
    )?;
    let scenarios = page
        .eval(
            "[...document.querySelectorAll('article .card-title')].map(e => e.textContent.trim())",
        )
        .await?;
    ensure_eq(
        scenarios,
        json!([
            "My Country First!",
            "World on Fire",
            "Opening Roads",
            "Technopoly"
        ]),
        "the four scenarios",
    )?;
    let details = page.text("article .details").await?;
    ensure_contains(&details, "Friedrich-Ebert", "the details")?;
    ensure_contains(&details, "18 mois", "the details")
}

async fn loading_state_shows_while_content_arrives(page: Page) -> TestResult {
    let page = install_fetch_stub(&page, "/").await?;
    set_fetch_mode(&page, "hold").await?;
    page.click("main .card a[href='/agir']").await?;
    page.wait_text("main h1", "Agir").await?;
    page.wait_for("main .loading[role=status]").await?;
    page.ensure_visible("header .brand", true, "while content loads, the header")
        .await?;
    let header_top = page
        .eval("document.querySelector('main').getBoundingClientRect().top")
        .await?;
    ensure(
        page.eval("document.activeElement.id").await? != json!("rubriques"),
        format!(
            "the previous page is not left focused: found focus on {:?}",
            page.focused().await?
        ),
    )?;
    page.eval("window.__release()").await?;
    page.wait_until(AGIR_CONTENT_SHOWN).await?;
    ensure_eq(
        page.count("main .loading").await?,
        0,
        "loading states once the content is shown",
    )?;
    let after = page
        .eval("document.querySelector('main').getBoundingClientRect().top")
        .await?;
    ensure_eq(after, header_top, "the top of <main> (it must not move)")?;
    page_stayed_healthy(&page).await
}

async fn visited_pages_come_from_memory(page: Page) -> TestResult {
    let page = install_fetch_stub(&page, "/").await?;
    page.click("main .card a[href='/agir']").await?;
    page.wait_until(AGIR_CONTENT_SHOWN).await?;
    page.click("main .card a[href='/agir/engagez-vous']")
        .await?;
    page.wait_for("#campagnes").await?;
    page.client.back().await?;
    page.wait_text("main h1", "Agir").await?;
    ensure_eq(
        page.count("main .loading").await?,
        0,
        "loading states on going back (shown at once)",
    )?;
    ensure_contains(
        &main_text(&page).await?,
        "Chacun peut contribuer",
        "the content on going back",
    )?;
    page.client.back().await?;
    page.wait_text("main h1", "Organisation internationale pour les migrations")
        .await?;
    page.wait_for(".figures").await?;
    let log = page.eval("JSON.stringify(window.__fetchLog)").await?;
    ensure_eq(
        requests_for(&page, "/content/agir.json").await?,
        1,
        format!("requests for agir.json (fetched once; log {log})"),
    )?;
    ensure_eq(
        requests_for(&page, "/content/accueil.json").await?,
        0,
        format!("requests for accueil.json (kept from the first load; log {log})"),
    )?;
    page_stayed_healthy(&page).await
}

async fn network_failure_then_retry_succeeds(page: Page) -> TestResult {
    let page = install_fetch_stub(&page, "/").await?;
    set_fetch_mode(&page, "fail").await?;
    page.click("main .card a[href='/notre-travail']").await?;
    page.wait_for("main .load-error[role=alert]").await?;
    let message = page.text("main .load-error").await?;
    ensure_contains(&message, "connexion", "the error, in plain words")?;
    ensure_eq(
        page.count("main .load-error a[href='/']").await?,
        1,
        "links home in the error",
    )?;
    // The rest of the site keeps working meanwhile.
    ensure_eq(
        page.count("header .main-nav-button").await?,
        4,
        "menu buttons",
    )?;
    // The retry shows the loading state again, not the old error, until it is answered.
    set_fetch_mode(&page, "hold").await?;
    page.click("main .load-error button").await?;
    page.wait_for("main .loading").await?;
    ensure_eq(
        page.count("main .load-error").await?,
        0,
        "errors while retrying (the old one must be gone)",
    )?;
    page.eval("window.__release()").await?;
    page.wait_for("#plan-strategique").await?;
    ensure_eq(
        page.count("main .load-error").await?,
        0,
        "errors once the retry succeeded",
    )?;
    ensure_eq(
        requests_for(&page, "/content/notre-travail.json").await?,
        2,
        "requests for notre-travail.json (the first and one retry)",
    )?;
    page_stayed_healthy(&page).await
}

/// The app's wait for a content file, `api::CONTENT_WAIT`, as it ships: the
/// tests wait it out rather than build a shorter one.
pub const CONTENT_WAIT: std::time::Duration = oim_site::api::CONTENT_WAIT;

/// What the error says when the server did not answer in time.
pub const NO_ANSWER_IN_TIME: &str = "le site n’a pas répondu à temps";

async fn a_content_request_without_an_answer_is_given_up_after_ten_seconds(
    page: Page,
) -> TestResult {
    let proxy = HeldApp::start(page.origin()).await;
    proxy.release();
    let page = page.through(&proxy.origin);
    page.open("/").await?;
    page.set_marker().await?;
    // A server that takes the request for /agir's content and never answers.
    proxy.refuse(Some(("agir.json", Refusal::Stall)));
    let clicked = std::time::Instant::now();
    page.click("main .card a[href='/agir']").await?;
    page.wait_text("main h1", "Agir").await?;
    page.wait_for("main .loading").await?;
    page.wait_for("main .load-error[role=alert]").await?;
    let waited = clicked.elapsed();
    // The request may start on the pointer's way to the link (a prefetch), a little
    // before the click.
    ensure(
        waited + std::time::Duration::from_millis(500) >= CONTENT_WAIT,
        format!("the error came after {waited:?}, before the {CONTENT_WAIT:?} wait"),
    )?;
    ensure(
        proxy
            .requests()
            .iter()
            .any(|r| r.ends_with("/content/agir.json")),
        "the request for agir.json reached the server",
    )?;
    ensure_contains(
        &main_text(&page).await?,
        NO_ANSWER_IN_TIME,
        "the error, in plain words",
    )?;
    ensure_eq(
        page.text("main .load-error button").await?,
        "Réessayer".to_string(),
        "the error's button",
    )?;
    // The server answers again: the retry shows the page, in place.
    proxy.refuse(None);
    page.click("main .load-error button").await?;
    page.wait_until(AGIR_CONTENT_SHOWN).await?;
    ensure_eq(
        page.count("main .load-error").await?,
        0,
        "errors after the retry",
    )?;
    page.ensure_not_reloaded("a content request given up, then retried")
        .await
}

/// An answer this app cannot read (the file gone, JSON of another form, HTML) comes
/// from a deployment newer than the app: the page is loaded in full, from that
/// deployment, and no error shows.
async fn an_answer_the_app_cannot_read_loads_the_page_in_full(page: Page) -> TestResult {
    for answer in ["404", "malformed", "misshaped", "html"] {
        let page = install_fetch_stub(&page, "/").await?;
        set_fetch_mode(&page, answer).await?;
        page.click("main .card a[href='/agir']").await?;
        let when = format!("after a content file answered {answer}");
        page.wait_until("window.__e2eMarker === undefined")
            .await
            .map_err(|e| format!("{when}: the page was not loaded in full: {e}"))?;
        page.taken_over().await?;
        ensure_eq(page.path().await?, "/agir".to_string(), &when)?;
        page.wait_until(AGIR_CONTENT_SHOWN).await?;
        ensure_eq(
            page.count("main .load-error").await?,
            0,
            format!("errors shown {when}"),
        )?;
    }
    Ok(())
}

async fn leaving_a_page_aborts_its_request(page: Page) -> TestResult {
    let page = install_fetch_stub(&page, "/").await?;
    // Only agir.json hangs: once /agir is drawn, the pointer may rest on another
    // link (a taller window shows the footer under it), whose page is then loaded
    // ahead, and must not hang too.
    page.eval("window.__fetchOnly = '/content/agir.json'")
        .await?;
    set_fetch_mode(&page, "hang").await?;
    page.click("main .card a[href='/agir']").await?;
    page.wait_for("main .loading").await?;
    set_fetch_mode(&page, "real").await?;
    page.click("footer a[href='/mentions-legales']").await?;
    page.wait_for("#editeur").await?;
    let aborted = page
        .eval("window.__fetchLog.find(r => r.url.endsWith('/content/agir.json')).aborted")
        .await?;
    ensure_eq(
        aborted,
        json!(true),
        "the request for the page left behind: aborted",
    )?;
    page_stayed_healthy(&page).await
}

async fn a_hovered_or_focused_link_loads_its_page_ahead(page: Page) -> TestResult {
    let page = install_fetch_stub(&page, "/").await?;
    // The pointer resting on a link: its page's content is asked for, no click yet.
    set_fetch_mode(&page, "hold").await?;
    page.hover("main .card a[href='/agir']").await?;
    wait_for_request(&page, "/content/agir.json").await?;
    ensure_eq(page.path().await?, "/", "the address after the hover")?;
    // Opened while that request is under way, the page waits for it, not for another.
    page.click("main .card a[href='/agir']").await?;
    page.wait_for("main .loading").await?;
    page.eval("window.__release()").await?;
    page.wait_until(AGIR_CONTENT_SHOWN).await?;
    ensure_eq(
        requests_for(&page, "/content/agir.json").await?,
        1,
        "requests for agir.json (the hover and the click share one)",
    )?;
    // Keyboard focus on a link does the same.
    set_fetch_mode(&page, "real").await?;
    page.eval(&format!(
        "document.querySelector({}).focus()",
        json!(page.css("main .card a[href='/agir/engagez-vous']"))
    ))
    .await?;
    wait_for_request(&page, "/content/agir--engagez-vous.json").await?;
    page.click("main .card a[href='/agir/engagez-vous']")
        .await?;
    page.wait_for("#campagnes").await?;
    ensure_eq(
        requests_for(&page, "/content/agir--engagez-vous.json").await?,
        1,
        "requests for agir--engagez-vous.json (the focus and the click share one)",
    )?;
    page_stayed_healthy(&page).await
}
