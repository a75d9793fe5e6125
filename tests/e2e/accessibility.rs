//! Accessibility: axe-core (WCAG 2.0–2.2 A/AA and best practices) on every page, at
//! desktop and phone widths, with menus open, and on the loading and error states;
//! a keyboard-only journey; visible focus; zoom, text spacing, reduced motion, print;
//! and Lighthouse's accessibility score.

use crate::content::{install_fetch_stub, set_fetch_mode};
use crate::harness::{ensure, ensure_contains, ensure_eq, lighthouse, repo, Page, TestResult};
use crate::site_map::PAGES;
use fantoccini::key::Key;
use serde_json::{json, Value};
use std::future::Future;
use std::sync::OnceLock;

crate::tests! {
    every_engine: [
        keyboard_only_journey_with_visible_focus,
        focus_indicators_contrast_at_least_3_to_1,
        layout_holds_at_200_percent_zoom_and_with_text_spacing,
    ],
    // axe and Lighthouse are judged in one engine; reduced motion and print are
    // emulated through Chromium's DevTools protocol.
    chromium_only: [
        axe_finds_nothing_on_any_page_at_desktop_width,
        axe_finds_nothing_on_any_page_at_phone_width,
        axe_finds_nothing_with_menus_open,
        axe_finds_nothing_on_loading_and_error_states,
        reduced_motion_stops_animation_and_print_hides_menus,
        lighthouse_accessibility_scores_100,
    ],
}

const TAGS: [&str; 6] = [
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
];

fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        std::fs::read_to_string(repo().join("node_modules/axe-core/axe.min.js"))
            .expect("node_modules/axe-core/axe.min.js (scripts/setup.sh installs it)")
    })
}

/// Runs axe-core on the page as it is now; fails with every violation, named.
pub async fn axe(page: &Page, state: &str) -> TestResult {
    if page.eval("typeof window.axe").await? != json!("object") {
        // Through WebDriver, so the site's CSP (rightly) does not apply to it.
        page.client
            .execute(&format!("{}\nreturn true;", axe_source()), vec![])
            .await?;
    }
    let script = format!(
        "const done = arguments[arguments.length - 1];
         axe.run(document, {{ runOnly: {{ type: 'tag', values: {} }}, resultTypes: ['violations'] }})
           .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' +
                 v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))
           .catch(e => done(['axe failed: ' + e]));",
        json!(TAGS)
    );
    let violations = page.client.execute_async(&script, vec![]).await?;
    ensure_eq(violations, json!([]), format!("{state}: axe violations"))
}

/// The widths the accessibility checks of a state run at: a desktop and a phone.
pub const WIDTHS: [u32; 2] = [1280, 375];

/// Runs `check` once at each of `WIDTHS`, the viewport set to it first.
pub async fn at_each_width<F, Fut>(page: &Page, mut check: F) -> TestResult
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = TestResult>,
{
    for width in WIDTHS {
        page.set_viewport_width(width).await?;
        check(width).await?;
    }
    Ok(())
}

async fn every_page_at(page: &Page, width: u32) -> TestResult {
    page.set_viewport_width(width).await?;
    for (path, _, _) in PAGES {
        page.open(path).await?;
        page.settled().await?;
        axe(page, &format!("{path} at {width}px")).await?;
    }
    Ok(())
}

async fn axe_finds_nothing_on_any_page_at_desktop_width(page: Page) -> TestResult {
    every_page_at(&page, 1280).await
}

async fn axe_finds_nothing_on_any_page_at_phone_width(page: Page) -> TestResult {
    every_page_at(&page, 375).await
}

async fn axe_finds_nothing_with_menus_open(page: Page) -> TestResult {
    page.set_viewport_width(1280).await?;
    page.open("/qui-sommes-nous/structure/directrice-generale")
        .await?;
    page.settled().await?;
    for i in 0..4 {
        page.click(&format!("#menu-rubrique-{i}")).await?;
        page.ensure_visible(
            &format!("#menu-panneau-{i}"),
            true,
            "after a click on its button",
        )
        .await?;
        axe(&page, &format!("desktop panel {i} open")).await?;
    }
    page.set_viewport_width(375).await?;
    page.open("/agir").await?;
    page.settled().await?;
    page.click("#menu-bouton").await?;
    axe(&page, "phone menu open").await?;
    page.click("#menu-rubrique-0").await?;
    axe(&page, "phone menu with a section open").await
}

