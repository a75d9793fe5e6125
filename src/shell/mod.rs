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

use crate::nav::{absolute_url, href, model, strip_base, Kind, NavNode};
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_location;

/// True when this build writes pages' markup ahead of time (the `prerender` binary):
/// that markup is read by visitors without JavaScript, so controls that only work
/// with the app (menu buttons) are written as plain links that look the same.
/// The app replaces them with its own markup when it starts.
pub const STATIC_MARKUP: bool = cfg!(feature = "ssr");

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

/// The page's `<title>`, meta description and, for a page of the model, its canonical
/// address and Open Graph tags (link previews). Set while the page is shown; a page
/// that is not in the model (not found) asks search engines not to index it.
#[component]
pub fn PageMeta(
    title: String,
    description: String,
    #[prop(optional)] node: Option<&'static NavNode>,
) -> impl IntoView {
    let shared = node.map(|node| {
        let url = absolute_url(&node.path);
        let kind = if node.kind == Kind::Article {
            "article"
        } else {
            "website"
        };
        view! {
            <Link rel="canonical" href=url.clone() />
            <Meta property="og:type" content=kind />
            <Meta property="og:site_name" content=model().site_full_name.clone() />
            <Meta property="og:locale" content="fr_FR" />
            <Meta property="og:url" content=url />
            <Meta property="og:title" content=title.clone() />
            <Meta property="og:description" content=description.clone() />
        }
    });
    let unlisted = node
        .is_none()
        .then(|| view! { <Meta name="robots" content="noindex" /> });
    view! {
        <Title text=title />
        <Meta name="description" content=description />
        {shared}
        {unlisted}
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
