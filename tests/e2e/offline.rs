//! Offline reading: the service worker keeps every page read and answers without a
//! network; a page never read shows the offline page; the whole site can be saved,
//! then read offline, then deleted; the connection's changes are announced and the
//! links that cannot open are marked; a new build is offered, and taken on request;
//! a tab opened before a deployment keeps navigating after it, with or without a
//! service worker; a stalled content request is answered by the copy kept, or
//! given up; a worker that does not answer is said so, with a retry; axe on the
//! offline page, the notice and the offer. The worker keeps only bodies with the
//! manifest's hashes, keeps a page under its canonical address whatever form it was
//! read under or however the host redirected it, and the kill switch turns it off.
//!
//! Each test reaches the site at an origin of its own (a proxy whose network it can
//! cut, or an nginx serving a copy of the build it can deploy over), so its service
//! worker is its own, whatever the other tests did.

use crate::accessibility::{at_each_width, axe};
use crate::browsers::Engine;
use crate::content::NO_ANSWER_IN_TIME;
use crate::harness::{
    copy_build, ensure, ensure_contains, ensure_eq, repo, tempdir, wait_until, Found, Nginx, Page,
    TestResult, WAIT,
};
use crate::held_app::{HeldApp, Refusal};
use crate::site_map::PAGES;
use oim_site::nav::page_file;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::path::{Path, PathBuf};

crate::tests! {
    // The worker's scope and its addresses follow the base path.
    every_engine_and_build: [a_page_read_opens_without_a_network_after_a_reload],
    every_engine: [
        a_page_never_read_offline_shows_the_offline_page,
        the_whole_site_saved_reads_offline_and_the_copy_can_be_deleted,
        a_new_build_is_offered_and_taken_on_request,
        a_tab_opened_before_a_deployment_keeps_navigating_without_a_service_worker,
        a_tab_opened_before_a_deployment_keeps_navigating_under_a_service_worker,
        a_stalled_content_request_is_given_up_or_answered_by_the_copy_kept,
        a_worker_that_does_not_answer_is_said_so_and_asked_again,
        a_body_whose_hash_is_not_the_manifests_is_never_kept,
        a_page_read_under_one_form_of_its_address_opens_offline_under_the_others,
        the_whole_site_saved_from_a_host_that_adds_the_slash_reads_offline,
        the_kill_switch_turns_the_worker_off_and_deletes_the_caches,
        navigations_are_preloaded_where_the_engine_allows,
    ],
    // The browser's own offline switch and data saver: Chromium's DevTools protocol.
    chromium_only: [
        losing_the_connection_is_announced_and_links_not_kept_are_marked,
        with_save_data_nothing_is_loaded_ahead,
    ],
}

/// The heading of the page the worker answers with offline.
const OFFLINE_HEADING: &str = "Vous êtes hors ligne";

/// Runs `script` (which ends by calling `done(value)`) and returns the value.
async fn eval_async(page: &Page, script: &str) -> Found<Value> {
    let script = format!("const done = arguments[arguments.length - 1];\n{script}");
    Ok(page.client.execute_async(&script, vec![]).await?)
}

/// Opens `path` through a proxy that lets the service worker through, and waits
/// until the worker answers the page.
async fn under_service_worker(page: &Page, path: &str) -> Found<(Page, HeldApp)> {
    let network = HeldApp::with_service_worker(page.origin()).await;
    let page = page.through(&network.origin);
    page.open(path).await?;
    controlled(&page).await?;
    Ok((page, network))
}

/// Waits until a service worker answers the page's requests.
async fn controlled(page: &Page) -> TestResult {
    page.wait_until("!!navigator.serviceWorker.controller")
        .await
        .map_err(|e| format!("no service worker took the page over: {e}").into())
}

/// Runs `script` (see `eval_async`) until `until` holds of its value, for as long
/// as a test waits; returns the last value.
async fn eventually(page: &Page, script: &str, until: impl Fn(&Value) -> bool) -> Found<Value> {
    let last = RefCell::new(Value::Null);
    // A script that fails ends the wait with its error (the inner result); one
    // whose value never satisfies `until` ends it with that value.
    let found = wait_until(script, WAIT, || async {
        let value = match eval_async(page, script).await {
            Ok(value) => value,
            Err(error) => return Ok(Ok(Err(error))),
        };
        let done = until(&value);
        *last.borrow_mut() = value.clone();
        Ok(if done {
            Ok(Ok(value))
        } else {
            Err(value.to_string())
        })
    })
    .await;
    match found {
        Ok(result) => result,
        Err(_) => Ok(last.take()),
    }
}

