//! The search chunk (`SEARCH`): what only a search draws, loaded the first time a
//! visitor focuses a search field or opens the results page or a missing address.
//! The results page's form, count and list, and the not-found page's suggestions,
//! as views with signals; the excerpts' marks as `<mark>` elements, their text as
//! text.

use super::{
    count_message, link_from_index, percent_decoded, query_of, Excerpt, Failure, Found, Hit,
    SearchForm, PAGE_FORM, UNAVAILABLE,
};
use crate::chunk;
use crate::nav::{model, use_site};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The search chunk's entry points.
pub struct SearchChunk {
    /// The results page below its introduction (`.search-page`): the form, the
    /// count, the list.
    pub results: fn() -> AnyView,
    /// `#suggestions`: "Vouliez-vous dire :" and the pages matching the words of the
    /// missing address.
    pub suggestions: fn() -> AnyView,
    /// Starts loading the engine (a visitor focused a search field).
    pub warm_up: fn(),
}

chunk!(pub SEARCH: SearchChunk = search, SearchChunk { results, suggestions, warm_up });

/// Ids of the count and the list (the tests find them by these).
pub const STATUS_ID: &str = "recherche-statut";
pub const RESULTS_ID: &str = "recherche-resultats";
/// The not-found page's suggestions.
pub const SUGGESTIONS_ID: &str = "suggestions";

fn warm_up() {
    #[cfg(not(feature = "ssr"))]
    crate::api::search::preload();
}

/// The results page for the address's query: the field and the title at once, the
/// count and the list once the engine answers. Typing, Enter, back, forward and a
/// shared link all change the address, which this follows.
fn results() -> AnyView {
    let search = use_location().search;
    let query = Memo::new(move |_| percent_decoded(&query_of(&search.get())));
    // The query answered, and the answer.
    let answer = RwSignal::new(None::<(String, Result<Found, Failure>)>);
    #[cfg(not(feature = "ssr"))]
    Effect::new(move || {
        let query = query.get();
        let name = &model().site_name;
        document().set_title(&match query.trim() {
            "" => format!("Recherche | {name}"),
            q => format!("Recherche\u{a0}: {q} | {name}"),
        });
        if query.trim().is_empty() {
            answer.set(None);
            return;
        }
        leptos::task::spawn_local(async move {
            match crate::api::search::find(&query).await {
                Err(Failure::Superseded) => {}
                // The visitor may have left the page meanwhile.
                found => {
                    let _ = answer.try_set(Some((query, found)));
                }
            }
        });
    });
    let count = move || {
        answer.with(|answer| {
            answer.as_ref().map(|(query, found)| match found {
                Ok(found) => count_message(found.total, query),
                Err(_) => UNAVAILABLE.to_string(),
            })
        })
    };
    let list = move || {
        answer.get().map(|(_, found)| match found {
            Ok(Found { hits, .. }) if !hits.is_empty() => hit_list(hits).into_any(),
            _ => ways_on().into_any(),
        })
    };
    view! {
        <div class="search-page">
            <SearchForm place=&PAGE_FORM query />
            <noscript>
                <p class="load-error">
                    "La recherche a besoin de JavaScript, qui est désactivé dans votre navigateur. Toutes les pages du site sont listées dans le "
                    {sitemap_link()}
                    "."
                </p>
            </noscript>
            <p role="status" class="search-count" id=STATUS_ID>{count}</p>
            <div id=RESULTS_ID>{list}</div>
        </div>
    }
    .into_any()
}

/// The results: each page's title (a link), its section, the words around the
/// match, and its headings that match.
fn hit_list(hits: Vec<Hit>) -> impl IntoView {
    let site = use_site();
    let items = hits.into_iter().map(|hit| {
        let parts = (!hit.parts.is_empty()).then(|| {
            let parts = hit.parts.into_iter().map(|part| {
                view! {
                    <li>
                        <a href=link_from_index(&site, &part.url)>{part.title}</a>
                        <p>{marked(part.excerpt)}</p>
                    </li>
                }
            });
            view! { <ul class="search-result-parts">{parts.collect_view()}</ul> }
        });
        view! {
            <li>
                <h2><a href=link_from_index(&site, &hit.url)>{hit.title}</a></h2>
                <p class="search-result-section">{hit.section}</p>
                <p>{marked(hit.excerpt)}</p>
                {parts}
            </li>
        }
    });
    view! { <ol class="search-results">{items.collect_view()}</ol> }
}

/// An excerpt's runs: the matches in `<mark>`, all of it as text.
fn marked(excerpt: Excerpt) -> impl IntoView {
    excerpt
        .into_iter()
        .map(|(mark, text)| {
            if mark {
                view! { <mark>{text}</mark> }.into_any()
            } else {
                text.into_any()
            }
        })
        .collect_view()
}

/// What the results page says when it has nothing to show: what to try, and the
/// site map and sections to browse instead.
fn ways_on() -> impl IntoView {
    let site = use_site();
    let sections = model().menu_sections().map(|section| {
        view! { <li><a href=site.href(&section.path)>{section.label.clone()}</a></li> }
    });
    view! {
        <p>
            "Vérifiez l’orthographe ou essayez d’autres mots. Vous pouvez aussi parcourir le "
            {sitemap_link()}
            " ou les rubriques\u{a0}:"
        </p>
        <ul class="link-list">{sections.collect_view()}</ul>
    }
}

fn sitemap_link() -> impl IntoView {
    let path = model().sitemap().map_or("/", |s| s.path.as_ref());
    view! { <a href=use_site().href(path)>"plan du site"</a> }
}

/// The pages the missing address may have meant, once the engine answers (nothing
/// when it finds none, or cannot answer: the page links the site map anyway).
fn suggestions() -> AnyView {
    let site = use_site();
    let found = RwSignal::new(Vec::<Hit>::new());
    #[cfg(not(feature = "ssr"))]
    {
        let path = window().location().pathname().unwrap_or_default();
        let words = super::words_of_address(site.strip_base(&path));
        if !words.is_empty() {
            leptos::task::spawn_local(async move {
                if let Ok(answer) = crate::api::search::suggest(&words).await {
                    let _ = found.try_set(answer.hits);
                }
            });
        }
    }
    let list = move || {
        let hits = found.get();
        (!hits.is_empty()).then(|| {
            let items = hits.into_iter().map(|hit| {
                view! {
                    <li>
                        <a href=link_from_index(&site, &hit.url)>{hit.title}</a>
                        " ("
                        {hit.section}
                        ")"
                    </li>
                }
            });
            view! {
                <h2>"Vouliez-vous dire\u{a0}:"</h2>
                <ul class="link-list">{items.collect_view()}</ul>
            }
        })
    };
    view! { <div id=SUGGESTIONS_ID>{list}</div> }.into_any()
}
