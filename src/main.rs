//! Starts the app in the browser. A prerendered page is taken over one region at a
//! time (header, footer…), each in its own task, so that the browser stays free to
//! answer the visitor between them: each region's markup is replaced by the app's
//! identical markup, and keyboard focus stays where the visitor had put it. (One
//! long task drawing the whole page blocked input for about 65 ms on a fast machine:
//! see BENCHMARKS.md.) `<main>` is drawn by the pages chunk (`app::PAGES`): the
//! prerendered one stays until the visitor opens another page in place, and only
//! its parts that need the app (`pages::islands_of`) are drawn, from their chunks.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use oim_site::api::ContentSource;
use oim_site::app::{Region, Started, PAGES};
use oim_site::chunks::AnyChunk;
use oim_site::dom::{browser_says, DocumentAddress, SAVE_DATA};
use oim_site::nav::{model, normalize, origin_of, Resolution, Site};
use oim_site::pages::islands_of;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsValue;
use web_sys::{Document, Element, HtmlElement};

/// Links present alike in the prerendered markup and in the app's. Controls with
/// an id are found by it (the menu's links become buttons with the same ids).
const MATCHING_LINKS: &str = "a[href]:not([id])";

/// Set on `<html>` once every region is the app's.
const TAKEN_OVER: &str = "data-app-ready";

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(start());
}

/// The start-up, as a series of short tasks: between two steps the browser may
/// paint and answer input.
async fn start() {
    let doc = document();
    // Trunk writes the public URL (`/` or a sub-path such as `/oim/`) into `<base href>`.
    let public_url = attribute(&doc, "base[href]", "href").unwrap_or_else(|| "/".into());
    // Canonical addresses keep the origin the page was published for.
    let canonical = attribute(&doc, r#"link[rel="canonical"]"#, "href");
    let origin = canonical.as_deref().and_then(origin_of).map(str::to_string);
    let origin = origin.unwrap_or_else(|| window().location().origin().unwrap_or_default());
    let site = Site::new(&public_url, &origin);
    // A page that fails to load is loaded in full, unless it is this document's.
    let address = window().location().pathname().unwrap_or_default();
    // The parts of the prerendered page only the app makes work load their code
    // while the regions are taken over; so does the pages chunk, when the app draws
    // `<main>` at once: on a page that was not prerendered (the development
    // server's), or at a former address, which the app redirects.
    let path = normalize(site.strip_base(&address)).to_string();
    let prerendered = doc.query_selector(Region::Main.selector()).ok().flatten();
    let redirect = matches!(model().resolve(&path), Resolution::Redirect(_));
    let main_now = prerendered.is_none() || redirect;
    let islands = if main_now { &[][..] } else { islands_of(&path) };
    if main_now {
        PAGES.load_ahead();
    }
    for island in islands {
        island.chunk.load_ahead();
    }
    next_task().await;
    model();
    next_task().await;
    let source = ContentSource::new(site.clone());
    let document_address = DocumentAddress(address.as_str().into());
    let app = Rc::new(Started::new(site, source, document_address));
    // What the app drew in the prerendered `<main>`: gone with it.
    let drawn_islands = Rc::new(std::cell::RefCell::new(Vec::<Owner>::new()));
    if !main_now {
        // The first page opened in place (even during the start-up) is drawn by the
        // app, whose `<main>` then replaces the prerendered one.
        let (later, islands) = (app.clone(), drawn_islands.clone());
        app.on_first_navigation(&address, move |address| {
            // Until the new page is drawn, the old one says it is being replaced.
            if !PAGES.is_loaded() {
                if let Some(main) = document()
                    .query_selector(Region::Main.selector())
                    .ok()
                    .flatten()
                {
                    let _ = main.set_attribute("aria-busy", "true");
                }
            }
            leptos::task::spawn_local(async move {
                if PAGES.ready().await {
                    take_over_region(&later, Region::Main);
                    for island in islands.take() {
                        island.cleanup();
                    }
                } else {
                    // Without the code that draws pages, the page is loaded whole.
                    let _ = window().location().assign(&address);
                }
            })
        });
    }
    for region in Region::ALL {
        next_task().await;
        // Without its code the prerendered `<main>` stays, as on any other page.
        if region == Region::Main && !(main_now && PAGES.ready().await) {
            continue;
        }
        take_over_region(&app, region);
    }
    for island in islands {
        next_task().await;
        // Without its code, the prerendered part stays (as without JavaScript); a
        // page opened in place meanwhile has replaced it.
        if island.chunk.ready().await && is_present(island.selector) {
            let owner = take_over(&app, island.selector, None, island.view);
            drawn_islands.borrow_mut().push(owner);
        }
    }
    // The pages chunk, ahead of the first page opened in place, once the browser has
    // nothing else to do.
    if !main_now && !browser_says(&SAVE_DATA) {
        // Safari has no `requestIdleCallback`: there, after the start-up's last task.
        if request_idle_callback_with_handle(|| PAGES.load_ahead()).is_err() {
            set_timeout(|| PAGES.load_ahead(), Duration::ZERO);
        }
    }
    // Whole: the tests and the benchmark wait for this mark.
    if let Some(root) = doc.document_element() {
        let _ = root.set_attribute(TAKEN_OVER, "");
    }
}

/// Resolves in a new task (a zero-delay timer), once the browser has had its turn.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        set_timeout(
            move || {
                let _ = resolve.call0(&JsValue::NULL);
            },
            Duration::ZERO,
        )
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Replaces the prerendered `region` with the app's (or, on a page that was not
/// prerendered, the development server's, adds it).
fn take_over_region(app: &Started, region: Region) {
    // Drawn where the prerendered region is, or before the next prerendered one
    // (the home page has no breadcrumbs), or at the end.
    let later = Region::ALL.iter().skip_while(|r| **r != region);
    let selectors: Vec<_> = later.map(|r| r.selector()).collect();
    let before = document()
        .query_selector(&selectors.join(", "))
        .ok()
        .flatten();
    // A region stays for the life of the page: its owner is never dropped (dropping
    // it would dispose of its effects).
    std::mem::forget(take_over(app, region.selector(), before, move || {
        region.view()
    }));
}