/// The script that tells whether the page at `path` (its HTML) is kept.
fn kept(page: &Page, path: &str) -> String {
    let url = json!(page.url(path));
    format!("caches.match({url}).then(r => done(!!r), () => done(false));")
}

async fn is_kept(page: &Page, path: &str) -> Found<bool> {
    Ok(eval_async(page, &kept(page, path)).await? == json!(true))
}

async fn wait_kept(page: &Page, path: &str) -> TestResult {
    let found = eventually(page, &kept(page, path), |v| *v == json!(true)).await?;
    ensure(
        found == json!(true),
        format!("{path} was never kept by the service worker"),
    )
}

/// axe on the page as it is, at desktop and phone widths, where the suite runs axe:
/// Chromium.
async fn axe_in_chromium(page: &Page, state: &str) -> TestResult {
    if page.engine != Engine::Chromium {
        return Ok(());
    }
    at_each_width(page, |width| async move {
        axe(page, &format!("{state} at {width}px")).await
    })
    .await
}

/// Waits for a full load of another document (the marker gone), then for the app.
async fn loaded_in_full(page: &Page, when: &str) -> TestResult {
    page.wait_until("window.__e2eMarker === undefined")
        .await
        .map_err(|e| format!("{when}: the page was not loaded in full: {e}"))?;
    page.wait_for("main h1").await?;
    Ok(())
}

async fn heading(page: &Page) -> Found<String> {
    page.text("main h1").await
}

/// Under the worker, a page's request leaves while the worker starts (navigation
/// preload), except in Firefox, where a preload that fails would end an offline
/// navigation on the browser's error page (sw.js); the page is the same either way.
async fn navigations_are_preloaded_where_the_engine_allows(page: Page) -> TestResult {
    let (page, network) = under_service_worker(&page, "/agir").await?;
    page.open("/agir/engagez-vous").await?;
    ensure_eq(
        heading(&page).await?,
        "Engagez-vous".to_string(),
        "the page opened under the worker",
    )?;
    let preloaded = network
        .preloaded()
        .iter()
        .any(|path| path.ends_with("/agir/engagez-vous"));
    ensure_eq(
        preloaded,
        page.engine != Engine::Firefox,
        format!("whether {} preloaded the navigation", page.engine.name()),
    )
}

pub(crate) async fn a_page_read_opens_without_a_network_after_a_reload(page: Page) -> TestResult {
    let (page, network) = under_service_worker(&page, "/agir").await?;
    // Read in place: the app fetches its content file; the worker keeps it, and the
    // page's HTML besides.
    page.click("main .card a[href='/agir/engagez-vous']")
        .await?;
    page.wait_text("main h1", "Engagez-vous").await?;
    page.settled().await?;
    wait_kept(&page, "/agir/engagez-vous").await?;

    network.cut(true);
    page.open("/agir/engagez-vous").await?;
    ensure_eq(
        heading(&page).await?,
        "Engagez-vous".to_string(),
        "the page read, reloaded offline",
    )?;
    ensure_contains(
        &page.text("main").await?,
        "Il n’est pas nécessaire de travailler à l’OIM",
        "its content",
    )?;
    // A page read first by its address: its content file was embedded, never fetched.
    // The app asks for it, the network fails, and the page is loaded in full, kept.
    page.set_marker().await?;
    page.click("nav.breadcrumbs a[href='/agir']").await?;
    loaded_in_full(&page, "opening /agir offline").await?;
    page.taken_over().await?;
    ensure_eq(
        heading(&page).await?,
        "Agir".to_string(),
        "the first page read, offline",
    )?;
    ensure_eq(page.count("main .load-error").await?, 0, "errors shown")?;
    network.cut(false);
    Ok(())
}

