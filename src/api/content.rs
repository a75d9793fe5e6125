//! The content source: where pages' content comes from. In the browser it fetches
//! `content/<slug>.json` with gloo-net, checks the answer, parses it, and keeps it in
//! memory, so a page seen once shows at once. A page and a prefetch of it (a link
//! hovered or focused) share one request, which is given up after `CONTENT_WAIT`
//! without a complete answer. A source can also be created already holding pages
//! (`with_pages`), for a build step that reads content off disk: it then never
//! fetches them.

use crate::content::PageContent;
use crate::nav::{content_file, Site};
use leptos::prelude::{ArcRwSignal, GetUntracked, Set};
use send_wrapper::SendWrapper;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// How long a content request may go without a complete answer before it is given
/// up and the page says so (`LoadError::Timeout`). Longer than the service
/// worker's wait for the network (3 s, `public/sw.js`), after which it answers with
/// its copy: where the worker has one, its answer comes first.
pub const CONTENT_WAIT: Duration = Duration::from_secs(10);

/// Why a page's content could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// No answer: offline, server down, or the request was cancelled.
    Network,
    /// No complete answer within `CONTENT_WAIT`: the server or the connection stalls.
    Timeout,
    /// The server answered with this HTTP status.
    Http(u16),
    /// The answer was not JSON (a host's SPA fallback answering with the HTML shell).
    NotJson,
    /// JSON that does not match the content model. (What was wrong is not kept: the
    /// visitor is not told, and formatting serde's message costs wasm; the site
    /// builder names it at build time.)
    Malformed,
    /// Code the page draws with, in a chunk of its own (`chunks`), could not be
    /// loaded; `gone`: the server answered with an error status (a deployment
    /// removed the chunk).
    Code { gone: bool },
}

impl LoadError {
    /// What happened, in plain French, for the visitor.
    pub fn message(&self) -> String {
        match self {
            LoadError::Network => "Le contenu de cette page n’a pas pu être téléchargé\u{a0}: la connexion au site a échoué. Vérifiez votre connexion à Internet, puis réessayez.".into(),
            LoadError::Timeout => "Le contenu de cette page n’a pas pu être téléchargé\u{a0}: le site n’a pas répondu à temps. Vérifiez votre connexion à Internet, puis réessayez.".into(),
            LoadError::Http(404) => "Le contenu de cette page est introuvable sur le serveur (erreur 404).".into(),
            LoadError::Http(status) => format!("Le serveur n’a pas pu fournir le contenu de cette page (erreur {status}). Réessayez dans quelques instants."),
            LoadError::NotJson | LoadError::Malformed => "Le contenu de cette page est illisible\u{a0}: le fichier reçu n’a pas le format attendu.".into(),
            LoadError::Code { .. } => "Une partie du code qui affiche cette page n’a pas pu être téléchargée. Vérifiez votre connexion à Internet, puis réessayez.".into(),
        }
    }
}

impl LoadError {
    /// Whether the page is better loaded in full (a new document) than shown with
    /// this error. An answer the app cannot read, or a file gone, comes from a
    /// deployment newer than the app: the new document is that deployment's, whole.
    /// No network, with a service worker: it answers a full load with the page kept
    /// on the device, or with its page saying the visitor is offline. Never after a
    /// timeout: a full load would wait on the same stalled server, and a worker with
    /// a copy of the content would have answered with it before.
    pub fn loads_in_full(&self, service_worker: bool) -> bool {
        match self {
            LoadError::NotJson | LoadError::Malformed | LoadError::Http(404) => true,
            LoadError::Network => service_worker,
            LoadError::Code { gone } => *gone || service_worker,
            LoadError::Http(_) | LoadError::Timeout => false,
        }
    }
}

/// A page's content as it stands: `None` while its request is under way.
pub type Answer = Option<Result<Arc<PageContent>, LoadError>>;

/// The address of a page's content file, under the site's base path.
pub fn content_url(site: &Site, path: &str) -> String {
    site.href(&format!("/{}", content_file(path)))
}

