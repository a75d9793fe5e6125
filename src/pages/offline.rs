use super::ContentPage;
use crate::chunk;
use crate::nav::NavNode;
use leptos::prelude::*;

/// `/hors-ligne`: what offline reading is, then the control that saves the whole
/// site on this device, or deletes that copy. The control is in a chunk of its own
/// (`OFFLINE`): only this page draws it.
#[component]
pub fn Offline(node: &'static NavNode) -> impl IntoView {
    let part: fn() -> Option<AnyView> = || OFFLINE.get().map(|chunk| (chunk.control)());
    view! { <ContentPage node part /> }
}

/// The offline page's chunk.
pub struct OfflineChunk {
    /// `.offline-copy`: the copy's state, a progress bar, and the buttons.
    pub control: fn() -> AnyView,
}

chunk!(pub OFFLINE: OfflineChunk = offline, OfflineChunk { control });

/// What the copy of the site on this device is, as the control shows it.
// The prerenderer draws the first state only.
#[cfg_attr(feature = "ssr", allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq)]
enum Copy {
    /// Not known yet: the prerendered sentence (without JavaScript it stays).
    Unknown,
    /// No service worker: this browser cannot keep the site.
    Unavailable,
    /// Not saved; the whole site takes about `bytes`.
    NotSaved {
        bytes: f64,
    },
    /// Being saved (the progress bar says how far).
    Saving,
    Saved {
        bytes: f64,
        pages: f64,
    },
    /// Saving stopped before the end.
    Interrupted,
    Deleted,
    /// The worker did not answer in time (`offline.js` waits 10 s): the state is
    /// asked again on request.
    NoAnswer,
}

const STATE_ID: &str = "copie-etat";
const SAVE_ID: &str = "copie-enregistrer";
const REMOVE_ID: &str = "copie-supprimer";
const RETRY_ID: &str = "copie-reessayer";

impl Copy {
    fn text(self) -> String {
        match self {
            Copy::Unknown => "Pour enregistrer le site, votre navigateur doit accepter JavaScript et les service workers.".into(),
            Copy::Unavailable => "La copie hors ligne n’est pas disponible\u{a0}: ce navigateur n’accepte pas les service workers, ou le site n’a pas pu en installer un.".into(),
            Copy::NotSaved { bytes } => format!("Le site entier occupe {} sur l’appareil. Les pages déjà lues sont gardées\u{202f}; le bouton enregistre toutes les autres.", kilobytes(bytes)),
            Copy::Saving => "Enregistrement du site en cours…".into(),
            Copy::Saved { bytes, pages } => format!("Le site est enregistré sur cet appareil ({})\u{a0}: ses {pages}\u{a0}pages se lisent hors ligne.", kilobytes(bytes)),
            Copy::Interrupted => "L’enregistrement s’est interrompu (connexion perdue ou espace insuffisant sur l’appareil). Les pages déjà enregistrées sont gardées\u{202f}; vous pouvez réessayer.".into(),
            Copy::Deleted => "La copie hors ligne a été supprimée. Les pages que vous lirez seront de nouveau gardées une à une.".into(),
            Copy::NoAnswer => "Le service worker du site n’a pas répondu à temps (il est peut-être occupé, ou la connexion est trop lente). Les pages déjà enregistrées restent gardées\u{202f}; réessayez dans quelques instants.".into(),
        }
    }

    fn can_save(self) -> bool {
        matches!(
            self,
            Copy::NotSaved { .. } | Copy::Interrupted | Copy::Deleted
        )
    }
}

/// "environ 720 ko": a size rounded to 10 kB, at least 10.
fn kilobytes(bytes: f64) -> String {
    let tens = (bytes / 10_000.0).round().max(1.0) as u64;
    format!("environ {}\u{a0}ko", tens * 10)
}

