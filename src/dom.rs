//! The browser document as the shell and the pages both use it: the ids they agree
//! on, and moving keyboard focus.

use leptos::prelude::document;
use leptos::wasm_bindgen::JsCast;

/// The id of every page's `<h1>` (`pages::PageHeading`), which receives focus after
/// a client-side navigation (`shell::RouteAnnouncer`).
pub const PAGE_HEADING_ID: &str = "titre-page";

/// Moves focus to an element without scrolling the page (the router handles scroll).
pub fn focus_by_id(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = el.focus_with_options(&options);
    }
}

/// A property of the browser found by its path from `window`
/// (`["navigator", "connection", "saveData"]`), as a boolean: false when a step of
/// the path is missing (an older browser, or the prerenderer).
pub fn browser_says(path: &[&str]) -> bool {
    if cfg!(feature = "ssr") {
        return false;
    }
    let mut value: leptos::wasm_bindgen::JsValue = leptos::prelude::window().into();
    for name in path {
        match js_sys::Reflect::get(&value, &(*name).into()) {
            Ok(next) if !next.is_undefined() && !next.is_null() => value = next,
            _ => return false,
        }
    }
    value.is_truthy()
}

/// The browser was asked to save data (`Save-Data`): nothing is loaded ahead.
pub const SAVE_DATA: [&str; 3] = ["navigator", "connection", "saveData"];

/// A service worker answers this document's requests (`public/sw.js`).
pub const SERVICE_WORKER: [&str; 3] = ["navigator", "serviceWorker", "controller"];

/// The address (path under the base included) the document was loaded from, as a
/// context the app's start-up provides; the prerenderer has none.
#[derive(Clone, Debug)]
pub struct DocumentAddress(pub std::sync::Arc<str>);

/// Whether `pathname` is the address this document was loaded from.
pub fn is_document_address(pathname: &str) -> bool {
    leptos::prelude::use_context::<DocumentAddress>().is_some_and(|a| &*a.0 == pathname)
}

/// Loads the page at `address` (its path under the base) as a new document: the
/// address as it is (its query and fragment kept) if it is the page's already, else
/// the page's.
pub fn load_in_full(address: &str) {
    let location = leptos::prelude::window().location();
    if location.pathname().is_ok_and(|p| p == address) {
        let _ = location.reload();
    } else {
        let _ = location.assign(address);
    }
}