/// Replaces the prerendered element at `selector` with the app's `view` of it (if
/// there is none, draws it before `before`, or at the end of `<body>`), keeping
/// keyboard focus on the same control.
fn take_over(
    app: &Started,
    selector: &str,
    before: Option<Element>,
    view: impl FnOnce() -> AnyView,
) -> Owner {
    let doc = document();
    let prerendered = doc.query_selector(selector).ok().flatten();
    let parent = prerendered
        .as_ref()
        .and_then(|p| p.parent_element())
        .unwrap_or_else(|| doc.body().expect("the document has a body").into());
    let before = prerendered.clone().or(before);
    let focus = prerendered.as_ref().map(FocusPlace::within);
    let owner = app.mount(view, &parent, before.as_deref());
    if let Some(old) = prerendered {
        old.remove();
    }
    if let Some(focus) = focus {
        focus.restore(&doc, selector);
    }
    owner
}

fn is_present(selector: &str) -> bool {
    document().query_selector(selector).ok().flatten().is_some()
}

fn attribute(doc: &Document, selector: &str, name: &str) -> Option<String> {
    doc.query_selector(selector).ok()??.get_attribute(name)
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

/// Where keyboard focus is inside a prerendered region, so it can be put back on
/// the same control once the app has replaced that region.
enum FocusPlace {
    Elsewhere,
    Id(String),
    Link(usize),
}

impl FocusPlace {
    fn within(region: &Element) -> Self {
        let Some(active) = document().active_element() else {
            return FocusPlace::Elsewhere;
        };
        if !region.contains(Some(&active)) {
            return FocusPlace::Elsewhere;
        }
        if !active.id().is_empty() {
            return FocusPlace::Id(active.id());
        }
        all(region, MATCHING_LINKS)
            .iter()
            .position(|link| *link == active)
            .map_or(FocusPlace::Elsewhere, FocusPlace::Link)
    }

    /// Focuses the same control in the element at `selector`, just drawn.
    fn restore(self, doc: &Document, selector: &str) {
        let target = match self {
            FocusPlace::Elsewhere => None,
            FocusPlace::Id(id) => doc.get_element_by_id(&id),
            FocusPlace::Link(i) => doc
                .query_selector(selector)
                .ok()
                .flatten()
                .and_then(|drawn| all(&drawn, MATCHING_LINKS).into_iter().nth(i)),
        };
        if let Some(element) = target.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            let _ = element.focus();
        }
    }
}
