//! The search forms: the header's, on every page, and the results page's. Real
//! forms: without JavaScript they open `/recherche?q=…`, whose page says search needs
//! it. With the app, submitting opens the results page in place (a history entry);
//! typing in the results page's field replaces the address, and so the results;
//! focusing a field loads the search chunk and the engine ahead, since a visitor
//! there is about to type.

use super::views::SEARCH;
use super::QUERY;
use crate::nav::{model, use_site};
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// Where a search form is: its field's id, its landmark's name, and whether its
/// label is shown (the results page) or only read out (the header, where the
/// button says what the field is for).
pub struct FormPlace {
    pub field_id: &'static str,
    pub landmark: &'static str,
    pub visible_label: bool,
}

pub const HEADER_FORM: FormPlace = FormPlace {
    field_id: "recherche-site",
    landmark: "Sur tout le site",
    visible_label: false,
};

pub const PAGE_FORM: FormPlace = FormPlace {
    field_id: "recherche-page",
    landmark: "Nouvelle recherche",
    visible_label: true,
};

/// A search form at `place`. On the results page, `query` is the address's: the
/// field shows it, and typing changes it.
#[component]
pub fn SearchForm(
    place: &'static FormPlace,
    #[prop(optional)] query: Option<Memo<String>>,
) -> impl IntoView {
    let results = model().search_page().map_or("/", |n| n.path.as_ref());
    let field = NodeRef::<html::Input>::new();
    let navigate = use_navigate();
    let go = move |replace: bool| {
        let typed = field.get_untracked().map(|f| f.value()).unwrap_or_default();
        let typed = String::from(js_sys::encode_uri_component(&typed));
        navigate(
            &format!("{results}?{QUERY}={typed}"),
            NavigateOptions {
                replace,
                scroll: !replace,
                ..Default::default()
            },
        );
    };
    let submit = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            go(false);
        }
    };
    let site = use_site();
    view! {
        <form
            role="search"
            class="search-form"
            action=site.href(results)
            aria-label=place.landmark
            on:submit=submit
            on:focusin=move |_| load_ahead()
        >
            <label for=place.field_id class:visually-hidden=!place.visible_label>
                "Rechercher sur le site"
            </label>
            <span class="search-form-row">
                <input
                    type="search"
                    id=place.field_id
                    name=QUERY
                    autocomplete="off"
                    node_ref=field
                    prop:value=move || query.map(|q| q.get())
                    on:input=move |_| {
                        // Typing replaces the history entry; Enter (submit) adds one.
                        if query.is_some() {
                            go(true);
                        }
                    }
                />
                <button type="submit" class="button">"Rechercher"</button>
            </span>
        </form>
    }
}

/// Loads the search chunk, then starts loading the engine.
fn load_ahead() {
    leptos::task::spawn_local(async move {
        if let Ok(chunk) = SEARCH.load().await {
            (chunk.warm_up)();
        }
    });
}
