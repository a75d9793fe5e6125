//! The application: the router, the shell around the page, and the one route that
//! hands every path to the navigation model (the model is the route table).

use crate::content::ContentSource;
use crate::nav::{model, Kind, Resolution, NOT_FOUND_DESCRIPTION, NOT_FOUND_TITLE};
use crate::pages::{Article, ContentPage, Home, Landing, NotFound, Sitemap};
use crate::render::{provide_current_path, use_current_path};
use crate::shell::{
    prefetch_on_intent, Breadcrumbs, PageMeta, RouteAnnouncer, SiteFooter, SiteHeader, SkipLinks,
};
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::location::{BrowserUrl, LocationProvider};
use leptos_router::NavigateOptions;

/// The whole site. `source` may already hold pages' content (the page the app
/// starts on, embedded in its prerendered document; every page when prerendering).
#[component]
pub fn App(#[prop(optional)] source: ContentSource) -> impl IntoView {
    provide_context(source);
    view! {
        <Router base=crate::nav::base()>
            <Shell />
        </Router>
    }
}

/// Everything inside the router: the current path is derived here, once, for all of it.
#[component]
fn Shell() -> impl IntoView {
    provide_current_path();
    prefetch_on_intent();
    view! {
        <SkipLinks />
        <SiteHeader />
        <Breadcrumbs />
        <main id="contenu" tabindex="-1" class="site-main">
            <ResolvedPage />
        </main>
        <SiteFooter />
        <RouteAnnouncer />
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
            };
            view! {
                <PageMeta title=model().page_title(node) description=node.description.clone() node />
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
