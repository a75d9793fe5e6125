use super::PageHeading;
use crate::nav::NavNode;
use leptos::prelude::*;

/// A content page: heading, lead and body from the page's content file.
#[component]
pub fn ContentPage(node: &'static NavNode) -> impl IntoView {
    view! {
        <div class="container page">
            <PageHeading text=node.label.clone() />
            <p class="lead">{node.description.clone()}</p>
        </div>
    }
}
