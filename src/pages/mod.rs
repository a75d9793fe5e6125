//! One component per kind of page. Each takes its node of the navigation model;
//! the page's words come from its content file (see `content`).

mod article;
mod home;
mod landing;
mod not_found;
mod page;
mod sitemap;

pub use article::Article;
pub use home::Home;
pub use landing::Landing;
pub use not_found::{NotFound, NOT_FOUND_TITLE};
pub use page::ContentPage;
pub use sitemap::Sitemap;

use crate::nav::{href, NavNode};
use crate::shell::announcer::PAGE_HEADING_ID;
use leptos::prelude::*;

/// The page's one `<h1>`. It takes focus after a client-side navigation, hence
/// `tabindex="-1"` and the shared id.
#[component]
pub fn PageHeading(#[prop(into)] text: String) -> impl IntoView {
    view! { <h1 id=PAGE_HEADING_ID tabindex="-1">{text}</h1> }
}

/// A grid of cards, one per page, each with its label and description.
#[component]
pub fn Cards(nodes: Vec<&'static NavNode>) -> impl IntoView {
    view! {
        <ul class="cards">
            {nodes
                .into_iter()
                .map(|node| {
                    view! {
                        <li class="card">
                            <h3 class="card-title">
                                <a href=href(&node.path)>{node.label.clone()}</a>
                            </h3>
                            <p>{node.description.clone()}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
