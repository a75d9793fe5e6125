//! Trunk's `index.html`, the shell every page is written into, read and edited with
//! an HTML rewriter (lol_html), never with text search: an element the builder
//! relies on and does not find fails the build, naming it.
//!
//! The edits: the SRI hashes of the minified JS and CSS; the JS `modulepreload`
//! replaced by an import map carrying its SRI hash (Trunk.toml's loader imports the
//! JS after the first paint, and the import map checks it then); the wasm `preload`
//! dropped (the loader fetches the wasm after the first paint); the icon's SRI hash
//! dropped (not valid HTML on an icon).

use super::rewrite_html;
use super::BuildError;
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
    Ok(Shell {
        base_href,
        js,
        css: css.into_inner(),
    })
}

/// A development build's shell with the new SRI hashes of `assets` (same `href`s):
/// its `modulepreload` and wasm `preload` name the files the split rewrote.
pub fn with_integrity(html: &str, assets: &[Asset]) -> Result<String, BuildError> {
    rewrite_html(
        html,
        vec![element!("link[href][integrity]", |el| {
            let href = el.get_attribute("href").unwrap_or_default();
            if let Some(asset) = assets.iter().find(|a| a.href == href) {
                el.set_attribute("integrity", &asset.integrity)?;
            }
            Ok(())
        })],
    )
    .map_err(rewriting)
}

/// The shell with the new SRI hashes of `minified` (same `href`s), the JS's
/// `modulepreload` (`inspect` found exactly one) turned into an import map placed
/// before the loader (Trunk writes the loader where `index.html` links the app, before
/// the preloads), and the wasm `preload` removed.
pub fn rewrite(html: &str, shell: &Shell, minified: &[Asset]) -> Result<String, BuildError> {
    let new_integrity = |href: &str| {
        minified
            .iter()
            .find(|a| a.href == href)
            .map(|a| a.integrity.as_str())
    };
    let js_integrity = new_integrity(&shell.js.href).unwrap_or(&shell.js.integrity);
    let import_map = import_map_script(&shell.js.href, js_integrity);
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
            element!(r#"script[type="module"]:not([src])"#, |el| {
                // Import maps must come before any module script.
                el.before(&import_map, ContentType::Html);
                Ok(())
            }),
        ],
    )
    .map_err(rewriting)?;
    if wasm_preloads.get() != 1 {
        return Err(missing(&format!("single {WASM_PRELOAD}")));
    }
    Ok(output)
}

/// `<script type="importmap">` holding the JS's SRI hash, checked when it is imported.
fn import_map_script(href: &str, integrity: &str) -> String {
    let map = serde_json::json!({ "integrity": { href: integrity } });
    // `<` escaped so the text can never close the element; the same to a JSON parser.
    let json = map.to_string().replace('<', "\\u003c");
    format!(r#"<script type="importmap">{json}</script>"#)
}

/// The CSP source of every inline script the browser runs (`'sha256-…'`): the loader
/// and the import map. Data blocks (`application/json`) are not run and need none.
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
    <script type="module">
const bindings = await import('/oim/oim-site-9f8e.js');
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
    fn the_js_preload_becomes_an_import_map_and_the_wasm_preload_goes() {
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
        let map = r#"<script type="importmap">{"integrity":{"/oim/oim-site-9f8e.js":"sha384-NEWJS"}}</script>"#;
        let at = html.find(map).expect("an import map");
        assert!(
            at < html.find(r#"<script type="module">"#).unwrap(),
            "before the loader"
        );
    }

    #[test]
    fn a_missing_element_fails_with_its_name() {
        let no_loader = TRUNK_INDEX.replace(r#"<script type="module">"#, "<script>");
        let error = inspect(&no_loader).unwrap_err();
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
        assert_eq!(hashes.len(), 2, "the import map and the loader: {hashes:?}");
        let map = r#"{"integrity":{"/oim/oim-site-9f8e.js":"sha384-OLDJS"}}"#;
        assert_eq!(
            hashes[0],
            format!("'sha256-{}'", base64_of(&Sha256::digest(map.as_bytes())))
        );
        let loader = "\nconst bindings = await import('/oim/oim-site-9f8e.js');\n";
        let expected = format!("'sha256-{}'", base64_of(&Sha256::digest(loader.as_bytes())));
        assert_eq!(hashes[1], expected);
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
