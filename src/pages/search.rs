use super::ContentPage;
use crate::nav::{href, NavNode};
use crate::search::page_html;
use leptos::prelude::*;

/// `/recherche?q=…`: a search field and the pages matching its words, updated as the
/// visitor types. The query lives in the address (typing replaces the history entry,
/// Enter adds one: `shell::search_in_place`), so back, forward and a shared link show
/// the same results.
///
/// The form, the count (announced: `role="status"`) and the list are HTML written
/// by `search` and filled in by `search::engine::show`, not views with signals:
/// see ARCHITECTURE.md, "Where we depart from Leptos idioms".
#[component]
pub fn Search(node: &'static NavNode) -> impl IntoView {
    #[cfg(not(feature = "ssr"))]
    {
        let search = leptos_router::hooks::use_location().search;
        Effect::new(move || crate::search::engine::show(&search.get()));
    }
    // The field is empty when written; `show` puts the address's query in it.
    let html = page_html(&href(&node.path));
    // The heading and introduction as any content page's (the same view, so no
    // more wasm), then the search itself.
    view! {
        <ContentPage node />
        <div class="container search-page" inner_html=html></div>
    }
}
