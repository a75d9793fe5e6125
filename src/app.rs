//! The application: the router, the shell around the page, and the one route that
//! hands every path to the navigation model (the model is the route table).

use crate::nav::{model, Kind, Resolution};
use crate::pages::{Article, ContentPage, Home, Landing, NotFound, Sitemap};
use crate::shell::{Breadcrumbs, PageMeta, RouteAnnouncer, SiteFooter, SiteHeader, SkipLinks};
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{path, NavigateOptions};

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <SkipLinks />
            <SiteHeader />
            <Breadcrumbs />
            <main id="contenu" tabindex="-1" class="site-main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=ResolvedPage />
                    <Route path=path!("/*any") view=ResolvedPage />
                </Routes>
            </main>
            <SiteFooter />
            <RouteAnnouncer />
        </Router>
    }
}

/// Looks the current path up in the model and shows the page component for its kind.
#[component]
fn ResolvedPage() -> impl IntoView {
    let pathname = use_location().pathname;
    move || match model().resolve(crate::nav::strip_base(&pathname.get())) {
        Resolution::Page(node) => {
            let page = match node.kind {
                Kind::Home => view! { <Home node /> }.into_any(),
                Kind::Section | Kind::Group => view! { <Landing node /> }.into_any(),
                Kind::Page => view! { <ContentPage node /> }.into_any(),
                Kind::Article => view! { <Article node /> }.into_any(),
                Kind::Sitemap => view! { <Sitemap /> }.into_any(),
            };
            view! {
                <PageMeta title=model().page_title(node) description=node.description.clone() />
                {page}
            }
            .into_any()
        }
        Resolution::Redirect(to) => {
            let navigate = use_navigate();
            let to = crate::nav::href(to);
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
        Resolution::NotFound => view! { <NotFound /> }.into_any(),
    }
}
