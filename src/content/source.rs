//! The content source: where pages' content comes from. In the browser it fetches
//! `content/<slug>.json` with gloo-net, checks the answer, parses it, and keeps it in
//! memory, so a page seen once shows at once. A source can also be created already
//! holding pages (`with_pages`), for a build step that reads content off disk: it
//! then never fetches them.

use super::PageContent;
use crate::nav::{content_file, href};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Why a page's content could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// No answer: offline, server down, or the request was cancelled.
    Network,
    /// The server answered with this HTTP status.
    Http(u16),
    /// The answer was not JSON (a host's SPA fallback answering with the HTML shell).
    NotJson,
    /// JSON that does not match the content model.
    Malformed(String),
}

impl LoadError {
    /// What happened, in plain French, for the visitor.
    pub fn message(&self) -> String {
        match self {
            LoadError::Network => "Le contenu de cette page n'a pas pu être téléchargé : la connexion au site a échoué. Vérifiez votre connexion à Internet, puis réessayez.".into(),
            LoadError::Http(404) => "Le contenu de cette page est introuvable sur le serveur (erreur 404).".into(),
            LoadError::Http(status) => format!("Le serveur n'a pas pu fournir le contenu de cette page (erreur {status}). Réessayez dans quelques instants."),
            LoadError::NotJson | LoadError::Malformed(_) => "Le contenu de cette page est illisible : le fichier reçu n'a pas le format attendu.".into(),
        }
    }
}

/// The address of a page's content file, under the site's base path.
pub fn content_url(path: &str) -> String {
    href(&format!("/{}", content_file(path)))
}

/// Pages' content, by site path, fetched once and kept for the session.
#[derive(Clone, Default)]
pub struct ContentSource {
    cache: Arc<Mutex<HashMap<String, Arc<PageContent>>>>,
}

impl ContentSource {
    pub fn new() -> Self {
        Self::default()
    }

    /// A source that already holds these pages (site path, content).
    pub fn with_pages(pages: impl IntoIterator<Item = (String, PageContent)>) -> Self {
        let source = Self::new();
        for (path, content) in pages {
            source.keep(&path, Arc::new(content));
        }
        source
    }

    /// The page's content if it is already in memory.
    pub fn cached(&self, path: &str) -> Option<Arc<PageContent>> {
        self.cache.lock().ok()?.get(path).cloned()
    }

    fn keep(&self, path: &str, content: Arc<PageContent>) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(path.to_string(), content);
        }
    }

    /// The page's content: from memory, or fetched (and then kept). `abort` cancels the
    /// request when the visitor has left the page.
    pub async fn load(
        &self,
        path: &str,
        abort: Option<&web_sys::AbortSignal>,
    ) -> Result<Arc<PageContent>, LoadError> {
        if let Some(content) = self.cached(path) {
            return Ok(content);
        }
        let response = gloo_net::http::Request::get(&content_url(path))
            .abort_signal(abort)
            .send()
            .await
            .map_err(|_| LoadError::Network)?;
        check_response(
            response.status(),
            response.headers().get("content-type").as_deref(),
        )?;
        let text = response.text().await.map_err(|_| LoadError::Network)?;
        let content =
            Arc::new(PageContent::parse(&text).map_err(|e| LoadError::Malformed(e.to_string()))?);
        self.keep(path, Arc::clone(&content));
        Ok(content)
    }
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
        assert_eq!(
            content_url("/"),
            format!("{}/content/accueil.json", crate::nav::base())
        );
        assert!(content_url("/agir/engagez-vous").ends_with("/content/agir--engagez-vous.json"));
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
        let source = ContentSource::with_pages([("/agir".to_string(), page.clone())]);
        assert_eq!(source.cached("/agir").as_deref(), Some(&page));
        assert!(source.cached("/").is_none());
    }

    #[test]
    fn messages_are_french_and_specific() {
        assert!(LoadError::Http(404).message().contains("introuvable"));
        assert!(LoadError::Http(503).message().contains("503"));
        assert!(LoadError::Network.message().contains("connexion"));
        assert_eq!(
            LoadError::NotJson.message(),
            LoadError::Malformed("x".into()).message()
        );
    }
}