async fn a_page_never_read_offline_shows_the_offline_page(page: Page) -> TestResult {
    let (page, network) = under_service_worker(&page, "/agir").await?;
    wait_kept(&page, "/agir").await?;
    network.cut(true);
    // By its address.
    page.open_document("/mentions-legales").await?;
    ensure_eq(
        heading(&page).await?,
        OFFLINE_HEADING.to_string(),
        "a page never read, offline",
    )?;
    let kept: Vec<String> = serde_json::from_value(
        page.eval("[...document.querySelectorAll('main li a')].map(a => a.getAttribute('href'))")
            .await?,
    )?;
    ensure_eq(
        kept,
        vec![page.href("/agir")],
        "the pages it lists as readable offline",
    )?;
    ensure_eq(
        page.eval("document.querySelector('main p a').getAttribute('href')")
            .await?,
        json!(page.href("/mentions-legales")),
        "its link to try again",
    )?;
    axe_in_chromium(&page, "the offline page").await?;
    // From a page of the app: the content cannot come, the page is loaded in full.
    page.click("main li a").await?;
    page.taken_over().await?;
    page.set_marker().await?;
    page.click("main .card a[href='/agir/engagez-vous']")
        .await?;
    loaded_in_full(&page, "following a link to a page never read, offline").await?;
    ensure_eq(
        heading(&page).await?,
        OFFLINE_HEADING.to_string(),
        "a page never read, reached in place",
    )?;
    network.cut(false);
    Ok(())
}

/// The control's status, once it says something other than `not`.
async fn status_after(page: &Page, not: &str) -> Found<String> {
    let status = "document.getElementById('copie-etat').textContent";
    page.wait_until(&format!("{status} !== {}", json!(not)))
        .await?;
    Ok(page
        .eval(status)
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string())
}

/// The control's status before the worker answers (the prerendered sentence).
const STATUS_UNKNOWN: &str =
    "Pour enregistrer le site, votre navigateur doit accepter JavaScript et les service workers.";

/// Clicks "Lire ce site hors ligne" once the worker has told the copy's size, and
/// waits until the status starts with `outcome`.
async fn save_the_site(page: &Page, outcome: &str) -> TestResult {
    status_after(page, STATUS_UNKNOWN).await?;
    page.click("#copie-enregistrer").await?;
    page.wait_until(&format!(
        "document.getElementById('copie-etat').textContent.startsWith({})",
        json!(outcome)
    ))
    .await
}

const SAVED: &str = "Le site est enregistré";

/// Opens every page of the site, offline, and checks its heading and address.
async fn every_page_reads_offline(page: &Page, when: &str) -> TestResult {
    for (path, title, _) in PAGES {
        page.open(path).await?;
        ensure_eq(
            heading(page).await?,
            title.to_string(),
            format!("{path} offline, {when}"),
        )?;
        ensure_eq(
            page.path().await?,
            path.to_string(),
            format!("{path}'s address, {when}"),
        )?;
    }
    Ok(())
}

pub(crate) async fn the_whole_site_saved_reads_offline_and_the_copy_can_be_deleted(
    page: Page,
) -> TestResult {
    let (page, network) = under_service_worker(&page, "/hors-ligne").await?;
    let offered = status_after(&page, STATUS_UNKNOWN).await?;
    ensure(
        offered.contains("environ") && offered.contains("ko"),
        format!("the size before saving: {offered:?}"),
    )?;
    page.ensure_visible("#copie-enregistrer", true, "the save button")
        .await?;
    page.ensure_visible("#copie-supprimer", false, "the delete button before saving")
        .await?;
    page.click("#copie-enregistrer").await?;
    page.wait_until(
        "document.getElementById('copie-etat').textContent.startsWith('Le site est enregistré')",
    )
    .await?;
    ensure_eq(
        page.eval(
            "(b => b.value === b.max && b.max > 1)(document.getElementById('copie-progression'))",
        )
        .await?,
        json!(true),
        "the progress bar, full",
    )?;
    page.ensure_visible("#copie-progression", false, "the progress bar once done")
        .await?;
    page.ensure_visible("#copie-supprimer", true, "the delete button once saved")
        .await?;
    // The wasm's chunks too: a page opened in place offline needs its code.
    let chunks: Vec<String> = std::fs::read_dir(page.dist())?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| {
            (name.starts_with("split_") || name.starts_with("chunk_")) && name.ends_with(".wasm")
        })
        .collect();
    ensure(!chunks.is_empty(), "the build has chunks")?;
    for chunk in &chunks {
        ensure(
            eval_async(&page, &kept(&page, &format!("/{chunk}"))).await? == json!(true),
            format!("{chunk} kept by \"Lire ce site hors ligne\""),
        )?;
    }

    network.cut(true);
    every_page_reads_offline(&page, "after saving").await?;
    page.open("/hors-ligne").await?;
    page.wait_until(
        "document.getElementById('copie-etat').textContent.startsWith('Le site est enregistré')",
    )
    .await?;
    page.click("#copie-supprimer").await?;
    page.wait_until("document.getElementById('copie-etat').textContent.startsWith('La copie hors ligne a été supprimée')")
        .await?;
    page.ensure_visible("#copie-enregistrer", true, "the save button once deleted")
        .await?;
    for path in ["/", "/agir", "/hors-ligne"] {
        ensure(
            !is_kept(&page, path).await?,
            format!("{path} still kept after deleting the copy"),
        )?;
    }
    network.cut(false);
    Ok(())
}

