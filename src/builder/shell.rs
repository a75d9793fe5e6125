//! Trunk's `index.html`, the shell every page is written into, read and edited with
//! an HTML rewriter (lol_html), never with text search: an element the builder
//! relies on and does not find fails the build, naming it.
//!
//! The edits: the SRI hashes of the minified JS and CSS; the JS `modulepreload`
//! dropped and its SRI hash written into the loader's data block (Trunk.toml's
//! loader fetches the JS with it after the first paint, and imports it only if it
//! matches), with the addresses of the site's modules (`module_addresses`): the
//! offline module, which the loader imports once the app has started, and the search
//! module, which the app adds when search is first needed (development builds get
//! this one too); the wasm `preload` dropped (the loader fetches the wasm after the
//! first paint); the icon's SRI hash dropped (not valid HTML on an icon); the
//! Content-Security-Policy as a `<meta>` (`with_policy`), for hosts that send no
//! headers.
//!
//! The loader's text does not depend on the build (its file names are in the data
//! block), so neither does the CSP's hash of it: a page and a policy from two
//! different builds still agree.

use super::names::{OFFLINE_MODULE, SEARCH_MODULE};
use super::rewrite_html;
use super::BuildError;
pub use crate::api::FILES_ID;
use crate::api::SEARCH_MODULE_KEY;
use base64::Engine;
use lol_html::html_content::ContentType;
use lol_html::{element, text};
use sha2::{Digest, Sha256, Sha384};
use std::cell::{Cell, RefCell};

const STEP: &str = "shell (index.html)";

/// An asset Trunk links with an SRI hash.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    /// As written in `href` (`/oim/oim-site-1a2b.js`).
    pub href: String,
    /// `sha384-…`
    pub integrity: String,
}

/// What the builder needs from Trunk's `index.html`.
#[derive(Debug, PartialEq)]
pub struct Shell {
    /// The public URL Trunk wrote into `<base href>` (`/` or `/oim/`).
    pub base_href: String,
    /// The app's JS glue, from its `<link rel="modulepreload">`.
    pub js: Asset,
    /// The style sheets.
    pub css: Vec<Asset>,
}

impl Shell {
    /// The file an `href` of this shell names, relative to the built site's root.
    pub fn file_of<'a>(&self, href: &'a str) -> &'a str {
        href.strip_prefix(&self.base_href)
            .unwrap_or(href.trim_start_matches('/'))
    }
}

/// Element names and errors are phrased once, for the messages.
const MODULEPRELOAD: &str = r#"<link rel="modulepreload"> (the app's JS)"#;
const WASM_PRELOAD: &str = r#"<link rel="preload" type="application/wasm"> (the app's wasm)"#;
const LOADER: &str = r#"<script type="module"> (Trunk.toml's loader)"#;
const FILES: &str =
    r#"<script type="application/json" id="fichiers-appli"> (the loader's file names)"#;

