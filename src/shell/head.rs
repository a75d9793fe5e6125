//! The page's head tags: `<title>`, meta description, canonical link and Open Graph
//! tags. Two paths: in the browser they replace the previous page's in the document;
//! when prerendering they are handed to the prerenderer (`PrerenderedHead`).

use crate::nav::{model, use_site, Kind, NavNode, Site};
use leptos::prelude::*;

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
    let tags = head_tags(&use_site(), &title, description, node);
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

fn head_tags(
    site: &Site,
    title: &str,
    description: String,
    node: Option<&'static NavNode>,
) -> Vec<HeadTag> {
    let meta = |key, name, value| HeadTag {
        element: "meta",
        key: (key, name),
        value: ("content", value),
    };
    let mut tags = vec![meta("name", "description", description.clone())];
    match node {
        Some(node) => {
            let url = site.absolute_url(&node.path);
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
                ("og:site_name", model().site_full_name.to_string()),
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