async fn axe_finds_nothing_on_loading_and_error_states(page: Page) -> TestResult {
    let page = &page;
    at_each_width(page, |width| async move {
        let page = install_fetch_stub(page, "/").await?;
        set_fetch_mode(&page, "hold").await?;
        page.click("footer a[href='/accessibilite']").await?;
        page.wait_for("main .loading").await?;
        axe(&page, &format!("loading state at {width}px")).await?;
        set_fetch_mode(&page, "fail").await?;
        page.click("footer a[href='/mentions-legales']").await?;
        page.wait_for("main .load-error").await?;
        axe(&page, &format!("error state at {width}px")).await
    })
    .await
}

/// Presses Tab (or Shift+Tab) until the focused element's text is `text`, checking at
/// each step that focus is on an element and visibly marked.
async fn tab_to(page: &Page, text: &str, backwards: bool) -> TestResult {
    let mut last = Value::Null;
    for _ in 0..80 {
        if backwards {
            page.press_shift_tab().await?;
        } else {
            page.press(Key::Tab).await?;
        }
        let state = page
            .eval(
                "(() => { const e = document.activeElement; if (!e || e === document.body) return null; \
                 const s = getComputedStyle(e); \
                 return [e.textContent.trim(), e.matches(':focus-visible'), s.outlineStyle, parseFloat(s.outlineWidth)]; })()",
            )
            .await?;
        let Value::Array(state) = state else {
            return Err("focus fell back to <body>".into());
        };
        ensure(
            state[1] == json!(true)
                && state[2] != json!("none")
                && state[3].as_f64().unwrap_or(0.0) >= 2.0,
            format!("focus on {:?} is not visibly marked: {state:?}", state[0]),
        )?;
        if state[0] == json!(text) {
            return Ok(());
        }
        last = state[0].clone();
    }
    Err(
        format!("never reached {text:?} with the keyboard in 80 presses; the last was on {last}")
            .into(),
    )
}

/// After Enter on a link: the new page's heading, and focus on it (not on <body>).
async fn arrived(page: &Page, h1: &str) -> TestResult {
    page.wait_text("main h1", h1).await?;
    page.wait_until("document.activeElement.id === 'titre-page'")
        .await
}

async fn keyboard_only_journey_with_visible_focus(page: Page) -> TestResult {
    page.set_viewport_width(1280).await?;
    let page = install_fetch_stub(&page, "/").await?;
    // A link inside each section's panel.
    let journey = [
        ("Qui sommes nous", "Structure organisationnelle"),
        ("Notre travail", "Partenariats"),
        ("Agir", "Engagez-vous"),
        (
            "Données et recherche",
            "Voir la rubrique «\u{a0}Données et recherche\u{a0}»",
        ),
    ];
    let mut backwards = false;
    for (section, link) in journey {
        tab_to(&page, section, backwards).await?;
        page.press(Key::Enter).await?;
        tab_to(&page, link, false).await?;
        page.press(Key::Enter).await?;
        let h1 = link
            .strip_prefix("Voir la rubrique «\u{a0}")
            .map(|l| l.trim_end_matches("\u{a0}»"))
            .unwrap_or(link);
        arrived(&page, h1).await?;
        backwards = true; // The menu is above the heading that now has focus.
    }
    // The section without a panel is a plain link.
    tab_to(&page, "2030 AGENDA", true).await?;
    page.press(Key::Enter).await?;
    arrived(&page, "2030 AGENDA").await?;
    // A breadcrumb.
    tab_to(&page, "Accueil", true).await?;
    page.press(Key::Enter).await?;
    arrived(&page, "Organisation internationale pour les migrations").await?;
    // A footer link, whose content then fails to load: the retry button.
    set_fetch_mode(&page, "fail").await?;
    tab_to(&page, "Mentions légales", false).await?;
    page.press(Key::Enter).await?;
    arrived(&page, "Mentions légales").await?;
    page.wait_for("main .load-error").await?;
    set_fetch_mode(&page, "real").await?;
    tab_to(&page, "Réessayer", false).await?;
    page.press(Key::Enter).await?;
    page.wait_for("#editeur").await?;
    ensure(
        page.eval("document.activeElement !== document.body")
            .await?
            == json!(true),
        "focus is not lost after the retry: found it on <body>",
    )
}

