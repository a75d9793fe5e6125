use crate::nav::{model, Kind, NOT_FOUND_TITLE};
use crate::render::{use_current_path, NavLink};
use leptos::prelude::*;

/// "Vous êtes ici :" followed by the trail from the home page, on every page but home.
/// An unknown path gets "Accueil › Page introuvable".
#[component]
pub fn Breadcrumbs() -> impl IntoView {
    let current = use_current_path();
    move || {
        let path = current.get();
        let trail = model().trail(&path);
        if trail
            .as_ref()
            .is_some_and(|t| t.len() == 1 && t[0].kind == Kind::Home)
        {
            return None;
        }
        let (ancestors, last) = match &trail {
            Some(t) => (t[..t.len() - 1].to_vec(), None),
            None => (vec![&model().root], Some(NOT_FOUND_TITLE)),
        };
        let here = trail.as_ref().and_then(|t| t.last().copied());
        Some(view! {
            <nav class="breadcrumbs container" aria-labelledby="fil-ariane-titre">
                <p id="fil-ariane-titre" class="breadcrumbs-title">"Vous êtes ici\u{a0}:"</p>
                <ol>
                    {ancestors
                        .into_iter()
                        .map(|node| view! { <li><NavLink node /></li> })
                        .collect_view()}
                    {here.map(|node| view! { <li><NavLink node /></li> })}
                    {last.map(|label| view! { <li aria-current="page">{label}</li> })}
                </ol>
            </nav>
        })
    }
}
