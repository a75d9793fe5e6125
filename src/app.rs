//! The application: the router, the shell around the page, and the one route that
//! hands every path to the navigation model (the model is the route table).

use crate::api::ContentSource;
use crate::dom::is_document_address;
#[cfg(not(feature = "ssr"))]
use crate::dom::DocumentAddress;
#[cfg(not(feature = "ssr"))]
use crate::nav::Site;
use crate::nav::{model, use_site, Kind, Resolution, NOT_FOUND_DESCRIPTION, NOT_FOUND_TITLE};
use crate::pages::chunks_of;
use crate::pages::{Article, ContentPage, Home, Landing, NotFound, Offline, Search, Sitemap};
use crate::render::{pages_drawn, provide_current_path, use_current_path};
use crate::shell::{
    prefetch_on_intent, Breadcrumbs, PageMeta, RouteAnnouncer, SiteFooter, SiteHeader, SkipLinks,
};
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::location::{BrowserUrl, LocationProvider};
use leptos_router::NavigateOptions;

/// The whole site, drawn at once: what the prerenderer writes for every page, for
/// the `Site` in context. `source` may already hold pages' content (every page when
/// prerendering).
#[component]
pub fn App(source: ContentSource) -> impl IntoView {
    provide_context(source);
    view! {
        <Router base=use_site().base().to_string()>
            <Shell />
        </Router>
    }
}

/// Everything inside the router: the regions, in order.
#[component]
fn Shell() -> impl IntoView {
    provide_shell_contexts();
    Region::ALL.map(Region::view)
}

/// What every part of the page reads, provided inside the router: the current
/// path (derived once for all of them); content prefetch on intent.
fn provide_shell_contexts() {
    provide_current_path();
    prefetch_on_intent(load_page_ahead);
}

/// The parts of every page, in document order. Each is one element of `<body>`
/// (the breadcrumbs none on the home page). The prerenderer draws them all at once
/// (`App`); the browser draws them one at a time, each in a task of its own
/// (`Started::mount`, src/main.rs), so that no single task blocks the page for long
/// (see ARCHITECTURE.md, "Start-up in short tasks").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    SkipLinks,
    Header,
    Breadcrumbs,
    Main,
    Footer,
    Announcer,
}

impl Region {
    pub const ALL: [Region; 6] = [
        Region::SkipLinks,
        Region::Header,
        Region::Breadcrumbs,
        Region::Main,
        Region::Footer,
        Region::Announcer,
    ];

    /// The region's element among `<body>`'s children, in prerendered markup.
    pub fn selector(self) -> &'static str {
        match self {
            Region::SkipLinks => "body > .skip-links",
            Region::Header => "body > .site-header",
            Region::Breadcrumbs => "body > .breadcrumbs",
            Region::Main => "body > main",
            Region::Footer => "body > .site-footer",
            Region::Announcer => "body > #annonce-navigation",
        }
    }

    pub fn view(self) -> AnyView {
        match self {
            Region::SkipLinks => view! { <SkipLinks /> }.into_any(),
            Region::Header => view! { <SiteHeader /> }.into_any(),
            Region::Breadcrumbs => view! { <Breadcrumbs /> }.into_any(),
            // In the pages chunk: on the host it is always there; in the browser the
            // start-up draws this region only once the chunk is loaded.
            Region::Main => PAGES.get().map(|pages| (pages.main)()).into_any(),
            Region::Footer => view! { <SiteFooter /> }.into_any(),
            Region::Announcer => view! { <RouteAnnouncer /> }.into_any(),
        }
    }
}

/// The app in the browser, started without drawing anything: the router (which
/// from now on handles link clicks and history) and the contexts every region
/// reads. Its regions are then drawn one by one with `mount`.
#[cfg(not(feature = "ssr"))]
pub struct Started {
    owner: Owner,
}

#[cfg(not(feature = "ssr"))]
impl Started {
    pub fn new(site: Site, source: ContentSource, document: DocumentAddress) -> Self {
        // The root owner, and with it the router, lives as long as the page.
        let root = Owner::new();
        let inside_router = std::sync::Arc::new(std::sync::OnceLock::new());
        let slot = inside_router.clone();
        root.with(|| {
            let base = site.base().to_string();
            provide_context(site);
            provide_context(source);
            provide_context(document);
            let _unit = view! {
                <Router base=base>
                    {
                        provide_shell_contexts();
                        slot.get_or_init(|| Owner::current().expect("an owner inside the router"));
                    }
                </Router>
            };
        });
        std::mem::forget(root);
        let owner = inside_router
            .get()
            .expect("the router runs its children when it is created")
            .clone();
        Started { owner }
    }

    /// Calls `then` once, with the new address's path (base included) and query,
    /// the first time its path is other than `initial` (`/agir/` after `/agir`
    /// counts too). The
    /// router has not updated the address bar yet: that waits for the new page to
    /// be drawn.
    pub fn on_first_navigation(&self, initial: &str, then: impl FnOnce(String) + 'static) {
        let then = std::cell::Cell::new(Some(then));
        let initial = initial.to_string();
        self.owner.with(|| {
            let location = use_location();
            Effect::watch(
                move || location.pathname.get(),
                move |pathname, _, _| {
                    if *pathname != initial {
                        if let Some(then) = then.take() {
                            let search = location.search.get_untracked();
                            let search = if search.is_empty() {
                                search
                            } else {
                                format!("?{}", search.trim_start_matches('?'))
                            };
                            then(format!("{pathname}{search}"));
                        }
                    }
                },
                true,
            );
        });
    }

