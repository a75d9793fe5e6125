//! Starts the app in the browser. A prerendered page is taken over one region at a
//! time (header, main, footer…), each in its own task, so that the browser stays
//! free to answer the visitor between them: each region's markup is replaced by the
//! app's identical markup, and keyboard focus stays where the visitor had put it.
//! (One long task drawing the whole page blocked input for about 65 ms on a fast
//! machine: see BENCHMARKS.md.)

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use oim_site::app::{Region, Started};
use oim_site::content::{ContentSource, PageContent, EMBEDDED_CONTENT_ID};
use oim_site::dom::set_document_address;
use oim_site::nav::{model, origin_of, set_base, set_origin};
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
    set_base(&attribute(&doc, "base[href]", "href").unwrap_or_else(|| "/".into()));
    // Canonical addresses keep the origin the page was published for.
    let canonical = attribute(&doc, r#"link[rel="canonical"]"#, "href");
    let origin = canonical.as_deref().and_then(origin_of).map(str::to_string);
    set_origin(&origin.unwrap_or_else(|| window().location().origin().unwrap_or_default()));
    // A page that fails to load is loaded in full, unless it is this document's.
    set_document_address(window().location().pathname().unwrap_or_default());
    let content = embedded_content(&doc);
    next_task().await;
    model();
    next_task().await;
    let app = Started::new(ContentSource::with_pages(content));
    for region in Region::ALL {
        next_task().await;
        take_over(&app, region);
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
/// prerendered, the development server's, adds it), keeping keyboard focus on the
/// same control.
fn take_over(app: &Started, region: Region) {
    let doc = document();
    let body = doc.body().expect("the document has a body");
    let prerendered = doc.query_selector(region.selector()).ok().flatten();
    // Drawn where the prerendered region is, or before the next prerendered one
    // (the home page has no breadcrumbs), or at the end.
    let before = prerendered.clone().or_else(|| {
        let later = Region::ALL.iter().skip_while(|r| **r != region);
        let selectors: Vec<_> = later.map(|r| r.selector()).collect();
        doc.query_selector(&selectors.join(", ")).ok().flatten()
    });
    let focus = prerendered.as_ref().map(FocusPlace::within);
    app.mount(region, &body, before.as_deref());
    if let Some(old) = prerendered {
        old.remove();
    }
    if let Some(focus) = focus {
        focus.restore(&doc, region);
    }
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

/// The page's own content file, embedded by the prerenderer: (site path, content).
/// The block is removed once read: the app keeps the content.
fn embedded_content(doc: &Document) -> Option<(String, PageContent)> {
    let block = doc.get_element_by_id(EMBEDDED_CONTENT_ID)?;
    block.remove();
    let path = block.get_attribute("data-path")?;
    let content = PageContent::parse(&block.text_content()?).ok()?;
    Some((path, content))
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

    /// Focuses the same control in `region`, just drawn.
    fn restore(self, doc: &Document, region: Region) {
        let target = match self {
            FocusPlace::Elsewhere => None,
            FocusPlace::Id(id) => doc.get_element_by_id(&id),
            FocusPlace::Link(i) => doc
                .query_selector(region.selector())
                .ok()
                .flatten()
                .and_then(|drawn| all(&drawn, MATCHING_LINKS).into_iter().nth(i)),
        };
        if let Some(element) = target.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            let _ = element.focus();
        }
    }
}
