//! How the app takes a prerendered page over (src/main.rs): one region at a time,
//! in short tasks, with no visible change (same text, same boxes, no layout shift),
//! focus kept on the control the visitor was on, and nothing lost of a click made
//! at any moment of the start-up.

use crate::harness::{ensure, ensure_eq, Engine, Page, TestResult};
use crate::held_app::HeldApp;
use serde_json::{json, Value};

crate::tests! {
    every_engine_and_build: [
        the_app_takes_over_without_a_visible_change,
        a_click_at_any_moment_of_the_start_up_is_not_lost,
    ],
}

/// What Chromium logs when the proxy refuses `sw.js`.
const REFUSED_WORKER: &str = "An unknown error occurred when fetching the script.";

/// Run on the prerendered page while the app is held back (`held_app`): records
/// what the visitor sees, puts focus on the control named by the argument, as a
/// visitor tabbing to it would, and starts recording layout shifts (where the
/// engine reports them: Chromium) and console warnings and errors.
const BEFORE_APP: &str = r#"
const [focusOn, collapseLineBreaks] = arguments;
window.__problems = [];
document.addEventListener('securitypolicyviolation',
  e => window.__problems.push('CSP: ' + e.violatedDirective + ' ' + e.blockedURI));
for (const level of ['warn', 'error']) {
  const original = console[level];
  console[level] = (...args) => { window.__problems.push(level + ': ' + args.join(' ')); original(...args); };
}
addEventListener('error', e => window.__problems.push('error: ' + e.message));
addEventListener('unhandledrejection', e => window.__problems.push('rejection: ' + e.reason));
window.__snapshot = () => {
  // Boxes in page coordinates: focusing below scrolls the window.
  const box = s => { const r = document.querySelector(s)?.getBoundingClientRect();
                     if (r && !r.width && !r.height) return 'hidden';
                     return r ? [r.x + scrollX, r.y + scrollY, r.width, r.height].map(Math.round) : null; };
  return {
    menuEntry: document.querySelector('#menu-rubrique-0')?.tagName,
    title: document.title,
    // In WebKit, runs of line breaks counted as one: its innerText gives a blank
    // line more after the home page's lead paragraph in the app's DOM than in the
    // parsed markup, though the two differ only by Leptos's empty comment markers
    // (its text iterator, not its layout: every box below stays put).
    text: collapseLineBreaks ? document.querySelector('main').innerText.replace(/\n+/g, '\n')
                             : document.querySelector('main').innerText,
    boxes: ['.site-header', '.brand', '#menu-bouton', '#menu-rubrique-0', '#menu-rubrique-3',
            'nav.breadcrumbs', 'main h1', 'main h2', 'main p:last-of-type', 'main', 'footer'].map(box),
    scrollHeight: document.documentElement.scrollHeight,
  };
};
window.__focused = () => {
  const e = document.activeElement;
  return { tag: ['A', 'BUTTON', 'INPUT'].includes(e.tagName) ? 'control' : e.tagName,
           id: e.id, text: e.textContent.trim(), region: e.closest('body > *')?.className };
};
window.__before = window.__snapshot();
window.__beforeH1 = document.querySelector('main h1');
// The parts of <main> only the app makes work (src/pages/mod.rs, `islands_of`).
window.__islands = [...document.querySelectorAll('main .search-page, main .offline-copy, main #suggestions')];
document.querySelector(focusOn).focus();
window.__focusedBefore = window.__focused();
window.__shifts = [];
// From now on only (not `buffered`): what moved while the page loaded, before the
// app was let through, is not the take-over's doing (Lighthouse's layout shift, in
// the benchmark, covers the load).
if (PerformanceObserver.supportedEntryTypes.includes('layout-shift')) {
  new PerformanceObserver(list => window.__shifts.push(...list.getEntries().map(e => e.value)))
    .observe({ type: 'layout-shift' });
}
"#;

