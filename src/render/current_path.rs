//! The site path being shown, derived once from the router's location.

use crate::nav::{normalize, strip_base};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[derive(Clone, Copy)]
struct CurrentPath(Memo<String>);

/// Derives the current site path from the router's location, once for the whole app.
/// Called by the shell inside `<Router>`, before anything that reads it.
pub fn provide_current_path() {
    let pathname = use_location().pathname;
    let memo = Memo::new(move |_| normalize(strip_base(&pathname.get())).to_string());
    provide_context(CurrentPath(memo));
}

/// The site path being shown ("/agir"), the base path removed: one memo that every
/// link and menu entry shares.
pub fn use_current_path() -> Memo<String> {
    expect_context::<CurrentPath>().0
}
