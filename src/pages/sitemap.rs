use super::{PageBody, PageHeading};
use crate::nav::{model, NavNode};
use crate::render::NavLink;
use leptos::prelude::*;

/// The sitemap: the whole tree of the navigation model as nested lists.
#[component]
pub fn Sitemap(node: &'static NavNode) -> impl IntoView {
    let m = model();
    view! {
        <div class="container page">
            <PageHeading text=node.label.clone() />
            <PageBody node />
            <ul class="sitemap">
                <SitemapEntry node=&m.root />
            </ul>
        </div>
    }
}

#[component]
fn SitemapEntry(node: &'static NavNode) -> impl IntoView {
    let children = (!node.children.is_empty()).then(|| {
        view! {
            <ul>
                {node.children.iter().map(|child| view! { <SitemapEntry node=child /> }).collect_view()}
            </ul>
        }
    });
    view! {
        <li>
            <NavLink node />
            {children}
        </li>
    }
    .into_any()
}