/// One page's content, loaded, on its way or failed: a signal that whoever wants the
/// page (the page shown, a prefetch) reads, and what cancels its request.
#[derive(Clone)]
struct Entry {
    answer: ArcRwSignal<Answer>,
    abort: Option<Arc<SendWrapper<web_sys::AbortController>>>,
}

/// Pages' content, by site path, fetched once from `site` and kept for the session.
#[derive(Clone)]
pub struct ContentSource {
    site: Site,
    pages: Arc<Mutex<HashMap<String, Entry>>>,
}

impl ContentSource {
    pub fn new(site: Site) -> Self {
        ContentSource {
            site,
            pages: Arc::default(),
        }
    }

    /// The site the content is fetched from.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// A source of `site` that already holds these pages (site path, content).
    pub fn with_pages(site: Site, pages: impl IntoIterator<Item = (String, PageContent)>) -> Self {
        let source = Self::new(site);
        source
            .lock()
            .extend(pages.into_iter().map(|(path, content)| {
                let answer = ArcRwSignal::new(Some(Ok(Arc::new(content))));
                (
                    path,
                    Entry {
                        answer,
                        abort: None,
                    },
                )
            }));
        source
    }

    /// Keeps a page's content, read from elsewhere (the page's own, embedded).
    pub fn insert(&self, path: String, content: PageContent) {
        let answer = ArcRwSignal::new(Some(Ok(Arc::new(content))));
        self.lock().insert(
            path,
            Entry {
                answer,
                abort: None,
            },
        );
    }

    // A panic cannot leave the map half-written, so a poisoned lock is still sound.
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        self.pages.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The page's content if it is already in memory.
    pub fn cached(&self, path: &str) -> Option<Arc<PageContent>> {
        match self.lock().get(path)?.answer.get_untracked() {
            Some(Ok(content)) => Some(content),
            _ => None,
        }
    }

    /// The page's content, for the page being shown: from memory, from the request
    /// under way (a prefetch's), or from a new request. After a failure it asks
    /// again, into the same signal: that is how a retry is made.
    pub fn request(&self, path: &str) -> ArcRwSignal<Answer> {
        self.start(path, true)
    }

    /// Starts loading a page the visitor is likely to open next, unless it is in
    /// memory, on its way, or failed (opening the page will ask again).
    pub fn prefetch(&self, path: &str) {
        self.start(path, false);
    }

    fn start(&self, path: &str, after_failure: bool) -> ArcRwSignal<Answer> {
        let mut pages = self.lock();
        let answer = match pages.get(path) {
            Some(entry)
                if after_failure && matches!(entry.answer.get_untracked(), Some(Err(_))) =>
            {
                entry.answer.clone()
            }
            Some(entry) => return entry.answer.clone(),
            None => ArcRwSignal::new(None),
        };
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(|c| c.signal());
        let give_up = controller.clone();
        let abort = controller.map(|c| Arc::new(SendWrapper::new(c)));
        let entry = Entry {
            answer: answer.clone(),
            abort,
        };
        pages.insert(path.to_string(), entry);
        drop(pages);
        answer.set(None);
        let (url, task_answer) = (content_url(&self.site, path), answer.clone());
        leptos::task::spawn_local(async move {
            // Given up after `CONTENT_WAIT`: the same cancellation as the visitor
            // leaving the page (`abandon`), which forgets the request, so an
            // aborted request still in the map is one that ran out of time.
            let give_up = give_up.and_then(|controller| {
                leptos::prelude::set_timeout_with_handle(move || controller.abort(), CONTENT_WAIT)
                    .ok()
            });
            let fetched = fetch(&url, signal.as_ref()).await;
            if let Some(timer) = give_up {
                timer.clear();
            }
            let timed_out = signal.as_ref().is_some_and(web_sys::AbortSignal::aborted);
            task_answer.set(Some(match fetched {
                Err(LoadError::Network) if timed_out => Err(LoadError::Timeout),
                fetched => fetched.map(Arc::new),
            }));
        });
        answer
    }

