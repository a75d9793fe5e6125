use crate::dom::focus_by_id;
use leptos::prelude::*;

/// "Accès rapide": the first focusable element of every page.
#[component]
pub fn SkipLinks() -> impl IntoView {
    // Handled here rather than by the router so focus really moves into <main>.
    let to_content = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        focus_by_id("contenu");
    };
    view! {
        <nav class="skip-links" aria-label="Accès rapide">
            <a href="#contenu" on:click=to_content>"Aller au contenu"</a>
        </nav>
    }
}