/// A copy of `page`'s build, served by an nginx of its own: a site a test can
/// deploy over. Returns the copy's folder, the server (kept as long as the page)
/// and the page at its origin.
pub(crate) fn own_site(page: &Page) -> Found<(PathBuf, Nginx, Page)> {
    own_site_with(page, |_| Ok(()))
}

/// `own_site`, the copy edited by `edit` before nginx starts.
fn own_site_with(
    page: &Page,
    edit: impl FnOnce(&Path) -> TestResult,
) -> Found<(PathBuf, Nginx, Page)> {
    let dist = tempdir("oim-deploiement").join("dist");
    copy_build(page.dist(), &dist)?;
    edit(&dist)?;
    let nginx = Nginx::start(&dist);
    let page = page
        .clone()
        .serving(&dist)
        .through(&format!("http://127.0.0.1:{}", nginx.port));
    Ok((dist, nginx, page))
}

/// Replaces a built file's text (and drops its compressed twins, which nginx would
/// serve instead): what a new deployment does to it.
pub(crate) fn deploy(dist: &Path, file: &str, edit: impl FnOnce(String) -> String) -> TestResult {
    let path = dist.join(file);
    let text = std::fs::read_to_string(&path)?;
    let edited = edit(text.clone());
    ensure(edited != text, format!("the new deployment changes {file}"))?;
    std::fs::write(&path, edited)?;
    for twin in ["br", "gz"] {
        let _ = std::fs::remove_file(dist.join(format!("{file}.{twin}")));
    }
    Ok(())
}

/// The hash the manifest gives a file: the first 16 hex digits of its SHA-256
/// (src/builder/offline.rs).
fn short_hash(file: &Path) -> Found<String> {
    let digest = Sha256::digest(std::fs::read(file)?);
    Ok(digest[..8].iter().map(|b| format!("{b:02x}")).collect())
}

/// The new deployment's mark on a page's `<html>`.
/// The page's workers, for a failure's message.
const WORKERS: &str = "navigator.serviceWorker.getRegistration().then(r => done(r && {
  controller: !!navigator.serviceWorker.controller,
  active: r.active && r.active.state,
  waiting: r.waiting && r.waiting.state,
  installing: r.installing && r.installing.state,
}), e => done(String(e)));";

fn marked(html: String) -> String {
    html.replacen("<html ", "<html data-deploiement=\"nouveau\" ", 1)
}

const NEW_DEPLOYMENT: &str = "document.documentElement.dataset.deploiement === 'nouveau'";

