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

use crate::api::{ContentSource, LoadError};
use crate::chunks::AnyChunk;
use crate::content::{Block, PageContent};
use crate::dom::{
    browser_says, focus_by_id, is_document_address, load_in_full, PAGE_HEADING_ID, SERVICE_WORKER,
};
use crate::nav::{model, Kind, NavNode, Resolution};
use crate::render::figures::FIGURES;
use crate::render::{page_card, Blocks, LoadFailed, Loading, PageDates, Spans};
use crate::search::views::SEARCH;
use leptos::prelude::*;
use std::sync::Arc;

/// The chunks the page at `path` draws from (`chunks`): `WithContent` waits for them
/// as for the page's content, and they are loaded ahead of a visit when a link to the
/// page is hovered or focused (`app::load_page_ahead`).
pub fn chunks_of(path: &str) -> &'static [&'static dyn AnyChunk] {
    match model().resolve(path) {
        Resolution::Page(node) => match node.kind {
            Kind::Sitemap => {
                static SITEMAP: [&dyn AnyChunk; 1] = [&sitemap::SITEMAP];
                &SITEMAP
            }
            Kind::Search => {
                static CHUNKS: [&dyn AnyChunk; 1] = [&SEARCH];
                &CHUNKS
            }
            Kind::Offline => {
                static CHUNKS: [&dyn AnyChunk; 1] = [&offline::OFFLINE];
                &CHUNKS
            }
            _ => &[],
        },
        Resolution::Redirect(_) | Resolution::NotFound => &[],
    }
}

/// A part of a prerendered page that only the app makes work (the search results,
/// the not-found page's suggestions, the offline copy's control). When the app
/// starts, it draws the part from its chunk in place of the prerendered element
/// (the same view, so the same markup); the rest of `<main>` stays as prerendered
/// until the visitor opens another page.
pub struct Island {
    /// The prerendered element the app's replaces.
    pub selector: &'static str,
    pub chunk: &'static dyn AnyChunk,
    /// Its view, once its chunk is loaded.
    pub view: fn() -> AnyView,
}

/// The islands of the page at `path`.
pub fn islands_of(path: &str) -> &'static [Island] {
    match model().resolve(path) {
        Resolution::Page(node) if node.kind == Kind::Search => {
            static RESULTS: [Island; 1] = [Island {
                selector: "main .search-page",
                chunk: &SEARCH,
                view: || SEARCH.get().map(|chunk| (chunk.results)()).into_any(),
            }];
            &RESULTS
        }
        Resolution::Page(node) if node.kind == Kind::Offline => {
            static CONTROL: [Island; 1] = [Island {
                selector: "main .offline-copy",
                chunk: &offline::OFFLINE,
                view: || {
                    offline::OFFLINE
                        .get()
                        .map(|chunk| (chunk.control)())
                        .into_any()
                },
            }];
            &CONTROL
        }
        Resolution::NotFound => {
            static SUGGESTIONS: [Island; 1] = [Island {
                selector: "main #suggestions",
                chunk: &SEARCH,
                view: || SEARCH.get().map(|chunk| (chunk.suggestions)()).into_any(),
            }];
            &SUGGESTIONS
        }
        _ => &[],
    }
}

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
    view! { <WithContent node children=Arc::new(body) /> }
}

/// What a page draws with its content, once loaded.
pub type ContentView = Arc<dyn Fn(Arc<PageContent>) -> AnyView + Send + Sync>;

/// A page's dates, lead and body blocks.
pub fn body(c: Arc<PageContent>) -> AnyView {
    view! {
        {c.dates.clone().map(|dates| view! { <PageDates dates /> })}
        {c.lead.clone().map(|text| view! { <p class="lead"><Spans text /></p> })}
        <Blocks blocks=c.body.clone() />
    }
    .into_any()
}

/// Shows a page's content once it is available: at once when it is in memory,
/// otherwise after a loading state; on failure, an explanation and a retry button.
/// The request is aborted if the visitor leaves the page before it completes.
///
/// Not generic over its view: one copy serves every kind of page (each generic
/// copy cost about 1.8 kB of wasm before compression).
#[component]
pub fn WithContent(node: &'static NavNode, children: ContentView) -> impl IntoView {
    let source = expect_context::<ContentSource>();
    let path = node.path.as_ref();
    let address = source.site().href(path);
    // The chunks the page draws with are waited for as its content is.
    let chunks = chunks_of(path);
    let code_loaded = move || chunks.iter().all(|chunk| chunk.is_loaded());
    if let Some(content) = source
        .cached(path)
        .filter(|c| code_loaded() && figures_loaded(c))
    {
        return children(content);
    }
    // A signal the source fills, rather than a `LocalResource` (and `<Suspense>`): the
    // same states with less wasm, and a prefetch can start it.
    let answer = source.request(path);
    on_cleanup({
        let source = source.clone();
        move || source.abandon(path)
    });
    // The page's code: `None` while a chunk loads.
    let code = RwSignal::new(Some(Ok(())));
    let load_code = move || {
        if code_loaded() {
            return;
        }
        code.set(None);
        leptos::task::spawn_local(async move {
            let mut loaded = true;
            for chunk in chunks {
                loaded &= chunk.ready().await;
            }
            let gone = !loaded && crate::chunks::gone();
            // The visitor may have left the page meanwhile.
            let _ = code.try_set(Some(if loaded {
                Ok(())
            } else {
                Err(LoadError::Code { gone })
            }));
        });
    };
    load_code();
    let retry = move || {
        // The button is about to disappear: keep focus on the page, at its heading.
        focus_by_id(PAGE_HEADING_ID);
        source.request(path);
        load_code();
    };
    // The figures' chunk, when the content has charts or maps: the page is drawn
    // once it is there, in one go, so nothing below a figure moves when the figure
    // appears. If it cannot be loaded, each figure says so (`render::figures`).
    let figures_tried = RwSignal::new(false);
    (move || match (answer.get(), code.get()) {
        (Some(Ok(c)), Some(Ok(()))) if !figures_tried.get() && !figures_loaded(&c) => {
            leptos::task::spawn_local(async move {
                FIGURES.ready().await;
                let _ = figures_tried.try_set(true);
            });
            view! { <Loading /> }.into_any()
        }
        (Some(Err(error)), _) | (_, Some(Err(error))) if in_full(&error, &address) => {
            load_in_full(&address);
            view! { <Loading /> }.into_any()
        }
        (Some(Err(error)), _) | (_, Some(Err(error))) => {
            let retry = retry.clone();
            view! { <LoadFailed message=error.message() retry /> }.into_any()
        }
        (Some(Ok(c)), Some(Ok(()))) => {
            // The router scrolled to the #fragment before the content (and so the
            // target) existed: scroll once it is drawn.
            request_animation_frame(scroll_to_fragment);
            children(c)
        }
        _ => view! { <Loading /> }.into_any(),
    })
    .into_any()
}

/// Whether the code that draws the content's figures is there, if it has any.
fn figures_loaded(content: &PageContent) -> bool {
    FIGURES.is_loaded()
        || !content
            .body
            .iter()
            .any(|b| matches!(b, Block::Chart(_) | Block::Map(_)))
}

/// Whether the page at `address` that failed to load is loaded again in full rather
/// than showing `error` (see `LoadError::loads_in_full`): never when this document is
/// already that page's, so a page that still fails shows why, with no reload loop.
fn in_full(error: &LoadError, address: &str) -> bool {
    error.loads_in_full(browser_says(&SERVICE_WORKER)) && !is_document_address(address)
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
