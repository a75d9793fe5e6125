//! The measurements behind the benchmark (see main.rs).

use crate::browsers::{new_chromium_session, start_chromedriver};
use crate::harness::{lighthouse_report, repo, tempdir, Nginx, Page};
use crate::names::{OFFLINE_MODULE, WORKER};
use crate::search;
use crate::site_map::PAGES;
use oim_site::nav::{content_file, page_file};
use oim_site::pages::islands_of;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Pages measured for paint timings: the home page, a section page, the article.
const PAINT_PAGES: [&str; 3] = [
    "/",
    "/qui-sommes-nous",
    "/donnees-et-recherche/lavenir-de-la-migration",
];
const STATIC_PAGE: &str = "/static/article.html";
const PAINT_RUNS: usize = 5;
const NAVIGATIONS: usize = 200;
/// Full page loads timed for the route changes' reference (`full_loads`).
const FULL_LOADS: usize = 40;

/// What each Lighthouse run gives (`lighthouse_run`), in this order; each figure of
/// a page is the median of its runs.
const LIGHTHOUSE_FIGURES: [&str; 7] = [
    "FCP",
    "LCP",
    "total blocking time",
    "time to interactive",
    "cumulative layout shift",
    "performance score",
    "longest task after FCP",
];
const FCP: usize = 0;
const LCP: usize = 1;
const TBT: usize = 2;
const TTI: usize = 3;
const CLS: usize = 4;
const SCORE: usize = 5;
const LONGEST_TASK: usize = 6;

/// Budgets of each page of the site against the static page, in Lighthouse's
/// figures: (figure, at most this times the static page's).
const RATIO_BUDGETS: [(usize, f64); 2] = [(LCP, 1.1), (TTI, 1.5)];
/// Budgets of each page of the site, in Lighthouse's figures: (figure, limit, unit).
/// The app starts only after the first contentful paint (Trunk.toml's loader), so a
/// task after it is the app's or caused by it.
const PAGE_BUDGETS: [(usize, f64, &str); 3] = [
    (TBT, 50.0, "ms"),
    (LONGEST_TASK, 50.0, "ms"),
    (CLS, 0.0, ""),
];

/// Route changes against full page loads of the same pages, measured side by side in
/// the same browser and the same run (the machine is shared and noisy, so a time is
/// compared with a time taken beside it, never with a fixed number): (figure, at most
/// this times the full loads' p95).
const ROUTE_CHANGE_RATIOS: [(&str, f64); 2] = [
    ("route change p95, cached", 0.25),
    ("route change p95, uncached", 0.5),
];

/// (figure, limit, unit): a figure over its limit fails the benchmark. Bytes only
/// (and the heap's growth, in bytes): they do not vary with the machine's load.
/// Timings are budgeted as ratios (`RATIO_BUDGETS`, `ROUTE_CHANGE_RATIOS`); the
/// search's latency has no reference to compare with and is reported only.
const BUDGETS: [(&str, f64, &str); 6] = [
    ("home first load, brotli", 120_000.0, "B"),
    // Every page, the chunks of its islands included.
    ("heaviest first load, brotli", 130_000.0, "B"),
    ("largest further navigation, brotli", 6_000.0, "B"),
    ("heap growth 10 → 500 navigations", 1_048_576.0, "B"),
    // Site search (search.rs): what the server sends from focusing the header's
    // field to the first results painted (brotli accepted); then for a second,
    // different query; and from a query's last keystroke to its results painted.
    (
        "search, first query: bytes transferred, brotli",
        150_000.0,
        "B",
    ),
    ("search, later query: bytes transferred", 30_000.0, "B"),
];