async fn a_new_build_is_offered_and_taken_on_request(page: Page) -> TestResult {
    let (dist, _nginx, page) = own_site(&page)?;
    page.open("/agir").await?;
    controlled(&page).await?;
    wait_kept(&page, "/agir").await?;
    let caches_before = eval_async(&page, "caches.keys().then(done);").await?;

    // A new build in which /agir changed: its HTML, its hash, the build's version.
    deploy(&dist, &page_file("/agir"), marked)?;
    let new_hash = short_hash(&dist.join(page_file("/agir")))?;
    deploy(&dist, "sw.js", |sw| {
        let version = sw.split("\"version\":\"").nth(1).unwrap_or_default()[..16].to_string();
        let agir = sw.split("{\"url\":\"agir\",").nth(1).unwrap_or_default();
        let hash = agir.split("\"hash\":\"").nth(1).unwrap_or_default()[..16].to_string();
        sw.replace(&version, "0123456789abcdef")
            .replace(&hash, &new_hash)
    })?;
    // The browser looks for a new worker when a page loads.
    page.open("/agir").await?;
    page.set_marker().await?;
    if let Err(e) = page
        .wait_text(
            "#nouvelle-version p",
            "Une nouvelle version du site est disponible.",
        )
        .await
    {
        let workers = eval_async(&page, WORKERS).await?;
        return Err(format!("{e}; the workers: {workers}").into());
    }
    ensure_eq(
        page.text("#nouvelle-version button").await?,
        "Recharger".to_string(),
        "the offer's button",
    )?;
    ensure_eq(
        page.eval("document.getElementById('nouvelle-version').getAttribute('role')")
            .await?,
        json!("status"),
        "the offer's region (announced politely)",
    )?;
    axe_in_chromium(&page, "the new version offered").await?;
    // Reading goes on: in place, the same document. (The link is scrolled clear of
    // the offer, which stays at the bottom of the window.)
    let link = json!(page.css("main .card a[href='/agir/engagez-vous']"));
    page.eval(&format!(
        "document.querySelector({link}).scrollIntoView({{ block: 'center' }})"
    ))
    .await?;
    page.click("main .card a[href='/agir/engagez-vous']")
        .await?;
    page.wait_text("main h1", "Engagez-vous").await?;
    page.ensure_not_reloaded("with the offer shown").await?;

    page.click("#nouvelle-version button").await?;
    loaded_in_full(&page, "after Recharger").await?;
    controlled(&page).await?;
    // The new worker deletes the old cache as it activates, which the reload may
    // come before.
    let names = eventually(&page, "caches.keys().then(done);", |v| {
        v.as_array().is_some_and(|names| names.len() == 1)
    })
    .await?;
    let names: Vec<String> = serde_json::from_value(names)?;
    ensure(
        names.len() == 1 && names[0].ends_with("0123456789abcdef"),
        format!("the caches after the new build took over: {names:?} (before: {caches_before})"),
    )?;
    let agir = json!(page.url("/agir"));
    ensure_eq(
        eval_async(&page, &format!("caches.match({agir}).then(r => r.text()).then(t => done(t.includes('data-deploiement')));")).await?,
        json!(true),
        "/agir kept as the new build has it",
    )
}

/// Opens the home page, deploys a build whose `/agir` content file the app cannot
/// read and whose `/agir` page is marked, then follows a link to `/agir`.
async fn navigate_across_a_deployment(dist: &Path, page: &Page) -> TestResult {
    deploy(dist, "content/agir.json", |json| {
        json.replacen('{', "{\"format\": 2,", 1)
    })?;
    deploy(dist, &page_file("/agir"), marked)?;
    // Followed by the link's own click(): what matters here is where it leads, and
    // WebKit's WebDriver now and then reports a pointer click on a card intercepted.
    let link = json!(page.css("main .card a[href='/agir']"));
    page.eval(&format!("document.querySelector({link}).click()"))
        .await?;
    loaded_in_full(page, "following a link after a deployment").await?;
    page.taken_over().await?;
    ensure_eq(
        page.eval(NEW_DEPLOYMENT).await?,
        json!(true),
        "the new deployment's page",
    )?;
    ensure_eq(heading(page).await?, "Agir".to_string(), "the page")?;
    ensure_contains(
        &page.text("main").await?,
        "Chacun peut contribuer",
        "its content",
    )?;
    ensure_eq(page.count("main .load-error").await?, 0, "errors shown")
}

async fn a_tab_opened_before_a_deployment_keeps_navigating_without_a_service_worker(
    page: Page,
) -> TestResult {
    let (dist, _nginx, page) = own_site(&page)?;
    std::fs::remove_file(dist.join("sw.js"))?;
    page.open("/").await?;
    page.set_marker().await?;
    navigate_across_a_deployment(&dist, &page).await?;
    ensure_eq(
        page.eval("navigator.serviceWorker ? navigator.serviceWorker.controller : null")
            .await?,
        Value::Null,
        "a service worker (there should be none)",
    )
}

async fn a_tab_opened_before_a_deployment_keeps_navigating_under_a_service_worker(
    page: Page,
) -> TestResult {
    let (dist, _nginx, page) = own_site(&page)?;
    page.open("/").await?;
    controlled(&page).await?;
    page.set_marker().await?;
    navigate_across_a_deployment(&dist, &page).await
}

