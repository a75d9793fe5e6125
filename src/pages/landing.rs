use super::{Cards, PageHeading};
use crate::nav::NavNode;
use leptos::prelude::*;

/// A section or group landing page: its introduction and a card for each page below it.
#[component]
pub fn Landing(node: &'static NavNode) -> impl IntoView {
    let children: Vec<&'static NavNode> = node.children.iter().collect();
    view! {
        <div class="container page">
            <PageHeading text=node.label.clone() />
            <p class="lead">{node.blurb.clone().unwrap_or_else(|| node.description.clone())}</p>
            {(!children.is_empty()).then(|| view! {
                <section aria-labelledby="dans-cette-rubrique">
                    <h2 id="dans-cette-rubrique">"Dans cette rubrique"</h2>
                    <Cards nodes=children />
                </section>
            })}
        </div>
    }
}
