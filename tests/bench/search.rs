//! Site search's figures (see main.rs): the bytes a first and a later query cost, and
//! the time from a query's last keystroke to its results painted.
//!
//! Bytes are counted by a loopback proxy in front of nginx, which the browser reaches
//! the site through: for each request, the body exactly as nginx sent it (encoded:
//! what nginx's `$body_bytes_sent` would log; headers are not counted, as in the
//! transfer figures computed from the built files). A proxy sees every request of the
//! page and of Pagefind's web worker alike, which the page's Resource Timing does not
//! (the worker fetches the index), and which chromedriver's performance log would
//! only if it followed the worker's target. Chromium advertises brotli to a loopback
//! address (`Accept-Encoding: gzip, deflate, br, zstd`, as over HTTPS), so nginx
//! answers with the `.br` siblings of the JS and JSON; the proxy records each
//! answer's `Content-Encoding`, and the table shows it. Pagefind's own files
//! (`.pagefind`, `.pf_*`) are gzip inside and served as they are.
//!
//! Typing is done in the page, as a keyboard would end it: the field's value grows by
//! one character and an `input` event (`insertText`) is dispatched, a character every
//! `cadence` ms; the app handles it as it handles a real keystroke (the address
//! changes, then the query goes to Pagefind's `debouncedSearch`, whose delay
//! `public/search.js` sets). The clock starts just before the last character's
//! event and stops at the first animation frame in which the status
//! (`#recherche-statut`) names the query and the results (`#recherche-resultats`)
//! are in the document.

use crate::harness::{wait_until, Page};
use crate::names::SEARCH_MODULE;
use http::header::CONTENT_ENCODING;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

type Res<T> = Result<T, Box<dyn std::error::Error>>;
type ProxyError = Box<dyn std::error::Error + Send + Sync>;

/// The first query, typed in the header's field then submitted (Enter).
pub const FIRST_QUERY: &str = "migration";
/// The later query, typed in the results page's field once the engine is loaded:
/// different words, so different results (and fragments) than the first.
pub const LATER_QUERY: &str = "climat";
/// The query that loads the engine before the timed ones (not one of them: a query
/// already shown cannot be timed).
const WARM_UP_QUERY: &str = "développement";
/// The queries timed from their last keystroke, typed once at each cadence.
const QUERIES: [&str; 12] = [
    "migration",
    "réfugiés",
    "climat",
    "engagez",
    "structure",
    "données",
    "travail",
    "agenda",
    "partenariats",
    "santé",
    "humanitaire",
    "mobilité",
];
/// Milliseconds between keystrokes: a slow typist (each prefix is searched and
/// shown: the delay is over the debounce), an average one, a fast one.
pub const CADENCES: [u64; 3] = [160, 100, 60];
/// The cadence of the first and the later query.
const TYPING: u64 = 100;

/// One answer the proxy passed on.
#[derive(Clone, Debug)]
pub struct Fetched {
    /// Path and query, as asked.
    pub path: String,
    pub status: u16,
    /// `Content-Encoding` ("" when none).
    pub encoding: String,
    /// Body bytes as nginx sent them.
    pub bytes: u64,
}

impl Fetched {
    /// What the file is to search, for the table.
    pub fn kind(&self) -> String {
        let path = self.path.split('?').next().unwrap_or_default();
        let name = path.rsplit('/').next().unwrap_or_default();
        if name == SEARCH_MODULE {
            format!("{SEARCH_MODULE} (the app's bridge)")
        } else if name == "pagefind.js" {
            "the engine's JS (pagefind.js)".into()
        } else if name == "pagefind-worker.js" {
            "the engine's worker".into()
        } else if name.ends_with(".pagefind") {
            "the engine's wasm".into()
        } else if name == "pagefind-entry.json" || name.ends_with(".pf_meta") {
            "entry and meta".into()
        } else if path.contains("/pagefind/index/") {
            "index chunks".into()
        } else if path.contains("/pagefind/fragment/") {
            "result fragments".into()
        } else {
            format!("other: {path}")
        }
    }
}