/// The loader's data block (`api::FILES_ID`), as a selector.
fn data_block() -> String {
    format!(r#"script[type="application/json"]#{FILES_ID}"#)
}

/// The site's modules whose addresses the builder writes into the loader's data
/// block, by key: the search module, which the app adds when search is first
/// needed (`api::SEARCH_MODULE_KEY`), and in release builds the offline module,
/// which the loader imports once the app has started (Trunk.toml's `files.offline`;
/// the development server has no worker). Under the base: WebKit resolves a
/// relative module address against the page's, not `<base href>`.
pub fn module_addresses(base_href: &str, release: bool) -> Vec<(&'static str, String)> {
    let mut modules = vec![(SEARCH_MODULE_KEY, format!("{base_href}{SEARCH_MODULE}"))];
    if release {
        modules.push(("offline", format!("{base_href}{OFFLINE_MODULE}")));
    }
    modules
}

fn missing(what: &str) -> BuildError {
    BuildError::new(STEP, format!("index.html has no {what}"))
}

fn rewriting(error: lol_html::errors::RewritingError) -> BuildError {
    BuildError::new(STEP, format!("index.html: {error}"))
}

/// The public URL Trunk wrote into `<base href>` (`/` or `/oim/`), from any build's
/// `index.html` (a development build's too).
pub fn base_href(html: &str) -> Result<String, BuildError> {
    let base = RefCell::new(None);
    rewrite_html(
        html,
        vec![element!("base[href]", |el| {
            *base.borrow_mut() = el.get_attribute("href");
            Ok(())
        })],
    )
    .map_err(rewriting)?;
    base.into_inner().ok_or_else(|| missing(BASE))
}

const BASE: &str = "<base href> (Trunk writes the public URL there)";

/// Reads the base path and the linked assets; fails if the base, the JS or the
/// loader is missing.
pub fn inspect(html: &str) -> Result<Shell, BuildError> {
    let base = RefCell::new(None);
    let js = RefCell::new(Vec::new());
    let css = RefCell::new(Vec::new());
    let loaders = Cell::new(0);
    let data_blocks = Cell::new(0);
    let asset = |el: &lol_html::html_content::Element| Asset {
        href: el.get_attribute("href").unwrap_or_default(),
        integrity: el.get_attribute("integrity").unwrap_or_default(),
    };
    rewrite_html(
        html,
        vec![
            element!("base[href]", |el| {
                *base.borrow_mut() = el.get_attribute("href");
                Ok(())
            }),
            element!(r#"link[rel="modulepreload"][href]"#, |el| {
                js.borrow_mut().push(asset(el));
                Ok(())
            }),
            element!(r#"link[rel="stylesheet"][href][integrity]"#, |el| {
                css.borrow_mut().push(asset(el));
                Ok(())
            }),
            element!(r#"script[type="module"]:not([src])"#, |_| {
                loaders.set(loaders.get() + 1);
                Ok(())
            }),
            element!(data_block(), |_| {
                data_blocks.set(data_blocks.get() + 1);
                Ok(())
            }),
        ],
    )
    .map_err(rewriting)?;
    let base_href = base.into_inner().ok_or_else(|| missing(BASE))?;
    let mut js = js.into_inner();
    if js.len() > 1 {
        return Err(BuildError::new(
            STEP,
            format!("index.html has {} {MODULEPRELOAD}, expected one", js.len()),
        ));
    }
    let js = js.pop().ok_or_else(|| missing(MODULEPRELOAD))?;
    if loaders.get() != 1 {
        return Err(missing(&format!("single {LOADER}")));
    }
    if data_blocks.get() != 1 {
        return Err(missing(&format!("single {FILES}")));
    }
    Ok(Shell {
        base_href,
        js,
        css: css.into_inner(),
    })
}

/// The shell with its link to `href` pointing to `asset` instead, with its SRI hash:
/// the style sheet the builder wrote in place of Trunk's copy (`styles`).
pub fn relinked(html: &str, href: &str, asset: &Asset) -> Result<String, BuildError> {
    let found = Cell::new(false);
    let html = rewrite_html(
        html,
        vec![element!("link[href]", |el| {
            if el.get_attribute("href").as_deref() == Some(href) {
                el.set_attribute("href", &asset.href)?;
                el.set_attribute("integrity", &asset.integrity)?;
                found.set(true);
            }
            Ok(())
        })],
    )
    .map_err(rewriting)?;
    if !found.get() {
        return Err(missing(&format!("<link href=\"{href}\">")));
    }
    Ok(html)
}

/// A development build's shell with the new SRI hashes of `assets` (same `href`s):
/// its `modulepreload` and wasm `preload` name the files the split rewrote. The
/// search module's address is written into the loader's data block.
pub fn rewrite_development(
    html: &str,
    shell: &Shell,
    assets: &[Asset],
) -> Result<String, BuildError> {
    let html = rewrite_html(
        html,
        vec![element!("link[href][integrity]", |el| {
            let href = el.get_attribute("href").unwrap_or_default();
            if let Some(asset) = assets.iter().find(|a| a.href == href) {
                el.set_attribute("integrity", &asset.integrity)?;
            }
            Ok(())
        })],
    )
    .map_err(rewriting)?;
    with_files(&html, module_addresses(&shell.base_href, false))
}

