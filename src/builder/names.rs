//! The names of a build's files, by whether they change from build to build: the
//! ones Trunk gave a content hash (cached for a year, listed in the service worker's
//! manifest), and those whose names never change (revalidated): the service worker,
//! the web app manifest, the site's own modules. Listed once, here: the builder's
//! steps, the end-to-end tests and the benchmark (which compile this file from its
//! source) read them. A leaf of the builder: `host` (how hosts serve each file) and
//! `offline` (what the worker saves) both read it, and neither reads the other.

use std::path::Path;

/// The service worker, at the root of the built site, and its source in `public/`.
pub const WORKER: &str = "sw.js";

/// The web app manifest, written by `app_manifest`.
pub const APP_MANIFEST: &str = "manifest.webmanifest";

/// The module that registers the service worker and speaks with it
/// (`public/offline.js` and its parts, `public/offline/`), loaded by every
/// prerendered page once the app has started, from the address `shell` writes into
/// the loader's data block.
/// The worker keeps it at install with the app manifest (`offline::SHELL`).
pub const OFFLINE_MODULE: &str = "offline.js";

/// The bridge to the search engine (`public/search.js`), loaded when search is first
/// needed.
pub const SEARCH_MODULE: &str = "search.js";

/// The site's own modules, loaded once the app needs them: each bundled from its
/// source in `public/` by the builder (`minify::bundle_modules`), in development
/// builds too, under the same name. (Not `sw.js`: the offline step bundles it as a
/// classic script and writes the build's manifest into it afterwards.)
pub const MODULES: [&str; 2] = [SEARCH_MODULE, OFFLINE_MODULE];

/// A file name Trunk gave a content hash (`main-1a2b3c.css`, `oim-site-9f8e_bg.wasm`):
/// its content never changes under that name. Trunk writes the hash in hex without
/// leading zeros, so it has 1 to 16 digits.
pub fn is_hashed_asset(name: &str) -> bool {
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    if !matches!(extension, "wasm" | "js" | "css" | "svg") {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (1..=16).contains(&hash.len())
            && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

/// The hashed assets at the root of `dist`, sorted.
pub fn hashed_assets(dist: &Path) -> Result<Vec<String>, String> {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| is_hashed_asset(name))
        .collect();
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_asset_names() {
        for hashed in [
            "main-1a2b3c.css",
            "oim-site-9f8e_bg.wasm",
            "oim-site-0.js",
            "favicon-0123456789abcdef.svg",
        ] {
            assert!(is_hashed_asset(hashed), "{hashed}");
        }
        for plain in [
            "index.html",
            "main.css",
            "oim-site-9F8E.js",
            "a-0123456789abcdef0.js",
            "robots.txt",
            "x-1a.json",
        ] {
            assert!(!is_hashed_asset(plain), "{plain}");
        }
    }
}