/// What `measure` gets: the requests of each query, and the latencies.
pub struct SearchFigures {
    /// From focusing the header's field to the first query's results painted.
    pub first: Vec<Fetched>,
    /// Focus to results painted, ms (typing included), for the record.
    pub first_ms: f64,
    /// Enter to results painted, ms (the engine loaded while the query was typed).
    pub first_after_enter_ms: f64,
    /// From the later query's first keystroke to its results painted.
    pub later: Vec<Fetched>,
    /// (query, cadence in ms, last keystroke to results painted in ms, status).
    pub latencies: Vec<(String, u64, f64, String)>,
}

/// A loopback proxy that passes every answer on unchanged and logs its body's size.
struct CountingProxy {
    origin: String,
    log: Arc<Mutex<Vec<Fetched>>>,
    activity: Arc<Activity>,
    server: JoinHandle<()>,
}

/// Requests under way and when the last one started or ended.
struct Activity {
    in_flight: AtomicUsize,
    last: Mutex<Instant>,
}

impl Activity {
    fn touch(&self) {
        *self.last.lock().expect("activity") = Instant::now();
    }
}

/// Counts a request as under way until dropped (also when forwarding fails).
struct UnderWay(Arc<Activity>);

impl UnderWay {
    fn new(activity: Arc<Activity>) -> Self {
        activity.in_flight.fetch_add(1, Ordering::SeqCst);
        activity.touch();
        UnderWay(activity)
    }
}

impl Drop for UnderWay {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

impl CountingProxy {
    async fn start(upstream: &str) -> Res<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let origin = format!("http://{}", listener.local_addr()?);
        let log = Arc::new(Mutex::new(Vec::new()));
        let activity = Arc::new(Activity {
            in_flight: AtomicUsize::new(0),
            last: Mutex::new(Instant::now()),
        });
        let client: Client<HttpConnector, Incoming> =
            Client::builder(TokioExecutor::new()).build_http();
        let upstream = upstream.to_string();
        let (log_, activity_) = (log.clone(), activity.clone());
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (client, upstream) = (client.clone(), upstream.clone());
                let (log, activity) = (log_.clone(), activity_.clone());
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        forward(
                            request,
                            client.clone(),
                            upstream.clone(),
                            log.clone(),
                            activity.clone(),
                        )
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(CountingProxy {
            origin,
            log,
            activity,
            server,
        })
    }

    /// The answers logged since the last call.
    fn take(&self) -> Vec<Fetched> {
        std::mem::take(&mut *self.log.lock().expect("log"))
    }

    /// Waits until no request has been under way for `quiet`.
    async fn idle(&self, quiet: Duration) -> Res<()> {
        wait_until("a quiet network", Duration::from_secs(15), || async {
            let last = *self.activity.last.lock().expect("activity");
            let in_flight = self.activity.in_flight.load(Ordering::SeqCst);
            Ok(if in_flight == 0 && last.elapsed() >= quiet {
                Ok(())
            } else {
                Err(format!("{in_flight} requests under way"))
            })
        })
        .await
        .map_err(|e| e.to_string().into())
    }
}

