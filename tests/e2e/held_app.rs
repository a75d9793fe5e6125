//! A loopback proxy in front of nginx that can hold the app's wasm back, so that a
//! test can look at a prerendered page, and act on it, before the app starts: in any
//! engine, and at a moment the test chooses rather than one it races. (Chromium's
//! DevTools protocol can run a script before a page's own; Firefox's and WebKit's
//! WebDriver servers cannot.)
//!
//! Every answer passes through unchanged but for its caching, which becomes
//! `no-store`: each page load then asks for the wasm again, and can be held again.
//!
//! The proxy also logs the address of every request it forwards (`requests`): what
//! the browser asked the server for, workers' requests included, which a page's
//! resource timing does not show.
//!
//! Its own origin is a site of its own to the browser, with no service worker
//! unless the test wants one: `start` refuses `sw.js` (a worker would answer the
//! page from its cache, past the hold), `with_service_worker` lets it through, and
//! `cut` then takes the network away: every request fails as with no connection.
//! `refuse` makes chosen files fail, go missing, or stall: a server that takes the
//! request and never answers.

use crate::harness::WAIT;
use http::header::{HeaderValue, CACHE_CONTROL};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub struct HeldApp {
    /// `http://127.0.0.1:PORT`, the proxy's origin.
    pub origin: String,
    holding: watch::Sender<bool>,
    cut: Arc<AtomicBool>,
    refused: Arc<Mutex<Option<(String, Refusal)>>>,
    server: JoinHandle<()>,
    log: Arc<Mutex<Vec<String>>>,
    preloads: Arc<Mutex<Vec<String>>>,
}

/// What the proxy lets through besides the wasm's hold.
#[derive(Clone)]
struct Gates {
    holding: watch::Sender<bool>,
    /// The network is gone: every request fails.
    cut: Arc<AtomicBool>,
    /// `sw.js` fails, so no service worker is ever registered.
    no_worker: bool,
    /// Files refused, by the start of their name, and how.
    refused: Arc<Mutex<Option<(String, Refusal)>>>,
}

/// How the proxy refuses a file (`HeldApp::refuse`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Refusal {
    /// The connection closed unanswered, as when the network fails.
    Network,
    /// A 404 from the server, as when a deployment has removed the file.
    Gone,
    /// No answer, ever: the request is taken and left waiting (until the browser
    /// gives up on it, or the proxy stops), as from a server or a connection that
    /// stalls.
    Stall,
}

impl HeldApp {
    /// Starts the proxy for `upstream` (`http://127.0.0.1:PORT`) on the current
    /// runtime, holding the wasm; the service worker is refused.
    pub async fn start(upstream: &str) -> Self {
        Self::open(upstream, true).await
    }

    /// Starts the proxy for `upstream`, the wasm let through and the site's service
    /// worker too: a site as visitors get it, whose network a test can `cut`.
    pub async fn with_service_worker(upstream: &str) -> Self {
        let proxy = Self::open(upstream, false).await;
        proxy.release();
        proxy
    }

    async fn open(upstream: &str, no_worker: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port for the proxy");
        let origin = format!("http://{}", listener.local_addr().expect("its address"));
        let (holding, _) = watch::channel(true);
        let client: Client<HttpConnector, Incoming> =
            Client::builder(TokioExecutor::new()).build_http();
        let upstream = upstream.to_string();
        let cut = Arc::new(AtomicBool::new(false));
        let refused = Arc::new(Mutex::new(None));
        let gate = Gates {
            holding: holding.clone(),
            cut: Arc::clone(&cut),
            no_worker,
            refused: Arc::clone(&refused),
        };
        let log = Arc::new(Mutex::new(Vec::new()));
        let logged = Arc::clone(&log);
        let preloads = Arc::new(Mutex::new(Vec::new()));
        let preloaded = Arc::clone(&preloads);
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (client, upstream, gate) = (client.clone(), upstream.clone(), gate.clone());
                let (logged, preloaded) = (Arc::clone(&logged), Arc::clone(&preloaded));
                tokio::spawn(async move {
                    let service = service_fn(move |request: Request<Incoming>| {
                        if let Some(path) = request.uri().path_and_query() {
                            let path = path.as_str().to_string();
                            // The header a service worker's navigation preload sends.
                            if request
                                .headers()
                                .contains_key("service-worker-navigation-preload")
                            {
                                preloaded
                                    .lock()
                                    .expect("the preload log")
                                    .push(path.clone());
                            }
                            logged.lock().expect("the request log").push(path);
                        }
                        forward(request, client.clone(), upstream.clone(), gate.clone())
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        HeldApp {
            origin,
            holding,
            cut,
            refused,
            server,
            log,
            preloads,
        }
    }

    /// The path and query of every request received so far, in order of arrival.
    pub fn requests(&self) -> Vec<String> {
        self.log.lock().expect("the request log").clone()
    }

    /// The path and query of every navigation a service worker preloaded so far.
    pub fn preloaded(&self) -> Vec<String> {
        self.preloads.lock().expect("the preload log").clone()
    }

    /// Holds the wasm of the pages loaded from now on.
    pub fn hold(&self) {
        self.holding.send_replace(true);
    }

    /// Lets the wasm through, for the requests waiting and the ones to come.
    pub fn release(&self) {
        self.holding.send_replace(false);
    }

    /// Takes the network away (`true`) or gives it back: while cut, every request
    /// fails, the connection closed unanswered.
    pub fn cut(&self, cut: bool) {
        self.cut.store(cut, Ordering::SeqCst);
    }

    /// Refuses the files whose name starts with `prefix` (`split_sitemap-`), as
    /// `how` says, until called with `None`.
    pub fn refuse(&self, refusal: Option<(&str, Refusal)>) {
        *self.refused.lock().expect("the refusals") =
            refusal.map(|(prefix, how)| (prefix.to_string(), how));
    }
}

impl Drop for HeldApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

type Failure = Box<dyn std::error::Error + Send + Sync>;

async fn forward(
    mut request: Request<Incoming>,
    client: Client<HttpConnector, Incoming>,
    upstream: String,
    gates: Gates,
) -> Result<Response<Incoming>, Failure> {
    if gates.cut.load(Ordering::SeqCst) {
        return Err("the network is cut".into());
    }
    if gates.no_worker && request.uri().path().ends_with("/sw.js") {
        return Err("no service worker through this proxy".into());
    }
    let file = request.uri().path().rsplit('/').next().unwrap_or_default();
    let refusal = gates
        .refused
        .lock()
        .expect("the refusals")
        .as_ref()
        .filter(|(prefix, _)| file.starts_with(prefix.as_str()))
        .map(|(_, how)| *how);
    match refusal {
        Some(Refusal::Network) => return Err(format!("{file} refused by the test").into()),
        Some(Refusal::Stall) => std::future::pending::<()>().await,
        _ => {}
    }
    if request.uri().path().ends_with(".wasm") {
        let mut holding = gates.holding.subscribe();
        // Never for longer than a test waits: a page whose `load` waited for the wasm
        // would otherwise hold the test until WebDriver's page-load timeout.
        let _ = tokio::time::timeout(WAIT, holding.wait_for(|held| !held)).await;
    }
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    // A file gone: asked for under a name the server does not have.
    let path = match refusal {
        Some(Refusal::Gone) => format!("/absent-{}", path.trim_start_matches('/')),
        _ => path,
    };
    *request.uri_mut() = format!("{upstream}{path}")
        .parse()
        .expect("an address on the upstream");
    let mut response = client.request(request).await?;
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
