use super::{PageBody, PageHeading};
use crate::nav::NavNode;
use leptos::prelude::*;

/// An article: a long read, marked up as `<article>`, with its publication details.
#[component]
pub fn Article(node: &'static NavNode) -> impl IntoView {
    view! {
        <article class="container page prose article">
            <PageHeading text=node.label.clone() />
            <PageBody node />
        </article>
    }
}