/// The shell with the new SRI hashes of `minified` (same `href`s), the JS's
/// `modulepreload` (`inspect` found exactly one) dropped and its SRI hash written
/// into the loader's data block with the site's modules' addresses, and the wasm
/// `preload` removed.
pub fn rewrite(html: &str, shell: &Shell, minified: &[Asset]) -> Result<String, BuildError> {
    let new_integrity = |href: &str| {
        minified
            .iter()
            .find(|a| a.href == href)
            .map(|a| a.integrity.as_str())
    };
    let js_integrity = new_integrity(&shell.js.href).unwrap_or(&shell.js.integrity);
    let wasm_preloads = Cell::new(0);
    let output = rewrite_html(
        html,
        vec![
            element!("link[href][integrity]", |el| {
                let href = el.get_attribute("href").unwrap_or_default();
                if let Some(integrity) = new_integrity(&href) {
                    el.set_attribute("integrity", integrity)?;
                }
                Ok(())
            }),
            // SRI on an icon is not valid HTML (only style sheets and preloads take
            // `integrity`), and browsers ignore it there.
            element!(r#"link[rel="icon"][integrity]"#, |el| {
                el.remove_attribute("integrity");
                Ok(())
            }),
            element!(r#"link[rel="modulepreload"]"#, |el| {
                el.remove();
                Ok(())
            }),
            element!(r#"link[rel="preload"][type="application/wasm"]"#, |el| {
                wasm_preloads.set(wasm_preloads.get() + 1);
                el.remove();
                Ok(())
            }),
        ],
    )
    .map_err(rewriting)?;
    if wasm_preloads.get() != 1 {
        return Err(missing(&format!("single {WASM_PRELOAD}")));
    }
    let mut files = module_addresses(&shell.base_href, true);
    files.push(("integrity", js_integrity.to_string()));
    with_files(&output, files)
}

/// The shell with `entries` added to the loader's data block (a key already there
/// takes the new value).
fn with_files(html: &str, entries: Vec<(&str, String)>) -> Result<String, BuildError> {
    let text = RefCell::new(String::new());
    let problem = RefCell::new(None);
    let output = rewrite_html(
        html,
        vec![text!(data_block(), |chunk| {
            text.borrow_mut().push_str(chunk.as_str());
            if !chunk.last_in_text_node() {
                chunk.remove();
                return Ok(());
            }
            match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&text.borrow())
            {
                Ok(mut files) => {
                    for (key, value) in &entries {
                        files.insert(key.to_string(), value.as_str().into());
                    }
                    // `<` escaped so the text can never close the element; the same
                    // to a JSON parser.
                    let json = serde_json::Value::Object(files)
                        .to_string()
                        .replace('<', "\\u003c");
                    chunk.replace(&json, ContentType::Html);
                }
                Err(e) => *problem.borrow_mut() = Some(e.to_string()),
            }
            Ok(())
        })],
    )
    .map_err(rewriting)?;
    match problem.into_inner() {
        Some(problem) => Err(BuildError::new(STEP, format!("{FILES}: {problem}"))),
        None => Ok(output),
    }
}

/// The page with its Content-Security-Policy as a `<meta http-equiv>`, right after
/// `<meta charset>` so that it governs everything after it: hosts that send no
/// headers (GitHub Pages) still get the policy.
pub fn with_policy(html: &str, policy: &str) -> Result<String, BuildError> {
    let placed = Cell::new(false);
    let meta = format!(
        r#"<meta http-equiv="Content-Security-Policy" content="{}">"#,
        policy.replace('&', "&amp;").replace('"', "&quot;")
    );
    let output = rewrite_html(
        html,
        vec![element!("head > meta[charset]", |el| {
            el.after(&meta, ContentType::Html);
            placed.set(true);
            Ok(())
        })],
    )
    .map_err(rewriting)?;
    if !placed.get() {
        return Err(missing("<meta charset>"));
    }
    Ok(output)
}

/// The CSP source of every inline script the browser runs (`'sha256-…'`): the
/// loader. Data blocks (`application/json`) are not run and need none.
/// Fails if there is no inline script: the page could not start the app.
pub fn inline_script_hashes(html: &str) -> Result<Vec<String>, BuildError> {
    // (runs, text) for each inline script, in document order.
    let scripts = RefCell::new(Vec::<(bool, String)>::new());
    rewrite_html(
        html,
        vec![
            element!("script:not([src])", |el| {
                let kind = el.get_attribute("type").unwrap_or_default();
                let runs = !matches!(kind.as_str(), "application/json" | "application/ld+json");
                scripts.borrow_mut().push((runs, String::new()));
                Ok(())
            }),
            text!("script:not([src])", |chunk| {
                if let Some((_, text)) = scripts.borrow_mut().last_mut() {
                    text.push_str(chunk.as_str());
                }
                Ok(())
            }),
        ],
    )
    .map_err(rewriting)?;
    let hashes: Vec<String> = scripts
        .into_inner()
        .into_iter()
        .filter(|(runs, _)| *runs)
        .map(|(_, text)| format!("'sha256-{}'", base64_of(&Sha256::digest(text.as_bytes()))))
        .collect();
    if hashes.is_empty() {
        return Err(missing(LOADER));
    }
    Ok(hashes)
}

