//! The site on the hosts it deploys on, as each behaves: nginx with the repository's
//! configuration, and Cloudflare Pages' own server (`wrangler pages dev`,
//! `harness::Wrangler`), both serving the root build, in Chromium.
//!
//! What the servers answer is checked on both: every page at its address, with
//! status 200 and no redirect, and with a trailing slash; unknown addresses (the
//! French 404, status 404); former addresses (301); the headers `_headers` gives,
//! really sent; no internal file served. The visitor's journeys are the tests of
//! their own modules, which run on nginx in every engine and on both builds; here
//! they run again on Cloudflare Pages' server: every path directly and on refresh,
//! former addresses, search, offline reading and "Lire ce site hors ligne".

use crate::harness::{
    ensure, ensure_contains, ensure_eq, header, http_answer, http_get, nginx_conf_of, Page,
    TestResult,
};
use crate::{hosting, navigation, offline, search};
use oim_site::nav::model;

crate::tests! {
    chromium_at_root: [
        every_page_answers_at_its_address_without_a_redirect,
        unknown_addresses_get_the_french_404_and_former_ones_a_301,
        no_internal_file_is_served,
        the_headers_written_for_hosts_are_sent,
        on_cloudflare_every_path_loads_directly_and_on_refresh,
        on_cloudflare_former_addresses_lead_to_their_pages,
        on_cloudflare_search_finds_pages_and_the_404_suggests_some,
        on_cloudflare_a_page_read_opens_offline,
        on_cloudflare_the_whole_site_saved_reads_offline,
    ],
}

