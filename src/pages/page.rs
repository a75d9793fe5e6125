use super::{PageBody, PageHeading};
use crate::nav::NavNode;
use leptos::prelude::*;

/// A content page: its heading, then its content file's dates, lead and body.
#[component]
pub fn ContentPage(node: &'static NavNode) -> impl IntoView {
    view! {
        <div class="container page prose">
            <PageHeading text=node.label.clone() />
            <PageBody node />
        </div>
    }
}
