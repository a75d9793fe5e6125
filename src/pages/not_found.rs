use super::PageHeading;
use crate::nav::{href, model, NOT_FOUND_TITLE};
use leptos::prelude::*;

/// The page of any path outside the model. Its head tags are set with every page's,
/// by the route (`app`). In the browser it also asks the search engine for pages
/// matching the words of the missing address ("Vouliez-vous dire :").
#[component]
pub fn NotFound() -> impl IntoView {
    let sitemap = model().sitemap();
    #[cfg(not(feature = "ssr"))]
    {
        let path = window().location().pathname().unwrap_or_default();
        let words = crate::search::words_of_address(crate::nav::strip_base(&path));
        if !words.is_empty() {
            crate::search::engine::suggest_for(words);
        }
    }
    view! {
        <div class="container page">
            <PageHeading text=NOT_FOUND_TITLE />
            <p class="lead">
                "L'adresse demandée ne correspond à aucune page du site. Elle a peut-être changé, ou contient une faute de frappe."
            </p>
            <div id=crate::search::SUGGESTIONS_ID></div>
            <ul class="link-list">
                <li><a href=href("/")>"Retourner à l'accueil"</a></li>
                // The label as it is: lower-casing it would pull Unicode's case tables
                // into the wasm.
                {sitemap.map(|s| view! { <li><a href=href(&s.path)>{s.label.clone()}</a></li> })}
            </ul>
        </div>
    }
}