/// The control. Its behaviour talks to the service worker through `offline.js`
/// (which registers it): `window.oimOffline.ask(type, each)`, or `false` when there
/// is no worker; `offline.js` says which with the window event `oim-offline`.
fn control() -> AnyView {
    let copy = RwSignal::new(Copy::Unknown);
    // Files saved, of how many: the last saving's, left as it ended.
    let files = RwSignal::new((0.0, 1.0));
    #[cfg(not(feature = "ssr"))]
    worker::start(copy);
    let saving = move || copy.get() == Copy::Saving;
    let progress = move || files.get();
    view! {
        <section class="offline-copy" aria-labelledby="copie-titre">
            <h2 id="copie-titre">"Copie du site sur cet appareil"</h2>
            <p id=STATE_ID role="status" tabindex="-1">{move || copy.get().text()}</p>
            <progress
                id="copie-progression"
                aria-labelledby="copie-titre"
                max=move || progress().1
                value=move || progress().0
                aria-valuetext=move || {
                    let (done, total) = progress();
                    format!("{done} fichiers sur {total}")
                }
                hidden=move || !saving()
            ></progress>
            <p class="offline-copy-actions">
                <button
                    type="button"
                    class="button"
                    id=SAVE_ID
                    hidden=move || !copy.get().can_save()
                    on:click=move |_| {
                        #[cfg(not(feature = "ssr"))]
                        worker::save(copy, files);
                    }
                >
                    "Lire ce site hors ligne"
                </button>
                <button
                    type="button"
                    class="button button-quiet"
                    id=REMOVE_ID
                    hidden=move || !matches!(copy.get(), Copy::Saved { .. })
                    on:click=move |_| {
                        #[cfg(not(feature = "ssr"))]
                        worker::delete(copy);
                    }
                >
                    "Supprimer la copie hors ligne"
                </button>
                <button
                    type="button"
                    class="button"
                    id=RETRY_ID
                    hidden=move || copy.get() != Copy::NoAnswer
                    on:click=move |_| {
                        #[cfg(not(feature = "ssr"))]
                        worker::retry(copy);
                    }
                >
                    "Réessayer"
                </button>
            </p>
        </section>
    }
    .into_any()
}

/// The control's side of the conversation with the service worker.
#[cfg(not(feature = "ssr"))]
mod worker {
    use super::{Copy, REMOVE_ID, RETRY_ID, SAVE_ID, STATE_ID};
    use crate::dom::focus_by_id;
    use js_sys::{Function, Reflect};
    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    /// `offline.js`'s bridge on `window`, and the event that says it is there.
    const BRIDGE: &str = "oimOffline";
    const READY: &str = "oim-offline";

    /// The types of the messages to and from the worker, as
    /// `public/offline/messages.ts` names them (build.rs writes its list here).
    #[allow(dead_code)] // the whole list: the control asks and reads a few
    mod message {
        include!(concat!(env!("OUT_DIR"), "/worker_messages.rs"));
    }

    /// Asks the copy's state once `offline.js` says whether there is a worker.
    pub fn start(copy: RwSignal<Copy>) {
        let ask_state = move || leptos::task::spawn_local(update_state(copy));
        if Reflect::has(&window(), &BRIDGE.into()).unwrap_or(false) {
            ask_state();
        } else {
            let ready = window_event_listener_untyped(READY, move |_| ask_state());
            on_cleanup(move || ready.remove());
        }
    }

    /// Asks the worker the copy's state, and shows it.
    async fn update_state(copy: RwSignal<Copy>) {
        let answer = ask(message::STATE, None).await;
        let state = match answer.as_ref().map(|a| (a, text(a, "type"))) {
            Some((answer, kind)) if kind == message::STATE && number(answer, "saved") > 0.0 => {
                Copy::Saved {
                    bytes: number(answer, "bytes"),
                    pages: number(answer, "pages"),
                }
            }
            Some((answer, kind)) if kind == message::STATE => Copy::NotSaved {
                bytes: number(answer, "bytes"),
            },
            other => unanswered(other.map(|(_, kind)| kind)),
        };
        let _ = copy.try_set(state);
    }

    /// The state when the worker gave no answer to the question: it did not answer
    /// in time, or there is none.
    fn unanswered(kind: Option<String>) -> Copy {
        match kind.as_deref() {
            Some(message::TIMEOUT) => Copy::NoAnswer,
            _ => Copy::Unavailable,
        }
    }

