//! The files that tell hosts how to serve `dist/`, all from the navigation model:
//! `_headers` and `_redirects` (Netlify, Cloudflare Pages) and the nginx directives
//! (`deploy/nginx-site.conf.in` filled in, written beside `dist/`: a static host
//! publishes every file in it). One set of rules, three spellings: hashed assets
//! cached for a year, pages and content revalidated, the same security headers
//! everywhere, legacy addresses redirected. Any other address is a real 404 with
//! `404.html`: nginx by its `error_page`, Cloudflare Pages and Netlify by themselves.

use super::names::{APP_MANIFEST, MODULES, WORKER};
use super::{app_manifest, icons};
#[cfg(test)]
use crate::nav::model;
use crate::nav::{NavModel, Site};
use crate::rules::is_safe_address;

/// The figures' CSV files: few hosts know the extension, and a spreadsheet reads
/// the charset.
pub const CSV_CONTENT_TYPE: &str = "text/csv; charset=utf-8";
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";

/// A response header: name and value.
pub type Header = (&'static str, String);

/// The Content-Security-Policy's directives. It allows no inline script but those of
/// the shell, by their hashes (`shell::inline_script_hashes`), which do not change
/// from build to build.
fn policy_directives(script_hashes: &[String]) -> [String; 12] {
    [
        "default-src 'self'".to_string(),
        format!(
            "script-src 'self' 'wasm-unsafe-eval' {}",
            script_hashes.join(" ")
        ),
        "style-src 'self'".into(),
        "img-src 'self' data:".into(),
        "font-src 'self'".into(),
        "connect-src 'self'".into(),
        // The search engine runs its queries in a worker (pagefind/pagefind-worker.js);
        // the service worker (sw.js) saves the site for offline reading.
        "worker-src 'self'".into(),
        "manifest-src 'self'".into(),
        "object-src 'none'".into(),
        "base-uri 'self'".into(),
        "form-action 'self'".into(),
        "frame-ancestors 'none'".into(),
    ]
}

/// The directives a `<meta http-equiv>` policy ignores (CSP Level 3, section 3.3):
/// only a header can carry them.
const HEADER_ONLY_DIRECTIVES: [&str; 4] = ["frame-ancestors", "report-uri", "report-to", "sandbox"];

/// The policy every page carries in a `<meta http-equiv>` (`shell::with_policy`): the
/// header's, less what a meta cannot carry. Hosts that send no headers still
/// apply it.
pub fn meta_policy(script_hashes: &[String]) -> String {
    policy_directives(script_hashes)
        .into_iter()
        .filter(|d| !HEADER_ONLY_DIRECTIVES.iter().any(|h| d.starts_with(h)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The headers every response carries: those the OWASP Secure Headers Project
/// recommends that fit a static site served from one origin (deploy/README.md says
/// why each value).
pub fn security_headers(script_hashes: &[String]) -> Vec<Header> {
    vec![
        (
            "Content-Security-Policy",
            policy_directives(script_hashes).join("; "),
        ),
        // Browsers ignore it on plain HTTP (RFC 6797, section 8.1): safe everywhere.
        (
            "Strict-Transport-Security",
            "max-age=63072000; includeSubDomains".into(),
        ),
        ("X-Content-Type-Options", "nosniff".into()),
        // The legacy twin of frame-ancestors 'none'.
        ("X-Frame-Options", "DENY".into()),
        ("Referrer-Policy", "strict-origin-when-cross-origin".into()),
        ("Permissions-Policy", PERMISSIONS_POLICY.join(", ")),
        // Everything the site loads is its own: it can be isolated from other origins.
        ("Cross-Origin-Opener-Policy", "same-origin".into()),
        ("Cross-Origin-Resource-Policy", "same-origin".into()),
        ("X-Permitted-Cross-Domain-Policies", "none".into()),
    ]
}

/// The browser features the site never uses, turned off for it and anything it
/// could embed: the OWASP Secure Headers Project's list, less `web-share`, which
/// Chromium on Linux does not know and reports as a console error on every page.
pub const PERMISSIONS_POLICY: &[&str] = &[
    "accelerometer=()",
    "autoplay=()",
    "camera=()",
    "cross-origin-isolated=()",
    "display-capture=()",
    "encrypted-media=()",
    "fullscreen=()",
    "geolocation=()",
    "gyroscope=()",
    "keyboard-map=()",
    "magnetometer=()",
    "microphone=()",
    "midi=()",
    "payment=()",
    "picture-in-picture=()",
    "publickey-credentials-get=()",
    "screen-wake-lock=()",
    "sync-xhr=(self)",
    "usb=()",
    "xr-spatial-tracking=()",
    "clipboard-read=()",
    "clipboard-write=()",
    "gamepad=()",
    "hid=()",
    "idle-detection=()",
    "interest-cohort=()",
    "serial=()",
    "unload=()",
];

/// Every address written into a host file passes here: ASCII letters, digits and
/// `-._~/` only (`rules::is_safe_address`, which the model's validation applies to
/// its redirects too), so that no value from the model, the base path or a file
/// name can add a rule, a header or an nginx directive. `*` is the hosts' wildcard,
/// which only this module writes.
fn safe_address(file: &str, address: &str) -> Result<(), String> {
    if is_safe_address(&address.replace('*', "")) {
        return Ok(());
    }
    Err(format!(
        "{file}: the address \"{}\" (from public/navigation.json, OIM_BASE_PATH or a file name) may hold ASCII letters, digits and - . _ ~ / only",
        address.escape_debug()
    ))
}

/// Every header value written into a host file passes here: printable ASCII without
/// `"`, `\`, `$`, `{`, `}` (nginx would read a variable or a block in them).
fn safe_header_value(file: &str, name: &str, value: &str) -> Result<(), String> {
    let safe = |b: u8| (b' '..=b'~').contains(&b) && !b"\"\\${}".contains(&b);
    if value.bytes().all(safe) {
        return Ok(());
    }
    Err(format!(
        "{file}: the value of {name}, \"{}\", may hold printable ASCII without \" \\ $ {{ }} only",
        value.escape_debug()
    ))
}

/// The search index's files named by their content's hash (`index/fr_1a2b.pf_index`,
/// …): cached for a year. Its entry files (`pagefind.js`, `pagefind-entry.json`, the
/// engine's wasm) keep their names from build to build: revalidated.
pub const SEARCH_CHUNKS: [&str; 4] = ["index/*", "fragment/*", "filter/*", "*.pf_meta"];

/// Every page of the model, by its address under the base, as hosts match it
/// (`/oim/agir`; the home page `/oim/`).
fn page_addresses(site: &Site, model: &NavModel) -> Vec<String> {
    let mut paths: Vec<&str> = model.nodes().iter().map(|n| n.path.as_ref()).collect();
    paths.sort_unstable();
    paths.into_iter().map(|path| site.href(path)).collect()
}

/// `_headers`: security headers on everything, then caching by kind of file.
pub fn headers_file(
    site: &Site,
    model: &NavModel,
    headers: &[Header],
    hashed: &[String],
) -> Result<String, String> {
    const FILE: &str = "_headers";
    let base = site.base();
    for (name, value) in headers {
        safe_header_value(FILE, name, value)?;
    }
    let mut lines = vec![
        "# Written by the site builder (src/builder/host.rs) at build time.".to_string(),
        format!("{base}/*"),
    ];
    lines.extend(
        headers
            .iter()
            .map(|(name, value)| format!("  {name}: {value}")),
    );
    for name in hashed {
        lines.push(format!("{base}/{name}"));
        lines.push(format!("  Cache-Control: {IMMUTABLE}"));
    }
    // The search index's chunks are named by their content's hash.
    for chunk in SEARCH_CHUNKS {
        lines.push(format!("{base}/pagefind/{chunk}"));
        lines.push(format!("  Cache-Control: {IMMUTABLE}"));
    }
    for address in revalidated_files()
        .iter()
        .map(|f| format!("{base}/{f}"))
        .chain(page_addresses(site, model))
    {
        // One rule per address: Cloudflare Pages keeps only one of two rules for the
        // same address (it sent its own Cache-Control to the manifest then).
        let manifest = address.ends_with(&format!("/{}", APP_MANIFEST));
        lines.push(address);
        lines.push(format!("  Cache-Control: {REVALIDATE}"));
        if manifest {
            // Not every host knows the extension.
            lines.push(format!("  Content-Type: {}", app_manifest::CONTENT_TYPE));
        }
    }
    // The figures' data (src/builder/figure_files.rs).
    lines.push(format!("{base}/*.csv"));
    lines.push(format!("  Content-Type: {CSV_CONTENT_TYPE}"));
    // Every rule's address: the base, the model's pages, the hashed files' names.
    for address in lines[1..].iter().filter(|line| !line.starts_with(' ')) {
        safe_address(FILE, address)?;
    }
    Ok(lines.join("\n") + "\n")
}

/// The files requested under names that do not change from build to build (besides
/// the pages), under the base: revalidated. The service worker and the web app
/// manifest above all: a browser must see a new build's as soon as it is published.
pub fn revalidated_files() -> Vec<&'static str> {
    let mut files = vec![
        "index.html",
        "404.html",
        "content/*",
        "sitemap.xml",
        "robots.txt",
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.*",
        WORKER,
        APP_MANIFEST,
    ];
    // The site's own modules (search.js, offline.js, …), named, not hashed.
    files.extend(MODULES);
    files.extend(icons::ICONS.iter().map(|icon| icon.file));
    files
}

/// The legacy addresses of the model: (from, to), both under the base.
pub fn legacy_redirects(site: &Site, model: &NavModel) -> Vec<(String, String)> {
    model
        .redirects
        .iter()
        .map(|r| (site.href(&r.from), site.href(&r.to)))
        .collect()
}

/// `_redirects`: the legacy addresses, and nothing else. Pages need no rule (every
/// host serves `/agir` from `agir.html`, `prerender::html_file_of`), and neither do
/// unknown addresses: Cloudflare Pages and Netlify both answer them with `404.html`
/// and status 404 by themselves, and Cloudflare Pages refuses a rule with status 404
/// (it takes 200, 301, 302, 303, 307 and 308 only).
pub fn redirects_file(site: &Site, model: &NavModel) -> Result<String, String> {
    const FILE: &str = "_redirects";
    let mut rules = vec![
        "# Written by the site builder (src/builder/host.rs) at build time. First match wins."
            .to_string(),
    ];
    rules.extend(
        legacy_redirects(site, model)
            .into_iter()
            .map(|(from, to)| format!("{from}  {to}  301")),
    );
    for (from, to) in legacy_redirects(site, model) {
        safe_address(FILE, &from)?;
        safe_address(FILE, &to)?;
    }
    Ok(rules.join("\n") + "\n")
}

/// How many rules Cloudflare Pages reads from a `_headers` file at most.
pub const MAX_HEADER_RULES: usize = 100;

/// The rules of a `_headers` file: each starts with an address (a line not
/// indented, not a comment), followed by its indented headers.
pub fn header_rules(file: &str) -> usize {
    file.lines()
        .filter(|line| !line.is_empty() && !line.starts_with([' ', '\t', '#']))
        .count()
}

/// Fails unless `_headers` stays within Cloudflare Pages' limit on rules.
pub fn within_rule_limit(file: &str) -> Result<(), String> {
    let rules = header_rules(file);
    if rules > MAX_HEADER_RULES {
        return Err(format!(
            "_headers has {rules} rules, over the {MAX_HEADER_RULES} Cloudflare Pages reads"
        ));
    }
    Ok(())
}

/// `deploy/nginx-site.conf.in` filled in for this build: its placeholders replaced by
/// the security headers, the legacy redirects and the base path. The template's
/// opening comment (up to the first blank line) speaks of the template and is
/// replaced by one about the result. A placeholder missing from the template is an error.
pub fn nginx_conf(
    site: &Site,
    model: &NavModel,
    template: &str,
    headers: &[Header],
) -> Result<String, String> {
    const NAME: &str = "deploy/nginx-site.conf.in";
    const FILE: &str = "the nginx directives";
    safe_address(FILE, &site.href("/"))?;
    for (name, value) in headers {
        safe_header_value(FILE, name, value)?;
    }
    for (from, to) in legacy_redirects(site, model) {
        safe_address(FILE, &from)?;
        safe_address(FILE, &to)?;
    }
    for placeholder in ["@SECURITY_HEADERS@", "@REDIRECTS@", "@BASE@"] {
        if !template.contains(placeholder) {
            return Err(format!("{NAME} has no {placeholder}"));
        }
    }
    let (_, rules) = template
        .split_once("\n\n")
        .ok_or_else(|| format!("{NAME}: no blank line after its opening comment"))?;
    let security = headers
        .iter()
        .map(|(name, value)| format!("add_header {name} \"{value}\" always;"))
        .collect::<Vec<_>>()
        .join("\n    ");
    let redirects = std::iter::once("# Addresses of the former site.".to_string())
        .chain(
            legacy_redirects(site, model)
                .into_iter()
                .map(|(from, to)| format!("location = {from} {{ return 301 {to}; }}")),
        )
        .collect::<Vec<_>>()
        .join("\n");
    Ok(format!(
        "# Generated by the site builder from {NAME} for this\n# build (base path and CSP hash); do not edit.\n\n{}",
        rules
            .replace("@SECURITY_HEADERS@", &security)
            .replace("@REDIRECTS@", &redirects)
            .replace("@BASE@", site.base())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::names::{is_hashed_asset, OFFLINE_MODULE, SEARCH_MODULE};

    const TEMPLATE: &str = include_str!("../../deploy/nginx-site.conf.in");

    fn root() -> Site {
        Site::at_root()
    }

    fn oim() -> Site {
        Site::new("/oim/", "https://www.exemple.org")
    }

    #[test]
    fn redirects_equal_the_model_in_both_files() {
        for site in [root(), oim()] {
            redirects_equal_the_model_under(&site);
        }
    }

    fn redirects_equal_the_model_under(site: &Site) {
        let expected: Vec<(String, String)> = model()
            .redirects
            .iter()
            .map(|r| (site.href(&r.from), site.href(&r.to)))
            .collect();
        assert!(!expected.is_empty());
        let file = redirects_file(site, model()).unwrap();
        let in_file: Vec<(String, String)> = file
            .lines()
            .filter(|l| l.ends_with("  301"))
            .map(|l| {
                let parts: Vec<&str> = l.split_whitespace().collect();
                (parts[0].to_string(), parts[1].to_string())
            })
            .collect();
        assert_eq!(in_file, expected);
        let nginx = nginx_conf(
            site,
            model(),
            TEMPLATE,
            &security_headers(&["'sha256-x'".into()]),
        )
        .unwrap();
        let in_nginx: Vec<(String, String)> = nginx
            .lines()
            .filter(|l| l.contains("{ return 301 "))
            .filter_map(|l| l.strip_prefix("location = "))
            .map(|l| {
                let (from, rest) = l.split_once(' ').unwrap();
                let to = rest
                    .trim_start_matches("{ return 301 ")
                    .trim_end_matches("; }");
                (from.to_string(), to.to_string())
            })
            .collect();
        assert_eq!(in_nginx, expected);
    }

    #[test]
    fn redirects_hold_only_rules_every_host_takes() {
        // Cloudflare Pages ignores a rule whose status is not one of these, with a
        // warning; Netlify takes them too.
        const TAKEN: [&str; 6] = ["200", "301", "302", "303", "307", "308"];
        let file = redirects_file(&root(), model()).unwrap();
        let rules: Vec<&str> = file.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(rules.len(), model().redirects.len(), "{file}");
        for rule in rules {
            let status = rule.split_whitespace().nth(2);
            assert!(status.is_some_and(|s| TAKEN.contains(&s)), "{rule}");
            assert_eq!(status, Some("301"), "only legacy addresses: {rule}");
        }
    }

    #[test]
    fn headers_stay_within_cloudflare_pages_rule_limit() {
        let headers = security_headers(&["'sha256-abc'".into()]);
        let rules_without_assets =
            header_rules(&headers_file(&root(), model(), &headers, &[]).unwrap());
        // `/*`, the search index's chunks, the files of fixed names, every page,
        // and the figures' data (the manifest's type is in its own rule).
        assert_eq!(
            rules_without_assets,
            1 + SEARCH_CHUNKS.len() + revalidated_files().len() + model().nodes().len() + 1
        );
        // A build has one rule per hashed asset: the app's JS, wasm and CSS, and its
        // chunks. Room is left for 40 of them.
        let assets: Vec<String> = (0..40).map(|n| format!("chunk_{n}-1a2b.wasm")).collect();
        let file = headers_file(&root(), model(), &headers, &assets).unwrap();
        assert_eq!(header_rules(&file), rules_without_assets + 40);
        assert!(within_rule_limit(&file).is_ok(), "{file}");
        // Over the limit, the build fails, saying why.
        let assets: Vec<String> = (0..=MAX_HEADER_RULES)
            .map(|n| format!("chunk_{n}-1a2b.wasm"))
            .collect();
        let error = within_rule_limit(&headers_file(&root(), model(), &headers, &assets).unwrap())
            .unwrap_err();
        assert!(error.starts_with("_headers has "), "{error}");
        assert!(
            error.ends_with("rules, over the 100 Cloudflare Pages reads"),
            "{error}"
        );
    }

    #[test]
    fn headers_cache_assets_forever_and_pages_never_unchecked() {
        let headers = security_headers(&["'sha256-abc'".into()]);
        let file = headers_file(&root(), model(), &headers, &["main-1a2b.css".into()]).unwrap();
        assert!(
            file.contains("/main-1a2b.css\n  Cache-Control: public, max-age=31536000, immutable")
        );
        assert!(file.contains("/agir\n  Cache-Control: no-cache"), "{file}");
        assert!(file.contains("\n/\n  Cache-Control: no-cache"), "{file}");
        let file = headers_file(&oim(), model(), &headers, &["main-1a2b.css".into()]).unwrap();
        for rule in [
            "\n/oim/*\n",
            "\n/oim/main-1a2b.css\n  Cache-Control: public, max-age=31536000, immutable",
            "\n/oim/agir\n  Cache-Control: no-cache",
            "\n/oim/\n  Cache-Control: no-cache",
        ] {
            assert!(file.contains(rule), "{rule}: {file}");
        }
        assert!(
            file.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc';"),
            "{file}"
        );
    }

    #[test]
    fn the_owasp_headers_are_sent_and_the_offline_files_revalidated() {
        let headers = security_headers(&["'sha256-abc'".into()]);
        let value = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str())
        };
        for (name, expected) in [
            (
                "Strict-Transport-Security",
                "max-age=63072000; includeSubDomains",
            ),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Cross-Origin-Resource-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
            ("X-Permitted-Cross-Domain-Policies", "none"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ] {
            assert_eq!(value(name), Some(expected), "{name}");
        }
        let csp = value("Content-Security-Policy").unwrap();
        assert!(
            csp.contains("; worker-src 'self'; manifest-src 'self';"),
            "{csp}"
        );
        assert!(!headers.iter().any(|(n, _)| *n == "Service-Worker-Allowed"));
        // Cross-origin isolation is turned off (Permissions-Policy): COEP would buy
        // nothing (deploy/README.md).
        assert!(PERMISSIONS_POLICY.contains(&"cross-origin-isolated=()"));
        assert!(!headers
            .iter()
            .any(|(n, _)| *n == "Cross-Origin-Embedder-Policy"));
        let file = headers_file(&root(), model(), &headers, &[]).unwrap();
        for name in [
            WORKER,
            OFFLINE_MODULE,
            SEARCH_MODULE,
            APP_MANIFEST,
            "icon-192.png",
            "icon-512.png",
            "icon-maskable-512.png",
            "apple-touch-icon.png",
        ] {
            assert!(
                file.contains(&format!("\n/{name}\n  Cache-Control: no-cache\n")),
                "{name}: {file}"
            );
            // Nor does nginx's pattern for hashed assets (the same rule) take them.
            assert!(!is_hashed_asset(name), "{name}");
        }
        assert!(file.contains(
            "/manifest.webmanifest\n  Cache-Control: no-cache\n  Content-Type: application/manifest+json\n"
        ));
        let conf = nginx_conf(&root(), model(), TEMPLATE, &headers).unwrap();
        let manifest = conf
            .split("location = /manifest.webmanifest {")
            .nth(1)
            .and_then(|rest| rest.split('}').nth(1))
            .expect("a location for the manifest");
        assert!(
            manifest.contains("default_type application/manifest+json;")
                && manifest.contains("add_header Cache-Control \"no-cache\" always;")
                && manifest.contains("add_header Cross-Origin-Opener-Policy"),
            "{manifest}"
        );
    }

    /// The model's validation refuses such addresses first; these checks stand behind
    /// it, for any value that reaches a host file (a file name, the base path).
    #[test]
    fn a_value_that_would_add_host_rules_fails_the_build_naming_the_file() {
        let evil = "main-1a2b.css\n/*  https://evil.example/:splat  301";
        let error =
            headers_file(&root(), model(), &security_headers(&[]), &[evil.into()]).unwrap_err();
        assert!(
            error.starts_with("_headers: the address \"/main-1a2b.css\\n/*"),
            "{error}"
        );
        for value in [
            "x\" always; return 302 https://evil.example; #",
            "$host",
            "a}b",
            "é",
        ] {
            let headers = vec![("X-Test", value.to_string())];
            assert!(
                headers_file(&root(), model(), &headers, &[])
                    .unwrap_err()
                    .contains("X-Test"),
                "{value}"
            );
            let error = nginx_conf(&root(), model(), TEMPLATE, &headers).unwrap_err();
            assert!(
                error.starts_with("the nginx directives: the value of X-Test"),
                "{error}"
            );
        }
        for evil in ["/x y", "/x\ny", "/x{", "/x;", "/x\"", "x"] {
            assert!(safe_address("_redirects", evil).is_err(), "{evil:?}");
        }
        assert!(safe_address("_redirects", "/oim/pagefind/*.pf_meta").is_ok());
    }

    #[test]
    fn the_nginx_template_is_filled_in_or_refused() {
        let headers = security_headers(&["'sha256-abc'".into()]);
        let conf = nginx_conf(&root(), model(), TEMPLATE, &headers).unwrap();
        assert!(!conf.contains('@'), "every placeholder filled: {conf}");
        assert!(conf.starts_with("# Generated by the site builder"));
        assert!(conf.contains("add_header Content-Security-Policy \"default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-abc';"));
        let error = nginx_conf(
            &root(),
            model(),
            &TEMPLATE.replace("@REDIRECTS@", ""),
            &headers,
        )
        .unwrap_err();
        assert_eq!(error, "deploy/nginx-site.conf.in has no @REDIRECTS@");
    }
}
