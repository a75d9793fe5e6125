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

use crate::harness::WAIT;
use http::header::{HeaderValue, CACHE_CONTROL};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub struct HeldApp {
    /// `http://127.0.0.1:PORT`, the proxy's origin.
    pub origin: String,
    holding: watch::Sender<bool>,
    server: JoinHandle<()>,
    log: Arc<Mutex<Vec<String>>>,
}

impl HeldApp {
    /// Starts the proxy for `upstream` (`http://127.0.0.1:PORT`) on the current
    /// runtime, holding the wasm.
    pub async fn start(upstream: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port for the proxy");
        let origin = format!("http://{}", listener.local_addr().expect("its address"));
        let (holding, _) = watch::channel(true);
        let client: Client<HttpConnector, Incoming> =
            Client::builder(TokioExecutor::new()).build_http();
        let upstream = upstream.to_string();
        let gate = holding.clone();
        let log = Arc::new(Mutex::new(Vec::new()));
        let logged = Arc::clone(&log);
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (client, upstream, gate) = (client.clone(), upstream.clone(), gate.clone());
                let logged = Arc::clone(&logged);
                tokio::spawn(async move {
                    let service = service_fn(move |request: Request<Incoming>| {
                        if let Some(path) = request.uri().path_and_query() {
                            logged
                                .lock()
                                .expect("the request log")
                                .push(path.as_str().to_string());
                        }
                        forward(request, client.clone(), upstream.clone(), gate.subscribe())
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
            server,
            log,
        }
    }

    /// The path and query of every request received so far, in order of arrival.
    pub fn requests(&self) -> Vec<String> {
        self.log.lock().expect("the request log").clone()
    }

    /// Holds the wasm of the pages loaded from now on.
    pub fn hold(&self) {
        self.holding.send_replace(true);
    }

    /// Lets the wasm through, for the requests waiting and the ones to come.
    pub fn release(&self) {
        self.holding.send_replace(false);
    }
}

impl Drop for HeldApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn forward(
    mut request: Request<Incoming>,
    client: Client<HttpConnector, Incoming>,
    upstream: String,
    mut holding: watch::Receiver<bool>,
) -> Result<Response<Incoming>, hyper_util::client::legacy::Error> {
    if request.uri().path().ends_with(".wasm") {
        // Never for longer than a test waits: a page whose `load` waited for the wasm
        // would otherwise hold the test until WebDriver's page-load timeout.
        let _ = tokio::time::timeout(WAIT, holding.wait_for(|held| !held)).await;
    }
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    *request.uri_mut() = format!("{upstream}{path}")
        .parse()
        .expect("an address on the upstream");
    let mut response = client.request(request).await?;
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
