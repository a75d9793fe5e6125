//! The built site on a real host (nginx with the repository's configuration): deep
//! links and refreshes, real 404s for content, caching and security headers, the
//! CSP, and compressed transfers. Runs for the root build and the sub-path build.

use crate::harness::{
    ensure, ensure_contains, ensure_eq, header, http_get, http_text, quote, Page, TestResult,
};
use crate::held_app::HeldApp;
use crate::names::{APP_MANIFEST, MODULES, WORKER};
use crate::offline::{deploy, own_site};
use crate::site_map::PAGES;
use oim_site::nav::{model, page_file};

crate::tests! {
    every_engine: [
        every_path_renders_on_deep_link_and_on_refresh,
        a_missing_content_file_is_a_real_404_and_the_page_is_loaded_in_full,
        compressed_bodies_reach_the_browser,
        an_altered_js_file_is_refused_and_the_page_stays_readable,
    ],
    // The server's answers, and Chromium's console log (in every engine, the
    // start-up tests watch for CSP violations and console errors).
    chromium_only: [
        assets_are_cached_forever_and_pages_revalidated,
        security_headers_and_a_strict_csp_are_sent,
        no_csp_violation_console_error_or_warning_on_any_page,
        host_files_are_written_for_other_hosts,
    ],
}

pub(crate) async fn every_path_renders_on_deep_link_and_on_refresh(page: Page) -> TestResult {
    for (path, h1, _) in PAGES {
        page.open(path).await?;
        page.wait_text("main h1", h1).await?;
        page.set_marker().await?;
        page.client.refresh().await?;
        page.wait_text("main h1", h1).await?;
        page.ensure_reloaded(format!("{path}: the refresh")).await?;
        ensure_eq(
            page.path().await?,
            *path,
            format!("{path}: the address after the refresh"),
        )?;
    }
    page.open("/ceci/nexiste/pas").await?;
    page.wait_text("main h1", "Page introuvable").await
}

async fn a_missing_content_file_is_a_real_404_and_the_page_is_loaded_in_full(
    page: Page,
) -> TestResult {
    let (status, headers) = http_get(
        page.origin(),
        &page.href("/content/absente.json"),
        "identity",
    )
    .await;
    ensure_eq(status, 404, "a missing JSON file's status")?;
    let content_type = header(&headers, "content-type");
    ensure(
        content_type.is_some_and(|t| !t.contains("json")),
        format!("the 404 is not dressed as content: content-type {content_type:?}"),
    )?;
    // The app, asking the real server for a file that is not there.
    page.open("/").await?;
    page.eval(
        "(() => { const real = window.fetch.bind(window); window.fetch = (req, init) => \
         real(req.url.endsWith('/content/agir.json') ? req.url.replace('agir.json', 'absente.json') : req, init); })()",
    )
    .await?;
    page.set_marker().await?;
    page.click("main .card a[href='/agir']").await?;
    // A file gone is a deployment newer than the app: the page is loaded in full.
    page.wait_until("window.__e2eMarker === undefined").await?;
    page.taken_over().await?;
    ensure_eq(
        page.text("main h1").await?,
        "Agir".to_string(),
        "the page loaded in full",
    )?;
    ensure_eq(page.count("main .load-error").await?, 0, "errors shown")
}

/// The build's hashed assets, by the builder's own rule (`names`, which its headers
/// follow): the JS, the CSS, the wasm modules, the charts' and maps' SVG.
fn hashed_assets(page: &Page) -> Vec<String> {
    crate::names::hashed_assets(page.dist()).expect("dist")
}

