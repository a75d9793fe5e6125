use super::Cards;
use crate::nav::{model, NavNode};
use crate::shell::announcer::PAGE_HEADING_ID;
use leptos::prelude::*;

#[component]
pub fn Home(node: &'static NavNode) -> impl IntoView {
    let m = model();
    view! {
        <div class="hero">
            <div class="container">
                <h1 id=PAGE_HEADING_ID tabindex="-1">{m.site_full_name.clone()}</h1>
                <p class="lead">{node.description.clone()}</p>
            </div>
        </div>
        <div class="container page">
            <section aria-labelledby="rubriques">
                <h2 id="rubriques">"Nos rubriques"</h2>
                <Cards nodes=m.menu_sections().collect() />
            </section>
        </div>
    }
}
