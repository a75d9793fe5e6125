use super::{body, PageHeading, WithContent};
use crate::nav::NavNode;
use leptos::prelude::*;
use std::sync::Arc;

/// A content page: its heading, then its content file's dates, lead and body, and
/// `part`, drawn by a chunk of its own (the site map's tree, the search results,
/// the offline copy's control), which the page waits for with its content
/// (`pages::chunks_of`).
#[component]
pub fn ContentPage(
    node: &'static NavNode,
    #[prop(optional)] part: Option<fn() -> Option<AnyView>>,
) -> impl IntoView {
    let children = Arc::new(move |c| {
        view! {
            {body(c)}
            {part.and_then(|part| part())}
        }
        .into_any()
    });
    view! {
        <div class="container page prose">
            <PageHeading text=node.label.clone() />
            <WithContent node children />
        </div>
    }
}