async fn losing_the_connection_is_announced_and_links_not_kept_are_marked(
    page: Page,
) -> TestResult {
    let (page, network) = under_service_worker(&page, "/agir").await?;
    wait_kept(&page, "/agir").await?;
    let offline = |offline: bool| json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 });
    network.cut(true);
    page.cdp("Network.enable", json!({})).await?;
    page.cdp("Network.emulateNetworkConditions", offline(true))
        .await?;
    page.wait_text(
        "#etat-connexion",
        "Vous êtes hors ligne. Les pages déjà lues restent disponibles.",
    )
    .await?;
    let marked = "[...document.querySelectorAll('a.indisponible-hors-ligne')].map(a => a.getAttribute('href'))";
    page.wait_until(&format!(
        "{marked}.includes({})",
        json!(page.href("/agir/engagez-vous"))
    ))
    .await?;
    let links: Vec<String> = serde_json::from_value(page.eval(marked).await?)?;
    ensure(
        !links.contains(&page.href("/agir")),
        format!("the page kept is marked as unavailable: {links:?}"),
    )?;
    ensure_contains(
        &page.text("main .card a[href='/agir/engagez-vous']").await?,
        "(indisponible hors ligne)",
        "a link to a page not kept",
    )?;
    axe_in_chromium(&page, "offline, links marked").await?;
    network.cut(false);
    page.cdp("Network.emulateNetworkConditions", offline(false))
        .await?;
    page.wait_text("#etat-connexion", "La connexion est rétablie.")
        .await?;
    ensure_eq(
        page.count("a.indisponible-hors-ligne").await?,
        0,
        "links marked once back online",
    )
}

async fn with_save_data_nothing_is_loaded_ahead(page: Page) -> TestResult {
    page.cdp(
        "Emulation.setDataSaverOverride",
        json!({ "dataSaverEnabled": true }),
    )
    .await?;
    page.open("/").await?;
    ensure_eq(
        page.eval("navigator.connection.saveData").await?,
        json!(true),
        "Save-Data",
    )?;
    page.hover("main .card a[href='/agir']").await?;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let asked = "performance.getEntriesByType('resource').filter(e => e.name.includes('/content/agir.json')).length";
    ensure_eq(
        page.eval(asked).await?,
        json!(0),
        "requests for agir.json after hovering its link",
    )?;
    page.click("main .card a[href='/agir']").await?;
    page.settled().await?;
    ensure_eq(
        page.eval(asked).await?,
        json!(1),
        "requests for agir.json once opened",
    )
}

async fn a_stalled_content_request_is_given_up_or_answered_by_the_copy_kept(
    page: Page,
) -> TestResult {
    let (page, network) = under_service_worker(&page, "/agir").await?;
    let content_kept = |path: &str| {
        let url = json!(page.url(&format!("/{}", oim_site::nav::content_file(path))));
        format!("caches.match({url}).then(r => done(!!r), () => done(false));")
    };
    // A page read: its content file is kept.
    page.click("main .card a[href='/agir/engagez-vous']")
        .await?;
    page.wait_for("#campagnes").await?;
    let kept = eventually(&page, &content_kept("/agir/engagez-vous"), |v| {
        *v == json!(true)
    })
    .await?;
    ensure(kept == json!(true), "the content file kept by the worker")?;

    // With a copy kept: the worker answers with it after its own wait (3 s), before
    // the app's (10 s) gives the request up. (A new document: the app's memory
    // holds only its own page.)
    page.open("/agir").await?;
    page.set_marker().await?;
    network.refuse(Some(("agir--engagez-vous.json", Refusal::Stall)));
    page.click("main .card a[href='/agir/engagez-vous']")
        .await?;
    page.wait_for("#campagnes")
        .await
        .map_err(|e| format!("the copy kept, the content stalled: {e}"))?;
    ensure_eq(page.count("main .load-error").await?, 0, "errors shown")?;
    page.ensure_not_reloaded("a stalled request answered by the copy kept")
        .await?;

    // No copy: the app gives the request up and says so, in place (a full load
    // would wait on the same server). Followed by the link's own click(): the
    // pointer never rests on it, so its page is not loaded ahead.
    page.click("nav.breadcrumbs a[href='/agir']").await?;
    page.wait_text("main h1", "Agir").await?;
    let never_read = "/agir/travailler-avec-nous";
    ensure(
        eval_async(&page, &content_kept(never_read)).await? == json!(false),
        format!("{never_read}'s content was kept before the test asked for it"),
    )?;
    network.refuse(Some(("agir--travailler-avec-nous.json", Refusal::Stall)));
    let link = json!(page.css("main .card a[href='/agir/travailler-avec-nous']"));
    page.eval(&format!("document.querySelector({link}).click()"))
        .await?;
    page.wait_for("main .load-error[role=alert]")
        .await
        .map_err(|e| format!("no error after the content stalled, with no copy: {e}"))?;
    ensure_contains(
        &page.text("main .load-error").await?,
        NO_ANSWER_IN_TIME,
        "the error, under a service worker with no copy",
    )?;
    page.ensure_not_reloaded("a content request given up under a service worker")
        .await?;
    network.refuse(None);
    Ok(())
}