async fn the_app_takes_over_without_a_visible_change(page: Page) -> TestResult {
    let held = HeldApp::start(page.origin()).await;
    let page = page.through(&held.origin);
    // Focus in each region of the page, found by id (the menu's links become
    // buttons with the same ids) or by position among the region's links.
    for (path, width, focused) in [
        ("/", 1280, "main .cards a"),
        ("/agir", 1280, "#menu-rubrique-1"),
        (
            "/qui-sommes-nous/structure/directrice-generale",
            1280,
            "nav.breadcrumbs li:nth-child(2) a",
        ),
        ("/accessibilite", 1280, "footer a[href$=\"/plan-du-site\"]"),
        // An island: the results page's form, drawn by the search chunk.
        ("/recherche", 1280, "#recherche-page"),
        (
            "/donnees-et-recherche/lavenir-de-la-migration",
            375,
            "#menu-bouton",
        ),
    ] {
        page.set_viewport_width(width).await?;
        held.hold();
        page.open_document(path).await?;
        page.client
            .execute(
                BEFORE_APP,
                vec![json!(focused), json!(page.engine == Engine::Webkit)],
            )
            .await?;
        held.release();
        page.taken_over().await?;
        let before = page.eval("window.__before").await?;
        ensure_eq(
            before["menuEntry"].clone(),
            json!("A"),
            format!("{path}: the first snapshot is of the prerendered markup; its menu entry"),
        )?;
        // Two frames after the take-over, so any shift would have been recorded.
        page.client
            .execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(done));",
                vec![],
            )
            .await?;
        let after = page.eval("window.__snapshot()").await?;
        ensure_eq(
            after["menuEntry"].clone(),
            json!("BUTTON"),
            format!("{path}: the app has replaced the markup; the menu entry"),
        )?;
        // `<main>` stays the prerendered one until another page is opened in place
        // (src/main.rs); only its islands (the search results) are the app's.
        ensure(
            page.eval("document.querySelector('main h1') === window.__beforeH1")
                .await?
                == json!(true),
            format!("{path}: the prerendered <main> should stay, but its <h1> was replaced"),
        )?;
        ensure_eq(
            page.eval("window.__islands.filter(island => island.isConnected).length")
                .await?,
            json!(0),
            format!("{path}: islands of the prerendered <main> not replaced by the app's"),
        )?;
        for key in ["title", "text", "boxes", "scrollHeight"] {
            ensure(
                before[key] == after[key],
                format!("{path}: {key} changed: {} → {}", before[key], after[key]),
            )?;
        }
        let shifts = page.eval("window.__shifts").await?;
        ensure_eq(shifts, json!([]), format!("{path}: layout shifts"))?;
        let focused_before = page.eval("window.__focusedBefore").await?;
        ensure(
            focused_before["tag"] == json!("control"),
            format!("{path}: the test could not focus {focused}: {focused_before}"),
        )?;
        ensure_eq(
            page.eval("window.__focused()").await?,
            focused_before,
            format!("{path}: focus, put on {focused} before the app started"),
        )?;
        ensure_one_of_each_region(&page, path).await?;
        let problems = page.eval("window.__problems").await?;
        ensure_eq(
            problems,
            json!([]),
            format!("{path}: console warnings and errors"),
        )?;
        if page.engine == Engine::Chromium {
            // Chromium's log also holds what no script sees: CSP violations, failed loads.
            let log = page.browser_log().await?;
            // But the proxy's refusal of the service worker's script (`held_app`), which
            // the site takes quietly: it is the proxy's doing, not the page's.
            let noisy: Vec<_> = log
                .iter()
                .filter(|(level, _)| level == "WARNING" || level == "SEVERE")
                .filter(|(_, message)| !message.ends_with(REFUSED_WORKER))
                .collect();
            ensure(noisy.is_empty(), format!("{path}: console {noisy:?}"))?;
        }
    }
    Ok(())
}

/// Clicks the element the first argument selects, N zero-delay tasks (the second
/// argument) after the app's `main` has run. The start-up is a series of such tasks,
/// so the clicks land between its steps.
const CLICK_DURING_START: &str = r#"
const [selector, tasks] = arguments;
addEventListener('TrunkApplicationStarted', () => {
  let left = tasks;
  const step = () => left-- > 0 ? setTimeout(step) : document.querySelector(selector).click();
  step();
});
"#;

