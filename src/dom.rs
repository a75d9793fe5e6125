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
