use super::{Cards, PageBody, PageHeading};
use crate::nav::NavNode;
use leptos::prelude::*;

/// A section or group landing page: the seed's blurb (or the content's lead), the
/// content, and a card for each page below it.
#[component]
pub fn Landing(node: &'static NavNode) -> impl IntoView {
    let children: Vec<&'static NavNode> = node.children.iter().collect();
    view! {
        <div class="container page">
            <PageHeading text=node.label.clone() />
            {node.blurb.clone().map(|blurb| view! { <p class="lead">{blurb}</p> })}
            <PageBody node />
            {(!children.is_empty()).then(|| view! {
                <section aria-labelledby="dans-cette-rubrique">
                    <h2 id="dans-cette-rubrique">"Dans cette rubrique"</h2>
                    <Cards nodes=children />
                </section>
            })}
        </div>
    }
}