/// The start-up's steps (src/main.rs): reading the page, the model, the router,
/// then six regions; a click is tried before, between and after each.
const START_UP_TASKS: i32 = 10;

async fn a_click_at_any_moment_of_the_start_up_is_not_lost(page: Page) -> TestResult {
    let held = HeldApp::start(page.origin()).await;
    let page = page.through(&held.origin);
    page.set_viewport_width(1280).await?;
    for tasks in -1..=START_UP_TASKS {
        // A menu button: before the header is the app's, it is a link to the
        // section's page, which is followed (in place once the router runs);
        // after, it is a button, which opens its panel.
        let moment = format!("a click on the first menu entry {tasks} tasks after the app's start");
        open_and_click(&page, &held, "/", tasks, "#menu-rubrique-0").await?;
        page.wait_until(
            "document.documentElement.hasAttribute('data-app-ready') && \
             (document.querySelector('main h1')?.textContent === 'Qui sommes nous' || \
              document.querySelector('#menu-rubrique-0').getAttribute('aria-expanded') === 'true')",
        )
        .await
        .map_err(|e| format!("{moment}: neither the section's page nor its panel: {e}"))?;
        if page.path().await? == "/qui-sommes-nous" {
            ensure_eq(
                page.text("nav.breadcrumbs li:last-child").await?,
                "Qui sommes nous".to_string(),
                format!("{moment}: followed; the breadcrumbs' last entry"),
            )?;
        } else {
            ensure_eq(
                page.path().await?,
                "/".to_string(),
                format!("{moment}: the panel opened; the address"),
            )?;
            page.ensure_visible(
                "#menu-panneau-0 a",
                true,
                format!("{moment}: the panel's links"),
            )
            .await?;
        }
        ensure_one_of_each_region(&page, &moment).await?;
        // And the app works: a menu button opens its panel.
        page.click("#menu-rubrique-1").await?;
        page.wait_until(
            "document.querySelector('#menu-rubrique-1').getAttribute('aria-expanded') === 'true'",
        )
        .await
        .map_err(|e| {
            format!("{moment}: afterwards, the second menu button does not open its panel: {e}")
        })?;

        // A link in the page: always followed, to the right page.
        let moment =
            format!("a click on a card of the home page {tasks} tasks after the app's start");
        open_and_click(&page, &held, "/", tasks, "main .cards a[href$='/agir']").await?;
        page.wait_until(
            "document.documentElement.hasAttribute('data-app-ready') && \
             document.querySelector('main h1')?.textContent === 'Agir'",
        )
        .await
        .map_err(|e| format!("{moment}: the page Agir is not shown: {e}"))?;
        ensure_eq(
            page.path().await?,
            "/agir".to_string(),
            format!("{moment}: the address"),
        )?;
        ensure_one_of_each_region(&page, &moment).await?;
    }
    Ok(())
}

/// Opens `path` with the app held back, then clicks `selector`: at once, on the
/// prerendered page (`tasks` = -1, the link is followed by the browser and the next
/// page's app is let through too), or `tasks` tasks after the app's start.
async fn open_and_click(
    page: &Page,
    held: &HeldApp,
    path: &str,
    tasks: i32,
    selector: &str,
) -> TestResult {
    held.hold();
    page.open_document(path).await?;
    if tasks < 0 {
        page.eval(&format!(
            "document.querySelector({}).click()",
            json!(selector)
        ))
        .await?;
    } else {
        page.client
            .execute(CLICK_DURING_START, vec![json!(selector), json!(tasks)])
            .await?;
    }
    held.release();
    Ok(())
}

/// Each region of the page once: none left over from the prerendered markup.
async fn ensure_one_of_each_region(page: &Page, when: &str) -> TestResult {
    let counts: Value = page
        .eval(
            "['.skip-links', '.site-header', 'main', '.site-footer', '#annonce-navigation']\
             .map(s => document.querySelectorAll('body > ' + s).length)",
        )
        .await?;
    ensure_eq(
        counts,
        json!([1, 1, 1, 1, 1]),
        format!("{when}: skip links, header, main, footer, announcer"),
    )
}