/// Put before the worker's own code: its messages go unanswered until the page
/// posts `e2e-answer`.
const MUTE_WORKER: &str = r#"let e2eMute = true;
self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "e2e-answer") e2eMute = false;
  if (e2eMute || type === "e2e-answer") event.stopImmediatePropagation();
});
"#;

async fn a_worker_that_does_not_answer_is_said_so_and_asked_again(page: Page) -> TestResult {
    let (dist, _nginx, page) = own_site(&page)?;
    deploy(&dist, "sw.js", |sw| format!("{MUTE_WORKER}{sw}"))?;
    page.open("/hors-ligne").await?;
    controlled(&page).await?;
    let first = "Pour enregistrer le site, votre navigateur doit accepter JavaScript et les service workers.";
    let said = status_after(&page, first).await?;
    ensure_contains(
        &said,
        "n’a pas répondu à temps",
        "the control, when the worker does not answer",
    )?;
    page.ensure_visible("#copie-reessayer", true, "the retry button")
        .await?;
    page.ensure_visible("#copie-enregistrer", false, "the save button")
        .await?;
    axe_in_chromium(&page, "the worker not answering").await?;
    // The worker answers again: asked again, it says how large the copy would be.
    page.eval("navigator.serviceWorker.controller.postMessage({ type: 'e2e-answer' })")
        .await?;
    page.click("#copie-reessayer").await?;
    let offered = status_after(&page, &said).await?;
    ensure(
        offered.contains("environ") && offered.contains("ko"),
        format!("the size, asked again: {offered:?}"),
    )?;
    page.ensure_visible("#copie-reessayer", false, "the retry button once answered")
        .await?;
    page.ensure_visible("#copie-enregistrer", true, "the save button once answered")
        .await
}

async fn a_body_whose_hash_is_not_the_manifests_is_never_kept(page: Page) -> TestResult {
    // Deployed over the build but for sw.js: bodies the worker's manifest does not list.
    let (dist, _nginx, page) = own_site(&page)?;
    deploy(&dist, &page_file("/mentions-legales"), marked)?;
    deploy(&dist, "content/agir.json", |json| format!("{json}\n"))?;
    let (page, _network) = under_service_worker(&page, "/").await?;
    // Read: shown as the network gives it, never kept.
    page.open("/mentions-legales").await?;
    ensure_eq(
        page.eval(NEW_DEPLOYMENT).await?,
        json!(true),
        "the page as served",
    )?;
    page.open("/agir/engagez-vous").await?;
    wait_kept(&page, "/agir/engagez-vous").await?;
    ensure(
        !is_kept(&page, "/mentions-legales").await?,
        "a page whose body is not the build's was kept",
    )?;
    // Saving the whole site stops at the first such file, and keeps none.
    page.open("/hors-ligne").await?;
    save_the_site(&page, "L’enregistrement s’est interrompu").await?;
    for path in ["/mentions-legales", "/content/agir.json"] {
        ensure(
            !is_kept(&page, path).await?,
            format!("{path}, whose body is not the build's, kept by saving the site"),
        )?;
    }
    Ok(())
}

/// Every key of the site's caches, as paths.
async fn kept_paths(page: &Page) -> Found<Vec<String>> {
    let script = "caches.keys().then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys())))).then(keys => done(keys.flat().map(r => new URL(r.url).pathname)));";
    Ok(serde_json::from_value(eval_async(page, script).await?)?)
}