/// The path of the canonical link of an HTML document, if it has one.
fn canonical_path(html: &str) -> Option<String> {
    let start = html.find(r#"<link rel="canonical" href=""#)? + 28;
    let href = &html[start..start + html[start..].find('"')?];
    Some(url::Url::parse(href).ok()?.path().to_string())
}

/// Fails unless `address` answers at once (status 200, no redirect) with the page at
/// `path`, as its canonical link says.
async fn ensure_page_at(host: &str, page: &Page, address: &str, path: &str) -> TestResult {
    let (status, headers, body) = http_answer(page.origin(), address).await;
    ensure(
        status == 200,
        format!(
            "{host}: {address}: expected status 200, found {status} (location {:?})",
            header(&headers, "location")
        ),
    )?;
    ensure_eq(
        canonical_path(&body).as_deref(),
        Some(page.href(path).as_str()),
        format!("{host}: {address}: the page's canonical address"),
    )
}

async fn every_page_answers_at_its_address_without_a_redirect(page: Page) -> TestResult {
    for (host, page) in page.on_both_hosts()? {
        for node in model().nodes() {
            let address = page.href(&node.path);
            ensure_page_at(host, &page, &address, &node.path).await?;
            // The form with a trailing slash reaches the same page.
            if node.path != "/" {
                ensure_page_at(host, &page, &format!("{address}/"), &node.path).await?;
            }
        }
    }
    Ok(())
}

async fn unknown_addresses_get_the_french_404_and_former_ones_a_301(page: Page) -> TestResult {
    for (host, page) in page.on_both_hosts()? {
        for path in ["/ceci/nexiste/pas", "/agir/inconnu", "/agir/inconnu/"] {
            let (status, _, body) = http_answer(page.origin(), &page.href(path)).await;
            ensure_eq(status, 404, format!("{host}: {path}: status"))?;
            ensure_contains(&body, "<html lang=\"fr\"", format!("{host}: {path}"))?;
            ensure_contains(&body, ">Page introuvable</h1>", format!("{host}: {path}"))?;
        }
        let origin = url::Url::parse(page.origin())?;
        for redirect in model().redirects.iter() {
            let from = page.href(&redirect.from);
            let (status, headers, _) = http_answer(page.origin(), &from).await;
            ensure_eq(status, 301, format!("{host}: {from}: status"))?;
            let location = header(&headers, "location").unwrap_or_default();
            ensure_eq(
                origin.join(location)?.path().to_string(),
                page.href(&redirect.to),
                format!("{host}: {from}: where it leads ({location:?})"),
            )?;
        }
    }
    Ok(())
}

async fn no_internal_file_is_served(page: Page) -> TestResult {
    // The nginx directives are written beside the build, not in it: no static host
    // can publish them.
    let dist = page.dist();
    ensure(
        nginx_conf_of(dist).is_file() && !dist.join("_nginx").exists(),
        format!("the nginx directives beside {}, not in it", dist.display()),
    )?;
    let headers = std::fs::read_to_string(dist.join("_headers"))?;
    let redirects = std::fs::read_to_string(dist.join("_redirects"))?;
    let first_rule = |file: &str| {
        file.lines()
            .find(|l| !l.starts_with('#') && !l.trim().is_empty())
            .unwrap_or_default()
            .to_string()
    };
    for (host, page) in page.on_both_hosts()? {
        for (path, text) in [
            ("/_headers", first_rule(&headers)),
            ("/_redirects", first_rule(&redirects)),
            ("/_nginx/site.conf", "server_tokens".to_string()),
        ] {
            // nginx answers 404; wrangler's server 502 for the host files it reads
            // (Cloudflare Pages does not publish them).
            let (status, _, body) = http_answer(page.origin(), &page.href(path)).await;
            ensure(
                status >= 400 && !body.contains(&text),
                format!("{host}: {path} is not served: status {status}, body {body:?}"),
            )?;
        }
    }
    Ok(())
}

/// The rules of a `_headers` file: (address pattern, headers).
fn header_rules(file: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut rules: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in file.lines().filter(|l| !l.trim().is_empty()) {
        if line.starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            rules.push((line.trim().to_string(), Vec::new()));
        } else if let (Some((_, headers)), Some((name, value))) =
            (rules.last_mut(), line.trim().split_once(':'))
        {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    rules
}

/// Whether an address matches a `_headers` pattern, where `*` stands for anything.
fn matches(pattern: &str, address: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = address.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// The headers `_headers` gives an address: those of every rule that matches it, a
/// header given by two rules with both values, as Cloudflare Pages joins them.
fn headers_for(rules: &[(String, Vec<(String, String)>)], address: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    for (_, headers) in rules
        .iter()
        .filter(|(pattern, _)| matches(pattern, address))
    {
        for (name, value) in headers {
            match found.iter_mut().find(|(n, _)| n == name) {
                Some((_, both)) => *both = format!("{both}, {value}"),
                None => found.push((name.clone(), value.clone())),
            }
        }
    }
    found
}

/// The OWASP headers every answer carries (`host::security_headers`).
const SECURITY_HEADERS: [&str; 9] = [
    "content-security-policy",
    "strict-transport-security",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
    "permissions-policy",
    "cross-origin-opener-policy",
    "cross-origin-resource-policy",
    "x-permitted-cross-domain-policies",
];

async fn the_headers_written_for_hosts_are_sent(page: Page) -> TestResult {
    let dist = page.dist();
    let rules = header_rules(&std::fs::read_to_string(dist.join("_headers"))?);
    let named = |test: fn(&str) -> bool| -> Result<String, String> {
        std::fs::read_dir(dist)
            .map_err(|e| e.to_string())?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .find(|name| test(name))
            .ok_or_else(|| "a file of the build".to_string())
    };
    let css = named(|n| n.starts_with("main-") && n.ends_with(".css"))?;
    let chunk = named(|n| n.starts_with("chunk_") && n.ends_with(".wasm"))?;
    let csv = named(|n| n.ends_with(".csv"))?;
    let paths = [
        "/".to_string(),
        "/agir".into(),
        "/qui-sommes-nous/structure".into(),
        "/content/agir.json".into(),
        format!("/{css}"),
        format!("/{chunk}"),
        "/sw.js".into(),
        "/manifest.webmanifest".into(),
        "/pagefind/pagefind.js".into(),
        format!("/{csv}"),
        "/ceci/nexiste/pas".into(),
    ];
    for (host, page) in page.on_both_hosts()? {
        for path in &paths {
            let address = page.href(path);
            let expected = headers_for(&rules, &address);
            let names: Vec<&str> = expected.iter().map(|(n, _)| n.as_str()).collect();
            ensure(
                SECURITY_HEADERS.iter().all(|h| names.contains(h)),
                format!("_headers gives {address} the security headers: it gives {names:?}"),
            )?;
            let (_, sent) = http_get(page.origin(), &address, "identity").await;
            for (name, value) in &expected {
                let found = header(&sent, name);
                // nginx adds the charset to the types it was given.
                let same = if name == "content-type" {
                    found.is_some_and(|f| f.starts_with(value.as_str()))
                } else {
                    found == Some(value.as_str())
                };
                ensure(
                    same,
                    format!(
                        "{host}: {address}: {name}: expected {value:?} (_headers), found {found:?}"
                    ),
                )?;
            }
        }
    }
    Ok(())
}

async fn on_cloudflare_every_path_loads_directly_and_on_refresh(page: Page) -> TestResult {
    hosting::every_path_renders_on_deep_link_and_on_refresh(page.on_cloudflare()?).await
}

async fn on_cloudflare_former_addresses_lead_to_their_pages(page: Page) -> TestResult {
    navigation::legacy_addresses_redirect_replacing_history(page.on_cloudflare()?).await
}

async fn on_cloudflare_search_finds_pages_and_the_404_suggests_some(page: Page) -> TestResult {
    let page = page.on_cloudflare()?;
    search::submitting_the_header_form_opens_the_results_in_place(page.clone()).await?;
    search::a_missing_address_suggests_the_pages_it_may_have_meant(page).await
}

async fn on_cloudflare_a_page_read_opens_offline(page: Page) -> TestResult {
    offline::a_page_read_opens_without_a_network_after_a_reload(page.on_cloudflare()?).await
}

async fn on_cloudflare_the_whole_site_saved_reads_offline(page: Page) -> TestResult {
    offline::the_whole_site_saved_reads_offline_and_the_copy_can_be_deleted(page.on_cloudflare()?)
        .await
}
