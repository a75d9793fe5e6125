//! The browser's side of search: Pagefind, reached through `search.js` (in
//! `public/`), a module added to the page the first time search is needed, which
//! imports the engine. Neither is part of the page's first load: the app reaches
//! the module through the `window.oimSearch` it sets, not through an import of the
//! wasm's JS (which the browser would fetch before starting the app). This code is
//! in the search chunk (`views::SEARCH`).

use super::{Failure, Found, Hit};
use js_sys::{Array, Function, Promise, Reflect};
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// What `search.js` offers itself as, on `window`.
const BRIDGE: &str = "oimSearch";

thread_local! {
    /// The module's loading, shared by every caller; cleared on failure, so that a
    /// later search tries again.
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// `search.js` loaded: a promise of the `window.oimSearch` it sets.
fn bridge() -> Promise {
    LOADING.with_borrow_mut(|loading| {
        loading
            .get_or_insert_with(|| {
                Promise::new(&mut |resolve, reject| {
                    let Ok(script) = document().create_element("script") else {
                        let _ = reject.call0(&JsValue::NULL);
                        return;
                    };
                    let _ = script.set_attribute("type", "module");
                    let _ = script.set_attribute("src", &crate::nav::href("/search.js"));
                    let script = script.unchecked_into::<web_sys::HtmlElement>();
                    script.set_onload(Some(&resolve));
                    script.set_onerror(Some(&reject));
                    let _ = document().head().map(|head| head.append_child(&script));
                })
            })
            .clone()
    })
}

/// Calls the module's function `name` with `args`; its promise's value.
async fn call(name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let loaded = JsFuture::from(bridge()).await;
    let module = loaded.and_then(|_| Reflect::get(&window(), &BRIDGE.into()));
    let function = module
        .as_ref()
        .ok()
        .and_then(|m| Reflect::get(m, &name.into()).ok())
        .and_then(|f| f.dyn_into::<Function>().ok());
    let Some(function) = function else {
        LOADING.with_borrow_mut(|loading| *loading = None);
        return Err(JsValue::NULL);
    };
    let args: Array = args.iter().collect();
    let promise = function.apply(&JsValue::UNDEFINED, &args)?;
    JsFuture::from(Promise::from(promise)).await
}

/// Starts loading the engine, so that the first query does not wait for it (a
/// visitor focusing a search field is about to type).
pub fn preload() {
    // A failure is seen, and reported, by the query that follows.
    leptos::task::spawn_local(async {
        let _ = call("load", &[]).await;
    });
}

/// The pages matching `query` (debounced by the engine: a query superseded by a
/// later one while it waited answers `Failure::Superseded`).
pub async fn find(query: &str) -> Result<Found, Failure> {
    read(call("find", &[query.into()]).await)
}

/// Pages matching any of `words` (a missing address's), best first.
pub async fn suggest(words: &[String]) -> Result<Found, Failure> {
    let words: Array = words.iter().map(|w| JsValue::from(w.as_str())).collect();
    read(call("suggest", &[words.into()]).await)
}

/// The engine's answer: `[total, ...hits]`, each hit an array of strings; null when
/// a later query superseded it.
fn read(answer: Result<JsValue, JsValue>) -> Result<Found, Failure> {
    let answer = answer.map_err(|_| Failure::Unavailable)?;
    if answer.is_null() {
        return Err(Failure::Superseded);
    }
    let answer = Array::from(&answer);
    let mut found = Found {
        total: answer.get(0).as_f64().unwrap_or(0.0) as usize,
        hits: Vec::new(),
    };
    for i in 1..answer.length() {
        let strings: Vec<String> = Array::from(&answer.get(i))
            .iter()
            .map(|s| s.as_string().unwrap_or_default())
            .collect();
        found.hits.extend(Hit::from_strings(&strings));
    }
    Ok(found)
}