/// The files of a folder of the build, by name, sorted.
fn files_in(page: &Page, folder: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(page.dist().join(folder))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

async fn assets_are_cached_forever_and_pages_revalidated(page: Page) -> TestResult {
    let assets = hashed_assets(&page);
    // The app's JS, its main wasm, the style sheet, the chunks of the wasm
    // (src/builder/split.rs): split modules and the chunks they share, and the
    // pictures: the icon and the content's charts and maps.
    let count = |test: fn(&str) -> bool| assets.iter().filter(|n| test(n)).count();
    let chunk =
        |n: &str| (n.starts_with("split_") || n.starts_with("chunk_")) && n.ends_with(".wasm");
    let picture = |n: &str| n.ends_with(".svg");
    ensure(
        count(|n| n.ends_with(".js")) == 1
            && count(|n| n.ends_with("_bg.wasm")) == 1
            && count(|n| n.ends_with(".css")) == 1
            && count(chunk) >= 4
            && count(|n| n.starts_with("favicon-") && n.ends_with(".svg")) == 1
            && count(chunk) + count(picture) + 3 == assets.len(),
        format!(
            "expected one JS, one wasm, one CSS file, the wasm's chunks and the pictures, \
             found {assets:?}"
        ),
    )?;
    for name in &assets {
        let (status, headers) =
            http_get(page.origin(), &page.href(&format!("/{name}")), "identity").await;
        ensure_eq(status, 200, format!("{name}: status"))?;
        ensure_eq(
            header(&headers, "cache-control"),
            Some("public, max-age=31536000, immutable"),
            format!("{name}: cache-control"),
        )?;
    }
    // The search index's chunks are named by their content too.
    let chunk = files_in(&page, "pagefind/index")
        .into_iter()
        .find(|n| n.ends_with(".pf_index"))
        .ok_or("no chunk in pagefind/index")?;
    let meta = files_in(&page, "pagefind")
        .into_iter()
        .find(|n| n.ends_with(".pf_meta"))
        .ok_or("no .pf_meta in pagefind/")?;
    for path in [
        format!("/pagefind/index/{chunk}"),
        format!("/pagefind/{meta}"),
    ] {
        let (status, headers) = http_get(page.origin(), &page.href(&path), "identity").await;
        ensure_eq(status, 200, format!("{path}: status"))?;
        ensure_eq(
            header(&headers, "cache-control"),
            Some("public, max-age=31536000, immutable"),
            format!("{path}: cache-control"),
        )?;
    }
    // Pages, content, and the files requested under fixed names (the builder's: the
    // worker, the site's modules, the app manifest; the engine's entry files; the
    // icons) are revalidated.
    let fixed_names = [WORKER, APP_MANIFEST]
        .into_iter()
        .chain(MODULES)
        .map(|name| format!("/{name}"));
    for path in [
        "/",
        "/index.html",
        "/404.html",
        "/agir",
        "/qui-sommes-nous/structure",
        "/content/agir.json",
        "/pagefind/pagefind.js",
        "/pagefind/pagefind-entry.json",
        "/icon-192.png",
        "/icon-512.png",
        "/icon-maskable-512.png",
        "/apple-touch-icon.png",
    ]
    .map(String::from)
    .into_iter()
    .chain(fixed_names)
    {
        let path = path.as_str();
        let (status, headers) = http_get(page.origin(), &page.href(path), "identity").await;
        ensure_eq(status, 200, format!("{path}: status"))?;
        ensure_eq(
            header(&headers, "cache-control"),
            Some("no-cache"),
            format!("{path}: cache-control"),
        )?;
    }
    for (path, expected) in [
        ("/content/agir.json", "application/json"),
        ("/manifest.webmanifest", "application/manifest+json"),
        ("/sw.js", "application/javascript"),
    ] {
        let (_, headers) = http_get(page.origin(), &page.href(path), "identity").await;
        let content_type = header(&headers, "content-type");
        ensure(
            content_type.is_some_and(|t| t.starts_with(expected)),
            format!("{path} is served as {expected}: content-type {content_type:?}"),
        )?;
    }
    Ok(())
}

async fn security_headers_and_a_strict_csp_are_sent(page: Page) -> TestResult {
    let asset = hashed_assets(&page).remove(0);
    for path in [
        "/".to_string(),
        "/agir".into(),
        "/content/agir.json".into(),
        format!("/{asset}"),
    ] {
        let (_, headers) = http_get(page.origin(), &page.href(&path), "identity").await;
        let csp = header(&headers, "content-security-policy").unwrap_or_default();
        ensure(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-")
                && csp.contains("default-src 'self'")
                && csp.contains("object-src 'none'")
                && csp.contains("worker-src 'self'")
                && csp.contains("manifest-src 'self'")
                && !csp.contains("unsafe-inline")
                && !csp.contains("'unsafe-eval'"),
            format!("{path}: CSP {csp:?}"),
        )?;
        for (name, value) in [
            ("x-content-type-options", "nosniff"),
            ("referrer-policy", "strict-origin-when-cross-origin"),
            (
                "strict-transport-security",
                "max-age=63072000; includeSubDomains",
            ),
            ("cross-origin-opener-policy", "same-origin"),
            ("cross-origin-resource-policy", "same-origin"),
            ("x-frame-options", "DENY"),
            ("x-permitted-cross-domain-policies", "none"),
        ] {
            ensure_eq(
                header(&headers, name),
                Some(value),
                format!("{path}: {name}"),
            )?;
        }
        ensure(
            header(&headers, "cross-origin-embedder-policy").is_none(),
            format!("{path}: no COEP (cross-origin isolation is off): {headers:?}"),
        )?;
        ensure(
            header(&headers, "permissions-policy").is_some(),
            format!("{path}: expected a Permissions-Policy header, found none in {headers:?}"),
        )?;
    }
    // Trunk's integrity hashes stay: on the stylesheet, and for the JS in the loader's
    // data block (the loader fetches the JS with it after the first paint).
    let (_, html) = http_text(page.origin(), &page.href("/")).await;
    let stylesheet = html
        .split("<link rel=\"stylesheet\"")
        .nth(1)
        .and_then(|rest| rest.split('>').next());
    ensure(
        stylesheet.is_some_and(|e| e.contains("integrity=\"sha384-")),
        format!("SRI on the stylesheet: its <link> is {stylesheet:?}"),
    )?;
    let files = html
        .split("<script type=\"application/json\" id=\"fichiers-appli\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .unwrap_or_default();
    let files: serde_json::Value = serde_json::from_str(files)?;
    let js = hashed_assets(&page)
        .into_iter()
        .find(|n| n.ends_with(".js"))
        .unwrap_or_default();
    ensure(
        files["js"] == page.href(&format!("/{js}"))
            && files["integrity"]
                .as_str()
                .is_some_and(|v| v.starts_with("sha384-")),
        format!("{js} and its SRI hash in the loader's data block: {files}"),
    )?;
    // Every page carries the policy too, for hosts that send no headers: the
    // header's, less frame-ancestors, which only a header can carry.
    let (_, headers) = http_get(page.origin(), &page.href("/"), "identity").await;
    let csp = header(&headers, "content-security-policy").unwrap_or_default();
    let expected: Vec<&str> = csp
        .split("; ")
        .filter(|d| !d.starts_with("frame-ancestors"))
        .collect();
    for path in ["/", "/agir", "/une-page-qui-n-existe-pas"] {
        let (_, html) = http_text(page.origin(), &page.href(path)).await;
        let meta = html
            .split("<meta http-equiv=\"Content-Security-Policy\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default();
        ensure(
            meta.split("; ").eq(expected.iter().copied()),
            format!(
                "{path}: expected the policy {expected:?} in its <meta http-equiv>, found {meta:?}"
            ),
        )?;
    }
    Ok(())
}

async fn no_csp_violation_console_error_or_warning_on_any_page(page: Page) -> TestResult {
    for (path, h1, _) in PAGES {
        page.open(path).await?;
        page.wait_text("main h1", h1).await?;
        // Content has arrived and rendered: the page is settled.
        page.wait_until("!document.querySelector('main .loading')")
            .await?;
        let log = page.browser_log().await?;
        let bad: Vec<_> = log
            .iter()
            .filter(|(level, message)| {
                level == "SEVERE"
                    || level == "WARNING"
                    || message.contains("Content Security Policy")
            })
            .collect();
        ensure(bad.is_empty(), format!("{path}: {bad:?}"))?;
    }
    Ok(())
}

/// The loader fetches the app's JS with the SRI hash of its data block before
/// importing it: a JS file changed on the host (or on the way) is never run, and the
/// prerendered page stays.
async fn an_altered_js_file_is_refused_and_the_page_stays_readable(page: Page) -> TestResult {
    let (dist, _nginx, page) = own_site(&page)?;
    let js = hashed_assets(&page)
        .into_iter()
        .find(|n| n.ends_with(".js"))
        .unwrap_or_default();
    deploy(&dist, &js, |text| text + "\n;globalThis.altere = true;\n")?;
    page.open_document("/agir").await?;
    page.wait_text("main h1", "Agir").await?;
    // After the first paint the loader fetches the file with its hash; the browser
    // refuses it, and nothing imports it.
    let fetched =
        format!("performance.getEntriesByType('resource').some(e => e.name.endsWith('/{js}'))");
    page.wait_until(&fetched).await?;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let state = page
        .eval("({ ran: !!globalThis.altere, started: !!window.wasmBindings, ready: document.documentElement.hasAttribute('data-app-ready') })")
        .await?;
    ensure(
        state == serde_json::json!({ "ran": false, "started": false, "ready": false }),
        format!("an altered {js}: expected it refused, found {state}"),
    )?;
    page.wait_text("main h1", "Agir").await
}

async fn compressed_bodies_reach_the_browser(page: Page) -> TestResult {
    // Through a proxy that refuses the service worker: a worker hands the page the
    // bodies it has read, decoded, so the page could not tell what the host sent.
    let proxy = HeldApp::start(page.origin()).await;
    proxy.release();
    let page = page.through(&proxy.origin);
    page.open("/agir").await?;
    // The first page carries its own content: the next one fetches its JSON.
    page.click("main a[href='/agir/engagez-vous']").await?;
    page.wait_text("main h1", "Engagez-vous").await?;
    page.settled().await?;
    let entries = page
        .eval(
            "performance.getEntriesByType('resource').filter(e => /\\.(wasm|js|css|json)$/.test(e.name)) \
             .map(e => [e.name.split('/').pop(), e.encodedBodySize, e.decodedBodySize])",
        )
        .await?;
    let entries: Vec<(String, u64, u64)> = serde_json::from_value(entries)?;
    for kind in [".wasm", ".js", ".css", ".json"] {
        let entry = entries.iter().find(|(n, _, _)| n.ends_with(kind));
        ensure(
            entry.is_some_and(|(_, encoded, decoded)| encoded < decoded),
            format!("a compressed {kind} body: {entries:?}"),
        )?;
    }
    // Served from the precompressed siblings, brotli where accepted, gzip otherwise.
    let wasm = hashed_assets(&page)
        .into_iter()
        .find(|n| n.ends_with(".wasm"))
        .unwrap_or_default();
    for (accept, expected) in [("br, gzip", "br"), ("gzip", "gzip")] {
        for path in [format!("/{wasm}"), "/content/agir.json".to_string()] {
            let (_, headers) = http_get(page.origin(), &page.href(&path), accept).await;
            ensure_eq(
                header(&headers, "content-encoding"),
                Some(expected),
                format!("{path} with Accept-Encoding {accept}: content-encoding"),
            )?;
            ensure_eq(
                header(&headers, "vary"),
                Some("Accept-Encoding"),
                format!("{path} with Accept-Encoding {accept}: vary"),
            )?;
        }
    }
    let document = page
        .eval(
            "(n => [n.encodedBodySize, n.decodedBodySize])(performance.getEntriesByType('navigation')[0])",
        )
        .await?;
    let (encoded, decoded): (u64, u64) = serde_json::from_value(document)?;
    ensure(
        encoded < decoded,
        format!(
            "the HTML itself is compressed: expected fewer bytes sent than read, found \
             {encoded} sent for {decoded}"
        ),
    )
}

async fn host_files_are_written_for_other_hosts(page: Page) -> TestResult {
    let dist = page.dist();
    let not_found = std::fs::read_to_string(dist.join("404.html"))?;
    ensure_contains(
        &not_found,
        ">Page introuvable</h1>",
        "404.html is the prerendered not-found page",
    )?;
    let headers = std::fs::read_to_string(dist.join("_headers"))?;
    ensure_contains(&headers, "Content-Security-Policy:", "_headers")?;
    ensure_contains(&headers, "immutable", "_headers")?;
    for file in [
        "manifest.webmanifest",
        "icon-192.png",
        "icon-512.png",
        "icon-maskable-512.png",
        "apple-touch-icon.png",
    ] {
        ensure(dist.join(file).is_file(), format!("{file} in the build"))?;
    }
    // Cloudflare Pages reads 100 rules at most.
    let rules = headers
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with([' ', '#']))
        .count();
    ensure(rules <= 100, format!("_headers has {rules} rules"))?;
    // Former addresses only: every host serves the pages and the 404 by itself, and
    // Cloudflare Pages takes no rule with status 404.
    let redirects = std::fs::read_to_string(dist.join("_redirects"))?;
    for rule in redirects.lines().filter(|l| !l.starts_with('#')) {
        ensure(
            rule.ends_with("  301"),
            format!("_redirects: a former address's rule, found {}", quote(rule)),
        )?;
    }
    ensure_contains(
        &redirects,
        &page.href("/fr/qui-sommes-nous"),
        "_redirects: former addresses",
    )?;
    // Every page but the home page has its `.html` copy, which hosts serve its
    // address from without a redirect: the page itself.
    for node in model().nodes().into_iter().filter(|n| n.path != "/") {
        let file = page_file(&node.path);
        let copy = format!("{}.html", file.trim_end_matches("/index.html"));
        ensure_eq(
            std::fs::read_to_string(dist.join(&copy))?,
            std::fs::read_to_string(dist.join(&file))?,
            format!("{copy}, the copy of {file}"),
        )?;
    }
    Ok(())
}