    /// Asks the state again, after the worker did not answer in time. The button
    /// stays until the answer comes; then focus goes to the status, which says it.
    pub fn retry(copy: RwSignal<Copy>) {
        let focused = has_focus(RETRY_ID);
        leptos::task::spawn_local(async move {
            update_state(copy).await;
            if focused && copy.get_untracked() != Copy::NoAnswer {
                request_animation_frame(|| focus_by_id(STATE_ID));
            }
        });
    }

    /// Saves the whole site, showing the progress (`files`: saved, of how many)
    /// as the worker reports it.
    pub fn save(copy: RwSignal<Copy>, files: RwSignal<(f64, f64)>) {
        let focused = has_focus(SAVE_ID);
        copy.set(Copy::Saving);
        files.set((0.0, 1.0));
        // The button disappears: focus goes to the status, which says what happens.
        if focused {
            request_animation_frame(|| focus_by_id(STATE_ID));
        }
        leptos::task::spawn_local(async move {
            let each = Closure::<dyn Fn(JsValue)>::new(move |step: JsValue| {
                if text(&step, "type") == message::PROGRESS {
                    let done = number(&step, "done");
                    let total = number(&step, "total");
                    let _ = files.try_set((done, total));
                }
            });
            let last = ask(message::SAVE, Some(each.as_ref().unchecked_ref())).await;
            let state = match last.as_ref().map(|last| (last, text(last, "type"))) {
                Some((last, kind)) if kind == message::SAVED => Copy::Saved {
                    bytes: number(last, "bytes"),
                    pages: number(last, "pages"),
                },
                Some((_, kind)) if kind == message::TIMEOUT => Copy::NoAnswer,
                _ => Copy::Interrupted,
            };
            let _ = copy.try_set(state);
            if focused {
                let next = match copy.get_untracked() {
                    Copy::NoAnswer => RETRY_ID,
                    state if state.can_save() => SAVE_ID,
                    _ => REMOVE_ID,
                };
                request_animation_frame(move || focus_by_id(next));
            }
        });
    }

    /// Deletes the copy.
    pub fn delete(copy: RwSignal<Copy>) {
        let focused = has_focus(REMOVE_ID);
        leptos::task::spawn_local(async move {
            let answer = ask(message::DELETE, None).await;
            let state = match answer.map(|a| text(&a, "type")) {
                Some(kind) if kind == message::DELETED => Copy::Deleted,
                other => unanswered(other),
            };
            let _ = copy.try_set(state);
            if focused {
                let next = match state {
                    Copy::Deleted => SAVE_ID,
                    Copy::NoAnswer => RETRY_ID,
                    _ => STATE_ID,
                };
                request_animation_frame(move || focus_by_id(next));
            }
        });
    }

    /// The worker's last answer to `question` (`each` gets every one: progress
    /// comes in steps), or `offline.js`'s when it did not answer in time; `None`
    /// without a worker.
    async fn ask(question: &str, each: Option<&Function>) -> Option<JsValue> {
        let bridge = Reflect::get(&window(), &BRIDGE.into()).ok()?;
        let ask = Reflect::get(&bridge, &"ask".into())
            .ok()?
            .dyn_into::<Function>()
            .ok()?;
        let each = each.map_or(JsValue::UNDEFINED, |f| f.into());
        let answer = ask.call2(&JsValue::NULL, &question.into(), &each).ok()?;
        JsFuture::from(js_sys::Promise::from(answer)).await.ok()
    }

    fn number(value: &JsValue, name: &str) -> f64 {
        let field = Reflect::get(value, &name.into()).unwrap_or(JsValue::UNDEFINED);
        field
            .as_f64()
            .or_else(|| field.as_bool().map(f64::from))
            .unwrap_or(0.0)
    }

    fn text(value: &JsValue, name: &str) -> String {
        Reflect::get(value, &name.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }

    fn has_focus(id: &str) -> bool {
        document()
            .active_element()
            .is_some_and(|element| element.id() == id)
    }
}
