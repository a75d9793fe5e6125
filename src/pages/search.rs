use super::ContentPage;
use crate::nav::NavNode;
use crate::search::views::SEARCH;
use leptos::prelude::*;

/// `/recherche?q=…`: the page's introduction, then a search field and the pages
/// matching its words, updated as the visitor types. The query lives in the address
/// (typing replaces the history entry, Enter adds one: `search::SearchForm`), so
/// back, forward and a shared link show the same results. The form's part below the
/// introduction is drawn by the search chunk (`SEARCH`), which the page waits for
/// as for its content (`pages::chunks_of`).
#[component]
pub fn Search(node: &'static NavNode) -> impl IntoView {
    let part: fn() -> Option<AnyView> = || SEARCH.get().map(|chunk| (chunk.results)());
    view! { <ContentPage node part /> }
}
