use crate::dom::{focus_by_id, PAGE_HEADING_ID};
use crate::render::pages_drawn;
use leptos::prelude::*;

/// After each page drawn in place (a client-side route change), moves focus to the
/// new page's `<h1>` and announces its title in a polite live region. The first
/// load announces nothing: the screen reader reads the new document itself.
#[component]
pub fn RouteAnnouncer() -> impl IntoView {
    let message = RwSignal::new(String::new());
    let drawn = pages_drawn();
    Effect::watch(
        move || drawn.get(),
        move |_, _, _| {
            // Next frame: the new page's heading and <title> are in the document by then.
            request_animation_frame(move || {
                focus_by_id(PAGE_HEADING_ID);
                message.set(document().title());
            });
        },
        false,
    );
    view! {
        <div class="visually-hidden" aria-live="polite" aria-atomic="true" id="annonce-navigation">
            {move || message.get()}
        </div>
    }
}
