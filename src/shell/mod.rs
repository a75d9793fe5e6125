//! The shell around every page: skip links, header and its menu, breadcrumbs,
//! footer, the route announcer and the per-page `<title>`/description.
//! Everything here is drawn from the navigation model.

pub mod announcer;
mod breadcrumbs;
mod footer;
mod header;
mod prefetch;

pub use announcer::RouteAnnouncer;
pub use breadcrumbs::Breadcrumbs;
pub use footer::SiteFooter;
pub use header::SiteHeader;
pub use prefetch::prefetch_on_intent;

use crate::nav::{absolute_url, href, model, strip_base, Kind, NavNode};
use leptos::prelude::*;
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
/// address and Open Graph tags (link previews). A page that is not in the model (not
/// found) asks search engines not to index it. In the browser the tags replace the
/// previous page's at once (so the route announcer reads the new title); when
/// prerendering they are handed to the prerenderer, which writes them in `<head>`.
#[component]
pub fn PageMeta(
    title: String,
    description: String,
    #[prop(optional)] node: Option<&'static NavNode>,
) -> impl IntoView {
    let tags = head_tags(&title, description, node);
    #[cfg(feature = "ssr")]
    if let Some(head) = use_context::<PrerenderedHead>() {
        head.set(title, tags);
    }
    #[cfg(not(feature = "ssr"))]
    replace_head_tags(&title, &tags);
}

/// One `<meta>` or `<link>` of a page's head: its element, the attribute that names it
/// and that name, the attribute that carries its value and that value.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadTag {
    pub element: &'static str,
    pub key: (&'static str, &'static str),
    pub value: (&'static str, String),
}

fn head_tags(title: &str, description: String, node: Option<&'static NavNode>) -> Vec<HeadTag> {
    let meta = |key, name, value| HeadTag {
        element: "meta",
        key: (key, name),
        value: ("content", value),
    };
    let mut tags = vec![meta("name", "description", description.clone())];
    match node {
        Some(node) => {
            let url = absolute_url(&node.path);
            let kind = if node.kind == Kind::Article {
                "article"
            } else {
                "website"
            };
            tags.push(HeadTag {
                element: "link",
                key: ("rel", "canonical"),
                value: ("href", url.clone()),
            });
            for (property, value) in [
                ("og:type", kind.to_string()),
                ("og:site_name", model().site_full_name.clone()),
                ("og:locale", "fr_FR".to_string()),
                ("og:url", url),
                ("og:title", title.to_string()),
                ("og:description", description),
            ] {
                tags.push(meta("property", property, value));
            }
        }
        None => tags.push(meta("name", "robots", "noindex".to_string())),
    }
    tags
}

#[cfg(not(feature = "ssr"))]
fn replace_head_tags(title: &str, tags: &[HeadTag]) {
    /// Every tag `PageMeta` writes, the prerendered page's included.
    const HEAD_TAGS: &str = r#"meta[name="description"], meta[name="robots"], meta[property^="og:"], link[rel="canonical"]"#;
    let doc = document();
    doc.set_title(title);
    let Some(head) = doc.head() else { return };
    if let Ok(old) = doc.query_selector_all(HEAD_TAGS) {
        for i in 0..old.length() {
            if let Some(tag) = old.item(i) {
                let _ = head.remove_child(&tag);
            }
        }
    }
    for tag in tags {
        if let Ok(element) = doc.create_element(tag.element) {
            let _ = element.set_attribute(tag.key.0, tag.key.1);
            let _ = element.set_attribute(tag.value.0, &tag.value.1);
            let _ = head.append_child(&element);
        }
    }
}

/// A page's title and head tags, as `PageMeta` hands them to the prerenderer.
#[cfg(feature = "ssr")]
pub struct PageHead {
    pub title: String,
    pub tags: Vec<HeadTag>,
}

/// Where `PageMeta` leaves the page's head for the prerenderer.
#[cfg(feature = "ssr")]
#[derive(Clone, Default)]
pub struct PrerenderedHead(std::sync::Arc<std::sync::Mutex<Option<PageHead>>>);

#[cfg(feature = "ssr")]
impl PrerenderedHead {
    fn set(&self, title: String, tags: Vec<HeadTag>) {
        if let Ok(mut head) = self.0.lock() {
            *head = Some(PageHead { title, tags });
        }
    }

    /// The head of the page rendered last.
    pub fn take(&self) -> Option<PageHead> {
        self.0.lock().ok()?.take()
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