/// The SRI value of a file's bytes: `sha384-…`.
pub fn sri(bytes: &[u8]) -> String {
    format!("sha384-{}", base64_of(&Sha384::digest(bytes)))
}

fn base64_of(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// What Trunk 0.21 writes for this site (attributes as it orders them), with the
    /// loader of Trunk.toml shortened.
    pub const TRUNK_INDEX: &str = r#"<!DOCTYPE html><html lang="fr"><head>
    <meta charset="utf-8">
    <base href="/oim/">
    <title>OIM | Organisation internationale pour les migrations</title>
    <script type="application/json" id="fichiers-appli">{"js":"/oim/oim-site-9f8e.js","wasm":"/oim/oim-site-9f8e_bg.wasm"}</script>
<script type="module">
const files = JSON.parse(document.getElementById("fichiers-appli").textContent);
const bindings = await import(files.js);
</script>
    <link rel="stylesheet" href="/oim/main-1a2b3c.css" integrity="sha384-OLDCSS"/>
    <link rel="icon" href="/oim/favicon-4d5e.svg" integrity="sha384-ICON"/>
<link rel="modulepreload" href="/oim/oim-site-9f8e.js" crossorigin="anonymous" integrity="sha384-OLDJS"><link rel="preload" href="/oim/oim-site-9f8e_bg.wasm" crossorigin="anonymous" integrity="sha384-WASM" as="fetch" type="application/wasm"></head>
  <body>
    <noscript><p>Ce site a besoin de JavaScript.</p></noscript>
  </body>
</html>"#;

    fn without(html: &str, element: &str) -> String {
        let start = html.find(element).unwrap();
        let end = start + html[start..].find('>').unwrap() + 1;
        format!("{}{}", &html[..start], &html[end..])
    }

    #[test]
    fn inspect_finds_the_base_and_the_assets() {
        let shell = inspect(TRUNK_INDEX).unwrap();
        assert_eq!(shell.base_href, "/oim/");
        assert_eq!(shell.js.href, "/oim/oim-site-9f8e.js");
        assert_eq!(shell.js.integrity, "sha384-OLDJS");
        assert_eq!(shell.css.len(), 1);
        assert_eq!(shell.file_of(&shell.css[0].href), "main-1a2b3c.css");
    }

    #[test]
    fn the_data_block_gets_the_js_hash_and_the_modules_and_the_preloads_go() {
        let minified = [
            Asset {
                href: "/oim/oim-site-9f8e.js".into(),
                integrity: "sha384-NEWJS".into(),
            },
            Asset {
                href: "/oim/main-1a2b3c.css".into(),
                integrity: "sha384-NEWCSS".into(),
            },
        ];
        let shell = inspect(TRUNK_INDEX).unwrap();
        let html = rewrite(TRUNK_INDEX, &shell, &minified).unwrap();
        assert!(!html.contains("modulepreload"), "{html}");
        assert!(!html.contains("application/wasm"), "{html}");
        assert!(!html.contains("OLD"), "{html}");
        assert!(
            html.contains(r#"href="/oim/main-1a2b3c.css" integrity="sha384-NEWCSS""#),
            "{html}"
        );
        assert!(!html.contains("sha384-ICON"), "no SRI on the icon: {html}");
        let files = r#"<script type="application/json" id="fichiers-appli">{"integrity":"sha384-NEWJS","js":"/oim/oim-site-9f8e.js","offline":"/oim/offline.js","search":"/oim/search.js","wasm":"/oim/oim-site-9f8e_bg.wasm"}</script>"#;
        assert!(html.contains(files), "{html}");
    }

    /// A development build's data block gets the search module's address (the app
    /// reads it), not the offline module's (the development server has no worker).
    #[test]
    fn a_development_data_block_gets_the_search_module_only() {
        let shell = inspect(TRUNK_INDEX).unwrap();
        let html = rewrite_development(TRUNK_INDEX, &shell, &[]).unwrap();
        let files = r#"{"js":"/oim/oim-site-9f8e.js","search":"/oim/search.js","wasm":"/oim/oim-site-9f8e_bg.wasm"}</script>"#;
        assert!(html.contains(files), "{html}");
        let broken = TRUNK_INDEX.replace(r#"{"js""#, r#"{js""#);
        let problem = rewrite_development(&broken, &shell, &[]).unwrap_err();
        assert!(problem.to_string().contains("fichiers-appli"), "{problem}");
    }

    /// Two builds (other file names, other hashes, another base path) give one CSP
    /// hash: a host that serves one build's pages with the other's headers still
    /// runs the app.
    #[test]
    fn the_csp_hash_does_not_change_with_the_build() {
        let trunk_toml = include_str!("../../Trunk.toml");
        let pattern = trunk_toml
            .split(r#"pattern_script = """"#)
            .nth(1)
            .and_then(|rest| rest.split(r#"""""#).next())
            .expect("Trunk.toml's pattern_script");
        let hashes_of_a_build = |base: &str, name: &str, integrity: &str| {
            let loader = pattern
                .replace("{base}", base)
                .replace("{js}", &format!("{name}.js"))
                .replace("{wasm}", &format!("{name}_bg.wasm"));
            let index = TRUNK_INDEX.replace(
                &TRUNK_INDEX[TRUNK_INDEX.find("<script").unwrap()
                    ..TRUNK_INDEX.rfind("</script>").unwrap() + "</script>".len()],
                &loader,
            );
            let shell = inspect(&index).unwrap();
            let minified = [Asset {
                href: shell.js.href.clone(),
                integrity: integrity.into(),
            }];
            let html = rewrite(&index, &shell, &minified).unwrap();
            assert!(html.contains(integrity), "{html}");
            inline_script_hashes(&html).unwrap()
        };
        let first = hashes_of_a_build("/", "oim-site-1a2b", "sha384-ONE");
        assert_eq!(first.len(), 1, "the loader only: {first:?}");
        assert_eq!(
            first,
            hashes_of_a_build("/oim/", "oim-site-9f8e7d", "sha384-TWO")
        );
    }

    #[test]
    fn the_policy_is_in_a_meta_right_after_the_charset() {
        let html = with_policy(TRUNK_INDEX, "default-src 'self'; x-y \"z\"").unwrap();
        assert!(
            html.contains(
                r#"<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'self'; x-y &quot;z&quot;">"#
            ),
            "{html}"
        );
        assert!(with_policy("<p>rien</p>", "x").is_err());
    }

    #[test]
    fn a_missing_element_fails_with_its_name() {
        let no_loader = TRUNK_INDEX.replace(r#"<script type="module">"#, "<script>");
        let error = inspect(&no_loader).unwrap_err();
        let no_files = TRUNK_INDEX.replace(r#"id="fichiers-appli""#, "");
        assert_eq!(
            inspect(&no_files).unwrap_err().problems[0],
            format!("index.html has no single {FILES}")
        );
        assert!(
            error.problems[0].contains(r#"<script type="module"> (Trunk.toml's loader)"#),
            "{error}"
        );
        assert_eq!(
            inline_script_hashes("<p>rien</p>").unwrap_err().problems[0],
            format!("index.html has no {LOADER}")
        );

        let no_js = without(TRUNK_INDEX, "<link rel=\"modulepreload\"");
        assert_eq!(
            inspect(&no_js).unwrap_err().problems[0],
            format!("index.html has no {MODULEPRELOAD}")
        );
        let no_base = without(TRUNK_INDEX, "<base ");
        assert!(inspect(&no_base).unwrap_err().problems[0].contains("<base href>"));
        let shell = inspect(TRUNK_INDEX).unwrap();
        let no_wasm = without(TRUNK_INDEX, "<link rel=\"preload\"");
        let error = rewrite(&no_wasm, &shell, &[]).unwrap_err();
        assert_eq!(
            error.problems[0],
            format!("index.html has no single {WASM_PRELOAD}")
        );
    }

    #[test]
    fn the_csp_hash_is_that_of_the_inline_loader() {
        let html = rewrite(TRUNK_INDEX, &inspect(TRUNK_INDEX).unwrap(), &[]).unwrap();
        let hashes = inline_script_hashes(&html).unwrap();
        let loader = "\nconst files = JSON.parse(document.getElementById(\"fichiers-appli\").textContent);\nconst bindings = await import(files.js);\n";
        let expected = format!("'sha256-{}'", base64_of(&Sha256::digest(loader.as_bytes())));
        assert_eq!(hashes, [expected]);
        // The content embedded in a page is data, not a script.
        let page = html.replace(
            "</body>",
            r#"<script type="application/json" id="contenu-initial">{}</script></body>"#,
        );
        assert_eq!(inline_script_hashes(&page).unwrap(), hashes);
    }

    #[test]
    fn sri_is_sha384_in_base64() {
        // The SHA-384 of "abc" (FIPS 180-2's example), in base64.
        assert_eq!(
            sri(b"abc"),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
    }
}