    /// Draws `view` (a region, or a part of one) into `parent`, before `before` (at
    /// the end without one). What it draws lives as long as its owner, returned:
    /// dropping it, or cleaning it up, disposes of the view's effects.
    pub fn mount(
        &self,
        view: impl FnOnce() -> AnyView,
        parent: &web_sys::Element,
        before: Option<&web_sys::Node>,
    ) -> Owner {
        use leptos::tachys::view::{Mountable, Render};
        let owner = self.owner.with(Owner::new);
        owner.with(|| {
            let mut drawn = view().build();
            drawn.mount(parent, before);
            std::mem::forget(drawn);
        });
        owner
    }
}

/// The pages chunk: `<main>` and every kind of page in it, the content's reading
/// and rendering. A prerendered page is complete without it: the start-up leaves
/// the prerendered `<main>` in place (only its parts that need the app are drawn,
/// `pages::islands_of`) and the app draws `<main>` once the visitor opens
/// another page in place. It loads ahead when the browser is idle after the
/// start-up, and when a link is hovered or focused.
pub struct PagesChunk {
    /// `<main>` and the page the address leads to, redrawn at each change of path.
    pub main: fn() -> AnyView,
    /// Starts loading a page's content ahead of a visit.
    pub prefetch: fn(&ContentSource, &str),
}

crate::chunk!(pub PAGES: PagesChunk = pages, PagesChunk { main: main_region, prefetch });

fn main_region() -> AnyView {
    #[cfg(not(feature = "ssr"))]
    take_embedded_content(&expect_context::<ContentSource>());
    view! {
        <main id="contenu" tabindex="-1" class="site-main">
            <ResolvedPage />
        </main>
    }
    .into_any()
}

fn prefetch(source: &ContentSource, path: &str) {
    source.prefetch(path);
}

/// The page's content and the chunks it draws with, loaded ahead of a visit (the
/// shell calls this on the visitor's intent to open a page).
fn load_page_ahead(source: &ContentSource, path: &'static str) {
    let source = source.clone();
    leptos::task::spawn_local(async move {
        if let Ok(pages) = PAGES.load().await {
            (pages.prefetch)(&source, path);
        }
    });
    for chunk in chunks_of(path) {
        chunk.load_ahead();
    }
}

/// The page's own content, embedded by the prerenderer, into the source, so that
/// page is not fetched again; the block is removed once read.
#[cfg(not(feature = "ssr"))]
fn take_embedded_content(source: &ContentSource) {
    use crate::content::{PageContent, EMBEDDED_CONTENT_ID};
    let Some(block) = document().get_element_by_id(EMBEDDED_CONTENT_ID) else {
        return;
    };
    block.remove();
    let embedded = block.get_attribute("data-path").zip(block.text_content());
    if let Some((path, content)) = embedded {
        if let Ok(content) = PageContent::parse(&content) {
            source.insert(path, content);
        }
    }
}

/// Looks the current path up in the model and shows the page component for its kind,
/// with its head tags. The model is the route table: every path, "/" included, comes
/// here. (The router's `<FlatRoutes>` with one wildcard route did the same with a
/// larger wasm: see BENCHMARKS.md.)
#[component]
fn ResolvedPage() -> impl IntoView {
    let current = use_current_path();
    // The router updates the address bar once told that the new page is drawn, as
    // `<Routes>` would tell it. Any change of path counts, even one that leaves the
    // page as it is (`/agir/` after `/agir`). (No such wait when prerendering.)
    // Each page drawn after a change of address is counted (the route announcer
    // follows), but not the document's own page drawn at start-up.
    if let Some(browser) = use_context::<BrowserUrl>() {
        let pathname = use_location().pathname;
        let drawn = pages_drawn();
        Effect::new(move |first_done: Option<()>| {
            pathname.track();
            browser.ready_to_complete();
            if first_done.is_some() || !is_document_address(&pathname.get_untracked()) {
                drawn.update(|count| *count += 1);
            }
        });
    }
    // Only a change of path re-renders the page: signals read while building it are
    // untracked here, so they cannot rebuild it (and restart its content request).
    move || {
        let path = current.get();
        untrack(|| page_for(&path))
    }
}

fn page_for(path: &str) -> AnyView {
    match model().resolve(path) {
        Resolution::Page(node) => {
            let page = match node.kind {
                Kind::Home => view! { <Home node /> }.into_any(),
                Kind::Section | Kind::Group => view! { <Landing node /> }.into_any(),
                Kind::Page => view! { <ContentPage node /> }.into_any(),
                Kind::Article => view! { <Article node /> }.into_any(),
                Kind::Sitemap => view! { <Sitemap node /> }.into_any(),
                Kind::Search => view! { <Search node /> }.into_any(),
                Kind::Offline => view! { <Offline node /> }.into_any(),
            };
            view! {
                <PageMeta title=model().page_title(node) description=node.description.to_string() node />
                {page}
            }
            .into_any()
        }
        Resolution::Redirect(to) => {
            let navigate = use_navigate();
            // A site path: the router puts its base in front.
            let to = to.to_string();
            // After the current render: navigating inside a render would re-enter it.
            request_animation_frame(move || {
                navigate(
                    &to,
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                )
            });
            ().into_any()
        }
        Resolution::NotFound => view! {
            <PageMeta
                title=format!("{NOT_FOUND_TITLE} | {}", model().site_name)
                description=NOT_FOUND_DESCRIPTION.to_string()
            />
            <NotFound />
        }
        .into_any(),
    }
}