    /// The visitor left the page: if its request is still under way it is cancelled
    /// and forgotten (the page, opened again, asks again).
    pub fn abandon(&self, path: &str) {
        let mut pages = self.lock();
        if pages
            .get(path)
            .is_some_and(|e| e.answer.get_untracked().is_none())
        {
            if let Some(abort) = pages.remove(path).and_then(|e| e.abort) {
                abort.abort();
            }
        }
    }
}

/// Fetches, checks and parses one content file. `abort` cancels the request.
async fn fetch(url: &str, abort: Option<&web_sys::AbortSignal>) -> Result<PageContent, LoadError> {
    let response = gloo_net::http::Request::get(url)
        .abort_signal(abort)
        .send()
        .await
        .map_err(|_| LoadError::Network)?;
    check_response(
        response.status(),
        response.headers().get("content-type").as_deref(),
    )?;
    let text = response.text().await.map_err(|_| LoadError::Network)?;
    PageContent::parse(&text).map_err(|_| LoadError::Malformed)
}

/// Checks an answer before its body is parsed: a success status, and JSON, since a
/// host's SPA fallback may answer a missing file with `index.html` and status 200.
pub fn check_response(status: u16, content_type: Option<&str>) -> Result<(), LoadError> {
    if !(200..300).contains(&status) {
        return Err(LoadError::Http(status));
    }
    match content_type {
        Some(t)
            if t.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json")) =>
        {
            Ok(())
        }
        _ => Err(LoadError::NotJson),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_urls_follow_the_slug() {
        let oim = Site::new("/oim/", "");
        assert_eq!(content_url(&oim, "/"), "/oim/content/accueil.json");
        assert_eq!(
            content_url(&Site::at_root(), "/agir/engagez-vous"),
            "/content/agir--engagez-vous.json"
        );
    }

    #[test]
    fn answers_are_checked_before_parsing() {
        assert_eq!(check_response(200, Some("application/json")), Ok(()));
        assert_eq!(
            check_response(200, Some("application/json; charset=utf-8")),
            Ok(())
        );
        assert_eq!(
            check_response(404, Some("application/json")),
            Err(LoadError::Http(404))
        );
        assert_eq!(
            check_response(200, Some("text/html")),
            Err(LoadError::NotJson)
        );
        assert_eq!(check_response(200, None), Err(LoadError::NotJson));
    }

    #[test]
    fn a_source_with_pages_serves_them_from_memory() {
        let page = PageContent::parse(r#"{"body": [{"type": "paragraph", "text": ["Bonjour"]}]}"#)
            .unwrap();
        let source =
            ContentSource::with_pages(Site::at_root(), [("/agir".to_string(), page.clone())]);
        assert_eq!(source.cached("/agir").as_deref(), Some(&page));
        assert!(source.cached("/").is_none());
    }

    #[test]
    fn a_newer_deployment_or_no_network_under_a_service_worker_loads_the_page_in_full() {
        for newer in [
            LoadError::NotJson,
            LoadError::Malformed,
            LoadError::Http(404),
            LoadError::Code { gone: true },
        ] {
            assert!(newer.loads_in_full(false), "{newer:?}");
        }
        assert!(LoadError::Network.loads_in_full(true));
        assert!(!LoadError::Network.loads_in_full(false));
        // A stalled server stalls a full load too.
        assert!(!LoadError::Timeout.loads_in_full(true));
        assert!(!LoadError::Timeout.loads_in_full(false));
        assert!(!LoadError::Http(503).loads_in_full(true));
        // A chunk that did not load, the server not saying it is gone: shown, unless a
        // service worker answers the full load.
        assert!(!LoadError::Code { gone: false }.loads_in_full(false));
        assert!(LoadError::Code { gone: false }.loads_in_full(true));
    }

    #[test]
    fn messages_are_french_and_specific() {
        assert!(LoadError::Http(404).message().contains("introuvable"));
        assert!(LoadError::Http(503).message().contains("503"));
        assert!(LoadError::Network.message().contains("connexion"));
        assert!(LoadError::Timeout.message().contains("pas répondu à temps"));
        assert_eq!(LoadError::NotJson.message(), LoadError::Malformed.message());
        assert!(LoadError::Code { gone: false }.message().contains("code"));
    }
}
