//! The service worker and what it saves for offline reading. Its source,
//! `public/sw.js`, imports Workbox's modules (npm, pinned in `package-lock.json`):
//! esbuild bundles and minifies it into `dist/sw.js` (`bundle`), from the
//! repository's `node_modules`, nothing downloaded. Then its manifest is written into
//! it in place of the property `self.__OFFLINE_MANIFEST__` (`write_into_worker`: the
//! injectManifest convention, a property esbuild leaves as it is). Runs after every
//! other file is written and before compression, so the hashes are those of the
//! files as served.
//!
//! ```text
//! {"version":"<16 hex>",
//!  "assets":[{"url":"oim-site-1a2b_bg.wasm","hash":"<16 hex>","bytes":354335}, …],
//!  "chunks":[{"url":"split_search-3c4d….wasm","hash":"…","bytes":30951}, …],
//!  "modules":{"search":["chunk_8-5e6f….wasm","split_search-3c4d….wasm"], …},
//!  "pages":[{"url":"","title":"Accueil","hash":"…","bytes":9064,
//!            "content":"content/accueil.json","contentHash":"…","contentBytes":2345}, …],
//!  "shell":["offline.js","manifest.webmanifest"]}
//! ```
//!
//! Addresses are relative to the base path (no leading slash): the worker resolves
//! them against its scope, so one manifest serves `/` and `/oim/`. `assets` are
//! the hashed files every page loads (`names::hashed_assets`: the JS, the main wasm,
//! the CSS, the icon), which the worker keeps at install; `chunks` the wasm's
//! chunks (`split::is_chunk`), loaded when a page needs them, kept when fetched and
//! by "Lire ce site hors ligne"; `modules` the chunks each split module (`search`,
//! `pages`, …) loads, shared ones first, as the split wrote them; `pages` every page of
//! the model, in its order, with its prerendered HTML and its content file; `shell`
//! the files every page names, not hashed (`SHELL`), kept at install and
//! revalidated. A hash
//! is the first 16 hex digits of the file's SHA-256; `version` those of the SHA-256
//! of every entry's address and hash, sorted by address, so it changes exactly when
//! a listed file does.

use super::names::{hashed_assets, APP_MANIFEST, OFFLINE_MODULE, WORKER};
use super::split::Split;
use super::{read, write, BuildError};
use crate::nav::{content_file, model, page_file};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::Path;

const STEP: &str = "offline";

/// The files every page names whose names are not hashed: the worker keeps them at
/// install, and answers them network first.
pub const SHELL: [&str; 2] = [OFFLINE_MODULE, APP_MANIFEST];

/// What the builder replaces in the bundled worker: the property its source reads
/// the manifest from (undefined unbuilt, so the worker does nothing).
pub const TOKEN: &str = "self.__OFFLINE_MANIFEST__";

