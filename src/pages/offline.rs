use super::ContentPage;
use crate::nav::NavNode;
use leptos::prelude::*;

/// `/hors-ligne`: what offline reading is, then the control that saves the whole
/// site on this device, or deletes that copy.
///
/// The control is drawn here, without behaviour: `public/offline.js` (loaded on every
/// page once the app has started, see ARCHITECTURE.md "Offline reading") finds it by
/// these ids, asks the service worker for the copy's state and size, and sets the
/// status's text, the progress bar and which button shows. Without JavaScript or a
/// service worker the status's first sentence stays, and says why.
#[component]
pub fn Offline(node: &'static NavNode) -> impl IntoView {
    view! {
        <ContentPage node />
        <section class="container offline-copy" aria-labelledby="copie-titre">
            <h2 id="copie-titre">"Copie du site sur cet appareil"</h2>
            <p id="copie-etat" role="status" tabindex="-1">
                "Pour enregistrer le site, votre navigateur doit accepter JavaScript et les service workers."
            </p>
            <progress id="copie-progression" aria-labelledby="copie-titre" max="1" value="0" hidden></progress>
            <p class="offline-copy-actions">
                <button type="button" class="button" id="copie-enregistrer" hidden>
                    "Lire ce site hors ligne"
                </button>
                <button type="button" class="button button-quiet" id="copie-supprimer" hidden>
                    "Supprimer la copie hors ligne"
                </button>
            </p>
        </section>
    }
}