impl Drop for CountingProxy {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Forwards a request to nginx; reads the whole answer, logs its size and passes
/// it on (headers and body unchanged).
async fn forward(
    mut request: Request<Incoming>,
    client: Client<HttpConnector, Incoming>,
    upstream: String,
    log: Arc<Mutex<Vec<Fetched>>>,
    activity: Arc<Activity>,
) -> Result<Response<Full<Bytes>>, ProxyError> {
    let _under_way = UnderWay::new(activity);
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    *request.uri_mut() = format!("{upstream}{path}").parse()?;
    let (parts, body) = client.request(request).await?.into_parts();
    let body = body.collect().await?.to_bytes();
    log.lock().expect("log").push(Fetched {
        path,
        status: parts.status.as_u16(),
        encoding: parts
            .headers
            .get(CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string(),
        bytes: body.len() as u64,
    });
    Ok(Response::from_parts(parts, Full::new(body)))
}

/// In the page: the first query as a visitor makes it from any page. Focuses the
/// header's field (which starts loading the engine), types the query, submits the
/// form (Enter: the app opens the results page), and waits for the first frame with
/// the results. Returns `{ ms, submitted }`: from the focus, and from the submission,
/// to that frame.
const FIRST: &str = r#"
const [query, cadence, done] = arguments;
const frame = () => new Promise(r => requestAnimationFrame(r));
const sleep = ms => new Promise(r => setTimeout(r, ms));
const field = document.getElementById('recherche-site');
const wanted = '«\u00a0' + query + '\u00a0»';
(async () => {
  const t0 = performance.now();
  field.focus();
  if (document.activeElement !== field) { done({ error: '#recherche-site cannot be focused' }); return; }
  for (const ch of query) {
    await sleep(cadence);
    field.value += ch;
    field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: ch }));
  }
  const submitted = performance.now();
  field.form.requestSubmit();
  for (;;) {
    await frame();
    const now = performance.now();
    const status = document.getElementById('recherche-statut')?.textContent ?? '';
    const results = document.getElementById('recherche-resultats');
    if (status.includes(wanted) && results?.firstElementChild) { done({ ms: now - t0, submitted: now - submitted, status }); return; }
    if (now - t0 > 15000) { done({ error: 'no results for ' + query + ' after 15 s; status: ' + status }); return; }
  }
})();
"#;

/// In the page, on the results page: types `query` in its field, replacing what is
/// there (the first character replaces it all, as after selecting it), a character
/// every `cadence` ms, and waits for the first frame with the query's results.
/// Returns `{ ms, status }`: last keystroke to that frame.
const TYPE: &str = r#"
const [query, cadence, done] = arguments;
const frame = () => new Promise(r => requestAnimationFrame(r));
const sleep = ms => new Promise(r => setTimeout(r, ms));
const field = document.getElementById('recherche-page');
const wanted = '«\u00a0' + query + '\u00a0»';
(async () => {
  if (document.getElementById('recherche-statut')?.textContent.includes(wanted)) {
    done({ error: 'the results of ' + query + ' are already shown' });
    return;
  }
  field.focus();
  const chars = [...query];
  let last = 0;
  for (let i = 0; i < chars.length; i++) {
    if (i > 0) await sleep(cadence);
    field.value = i === 0 ? chars[0] : field.value + chars[i];
    last = performance.now();
    field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: chars[i] }));
  }
  for (;;) {
    await frame();
    const now = performance.now();
    const status = document.getElementById('recherche-statut')?.textContent ?? '';
    const results = document.getElementById('recherche-resultats');
    if (status.includes(wanted) && results?.firstElementChild) { done({ ms: now - last, status }); return; }
    if (now - last > 15000) { done({ error: 'no results for ' + query + ' after 15 s; status: ' + status }); return; }
  }
})();
"#;

async fn in_page(page: &Page, script: &str, query: &str, cadence: u64) -> Res<Value> {
    let result = page
        .client
        .execute_async(script, vec![json!(query), json!(cadence)])
        .await?;
    if let Some(e) = result.get("error") {
        return Err(format!("search: {e}").into());
    }
    Ok(result)
}

fn ms(answer: &Value, key: &str) -> f64 {
    answer[key].as_f64().unwrap_or(f64::NAN)
}