#[derive(Debug, Serialize)]
pub struct Manifest {
    pub version: String,
    pub assets: Vec<Asset>,
    pub chunks: Vec<Asset>,
    pub modules: std::collections::BTreeMap<String, Vec<String>>,
    pub pages: Vec<Page>,
    pub shell: [&'static str; 2],
}

#[derive(Debug, Serialize)]
pub struct Asset {
    pub url: String,
    pub hash: String,
    pub bytes: u64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    /// The page's path without its leading slash: `""`, `agir/engagez-vous`.
    pub url: String,
    pub title: String,
    pub hash: String,
    pub bytes: u64,
    /// `content/agir--engagez-vous.json`
    pub content: String,
    pub content_hash: String,
    pub content_bytes: u64,
}

/// The first 16 hex digits of the SHA-256 of `bytes`.
fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The hash and size of a file of `dist` the manifest lists.
fn fingerprint(dist: &Path, file: &str) -> Result<(String, u64), BuildError> {
    let bytes = std::fs::read(dist.join(file)).map_err(|e| {
        BuildError::new(
            STEP,
            format!("{WORKER} would list {file}, not readable in dist: {e}"),
        )
    })?;
    Ok((short_hash(&bytes), bytes.len() as u64))
}

/// The manifest of the site built in `dist`, whose wasm was split as `split` says.
pub fn manifest(dist: &Path, split: &Split) -> Result<Manifest, BuildError> {
    let (chunks, assets): (Vec<Asset>, Vec<Asset>) = hashed_assets(dist)
        .map_err(|e| BuildError::new(STEP, e))?
        .into_iter()
        .map(|url| {
            let (hash, bytes) = fingerprint(dist, &url)?;
            Ok(Asset { url, hash, bytes })
        })
        .collect::<Result<Vec<_>, BuildError>>()?
        .into_iter()
        .partition(|asset| super::split::is_chunk(&asset.url));
    let pages = model()
        .nodes()
        .into_iter()
        .map(|node| {
            let (hash, bytes) = fingerprint(dist, &page_file(&node.path))?;
            let content = content_file(&node.path);
            let (content_hash, content_bytes) = fingerprint(dist, &content)?;
            Ok(Page {
                url: node.path.trim_start_matches('/').to_string(),
                title: node.label.to_string(),
                hash,
                bytes,
                content,
                content_hash,
                content_bytes,
            })
        })
        .collect::<Result<Vec<_>, BuildError>>()?;
    let mut entries: Vec<(&str, &str)> = assets
        .iter()
        .chain(&chunks)
        .map(|a| (a.url.as_str(), a.hash.as_str()))
        .chain(pages.iter().flat_map(|p| {
            [
                (p.url.as_str(), p.hash.as_str()),
                (p.content.as_str(), p.content_hash.as_str()),
            ]
        }))
        .collect();
    entries.sort_unstable();
    let listed: String = entries
        .iter()
        .map(|(url, hash)| format!("{url}\t{hash}\n"))
        .collect();
    Ok(Manifest {
        version: short_hash(listed.as_bytes()),
        assets,
        chunks,
        modules: split.modules.clone(),
        pages,
        shell: SHELL,
    })
}

/// Bundles the worker's source (`public/sw.js`) with the Workbox modules it imports
/// into `dist/sw.js`, minified; `process.env.NODE_ENV` is "production", which drops
/// Workbox's logs and assertions.
pub fn bundle(esbuild: &Path, source: &Path, dist: &Path) -> Result<(), BuildError> {
    if !source.is_file() {
        return Err(BuildError::new(
            STEP,
            format!("{}: not found", source.display()),
        ));
    }
    let mut command = std::process::Command::new(esbuild);
    command
        .arg(source)
        .args([
            "--bundle",
            "--format=iife",
            "--minify",
            "--define:process.env.NODE_ENV=\"production\"",
            "--log-level=warning",
        ])
        .arg(format!("--outfile={}", dist.join(WORKER).display()));
    super::run_tool(
        STEP,
        &mut command,
        &format!("esbuild bundling {}", source.display()),
    )
}

/// Writes the manifest of `dist` into its `sw.js`; fails if the worker or its one
/// token is missing, or a listed file.
pub fn write_into_worker(dist: &Path, split: &Split) -> Result<usize, BuildError> {
    let path = dist.join(WORKER);
    if !path.is_file() {
        return Err(BuildError::new(
            STEP,
            format!(
                "no {WORKER} in {}: the worker is bundled first (offline::bundle)",
                dist.display()
            ),
        ));
    }
    let worker = read(&path, STEP)?;
    match worker.matches(TOKEN).count() {
        1 => {}
        n => {
            return Err(BuildError::new(
                STEP,
                format!("{WORKER} must hold {TOKEN} exactly once, where the builder writes its manifest; found it {n} times"),
            ))
        }
    }
    let json = serde_json::to_string(&manifest(dist, split)?).expect("the manifest serializes");
    write(&path, &worker.replacen(TOKEN, &json, 1), STEP)?;
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::names::SEARCH_MODULE;
    use serde_json::Value;

    const WORKER_JS: &str =
        "const MANIFEST = self.__OFFLINE_MANIFEST__;\nself.addEventListener(\"install\", () => {});\n";

    /// What the split wrote in `site()`.
    fn split() -> Split {
        let files = [
            "chunk_3-fedcba9876543210.wasm",
            "split_search-0123456789abcdef.wasm",
        ];
        Split {
            modules: [("search".to_string(), files.map(String::from).to_vec())].into(),
        }
    }

    /// A built site as this step sees it: hashed assets, every page and its
    /// content, other files the manifest leaves out, and the worker.
    fn site() -> tempfile::TempDir {
        let dist = tempfile::tempdir().unwrap();
        let put = |name: &str, text: &str| {
            let path = dist.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        for name in [
            "main-1a2b.css",
            "oim-site-9f8e.js",
            "oim-site-9f8e_bg.wasm",
            "favicon-4d5e.svg",
            "split_search-0123456789abcdef.wasm",
            "chunk_3-fedcba9876543210.wasm",
        ] {
            put(name, name);
        }
        for node in model().nodes() {
            put(&page_file(&node.path), &format!("<h1>{}</h1>", node.label));
            put(
                &content_file(&node.path),
                &format!("{{\"p\":\"{}\"}}", node.path),
            );
        }
        for name in [
            "404.html",
            SEARCH_MODULE,
            "robots.txt",
            "pagefind/pagefind.js",
        ] {
            put(name, name);
        }
        put(WORKER, WORKER_JS);
        dist
    }

    fn written(dist: &Path) -> Value {
        let worker = std::fs::read_to_string(dist.join(WORKER)).unwrap();
        let json = worker
            .strip_prefix("const MANIFEST = ")
            .and_then(|rest| rest.split_once(";\nself."))
            .unwrap_or_else(|| panic!("the rest of the worker is kept: {worker}"))
            .0;
        assert!(!json.contains('\n'), "one line: {json}");
        assert!(json.starts_with(r#"{"version":""#), "{json}");
        serde_json::from_str(json).unwrap()
    }

    fn is_short_hash(value: &Value) -> bool {
        value
            .as_str()
            .is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
    }

    #[test]
    fn the_worker_gets_every_asset_and_page_with_hashes_and_sizes() {
        let dist = site();
        assert_eq!(write_into_worker(dist.path(), &split()), Ok(1));
        let m = written(dist.path());
        assert!(is_short_hash(&m["version"]), "{m}");
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            keys(&m),
            ["assets", "chunks", "modules", "pages", "shell", "version"]
        );
        assert_eq!(
            m["shell"],
            serde_json::json!(["offline.js", "manifest.webmanifest"])
        );
        assert_eq!(
            m["modules"]["search"],
            serde_json::json!([
                "chunk_3-fedcba9876543210.wasm",
                "split_search-0123456789abcdef.wasm"
            ])
        );
        let urls = |list: &Value| -> Vec<String> {
            list.as_array()
                .unwrap()
                .iter()
                .map(|a| a["url"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(
            urls(&m["assets"]),
            [
                "favicon-4d5e.svg",
                "main-1a2b.css",
                "oim-site-9f8e.js",
                "oim-site-9f8e_bg.wasm"
            ]
        );
        // The wasm's chunks apart: kept when loaded, not at install.
        assert_eq!(
            urls(&m["chunks"]),
            [
                "chunk_3-fedcba9876543210.wasm",
                "split_search-0123456789abcdef.wasm"
            ]
        );
        let wasm = &m["assets"][3];
        assert_eq!(wasm["bytes"], "oim-site-9f8e_bg.wasm".len());
        assert_eq!(
            wasm["hash"].as_str().unwrap(),
            &format!("{:x}", Sha256::digest(b"oim-site-9f8e_bg.wasm"))[..16]
        );
        let pages = m["pages"].as_array().unwrap();
        let nodes = model().nodes();
        assert_eq!(pages.len(), nodes.len());
        for (page, node) in pages.iter().zip(&nodes) {
            assert_eq!(
                keys(page),
                [
                    "bytes",
                    "content",
                    "contentBytes",
                    "contentHash",
                    "hash",
                    "title",
                    "url"
                ]
            );
            assert_eq!(page["title"], node.label.as_ref());
            assert!(is_short_hash(&page["hash"]) && is_short_hash(&page["contentHash"]));
            let html = format!("<h1>{}</h1>", node.label);
            assert_eq!(page["bytes"], html.len());
        }
        assert_eq!(pages[0]["url"], "");
        assert_eq!(pages[0]["content"], "content/accueil.json");
        let deep = pages
            .iter()
            .find(|p| p["url"] == "agir/engagez-vous")
            .expect("agir/engagez-vous");
        assert_eq!(deep["content"], "content/agir--engagez-vous.json");
        for path in ["recherche", "plan-du-site"] {
            assert!(pages.iter().any(|p| p["url"] == path), "{path}");
        }
        assert!(!m.to_string().contains("404") && !m.to_string().contains(SEARCH_MODULE));
    }

    #[test]
    fn the_version_changes_with_a_listed_file_only() {
        let dist = site();
        let version = || manifest(dist.path(), &split()).unwrap().version;
        let first = version();
        assert_eq!(version(), first);
        std::fs::write(dist.path().join(SEARCH_MODULE), "changed").unwrap();
        assert_eq!(version(), first, "the search module is not listed");
        std::fs::write(dist.path().join("content/agir.json"), "{}").unwrap();
        let second = version();
        assert_ne!(second, first);
        std::fs::write(dist.path().join("main-1a2b.css"), "body{}").unwrap();
        assert_ne!(version(), second);
    }

    #[test]
    fn a_missing_worker_token_or_file_fails_the_step() {
        let dist = site();
        let worker = dist.path().join(WORKER);
        let error = |text: Option<&str>| {
            match text {
                Some(text) => std::fs::write(&worker, text).unwrap(),
                None => std::fs::remove_file(&worker).unwrap(),
            }
            let error = write_into_worker(dist.path(), &split()).unwrap_err();
            assert_eq!(error.step, "offline");
            error.to_string()
        };
        assert!(error(None).contains("no sw.js in"));
        assert!(error(Some("const M = '__OFFLINE_MANIFEST__';")).contains("found it 0 times"));
        assert!(error(Some("const M = self.__OFFLINE_MANIFEST;")).contains("found it 0 times"));
        let twice = format!("{WORKER_JS}{WORKER_JS}");
        assert!(error(Some(&twice)).contains("found it 2 times"));
        std::fs::remove_file(dist.path().join("agir/engagez-vous/index.html")).unwrap();
        let message = error(Some(WORKER_JS));
        assert!(
            message.contains("sw.js would list agir/engagez-vous/index.html"),
            "{message}"
        );
        assert_eq!(std::fs::read_to_string(&worker).unwrap(), WORKER_JS);
    }

    #[test]
    fn the_worker_is_bundled_with_workbox_and_takes_its_manifest() {
        let dist = site();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let source = repo.join("public").join(WORKER);
        let esbuild = crate::builder::minify::tests::esbuild();
        bundle(&esbuild, &source, dist.path()).unwrap_or_else(|e| panic!("{e}"));
        let bundled = std::fs::read_to_string(dist.path().join(WORKER)).unwrap();
        // One script, Workbox in it, its logs and assertions dropped, minified.
        assert!(!bundled.contains("import ") && !bundled.contains("from\"workbox"));
        assert!(bundled.contains("workbox:precaching:") && bundled.contains("workbox:routing:"));
        assert!(!bundled.contains("process.env") && !bundled.contains("logger"));
        assert!(!bundled.contains("// "), "minified, without comments");
        assert_eq!(bundled.matches(TOKEN).count(), 1, "{bundled}");
        assert_eq!(write_into_worker(dist.path(), &split()), Ok(1));
        let written = std::fs::read_to_string(dist.path().join(WORKER)).unwrap();
        let version = manifest(dist.path(), &split()).unwrap().version;
        assert!(written.contains(&format!("{{\"version\":\"{version}\",")));
        assert!(!written.contains(TOKEN));
        let error = bundle(&esbuild, &repo.join("public/absent.js"), dist.path()).unwrap_err();
        assert!(
            error.problems[0].contains("absent.js: not found"),
            "{error}"
        );
    }
}
