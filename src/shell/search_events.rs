//! Search forms, handled in place: submitting one opens the results page without a
//! reload, typing in the results page's field updates the address (and so the
//! results), and focusing any search field starts loading the engine. The forms are
//! HTML the app writes as text (`search::form_html`), so their events are handled
//! here, once for the whole page, as the router handles link clicks.

use crate::nav::model;
use crate::search::{PAGE_FORM, QUERY};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use web_sys::Element;

pub fn search_in_place() {
    let Some(results) = model().search_page().map(|n| n.path.as_ref()) else {
        return;
    };
    let navigate = use_navigate();
    let go = move |query: String, replace: bool| {
        let query = String::from(js_sys::encode_uri_component(&query));
        navigate(
            &format!("{results}?{QUERY}={query}"),
            NavigateOptions {
                replace,
                scroll: !replace,
                ..Default::default()
            },
        );
    };
    let submit = window_event_listener(leptos::ev::submit, {
        let go = go.clone();
        move |ev| {
            let field = target(&ev)
                .filter(|form| form.matches(r#"form[role="search"]"#).unwrap_or(false))
                .and_then(|form| {
                    form.query_selector(r#"input[type="search"]"#)
                        .ok()
                        .flatten()
                });
            if let Some(field) = field {
                ev.prevent_default();
                go(value(&field), false);
            }
        }
    });
    // Typing replaces the history entry; Enter (the submit above) adds one.
    let input = window_event_listener(leptos::ev::input, move |ev| {
        if let Some(field) = target(&ev).filter(|t| t.id() == PAGE_FORM.field_id) {
            go(value(&field), true);
        }
    });
    let focus = window_event_listener(leptos::ev::focusin, |ev| {
        if target(&ev).is_some_and(|t| t.matches(r#"input[type="search"]"#).unwrap_or(false)) {
            #[cfg(not(feature = "ssr"))]
            crate::search::engine::preload();
        }
    });
    on_cleanup(move || {
        submit.remove();
        input.remove();
        focus.remove();
    });
}

fn target(ev: &web_sys::Event) -> Option<Element> {
    ev.target()?.dyn_into::<Element>().ok()
}

fn value(field: &Element) -> String {
    js_sys::Reflect::get(field, &"value".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}
