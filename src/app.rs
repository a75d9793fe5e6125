//! The application: the router, the shell around the page, and the one route that
//! hands every path to the navigation model (the model is the route table).

use crate::content::ContentSource;
use crate::nav::{model, Kind, Resolution, NOT_FOUND_DESCRIPTION, NOT_FOUND_TITLE};
use crate::pages::{Article, ContentPage, Home, Landing, NotFound, Offline, Search, Sitemap};
use crate::render::{provide_current_path, use_current_path};
use crate::shell::{
    prefetch_on_intent, search_in_place, Breadcrumbs, PageMeta, RouteAnnouncer, SiteFooter,
    SiteHeader, SkipLinks,
};
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::location::{BrowserUrl, LocationProvider};
use leptos_router::NavigateOptions;

/// The whole site, drawn at once: what the prerenderer writes for every page.
/// `source` may already hold pages' content (every page when prerendering).
#[component]
pub fn App(#[prop(optional)] source: ContentSource) -> impl IntoView {
    provide_context(source);
    view! {
        <Router base=crate::nav::base()>
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
/// path (derived once for all of them); content prefetch on intent; search forms
/// handled in place.
fn provide_shell_contexts() {
    provide_current_path();
    prefetch_on_intent();
    search_in_place();
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
            Region::Main => view! {
                <main id="contenu" tabindex="-1" class="site-main">
                    <ResolvedPage />
                </main>
            }
            .into_any(),
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
    pub fn new(source: ContentSource) -> Self {
        // The root owner, and with it the router, lives as long as the page.
        let root = Owner::new();
        let inside_router = std::sync::Arc::new(std::sync::OnceLock::new());
        let slot = inside_router.clone();
        root.with(|| {
            provide_context(source);
            let _unit = view! {
                <Router base=crate::nav::base()>
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

    /// Draws `region` into `parent`, before `before` (at the end without one).
    /// What it draws stays for the life of the page.
    pub fn mount(&self, region: Region, parent: &web_sys::Element, before: Option<&web_sys::Node>) {
        use leptos::tachys::view::{Mountable, Render};
        self.owner.with(|| {
            let mut drawn = region.view().build();
            drawn.mount(parent, before);
            std::mem::forget(drawn);
        });
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
    if let Some(browser) = use_context::<BrowserUrl>() {
        let pathname = use_location().pathname;
        Effect::new(move || {
            pathname.track();
            browser.ready_to_complete();
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