pub fn main() -> ExitCode {
    match run() {
        Ok(over) if over.is_empty() => ExitCode::SUCCESS,
        Ok(over) => {
            eprintln!("\nover budget: {}", over.join("; "));
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("benchmark failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Raw, gzip and brotli sizes of a built file (the .gz and .br siblings of the build).
fn sizes(path: &Path) -> [u64; 3] {
    let len = |p: PathBuf| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let with = |ext: &str| PathBuf::from(format!("{}.{ext}", path.display()));
    [len(path.to_path_buf()), len(with("gz")), len(with("br"))]
}

fn add(a: [u64; 3], b: [u64; 3]) -> [u64; 3] {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}

/// The manifest the site builder wrote into `sw.js` (src/builder/offline.rs), in
/// place of a token of the minified worker: found by its first key, read as far as
/// the JSON goes.
fn worker_manifest(site: &Path) -> Res<Value> {
    let worker = std::fs::read_to_string(site.join(WORKER))?;
    let start = worker
        .find(r#"{"version":""#)
        .ok_or(format!("no manifest in {WORKER}"))?;
    let manifest = serde_json::Deserializer::from_str(&worker[start..])
        .into_iter::<Value>()
        .next()
        .ok_or(format!("no manifest in {WORKER}"))??;
    Ok(manifest)
}

/// The files "Lire ce site hors ligne" saves: every page's HTML and content file,
/// and the wasm's chunks (the app's assets are kept when the service worker starts).
fn whole_site_files(manifest: &Value) -> Res<Vec<String>> {
    let pages = manifest["pages"]
        .as_array()
        .ok_or("no pages in the manifest")?;
    let chunks = manifest["chunks"]
        .as_array()
        .ok_or("no chunks in the manifest")?;
    Ok(pages
        .iter()
        .flat_map(|p| {
            let html = page_file(&format!("/{}", p["url"].as_str().unwrap_or_default()));
            [html, p["content"].as_str().unwrap_or_default().to_string()]
        })
        .chain(
            chunks
                .iter()
                .map(|c| c["url"].as_str().unwrap_or_default().to_string()),
        )
        .collect())
}

/// The files a split module of the wasm loads (its chunks, shared ones included).
fn module_files(manifest: &Value, module: &str) -> Vec<String> {
    manifest["modules"][module]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str().map(str::to_string))
        .collect()
}

/// The chunks the page at `path` loads when the app starts: those of its islands
/// (`pages::islands_of`), each file once.
fn first_load_chunks(manifest: &Value, path: &str) -> Vec<String> {
    let mut files: Vec<String> = islands_of(path)
        .iter()
        .flat_map(|island| module_files(manifest, island.chunk.name()))
        .collect();
    files.sort();
    files.dedup();
    files
}

/// Copies dist/ and adds the static reference page, compressed like the rest.
fn prepare(dist: &Path, out: &Path) -> Res<[String; 4]> {
    let _ = std::fs::remove_dir_all(out);
    // With the nginx directives the builder writes beside it.
    crate::harness::copy_build(dist, out).map_err(|e| format!("cannot copy dist: {e}"))?;
    let find = |ext: &str| -> Res<String> {
        std::fs::read_dir(out)?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .find(|n| n.ends_with(ext))
            .ok_or_else(|| format!("no {ext} in dist").into())
    };
    let (wasm, css) = (find("_bg.wasm")?, find(".css")?);
    // The app's JS is its wasm's: dist/ holds other JS (search.js, loaded on demand).
    let js = wasm.replace("_bg.wasm", ".js");
    if !out.join(&js).is_file() {
        return Err(format!("no {js} beside {wasm} in dist").into());
    }
    let icon = find(".svg")?;
    if !out.join(OFFLINE_MODULE).is_file() {
        return Err(format!("no {OFFLINE_MODULE} in dist").into());
    }
    let fixture = std::fs::read_to_string(repo().join("tests/bench/static-article.html"))?;
    std::fs::create_dir_all(out.join("static"))?;
    let page = out.join("static/article.html");
    std::fs::write(&page, fixture.replace("@CSS@", &format!("/{css}")))?;
    Command::new("gzip")
        .args(["-9", "-k", "-f", "-n"])
        .arg(&page)
        .status()?;
    Command::new("brotli")
        .args(["-q", "11", "-k", "-f"])
        .arg(&page)
        .status()?;
    Ok([wasm, js, css, icon])
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        0.0
    } else {
        v[v.len() / 2]
    }
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return 0.0;
    }
    v[((v.len() as f64 * p).ceil() as usize)
        .saturating_sub(1)
        .min(v.len() - 1)]
}

/// One Lighthouse run, mobile preset (simulated slow 4G and 4× CPU slowdown), cold
/// cache (a fresh profile a run): the figures of `LIGHTHOUSE_FIGURES`, times in ms,
/// the score out of 100.
fn lighthouse_run(url: &str) -> Res<[f64; 7]> {
    let report = lighthouse_report(url, "performance", None)?;
    let audit = |id: &str| {
        report["audits"][id]["numericValue"]
            .as_f64()
            .unwrap_or(f64::NAN)
    };
    let fcp = audit("first-contentful-paint");
    // Long tasks as Lighthouse simulates them (observed × 4, the CPU slowdown).
    let longest_task = report["audits"]["long-tasks"]["details"]["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|task| task["startTime"].as_f64().is_some_and(|start| start >= fcp))
        .filter_map(|task| task["duration"].as_f64())
        .fold(0.0, f64::max);
    let score = report["categories"]["performance"]["score"]
        .as_f64()
        .map_or(f64::NAN, |s| s * 100.0);
    let mut figures = [f64::NAN; 7];
    figures[FCP] = fcp;
    figures[LCP] = audit("largest-contentful-paint");
    figures[TBT] = audit("total-blocking-time");
    figures[TTI] = audit("interactive");
    figures[CLS] = audit("cumulative-layout-shift");
    figures[SCORE] = score;
    figures[LONGEST_TASK] = longest_task;
    Ok(figures)
}

/// Clicks through the site `count` times from inside the page, timing each route
/// change from the click to the first animation frame in which the new `<h1>` is in
/// the document (the frame that paints it). Returns the latencies in ms.
/// Before the next click it waits for the page's content to be drawn, as a reader
/// would: a page left while its content is loading cancels the request, so it would
/// never be in memory, and a "cached" run would still fetch.
const NAVIGATE: &str = r#"
const [targets, count, done] = arguments;
const link = document.createElement('a');
link.className = 'visually-hidden';
document.body.append(link);
const frame = () => new Promise(r => requestAnimationFrame(r));
(async () => {
  const times = [];
  for (let i = 0; i < count; i++) {
    const [href, h1] = targets[i % targets.length];
    link.href = href;
    const t0 = performance.now();
    link.click();
    for (;;) {
      await frame();
      const now = performance.now();
      const heading = document.querySelector('main h1');
      if (heading && heading.textContent === h1) { times.push(now - t0); break; }
      if (now - t0 > 5000) { done({ error: 'no ' + h1 + ' after 5 s' }); return; }
    }
    while (document.querySelector('main .loading')) {
      await frame();
      if (performance.now() - t0 > 5000) { done({ error: href + ' still loading after 5 s' }); return; }
    }
  }
  done({ times });
})();
"#;

async fn navigate(page: &Page, targets: &[(String, String)], count: usize) -> Res<Vec<f64>> {
    let result = page
        .client
        .execute_async(NAVIGATE, vec![json!(targets), json!(count)])
        .await?;
    if let Some(e) = result.get("error") {
        return Err(format!("navigation: {e}").into());
    }
    Ok(serde_json::from_value(result["times"].clone())?)
}

/// Loads pages in full `count` times, in turn, and times each from the start of its
/// navigation to its first contentful paint: what a visitor waits for when the app
/// does not navigate in place (every page is prerendered, so its heading is in that
/// paint). The same pages, browser and server as the route changes.
async fn full_loads(page: &Page, targets: &[(String, String)], count: usize) -> Res<Vec<f64>> {
    const FCP: &str = "performance.getEntriesByType('paint')\
        .find(e => e.name === 'first-contentful-paint')?.startTime ?? null";
    let mut times = Vec::new();
    for (path, _) in targets.iter().cycle().take(count) {
        page.client.goto(&page.url(path)).await?;
        page.wait_until(&format!("({FCP}) !== null"))
            .await
            .map_err(|e| format!("full load of {path}: {e}"))?;
        times.push(page.eval(FCP).await?.as_f64().unwrap_or(f64::NAN));
    }
    Ok(times)
}

/// The JS heap once the page has settled: half a second for the last navigation's
/// work (its content, a chunk) to end, a forced GC, and again. Read at once after
/// the navigation, the figure after 10 navigations held that work's garbage (7–8 MB
/// against 2 MB after 500), and the growth budget compared with an inflated base.
async fn heap(page: &Page) -> Res<f64> {
    let v = page
        .eval(
            "(async () => { const idle = () => new Promise((r) => setTimeout(r, 500)); \
             await idle(); window.gc(); await idle(); window.gc(); \
             return performance.memory.usedJSHeapSize; })()",
        )
        .await?;
    Ok(v.as_f64().unwrap_or(f64::NAN))
}

/// The parts of the benchmark. `cargo bench --bench site -- search navigation` runs
/// only the parts named (against the dist/ already built), and writes its figures to
/// target/bench/results-partial.json; with none named, all run.
const PARTS: [&str; 4] = ["transfer", "lighthouse", "navigation", "search"];

fn chosen_parts() -> Res<Vec<&'static str>> {
    // `cargo bench` passes `--bench`; names are the other arguments.
    let named: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if let Some(unknown) = named.iter().find(|n| !PARTS.contains(&n.as_str())) {
        return Err(format!("unknown part {unknown:?} (parts: {})", PARTS.join(", ")).into());
    }
    Ok(PARTS
        .into_iter()
        .filter(|p| named.is_empty() || named.iter().any(|n| n == p))
        .collect())
}

/// Transfer sizes from the built files (raw, gzip, brotli).
struct Transfer {
    first_loads: Vec<(String, [u64; 3])>,
    further: Vec<(String, [u64; 3])>,
    static_load: [u64; 3],
    parts: Vec<(String, [u64; 3])>,
    /// Each split module of the wasm and the chunks it loads.
    modules: Vec<(String, [u64; 3])>,
    /// What saving the whole site for offline reading downloads.
    whole_site: Result<[u64; 3], String>,
}

/// Route changes and memory.
struct Navigation {
    cached: Vec<f64>,
    uncached: Vec<f64>,
    /// Full loads of the same pages (`full_loads`): the route changes' reference.
    full: Vec<f64>,
    heap10: f64,
    heap500: f64,
}

const CHROMIUM_FLAGS: [&str; 4] = [
    "--disable-gpu-vsync",
    "--disable-frame-rate-limit",
    "--enable-precise-memory-info",
    "--js-flags=--expose-gc",
];

/// Route changes and memory, in one browser with an unthrottled frame rate.
async fn navigation(webdriver: &str, origin: &str) -> Res<Navigation> {
    let profile = tempdir("oim-bench-chromium");
    let client = new_chromium_session(webdriver, &profile, &CHROMIUM_FLAGS)
        .await
        .map_err(|e| format!("{e:?}"))?;
    let page = Page::new(client.clone(), origin, "");
    let targets: Vec<(String, String)> = PAGES
        .iter()
        .filter(|(p, _, _)| *p != "/")
        .map(|(p, h, _)| (p.to_string(), h.to_string()))
        .collect();

    // Uncached: each page's first visit in a fresh document.
    let mut uncached = Vec::new();
    while uncached.len() < NAVIGATIONS {
        page.open("/").await.map_err(|e| e.to_string())?;
        page.settled().await.map_err(|e| e.to_string())?;
        uncached.extend(navigate(&page, &targets, targets.len()).await?);
    }
    // (A further navigation's bytes are the built files' (`Transfer::further`): the
    // browser's `transferSize` reads 0 here, the service worker answering.)
    // Cached: the same document keeps every page's content in memory by now.
    page.open("/").await.map_err(|e| e.to_string())?;
    page.settled().await.map_err(|e| e.to_string())?;
    navigate(&page, &targets, targets.len()).await?;
    let cached = navigate(&page, &targets, NAVIGATIONS).await?;
    let full = full_loads(&page, &targets, FULL_LOADS).await?;
    // Memory: after 10 navigations, then after 500.
    page.open("/").await.map_err(|e| e.to_string())?;
    page.settled().await.map_err(|e| e.to_string())?;
    navigate(&page, &targets, 10).await?;
    let heap10 = heap(&page).await?;
    navigate(&page, &targets, 490).await?;
    let heap500 = heap(&page).await?;
    let _ = client.close().await;
    let _ = std::fs::remove_dir_all(&profile);
    Ok(Navigation {
        cached,
        uncached,
        full,
        heap10,
        heap500,
    })
}

/// Site search, in a browser of its own (fresh profile, unthrottled frame rate).
async fn search(webdriver: &str, origin: &str) -> Res<search::SearchFigures> {
    let profile = tempdir("oim-bench-chromium-search");
    let client = new_chromium_session(webdriver, &profile, &CHROMIUM_FLAGS)
        .await
        .map_err(|e| format!("{e:?}"))?;
    let figures = search::measure(&client, origin).await;
    let _ = client.close().await;
    let _ = std::fs::remove_dir_all(&profile);
    figures
}

fn run() -> Res<Vec<String>> {
    let chosen = chosen_parts()?;
    let wants = |part: &str| chosen.contains(&part);
    let dist = repo().join("dist");
    let out = repo().join("target/bench");
    let site = out.join("site");
    std::fs::create_dir_all(&out)?;
    let [wasm, js, css, icon] = prepare(&dist, &site)?;
    let nginx = Nginx::start(&site);
    let origin = format!("http://127.0.0.1:{}", nginx.port);

    // Transfer sizes from the built files: a first load is the page's prerendered
    // HTML (its content embedded), the JS, wasm, CSS and icon, and the chunks of its
    // islands; a further navigation is the new page's content JSON.
    let manifest = worker_manifest(&site);
    let transfer = wants("transfer").then(|| {
        let offline = OFFLINE_MODULE.to_string();
        let assets = [&wasm, &js, &css, &icon, &offline]
            .iter()
            .fold([0; 3], |acc, f| add(acc, sizes(&site.join(f))));
        let total = |files: &[String]| {
            files
                .iter()
                .fold([0; 3], |acc, f| add(acc, sizes(&site.join(f))))
        };
        let mut first_loads = Vec::new();
        let mut further = Vec::new();
        for (path, _, _) in PAGES {
            let html = sizes(&site.join(page_file(path)));
            let chunks = manifest
                .as_ref()
                .map(|m| total(&first_load_chunks(m, path)))
                .unwrap_or([0; 3]);
            first_loads.push((path.to_string(), add(add(assets, html), chunks)));
            let content = sizes(&site.join(content_file(path)));
            further.push((path.to_string(), content));
        }
        let static_load = add(
            sizes(&site.join("static/article.html")),
            sizes(&site.join(&css)),
        );
        let parts: Vec<(String, [u64; 3])> = [
            ("wasm", &wasm),
            ("JS", &js),
            ("CSS", &css),
            ("icon", &icon),
            ("offline.js (registers the service worker)", &offline),
            ("HTML, home (content embedded)", &"index.html".to_string()),
        ]
        .iter()
        .map(|(k, f)| (k.to_string(), sizes(&site.join(f))))
        .collect();
        let whole_site = manifest
            .as_ref()
            .map_err(|e| e.to_string())
            .and_then(|m| whole_site_files(m).map_err(|e| e.to_string()))
            .map(|files| total(&files));
        // Each split module of the wasm, with the chunks it loads (shared ones too).
        let modules: Vec<(String, [u64; 3])> = manifest
            .as_ref()
            .ok()
            .and_then(|m| m["modules"].as_object().cloned())
            .into_iter()
            .flatten()
            .map(|(name, _)| {
                let files = module_files(manifest.as_ref().expect("read above"), &name);
                (format!("{name} ({})", files.join(", ")), total(&files))
            })
            .collect();
        Transfer {
            first_loads,
            further,
            static_load,
            parts,
            modules,
            whole_site,
        }
    });

    // Lighthouse: paints, blocking time, interactivity, layout shift.
    let mut lighthouse_rows: Vec<(String, [f64; 7])> = Vec::new();
    if wants("lighthouse") {
        for path in PAINT_PAGES.iter().chain([&STATIC_PAGE]) {
            let mut runs = Vec::new();
            for _ in 0..PAINT_RUNS {
                runs.push(lighthouse_run(&format!("{origin}{path}"))?);
            }
            let medians = std::array::from_fn(|i| median(runs.iter().map(|run| run[i]).collect()));
            lighthouse_rows.push((path.to_string(), medians));
            eprintln!("Lighthouse runs done: {path}");
        }
    }

    // Route changes and memory, then search, each in a browser of its own.
    let (navigation, search) = if wants("navigation") || wants("search") {
        let (_driver, webdriver) = start_chromedriver();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async {
            let navigation = match wants("navigation") {
                true => Some(navigation(&webdriver, &origin).await?),
                false => None,
            };
            let search = match wants("search") {
                true => Some(search(&webdriver, &origin).await?),
                false => None,
            };
            if search.is_some() {
                eprintln!("search measured");
            }
            Ok::<_, Box<dyn std::error::Error>>((navigation, search))
        })?
    } else {
        (None, None)
    };

    // Largest contributors to the wasm, before wasm-opt removes the names.
    let twiggy = wants("transfer").then(|| {
        Command::new("twiggy")
            .args(["top", "-n", "15"])
            .arg(repo().join("target/wasm32-unknown-unknown/release/oim-site.wasm"))
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_else(|e| format!("twiggy unavailable: {e}"))
    });

    // The table.
    let kb = |b: u64| format!("{:.1} kB", b as f64 / 1000.0);
    println!(
        "\n{:<52} {:>12} {:>12} {:>8}",
        "figure", "site", "static", "ratio"
    );
    let row = |name: &str, site: f64, stat: Option<f64>, fmt: &dyn Fn(f64) -> String| {
        let ratio = stat
            .filter(|s| *s > 0.0)
            .map(|s| format!("{:.2}", site / s))
            .unwrap_or_default();
        println!(
            "{:<52} {:>12} {:>12} {:>8}",
            name,
            fmt(site),
            stat.map(fmt).unwrap_or_default(),
            ratio
        );
    };
    let bytes = |v: f64| kb(v as u64);
    let ms = |v: f64| format!("{v:.0} ms");
    let ms1 = |v: f64| format!("{v:.1} ms");
    let home = transfer.as_ref().map(|t| t.first_loads[0].1);
    let largest_further = transfer
        .as_ref()
        .map(|t| t.further.iter().map(|(_, s)| s[2]).max().unwrap_or(0));
    if let Some(t) = &transfer {
        for (i, enc) in ["raw", "gzip", "brotli"].iter().enumerate() {
            row(
                &format!("first load, article page, {enc}"),
                t.first_loads
                    .iter()
                    .find(|(p, _)| p.contains("lavenir"))
                    .map(|(_, s)| s[i])
                    .unwrap_or(0) as f64,
                Some(t.static_load[i] as f64),
                &bytes,
            );
        }
        for (i, enc) in ["raw", "gzip", "brotli"].iter().enumerate() {
            row(
                &format!("first load, home page, {enc}"),
                t.first_loads[0].1[i] as f64,
                None,
                &bytes,
            );
        }
        for (name, s) in &t.parts {
            row(
                &format!(
                    "  of which {name} (raw / gz / br: {} / {})",
                    kb(s[1]),
                    kb(s[2])
                ),
                s[0] as f64,
                None,
                &bytes,
            );
        }
        for (path, s) in &t.first_loads {
            row(
                &format!("  first load {path}, brotli"),
                s[2] as f64,
                None,
                &bytes,
            );
        }
        for (name, s) in &t.modules {
            row(
                &format!("  chunk {name}, brotli"),
                s[2] as f64,
                None,
                &bytes,
            );
        }
        row(
            "largest further navigation, brotli (content JSON)",
            largest_further.unwrap_or(0) as f64,
            None,
            &bytes,
        );
        match &t.whole_site {
            Ok(s) => row(
                &format!(
                    "save the whole site (pages, content, chunks; raw / gz: {} / {}), brotli",
                    kb(s[0]),
                    kb(s[1])
                ),
                s[2] as f64,
                None,
                &bytes,
            ),
            Err(e) => println!("  save the whole site: not measured ({e})"),
        }
    }
    let static_figures = lighthouse_rows
        .iter()
        .find(|(p, _)| p == STATIC_PAGE)
        .map(|(_, figures)| *figures)
        .unwrap_or([f64::NAN; 7]);
    let pages = || lighthouse_rows.iter().filter(|(p, _)| p != STATIC_PAGE);
    for (i, name) in LIGHTHOUSE_FIGURES.iter().enumerate() {
        for (path, figures) in pages() {
            let fmt: &dyn Fn(f64) -> String = match i {
                CLS => &|v: f64| format!("{v:.3}"),
                SCORE => &|v: f64| format!("{v:.0}"),
                _ => &ms,
            };
            row(
                &format!("{name} {path} (median of {PAINT_RUNS}, mobile)"),
                figures[i],
                Some(static_figures[i]),
                fmt,
            );
        }
    }
    // Each run of route changes as (kind, navigations, median, p95), for the table,
    // the JSON and the budgets.
    let route_changes = navigation.as_ref().map(|n| {
        [
            ("cached", &n.cached),
            ("uncached", &n.uncached),
            ("full load", &n.full),
        ]
        .map(|(kind, times)| {
            (
                kind,
                times.len(),
                median(times.clone()),
                percentile(times.clone(), 0.95),
            )
        })
    });
    for (kind, n, median, p95) in route_changes.iter().flatten() {
        let name = match *kind {
            "full load" => "full page load to first paint".to_string(),
            _ => format!("route change, {kind}"),
        };
        row(&format!("{name}: median ({n})"), *median, None, &ms1);
        // A route change's p95 beside the full loads' (the ratio's reference).
        let reference = route_changes
            .map(|r| r[2].3)
            .filter(|_| *kind != "full load");
        let name = match reference {
            Some(_) => format!("{name}: p95 (against the full loads')"),
            None => format!("{name}: p95"),
        };
        row(&name, *p95, reference, &ms1);
    }
    if let Some(n) = &navigation {
        row("JS heap after 10 navigations", n.heap10, None, &bytes);
        row("JS heap after 500 navigations", n.heap500, None, &bytes);
    }
    // Search: bytes of each query by kind of file, then the latencies, overall and
    // at each typing cadence.
    let keystrokes = search.as_ref().map(|s| {
        let times: Vec<f64> = s.latencies.iter().map(|l| l.2).collect();
        (
            times.len(),
            median(times.clone()),
            percentile(times.clone(), 0.95),
            times.iter().copied().fold(f64::INFINITY, f64::min),
        )
    });
    if let (Some(s), Some((n, median_ms, p95, min))) = (&search, keystrokes) {
        let queries = [
            ("first", search::FIRST_QUERY, &s.first),
            ("later", search::LATER_QUERY, &s.later),
        ];
        for (which, query, fetched) in queries {
            let name = match which {
                "first" => "search, first query: bytes transferred, brotli".to_string(),
                _ => "search, later query: bytes transferred".to_string(),
            };
            row(&name, search::total(fetched) as f64, None, &bytes);
            println!("  («\u{a0}{query}\u{a0}», {} requests)", fetched.len());
            for (kind, count, b, encodings) in search::by_kind(fetched) {
                row(
                    &format!("  of which {kind} ({count}, {encodings})"),
                    b as f64,
                    None,
                    &bytes,
                );
            }
            if which == "first" {
                row(
                    "search, first query: Enter to results painted",
                    s.first_after_enter_ms,
                    None,
                    &ms,
                );
            }
        }
        println!(
            "  ({n} queries: {} words typed at each cadence; Pagefind's debounce (public/search.js) included)",
            n / search::CADENCES.len()
        );
        row(
            "search, last keystroke to results painted: median",
            median_ms,
            None,
            &ms1,
        );
        row(
            "search, last keystroke to results painted: p95",
            p95,
            None,
            &ms1,
        );
        row(
            "search, last keystroke to results painted: fastest",
            min,
            None,
            &ms1,
        );
        for cadence in search::CADENCES {
            let times: Vec<f64> = s
                .latencies
                .iter()
                .filter(|l| l.1 == cadence)
                .map(|l| l.2)
                .collect();
            row(
                &format!("  typing a key every {cadence} ms: median"),
                median(times),
                None,
                &ms1,
            );
        }
    }
    if let Some(twiggy) = &twiggy {
        println!("\nlargest wasm contributors (before wasm-opt):\n{twiggy}");
    }

    let figures = json!({
        "parts": chosen,
        "machine": format!("{} cores, {}", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
            std::fs::read_to_string("/etc/debian_version").map(|v| format!("Debian {}", v.trim())).unwrap_or_default()),
        "first_load": transfer.as_ref().map(|t| t.first_loads.iter().map(|(p, s)| json!({"path": p, "raw": s[0], "gzip": s[1], "brotli": s[2]})).collect::<Vec<_>>()),
        "first_load_parts": transfer.as_ref().map(|t| t.parts.iter().map(|(k, s)| json!({"part": k, "raw": s[0], "gzip": s[1], "brotli": s[2]})).collect::<Vec<_>>()),
        "chunks": transfer.as_ref().map(|t| t.modules.iter().map(|(k, s)| json!({"module": k, "raw": s[0], "gzip": s[1], "brotli": s[2]})).collect::<Vec<_>>()),
        "static_first_load": transfer.as_ref().map(|t| json!({"raw": t.static_load[0], "gzip": t.static_load[1], "brotli": t.static_load[2]})),
        "save_whole_site": transfer.as_ref().and_then(|t| t.whole_site.as_ref().ok()).map(|s| json!({"raw": s[0], "gzip": s[1], "brotli": s[2]})),
        "further_navigation": transfer.as_ref().map(|t| t.further.iter().map(|(p, s)| json!({"path": p, "raw": s[0], "gzip": s[1], "brotli": s[2]})).collect::<Vec<_>>()),
        "lighthouse_mobile_medians": lighthouse_rows.iter().map(|(p, figures)| json!({
            "path": p,
            "figures": LIGHTHOUSE_FIGURES.iter().zip(figures).map(|(k, v)| (k.to_string(), json!(v))).collect::<serde_json::Map<_, _>>(),
        })).collect::<Vec<_>>(),
        "route_change_ms": route_changes.map(|r| r.iter()
            .map(|(kind, n, median, p95)| (kind.to_string(), json!({"median": median, "p95": p95, "n": n})))
            .collect::<serde_json::Map<_, _>>()),
        "heap_bytes": navigation.as_ref().map(|n| json!({"after_10": n.heap10, "after_500": n.heap500})),
        "search": search.as_ref().zip(keystrokes).map(|(s, (n, median, p95, min))| json!({
            "first_query": {
                "query": search::FIRST_QUERY,
                "bytes": search::total(&s.first),
                "focus_to_results_ms": s.first_ms,
                "enter_to_results_ms": s.first_after_enter_ms,
                "requests": search::as_json(&s.first),
            },
            "later_query": {
                "query": search::LATER_QUERY,
                "bytes": search::total(&s.later),
                "requests": search::as_json(&s.later),
            },
            "last_keystroke_to_results_ms": {
                "n": n, "median": median, "p95": p95, "min": min,
                "samples": s.latencies.iter().map(|(query, cadence, ms, status)| json!({
                    "query": query, "cadence_ms": cadence, "ms": ms, "status": status,
                })).collect::<Vec<_>>(),
            },
        })),
        "wasm_contributors": twiggy,
    });
    let results = match chosen.len() == PARTS.len() {
        true => "results.json",
        false => "results-partial.json",
    };
    std::fs::write(out.join(results), serde_json::to_string_pretty(&figures)?)?;
    println!("figures written to target/bench/{results}");

    // Each budget's figure, when its part ran.
    let heaviest = transfer
        .as_ref()
        .and_then(|t| t.first_loads.iter().map(|(_, s)| s[2]).max());
    let actual = [
        home.map(|h| h[2] as f64),
        heaviest.map(|b| b as f64),
        largest_further.map(|b| b as f64),
        navigation.as_ref().map(|n| n.heap500 - n.heap10),
        search.as_ref().map(|s| search::total(&s.first) as f64),
        search.as_ref().map(|s| search::total(&s.later) as f64),
    ];
    let mut over: Vec<String> = BUDGETS
        .iter()
        .zip(actual)
        .filter_map(|(budget, value)| Some((budget, value?)))
        .filter(|((_, limit, _), value)| value > limit || value.is_nan())
        .map(|((name, limit, unit), value)| format!("{name}: {value:.1} {unit} > {limit} {unit}"))
        .collect();
    if let Some(r) = route_changes {
        let full = r[2].3;
        for ((name, ratio), (_, _, _, p95)) in ROUTE_CHANGE_RATIOS.iter().zip(&r) {
            if *p95 > ratio * full || p95.is_nan() || full.is_nan() {
                over.push(format!(
                    "{name}: {p95:.1} ms > {ratio} × full load p95 {full:.1} ms"
                ));
            }
        }
    }
    if let Some(s) = &search {
        // A search answer that failed, or JS or JSON not in brotli: the figures
        // would not be what they say.
        for problem in search::problems(&s.first)
            .into_iter()
            .chain(search::problems(&s.later))
        {
            over.push(format!("search: {problem}"));
        }
    }
    for (path, figures) in pages() {
        for (i, ratio) in RATIO_BUDGETS {
            let limit = ratio * static_figures[i];
            if figures[i] > limit || figures[i].is_nan() {
                over.push(format!(
                    "{} {path}: {:.0} ms > {ratio} × static {:.0} ms",
                    LIGHTHOUSE_FIGURES[i], figures[i], static_figures[i]
                ));
            }
        }
        for (i, limit, unit) in PAGE_BUDGETS {
            if figures[i] > limit || figures[i].is_nan() {
                over.push(format!(
                    "{} {path}: {:.1} {unit} > {limit} {unit}",
                    LIGHTHOUSE_FIGURES[i], figures[i]
                ));
            }
        }
        if figures[SCORE] < 100.0 || figures[SCORE].is_nan() {
            over.push(format!(
                "performance score {path}: {:.0} < 100",
                figures[SCORE]
            ));
        }
    }
    Ok(over)
}
