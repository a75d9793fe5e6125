use super::{Cards, PageHeading, WithContent};
use crate::nav::{model, NavNode};
use crate::render::{Blocks, PageDates, Spans};
use leptos::prelude::*;
use std::sync::Arc;

/// The home page: a hero with the heading and the lead, the content (key figures,
/// featured article) and when it last changed, then the sections of the model as
/// cards.
#[component]
pub fn Home(node: &'static NavNode) -> impl IntoView {
    let m = model();
    view! {
        <div class="hero">
            <div class="container">
                <PageHeading text=m.site_full_name.clone() />
            </div>
        </div>
        <WithContent
            node
            children=Arc::new(|c| {
                view! {
                    {c.lead.clone().map(|text| view! {
                        <div class="hero hero-lead">
                            <div class="container"><p class="lead"><Spans text /></p></div>
                        </div>
                    })}
                    <div class="container page-section">
                        <Blocks blocks=c.body.clone() />
                        {c.dates.clone().map(|dates| view! { <PageDates dates /> })}
                    </div>
                }
                .into_any()
            })
        />
        <div class="container page">
            <section aria-labelledby="rubriques">
                <h2 id="rubriques">"Nos rubriques"</h2>
                <Cards nodes=m.menu_sections().collect() />
            </section>
        </div>
    }
}
