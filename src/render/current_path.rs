//! The site path being shown, derived once from the router's location, and how many
//! pages have been drawn in place since the document was loaded.

use crate::nav::{normalize, use_site};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[derive(Clone, Copy)]
struct CurrentPath(Memo<String>);

#[derive(Clone, Copy)]
struct PagesDrawn(RwSignal<usize>);

/// Derives the current site path from the router's location, once for the whole app.
/// Called by the shell inside `<Router>`, before anything that reads it.
pub fn provide_current_path() {
    let pathname = use_location().pathname;
    let site = use_site();
    let memo = Memo::new(move |_| normalize(site.strip_base(&pathname.get())).to_string());
    provide_context(CurrentPath(memo));
    provide_context(PagesDrawn(RwSignal::new(0)));
}

/// How many pages have been drawn in place (after a change of address) since the
/// document was loaded: the page's view counts them, the route announcer follows.
pub fn pages_drawn() -> RwSignal<usize> {
    expect_context::<PagesDrawn>().0
}

/// The site path being shown ("/agir"), the base path removed: one memo that every
/// link and menu entry shares.
pub fn use_current_path() -> Memo<String> {
    expect_context::<CurrentPath>().0
}
