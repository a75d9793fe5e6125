//! Links to pages of the model, marked when they lead to the page shown.

use super::use_current_path;
use crate::nav::{use_site, NavNode};
use leptos::prelude::*;

/// A link to a page of the model. Only a link to the page being shown carries
/// `aria-current="page"`: the router's `<A>` would also mark ancestors.
#[component]
pub fn NavLink(node: &'static NavNode, #[prop(optional)] label: Option<String>) -> impl IntoView {
    let current = use_current_path();
    let path = node.path.as_ref();
    view! {
        <a href=use_site().href(path) aria-current=move || current.with(|c| c == path).then_some("page")>
            {label.unwrap_or_else(|| node.label.to_string())}
        </a>
    }
}