async fn a_page_read_under_one_form_of_its_address_opens_offline_under_the_others(
    page: Page,
) -> TestResult {
    let (page, network) = under_service_worker(&page, "/").await?;
    wait_kept(&page, "/").await?;
    // Read as a host that adds the slash serves it, and by its canonical address.
    page.open("/agir/").await?;
    wait_kept(&page, "/agir").await?;
    page.open("/agir/engagez-vous").await?;
    wait_kept(&page, "/agir/engagez-vous").await?;
    let root = page.href("/");
    let forms: Vec<String> = kept_paths(&page)
        .await?
        .into_iter()
        .filter(|path| path.ends_with(".html") || (path.ends_with('/') && *path != root))
        .collect();
    ensure(
        forms.is_empty(),
        format!("pages kept under another form of their address: {forms:?}"),
    )?;
    network.cut(true);
    for (form, path, title) in [
        ("/agir", "/agir", "Agir"),
        ("/agir/", "/agir", "Agir"),
        ("/agir/index.html", "/agir", "Agir"),
        ("/agir.html", "/agir", "Agir"),
        ("/agir/engagez-vous/", "/agir/engagez-vous", "Engagez-vous"),
        (
            "/agir/engagez-vous.html",
            "/agir/engagez-vous",
            "Engagez-vous",
        ),
        ("/index.html", "/", PAGES[0].1),
    ] {
        page.open(form).await?;
        ensure_eq(
            heading(&page).await?,
            title.to_string(),
            format!("{form} offline"),
        )?;
        ensure_eq(
            page.path().await?,
            path.to_string(),
            format!("{form}'s address offline"),
        )?;
    }
    network.cut(false);
    Ok(())
}

async fn the_whole_site_saved_from_a_host_that_adds_the_slash_reads_offline(
    page: Page,
) -> TestResult {
    // nginx's own way with folders, as Cloudflare Pages does with `agir/index.html`:
    // `/agir` is redirected to `/agir/`.
    let (_dist, _nginx, page) = own_site_with(&page, |dist| {
        let conf = crate::harness::nginx_conf_of(dist);
        let text = std::fs::read_to_string(&conf)?;
        let clean = "try_files $uri $uri/index.html =404;";
        ensure(text.contains(clean), "the site's nginx conf serves folders")?;
        std::fs::write(&conf, text.replace(clean, "absolute_redirect off;"))?;
        Ok(())
    })?;
    let (status, _) = crate::harness::http_text(page.origin(), &page.href("/agir")).await;
    ensure(
        (300..400).contains(&status),
        format!("the host redirects /agir: {status}"),
    )?;
    let (page, network) = under_service_worker(&page, "/hors-ligne").await?;
    save_the_site(&page, SAVED).await?;
    let forms: Vec<String> = kept_paths(&page)
        .await?
        .into_iter()
        .filter(|path| path.ends_with("/agir/"))
        .collect();
    ensure(
        forms.is_empty(),
        format!("kept under the host's form: {forms:?}"),
    )?;
    network.cut(true);
    every_page_reads_offline(&page, "saved from a host that redirects").await?;
    network.cut(false);
    Ok(())
}

async fn the_kill_switch_turns_the_worker_off_and_deletes_the_caches(page: Page) -> TestResult {
    let (dist, _nginx, page) = own_site(&page)?;
    page.open("/agir").await?;
    controlled(&page).await?;
    wait_kept(&page, "/agir").await?;
    let kill_switch = std::fs::read_to_string(repo().join("deploy/sw-kill-switch.js"))?;
    deploy(&dist, "sw.js", |_| kill_switch)?;
    // The browser finds the new worker as a page loads.
    page.open("/agir").await?;
    let names = eventually(&page, "caches.keys().then(done);", |v| *v == json!([])).await?;
    ensure_eq(
        names,
        json!([]),
        "the site's caches once the kill switch is deployed",
    )?;
    let registrations = "navigator.serviceWorker.getRegistrations().then(r => done(r.length));";
    let left = eventually(&page, registrations, |v| *v == json!(0)).await?;
    ensure_eq(left, json!(0), "service workers registered")?;
    page.open("/agir/engagez-vous").await?;
    ensure_eq(
        page.eval("navigator.serviceWorker.controller").await?,
        Value::Null,
        "a service worker answering a page loaded after the kill switch",
    )
}
