use super::ContentPage;
use crate::chunk;
use crate::nav::{model, NavNode};
use crate::render::NavLink;
use leptos::prelude::*;

/// The sitemap: the page's words, then the whole tree of the navigation model as
/// nested lists, whose views are in a chunk of their own (`SITEMAP`): only this page
/// draws them.
#[component]
pub fn Sitemap(node: &'static NavNode) -> impl IntoView {
    let part: fn() -> Option<AnyView> = || SITEMAP.get().map(|chunk| (chunk.tree)());
    view! { <ContentPage node part /> }
}

/// The site map's chunk.
pub struct SitemapChunk {
    pub tree: fn() -> AnyView,
}

chunk!(pub SITEMAP: SitemapChunk = sitemap, SitemapChunk { tree });

fn tree() -> AnyView {
    view! {
        <ul class="sitemap">
            <SitemapEntry node=&model().root />
        </ul>
    }
    .into_any()
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
