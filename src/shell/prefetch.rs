//! Loads a page's content, and the chunks it draws with (`pages::chunks_of`), before
//! it is opened, when the visitor shows the intent to open it: the pointer resting
//! on a link, or keyboard focus on one, for 65 ms (so a pointer merely crossing the
//! menu asks for nothing), or a finger touching one (at once: the tap's click
//! follows about 100 ms later). What loading a page ahead takes (its content, the
//! code that draws it), the app says (`LoadAhead`: the shell does not know the
//! pages). A page and its prefetch share one request (see
//! `ContentSource`), so opening the page never asks twice. Not at all when the
//! browser asks to save data (`navigator.connection.saveData`).

use crate::api::ContentSource;
use crate::dom::{browser_says, SAVE_DATA};
use crate::nav::{model, Site};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use web_sys::{Element, Event};

const INTENT_DELAY: Duration = Duration::from_millis(65);

/// Listens, for as long as the app runs, for the visitor's intent to open a page.
/// The pointer and the keyboard each have their own wait: the pointer moving over
/// anything else (the page changing under a still pointer fires `mouseover` too)
/// does not cancel the wait of a link just focused, and the other way round.
pub fn prefetch_on_intent(load_ahead: LoadAhead) {
    // The visitor's browser asks to save data: a page is loaded when opened only.
    if browser_says(&SAVE_DATA) {
        return;
    }
    let source = expect_context::<ContentSource>();
    let hover =
        window_event_listener_untyped("mouseover", after_intent_delay(source.clone(), load_ahead));
    let focus =
        window_event_listener_untyped("focusin", after_intent_delay(source.clone(), load_ahead));
    let touch = window_event_listener(leptos::ev::pointerdown, move |ev| {
        if ev.pointer_type() == "touch" {
            if let Some(path) = linked_page(source.site(), &ev) {
                load_ahead(&source, path);
            }
        }
    });
    on_cleanup(move || {
        hover.remove();
        focus.remove();
        touch.remove();
    });
}

/// An event handler that prefetches the page linked from the event's target once
/// `INTENT_DELAY` has passed without another event of the same kind.
fn after_intent_delay(
    source: ContentSource,
    load_ahead: LoadAhead,
) -> impl Fn(Event) + Clone + 'static {
    let timer = Rc::new(Cell::new(None::<TimeoutHandle>));
    move |ev: Event| {
        if let Some(previous) = timer.take() {
            previous.clear();
        }
        if let Some(path) = linked_page(source.site(), &ev) {
            let source = source.clone();
            let prefetch = move || load_ahead(&source, path);
            timer.set(set_timeout_with_handle(prefetch, INTENT_DELAY).ok());
        }
    }
}

/// Loads what opening the page at a path will need: its content, the code that
/// draws it.
pub type LoadAhead = fn(&ContentSource, &'static str);

/// The path of the page of `site` that the link the event happened on leads to.
fn linked_page(site: &Site, ev: &Event) -> Option<&'static str> {
    let target = ev.target()?.dyn_into::<Element>().ok()?;
    let link = target.closest("a[href]").ok()??;
    let page = model().page_at_href(site, &link.get_attribute("href")?)?;
    Some(page.path.as_ref())
}