/// Measures search in `client`'s browser (a fresh profile: nothing of search in its
/// cache), against the site nginx serves at `origin`.
pub async fn measure(client: &fantoccini::Client, origin: &str) -> Res<SearchFigures> {
    // Bytes, through the proxy (its origin is a cache of its own).
    let proxy = CountingProxy::start(origin).await?;
    let page = Page::new(client.clone(), &proxy.origin, "");
    page.open("/").await.map_err(|e| e.to_string())?;
    page.settled().await.map_err(|e| e.to_string())?;
    proxy.idle(Duration::from_millis(300)).await?;
    proxy.take();
    // The window ends at the results painted, or when the last request under way
    // then has ended (none is, as far as seen: Pagefind waits for what it asked).
    let first_answer = in_page(&page, FIRST, FIRST_QUERY, TYPING).await?;
    proxy.idle(Duration::from_millis(300)).await?;
    let first = proxy.take();
    in_page(&page, TYPE, LATER_QUERY, TYPING).await?;
    proxy.idle(Duration::from_millis(300)).await?;
    let later = proxy.take();
    drop(proxy);

    // Latency, straight to nginx (a new origin: the engine loads again, first).
    let page = Page::new(client.clone(), origin, "");
    page.open("/recherche").await.map_err(|e| e.to_string())?;
    in_page(&page, TYPE, WARM_UP_QUERY, TYPING).await?;
    let mut latencies = Vec::new();
    for cadence in CADENCES {
        for query in QUERIES {
            // A pause between queries, as a visitor reading the results.
            tokio::time::sleep(Duration::from_millis(250)).await;
            let answer = in_page(&page, TYPE, query, cadence).await?;
            let status = answer["status"].as_str().unwrap_or_default().to_string();
            latencies.push((query.to_string(), cadence, ms(&answer, "ms"), status));
        }
    }
    Ok(SearchFigures {
        first,
        first_ms: ms(&first_answer, "ms"),
        first_after_enter_ms: ms(&first_answer, "submitted"),
        later,
        latencies,
    })
}

/// Total body bytes of some requests.
pub fn total(fetched: &[Fetched]) -> u64 {
    fetched.iter().map(|f| f.bytes).sum()
}

/// Bytes by kind of file, in the order first seen: (kind, requests, bytes, encodings).
pub fn by_kind(fetched: &[Fetched]) -> Vec<(String, usize, u64, String)> {
    let mut kinds: Vec<(String, usize, u64, Vec<String>)> = Vec::new();
    for f in fetched {
        let kind = f.kind();
        let encoding = if f.encoding.is_empty() {
            "as stored".to_string()
        } else {
            f.encoding.clone()
        };
        match kinds.iter_mut().find(|(k, ..)| *k == kind) {
            Some((_, n, bytes, encodings)) => {
                *n += 1;
                *bytes += f.bytes;
                if !encodings.contains(&encoding) {
                    encodings.push(encoding);
                }
            }
            None => kinds.push((kind, 1, f.bytes, vec![encoding])),
        }
    }
    kinds
        .into_iter()
        .map(|(k, n, b, e)| (k, n, b, e.join(", ")))
        .collect()
}

/// Answers that are not what search should get: errors, and JS or JSON not in
/// brotli (the figure says brotli).
pub fn problems(fetched: &[Fetched]) -> Vec<String> {
    fetched
        .iter()
        .filter_map(|f| {
            let path = f.path.split('?').next().unwrap_or_default();
            let compressible = path.ends_with(".js") || path.ends_with(".json");
            if f.status >= 400 {
                Some(format!("{} answered {}", f.path, f.status))
            } else if compressible && f.encoding != "br" {
                Some(format!("{} not in brotli ({:?})", f.path, f.encoding))
            } else {
                None
            }
        })
        .collect()
}

/// The requests as JSON, for results.json.
pub fn as_json(fetched: &[Fetched]) -> Value {
    json!(fetched
        .iter()
        .map(|f| json!({"path": f.path, "status": f.status, "encoding": f.encoding, "bytes": f.bytes}))
        .collect::<Vec<_>>())
}
