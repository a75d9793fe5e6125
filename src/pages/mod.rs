//! One component per kind of page. Each takes its node of the navigation model;
//! the page's words come from its content file (see `content`).

mod article;
mod home;
mod landing;
mod not_found;
mod offline;
mod page;
mod search;
mod sitemap;

pub use article::Article;
pub use home::Home;
pub use landing::Landing;
pub use not_found::NotFound;
pub use offline::Offline;
pub use page::ContentPage;
pub use search::Search;
pub use sitemap::Sitemap;

use crate::content::{Block, ContentSource, LoadError, PageContent};
use crate::dom::{browser_says, focus_by_id, is_document_address, PAGE_HEADING_ID, SERVICE_WORKER};
use crate::nav::{href, NavNode};
use crate::render::{page_card, Blocks, PageDates, Spans};
use leptos::either::Either;
use leptos::prelude::*;
use std::sync::Arc;

/// The page's one `<h1>`. It takes focus after a client-side navigation, hence
/// `tabindex="-1"` and the shared id.
#[component]
pub fn PageHeading(#[prop(into)] text: String) -> impl IntoView {
    view! { <h1 id=PAGE_HEADING_ID tabindex="-1">{text}</h1> }
}

/// A grid of cards, one per page of the model, each with its label and description.
#[component]
pub fn Cards(nodes: Vec<&'static NavNode>) -> impl IntoView {
    let items = nodes.into_iter().map(page_card).collect();
    view! { <Blocks blocks=vec![Block::Cards { items }] /> }
}

/// The usual content of a page: dates, lead, then the body blocks.
#[component]
pub fn PageBody(node: &'static NavNode) -> impl IntoView {
    view! {
        <WithContent
            node
            children=|c| {
                view! {
                    {c.dates.clone().map(|dates| view! { <PageDates dates /> })}
                    {c.lead.clone().map(|text| view! { <p class="lead"><Spans text /></p> })}
                    <Blocks blocks=c.body.clone() />
                }
            }
        />
    }
}

/// Shows a page's content once it is available: at once when it is in memory,
/// otherwise after a loading state; on failure, an explanation and a retry button.
/// The request is aborted if the visitor leaves the page before it completes.
#[component]
pub fn WithContent<F, V>(node: &'static NavNode, children: F) -> impl IntoView
where
    F: Fn(Arc<PageContent>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let source = expect_context::<ContentSource>();
    let path = node.path.as_ref();
    if let Some(content) = source.cached(path) {
        return Either::Left(children(content));
    }
    // A signal the source fills, rather than a `LocalResource` (and `<Suspense>`): the
    // same states with less wasm, and a prefetch can start it.
    let answer = source.request(path);
    on_cleanup({
        let source = source.clone();
        move || source.abandon(path)
    });
    let retry = move || {
        // The button is about to disappear: keep focus on the page, at its heading.
        focus_by_id(PAGE_HEADING_ID);
        source.request(path);
    };
    Either::Right(move || match answer.get() {
        Some(Ok(c)) => {
            // The router scrolled to the #fragment before the content (and so the
            // target) existed: scroll once it is drawn.
            request_animation_frame(scroll_to_fragment);
            children(c).into_any()
        }
        Some(Err(error)) if in_full(&error, path) => {
            load_in_full(path);
            view! { <Loading /> }.into_any()
        }
        Some(Err(error)) => {
            let retry = retry.clone();
            view! { <LoadFailed error retry /> }.into_any()
        }
        None => view! { <Loading /> }.into_any(),
    })
}

/// Whether the page that failed to load is loaded again in full rather than
/// showing `error` (see `LoadError::loads_in_full`): never when this document is
/// already that page's, so a page that still fails shows why, with no reload loop.
fn in_full(error: &LoadError, path: &str) -> bool {
    error.loads_in_full(browser_says(&SERVICE_WORKER)) && !is_document_address(&href(path))
}

/// Loads the page at `path` as a new document: the address as it is (its query and
/// fragment kept) if it is the page's already, else the page's.
fn load_in_full(path: &str) {
    let location = window().location();
    let address = href(path);
    if location.pathname().is_ok_and(|p| p == address) {
        let _ = location.reload();
    } else {
        let _ = location.assign(&address);
    }
}

/// Scrolls to the element named by the address's `#fragment`, if there is one.
fn scroll_to_fragment() {
    let hash = window().location().hash().unwrap_or_default();
    let id = hash.trim_start_matches('#');
    if let Some(target) = (!id.is_empty())
        .then(|| document().get_element_by_id(id))
        .flatten()
    {
        target.scroll_into_view();
    }
}

#[component]
fn Loading() -> impl IntoView {
    view! {
        <p class="loading" role="status">
            <span class="loading-spinner" aria-hidden="true"></span>
            "Chargement du contenu de la page…"
        </p>
    }
}

#[component]
fn LoadFailed(error: LoadError, retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    view! {
        <div class="load-error" role="alert">
            <h2>"Le contenu de cette page n'a pas pu être affiché"</h2>
            <p>{error.message()}</p>
            <p class="load-error-actions">
                <button type="button" class="button" on:click=move |_| retry()>
                    "Réessayer"
                </button>
                <a href=href("/")>"Retourner à l'accueil"</a>
            </p>
        </div>
    }
}