/// Contrast ratio between an element's focus outline and what is behind it.
const OUTLINE_CONTRAST: &str = r#"(() => {
  const lum = c => { const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const e = document.activeElement;
  let bg = 'rgb(255, 255, 255)';
  for (let n = e.parentElement; n; n = n.parentElement) {
    const c = getComputedStyle(n).backgroundColor;
    if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { bg = c; break; }
  }
  const [a, b] = [lum(getComputedStyle(e).outlineColor), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
})()"#;

async fn focus_indicators_contrast_at_least_3_to_1(page: Page) -> TestResult {
    page.set_viewport_width(1280).await?;
    page.open("/").await?;
    page.settled().await?;
    // On the white header, on a card, on the dark blue footer.
    let stops = ["Qui sommes nous", "Quel avenir pour les migrations internationales et la mobilité humaine ? - Une initiative conjointe d’élaboration de scénarios", "Plan du site"];
    for text in stops {
        tab_to(&page, text, false).await?;
        let ratio = page.eval(OUTLINE_CONTRAST).await?.as_f64().unwrap_or(0.0);
        ensure(
            ratio >= 3.0,
            format!("focus outline on {text:?}: contrast {ratio:.2}:1"),
        )?;
    }
    Ok(())
}

async fn layout_holds_at_200_percent_zoom_and_with_text_spacing(page: Page) -> TestResult {
    // A 1280px window at 200 % zoom lays out like a 640px-wide viewport.
    page.set_viewport_width(640).await?;
    let overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth";
    let spacing = "(() => { const s = document.styleSheets[0]; \
        s.insertRule('* { line-height: 1.5 !important; letter-spacing: 0.12em !important; \
        word-spacing: 0.16em !important; }', s.cssRules.length); \
        s.insertRule('p { margin-bottom: 2em !important; }', s.cssRules.length); })()";
    for (path, _, _) in PAGES {
        page.open(path).await?;
        page.settled().await?;
        ensure_eq(
            page.eval(overflow).await?,
            json!(0),
            format!("{path} at 200 %: pixels of horizontal scrolling"),
        )?;
        page.eval(spacing).await?;
        ensure_eq(
            page.eval(overflow).await?,
            json!(0),
            format!("{path} with text spacing: pixels of horizontal scrolling"),
        )?;
        let clipped = page
            .eval(
                "[...document.querySelectorAll('h1, h2, h3, p, li, a, button, dt, dd')] \
                 .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'hidden' \
                 && !e.closest('.visually-hidden, .skip-links, .brand-name')).length",
            )
            .await?;
        ensure_eq(clipped, json!(0), format!("{path}: clipped texts"))?;
    }
    Ok(())
}

async fn reduced_motion_stops_animation_and_print_hides_menus(page: Page) -> TestResult {
    page.cdp(
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-reduced-motion", "value": "reduce" }] }),
    )
    .await?;
    let page = install_fetch_stub(&page, "/").await?;
    set_fetch_mode(&page, "hold").await?;
    page.click("main .card a[href='/agir']").await?;
    page.wait_for("main .loading-spinner").await?;
    let animation = page
        .eval("getComputedStyle(document.querySelector('.loading-spinner')).animationName")
        .await?;
    ensure_eq(
        animation,
        json!("none"),
        "the spinner's animation under reduced motion",
    )?;
    page.eval("window.__release()").await?;
    page.settled().await?;

    page.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }))
        .await?;
    for hidden in [
        "header .main-nav",
        ".skip-links",
        ".breadcrumbs",
        "footer nav",
    ] {
        page.ensure_visible(hidden, false, "in print").await?;
    }
    page.ensure_visible("main h1", true, "in print, the content")
        .await?;
    let main = page
        .eval("document.querySelector('main').textContent")
        .await?;
    ensure_contains(
        main.as_str().unwrap_or_default(),
        "Chacun peut contribuer",
        "the printed content",
    )
}

async fn lighthouse_accessibility_scores_100(page: Page) -> TestResult {
    for path in [
        "/",
        "/qui-sommes-nous",
        "/qui-sommes-nous/structure/directrice-generale",
        "/donnees-et-recherche/lavenir-de-la-migration",
    ] {
        let (score, failing) = lighthouse(&page, path, "accessibility", Some("desktop")).await?;
        ensure(
            score == 1.0,
            format!("{path}: accessibility {score}, failing {failing:?}"),
        )?;
    }
    Ok(())
}
