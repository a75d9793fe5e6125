//! The shell around every page: skip links, header and its menu, breadcrumbs,
//! footer, the route announcer and the per-page `<title>`/description.
//! Everything here is drawn from the navigation model.

pub mod announcer;
mod breadcrumbs;
mod footer;
mod header;

pub use announcer::RouteAnnouncer;
pub use breadcrumbs::Breadcrumbs;
pub use footer::SiteFooter;
pub use header::SiteHeader;

use crate::nav::{href, strip_base, NavNode};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_location;

#[derive(Clone, Copy)]
struct CurrentPath(Memo<String>);

/// Derives the current site path from the router's location, once for the whole app.
/// Called by the shell inside `<Router>`, before anything that reads it.
pub fn provide_current_path() {
    let pathname = use_location().pathname;
    let memo = Memo::new(move |_| crate::nav::normalize(strip_base(&pathname.get())).to_string());
    provide_context(CurrentPath(memo));
}

/// The site path being shown ("/agir"), the base path removed: one memo that every
/// link and menu entry shares.
pub fn use_current_path() -> Memo<String> {
    expect_context::<CurrentPath>().0
}

/// A link to a page of the model. Only a link to the page being shown carries
/// `aria-current="page"`: the router's `<A>` would also mark ancestors.
#[component]
pub fn NavLink(node: &'static NavNode, #[prop(optional)] label: Option<String>) -> impl IntoView {
    let current = use_current_path();
    let path = node.path.as_str();
    view! {
        <a href=href(path) aria-current=move || current.with(|c| c == path).then_some("page")>
            {label.unwrap_or_else(|| node.label.clone())}
        </a>
    }
}

/// "Accès rapide": the first focusable element of every page.
#[component]
pub fn SkipLinks() -> impl IntoView {
    // Handled here rather than by the router so focus really moves into <main>.
    let to_content = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        focus_by_id("contenu");
    };
    view! {
        <nav class="skip-links" aria-label="Accès rapide">
            <a href="#contenu" on:click=to_content>"Aller au contenu"</a>
        </nav>
    }
}

/// The page's `<title>` and meta description, set while the page is shown.
#[component]
pub fn PageMeta(title: String, description: String) -> impl IntoView {
    view! {
        <Title text=title />
        <Meta name="description" content=description />
    }
}

/// Moves focus to an element without scrolling the page (the router handles scroll).
pub fn focus_by_id(id: &str) {
    use leptos::wasm_bindgen::JsCast;
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = el.focus_with_options(&options);
    }
}
