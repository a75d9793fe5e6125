use super::PageHeading;
use crate::nav::NavNode;
use leptos::prelude::*;

/// An article: a long read with its publication details.
#[component]
pub fn Article(node: &'static NavNode) -> impl IntoView {
    view! {
        <article class="container page article">
            <PageHeading text=node.label.clone() />
            <p class="lead">{node.description.clone()}</p>
        </article>
    }
}
