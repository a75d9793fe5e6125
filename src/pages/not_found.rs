use super::PageHeading;
use crate::nav::{model, use_site, NOT_FOUND_TITLE};
use crate::search::views::{SEARCH, SUGGESTIONS_ID};
use leptos::prelude::*;

/// The page of any path outside the model. Its head tags are set with every page's,
/// by the route (`app`). In the browser it also asks the search engine for pages
/// matching the words of the missing address ("Vouliez-vous dire :"), once the
/// search chunk is loaded (`SEARCH`); without it the page still links the site map.
#[component]
pub fn NotFound() -> impl IntoView {
    let site = use_site();
    let sitemap = model().sitemap();
    let loaded = RwSignal::new(SEARCH.get().is_some());
    if !loaded.get_untracked() {
        leptos::task::spawn_local(async move {
            if SEARCH.load().await.is_ok() {
                let _ = loaded.try_set(true);
            }
        });
    }
    let suggestions = move || match SEARCH.get().filter(|_| loaded.get()) {
        Some(chunk) => (chunk.suggestions)(),
        None => view! { <div id=SUGGESTIONS_ID></div> }.into_any(),
    };
    view! {
        <div class="container page">
            <PageHeading text=NOT_FOUND_TITLE />
            <p class="lead">
                "L’adresse demandée ne correspond à aucune page du site. Elle a peut-être changé, ou contient une faute de frappe."
            </p>
            <ul class="link-list">
                <li><a href=site.href("/")>"Retourner à l’accueil"</a></li>
                // The label as it is: lower-casing it would pull Unicode's case tables
                // into the wasm.
                {sitemap.map(|s| view! { <li><a href=site.href(&s.path)>{s.label.clone()}</a></li> })}
            </ul>
            // Below the links: they come once the engine answers, and would otherwise
            // move the links under a visitor's pointer.
            {suggestions}
        </div>
    }
}
