//! Starts the app in the browser. A prerendered page (see `prerender`) is taken
//! over: its content is read from the page itself, its markup is replaced by the
//! app's identical markup before the next frame is painted, and keyboard focus
//! stays where the visitor had put it.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use oim_site::app::App;
use oim_site::content::{ContentSource, PageContent, EMBEDDED_CONTENT_ID};
use oim_site::nav::{origin_of, set_base, set_origin};
use web_sys::{Document, Element, HtmlElement};

/// Links present alike in the prerendered markup and in the app's. Controls with
/// an id are found by it (the menu's links become buttons with the same ids);
/// the menu panels' links exist only in the app.
const MATCHING_LINKS: &str = "a[href]:not([id]):not(.mega-panel a)";

fn main() {
    console_error_panic_hook::set_once();
    let doc = document();
    // Trunk writes the public URL (`/` or a sub-path such as `/oim/`) into `<base href>`.
    set_base(&attribute(&doc, "base[href]", "href").unwrap_or_else(|| "/".into()));
    // Canonical addresses keep the origin the page was published for.
    let canonical = attribute(&doc, r#"link[rel="canonical"]"#, "href");
    let origin = canonical.as_deref().and_then(origin_of).map(str::to_string);
    set_origin(&origin.unwrap_or_else(|| window().location().origin().unwrap_or_default()));

    let source = ContentSource::with_pages(embedded_content(&doc));
    let focus = FocusPlace::of(&doc);
    let body = doc.body().expect("the document has a body");
    body.set_text_content(None);
    leptos::mount::mount_to_body(move || view! { <App source /> });
    // The page is drawn as the app mounts (its content is in the source); focus goes
    // back in the next frame, before it is painted, once any effect has run.
    request_animation_frame(move || focus.restore(&document()));
}

fn attribute(doc: &Document, selector: &str, name: &str) -> Option<String> {
    doc.query_selector(selector).ok()??.get_attribute(name)
}

fn all(doc: &Document, selector: &str) -> Vec<Element> {
    let Ok(list) = doc.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

/// The page's own content file, embedded by the prerenderer: (site path, content).
fn embedded_content(doc: &Document) -> Option<(String, PageContent)> {
    let block = doc.get_element_by_id(EMBEDDED_CONTENT_ID)?;
    let path = block.get_attribute("data-path")?;
    let content = PageContent::parse(&block.text_content()?).ok()?;
    Some((path, content))
}

/// Where keyboard focus is in the prerendered markup, so it can be put back on the
/// same control once the app has replaced that markup.
enum FocusPlace {
    None,
    Id(String),
    Link(usize),
}

impl FocusPlace {
    fn of(doc: &Document) -> Self {
        let Some(active) = doc.active_element().filter(|e| e.tag_name() != "BODY") else {
            return FocusPlace::None;
        };
        if !active.id().is_empty() {
            return FocusPlace::Id(active.id());
        }
        all(doc, MATCHING_LINKS)
            .iter()
            .position(|link| *link == active)
            .map_or(FocusPlace::None, FocusPlace::Link)
    }

    fn restore(self, doc: &Document) {
        let target = match self {
            FocusPlace::None => None,
            FocusPlace::Id(id) => doc.get_element_by_id(&id),
            FocusPlace::Link(i) => all(doc, MATCHING_LINKS).into_iter().nth(i),
        };
        if let Some(element) = target.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            let _ = element.focus();
        }
    }
}
