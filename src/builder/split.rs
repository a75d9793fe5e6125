//! The wasm split into chunks, so that a page loads only the code it uses.
//!
//! The app marks its split points with its own `chunk!` (`src/chunks.rs`), which
//! writes the imports and exports `wasm_split` would: each chunk's code, and the
//! code only it reaches, goes into a file of its own, loaded when the app first asks
//! for it (`Chunk::load`, or `AnyChunk::load_ahead`). Trunk has no split step, and the
//! split must run on cargo's raw output (linked with `--emit-relocs`,
//! `.cargo/config.toml`) before wasm-bindgen, which drops the relocations. So this
//! step starts again from that raw wasm, after Trunk:
//!
//! 1. `wasm_split_cli_support` splits it into the main module, one file per split
//!    module and shared chunk, and the loader, a JS module the main module imports
//!    the chunks' load functions from;
//! 2. wasm-bindgen (the version `Cargo.lock` pins) makes the main module's glue, with
//!    `--keep-lld-exports` (the loader needs the function table), over Trunk's;
//! 3. in a release build, wasm-opt (`-Oz`) optimises the main module and each chunk
//!    (`index.html` tells Trunk not to optimise the unsplit module);
//! 4. each chunk is named after its content's hash and the loader fetches it with
//!    that hash's SRI `integrity`, so a chunk that is not the build's never runs.
//!
//! The glue imports the loader statically (`./__wasm_split.js`, beside it). A release
//! build bundles the loader into the glue (`minify`), so starting the app asks for no
//! more files than before; a development build serves it as a file.
//! Every build splits: a wasm with split points and no split does not start.

use super::shell::sri;
use super::BuildError;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const STEP: &str = "wasm split";

/// The loader's name, as the main module and the glue import it.
pub const LOADER: &str = "__wasm_split.js";

/// What the split wrote beside the glue.
#[derive(Debug, Default, PartialEq)]
pub struct Split {
    /// Each split module (the name its split point gives) and the chunk files it
    /// needs, as named in the site (shared chunks first).
    pub modules: BTreeMap<String, Vec<String>>,
}

impl Split {
    /// Every chunk file, once.
    pub fn files(&self) -> Vec<&str> {
        let mut files: Vec<&str> = self
            .modules
            .values()
            .flatten()
            .map(String::as_str)
            .collect();
        files.sort_unstable();
        files.dedup();
        files
    }
}

/// The tools the split runs.
pub struct Tools<'a> {
    pub wasm_bindgen: &'a Path,
    /// The version `Cargo.lock` pins: the glue must match the crate the app links.
    pub wasm_bindgen_version: &'a str,
    /// Release builds only.
    pub wasm_opt: Option<&'a Path>,
}

/// Splits `raw` (cargo's wasm) into the main module, its glue and the chunks, written
/// over Trunk's `glue` (`dist/oim-site-1a2b.js`) and its wasm (`…_bg.wasm`) and beside
/// them.
pub fn split(raw: &Path, glue: &Path, tools: &Tools) -> Result<Split, BuildError> {
    let failed = |problem: String| BuildError::new(STEP, problem);
    let dist = glue.parent().unwrap_or(Path::new("."));
    let glue_name = file_name(glue)?;
    let wasm = glue.with_file_name(format!(
        "{}_bg.wasm",
        glue_name.strip_suffix(".js").unwrap_or(&glue_name)
    ));
    let input = std::fs::read(raw).map_err(|e| {
        failed(format!(
            "{}: {e} (cargo's wasm for this build: is CARGO_TARGET_DIR the one Trunk built with?)",
            raw.display()
        ))
    })?;
    let work = tempfile::Builder::new()
        .prefix("oim-wasm-split")
        .tempdir()
        .map_err(|e| failed(format!("a temporary folder: {e}")))?;
    let main = work.path().join("main.wasm");
    let link_name = format!("./{LOADER}");
    let main_module = format!("./{glue_name}");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = work.path();
    options.main_out_path = &main;
    options.link_name = &link_name;
    options.main_module = &main_module;
    let written = wasm_split_cli_support::transform(options)
        .map_err(|e| failed(format!("{}: {e:#}", raw.display())))?;

    bindgen(&main, work.path(), tools)?;
    let bound = work.path().join("bindgen");
    copy(&bound.join("oim-site_bg.wasm"), &wasm)?;
    copy(&bound.join("oim-site.js"), glue)?;
    if let Some(wasm_opt) = tools.wasm_opt {
        optimise(wasm_opt, &wasm)?;
        for chunk in &written.split_modules {
            optimise(wasm_opt, chunk)?;
        }
    }

    // Each chunk under its content's hash, fetched with its SRI hash.
    let mut loader = super::read(&work.path().join(LOADER), STEP)?;
    let mut renamed = BTreeMap::new();
    for chunk in &written.split_modules {
        let bytes =
            std::fs::read(chunk).map_err(|e| failed(format!("{}: {e}", chunk.display())))?;
        let stem = file_name(chunk)?
            .strip_suffix(".wasm")
            .map(str::to_string)
            .ok_or_else(|| failed(format!("{}: not a .wasm file", chunk.display())))?;
        let hashed = format!("{stem}-{}.wasm", content_hash(&bytes));
        loader = fetch_with_integrity(&loader, &stem, &hashed, &sri(&bytes))
            .map_err(|e| failed(format!("{LOADER}: {e}")))?;
        super::write_bytes(&dist.join(&hashed), &bytes, STEP)?;
        renamed.insert(stem, hashed);
    }
    loader.push_str(&fetch_chunk());
    super::write(&dist.join(LOADER), &loader, STEP)?;
    let mut modules = BTreeMap::new();
    for (module, stems) in written.prefetch_map {
        let files = stems
            .iter()
            .map(|stem| {
                renamed.get(stem).cloned().ok_or_else(|| {
                    failed(format!(
                        "{module} needs {stem}.wasm, which the split did not write"
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        modules.insert(module, files);
    }
    Ok(Split { modules })
}

/// wasm-bindgen on the split main module, into `work/bindgen/`.
fn bindgen(main: &Path, work: &Path, tools: &Tools) -> Result<(), BuildError> {
    let failed = |problem: String| BuildError::new(STEP, problem);
    let program = tools.wasm_bindgen.display();
    let version = Command::new(tools.wasm_bindgen)
        .arg("--version")
        .output()
        .map_err(|e| failed(format!("{program}: {e} (scripts/setup.sh installs it)")))?;
    let version = String::from_utf8_lossy(&version.stdout);
    let expected = format!("wasm-bindgen {}", tools.wasm_bindgen_version);
    if version.trim() != expected {
        return Err(failed(format!(
            "{program} is {}, Cargo.lock needs {expected} (scripts/setup.sh installs it)",
            version.trim()
        )));
    }
    let status = Command::new(tools.wasm_bindgen)
        .args([
            "--target=web",
            // The loader reads the function table from the main module's exports.
            "--keep-lld-exports",
            "--no-demangle",
            "--no-typescript",
            "--out-name=oim-site",
        ])
        .arg(format!("--out-dir={}", work.join("bindgen").display()))
        .arg(main)
        .status()
        .map_err(|e| failed(format!("{program}: {e}")))?;
    if !status.success() {
        return Err(failed(format!("{program} failed ({status})")));
    }
    Ok(())
}

/// wasm-opt `-Oz` on `file`, in place (the features it may use are in the file's
/// `target_features` section).
fn optimise(wasm_opt: &Path, file: &Path) -> Result<(), BuildError> {
    let mut command = Command::new(wasm_opt);
    command.arg("-Oz").arg(file).arg("-o").arg(file);
    super::run_tool(
        STEP,
        &mut command,
        &format!("wasm-opt on {}", file.display()),
    )
}

/// The function the loader fetches each chunk with (`fetch_with_integrity`), added
/// once to it. An answer that fails its `integrity` check rejects the fetch without
/// showing its status, so a failed fetch asks again for the headers only: a 404 or
/// 410 means the chunk is gone, the site was deployed again, and the app notes it on
/// `window` (`chunks::CHUNK_GONE`) to load the page in full, with the new build.
fn fetch_chunk() -> String {
    let gone = crate::chunks::CHUNK_GONE;
    format!(
        r#"
function oimFetchChunk(url, integrity) {{
    return fetch(url, {{ integrity }}).catch((error) =>
        fetch(url, {{ method: "HEAD", cache: "no-store" }}).then(
            (answer) => {{
                if (answer.status === 404 || answer.status === 410) globalThis.{gone} = true;
                throw error;
            }},
            () => {{ throw error; }},
        ),
    );
}}
"#
    )
}

/// The loader fetching `hashed` with `integrity` (through `fetch_chunk`'s function)
/// where it fetched `stem`.wasm. The loader writes each fetch once, as
/// `fetch(new URL("./<stem>.wasm", import.meta.url))`.
pub fn fetch_with_integrity(
    loader: &str,
    stem: &str,
    hashed: &str,
    integrity: &str,
) -> Result<String, String> {
    let fetch = format!(r#"fetch(new URL("./{stem}.wasm", import.meta.url))"#);
    match loader.matches(&fetch).count() {
        1 => Ok(loader.replace(
            &fetch,
            &format!(r#"oimFetchChunk(new URL("./{hashed}", import.meta.url), "{integrity}")"#),
        )),
        n => Err(format!("expected one `{fetch}`, found {n}")),
    }
}

/// Whether a file of the built site is one of the wasm's chunks (`split_<module>-…`
/// or `chunk_<n>-…`, `.wasm`), which pages load when they need them.
pub fn is_chunk(name: &str) -> bool {
    (name.starts_with("split_") || name.starts_with("chunk_")) && name.ends_with(".wasm")
}

/// The first 16 hex digits of the SHA-256 of `bytes`, as a file name's hash.
pub fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn file_name(path: &Path) -> Result<String, BuildError> {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_string)
        .ok_or_else(|| BuildError::new(STEP, format!("{}: no file name", path.display())))
}

fn copy(from: &Path, to: &Path) -> Result<(), BuildError> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| BuildError::new(STEP, format!("{} → {}: {e}", from.display(), to.display())))
}

/// Cargo's wasm for a build: `<target>/wasm32-unknown-unknown/<profile>/oim-site.wasm`,
/// where `<target>` is `CARGO_TARGET_DIR` or the repository's `target/`.
pub fn raw_wasm(repo: &Path, target_dir: Option<PathBuf>, release: bool) -> PathBuf {
    target_dir
        .unwrap_or_else(|| repo.join("target"))
        .join("wasm32-unknown-unknown")
        .join(if release { "release" } else { "debug" })
        .join("oim-site.wasm")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::OnceLock;

    const REPO: &str = env!("CARGO_MANIFEST_DIR");

    /// The raw wasm of `tests/fixtures/split-probe` (one split point, `probe`), built
    /// once per test run into `target/split-probe`, linked as the app is.
    pub(crate) fn probe_wasm() -> PathBuf {
        static BUILT: OnceLock<PathBuf> = OnceLock::new();
        BUILT
            .get_or_init(|| {
                let target = Path::new(REPO).join("target/split-probe");
                let status = Command::new(std::env::var("CARGO").unwrap_or("cargo".into()))
                    .args([
                        "build",
                        "--quiet",
                        "--release",
                        "--target",
                        "wasm32-unknown-unknown",
                    ])
                    .arg("--manifest-path")
                    .arg(Path::new(REPO).join("tests/fixtures/split-probe/Cargo.toml"))
                    .arg("--target-dir")
                    .arg(&target)
                    .env("RUSTFLAGS", "-Clink-args=--emit-relocs")
                    .status()
                    .expect("cargo runs");
                assert!(status.success(), "building the split probe: {status}");
                target.join("wasm32-unknown-unknown/release/split-probe.wasm")
            })
            .clone()
    }

    /// wasm-bindgen, the version it must be, and wasm-opt, as `scripts/setup.sh`
    /// installs them.
    fn tools() -> (PathBuf, String, PathBuf) {
        let repo = Path::new(REPO);
        let version = super::super::locked_version(repo, "wasm-bindgen").unwrap();
        let wasm_opt = repo.join("node_modules/.bin/wasm-opt");
        (PathBuf::from("wasm-bindgen"), version, wasm_opt)
    }

    #[test]
    fn the_probe_splits_into_a_main_module_its_glue_and_a_hashed_chunk() {
        let dist = tempfile::tempdir().unwrap();
        let glue = dist.path().join("oim-site-9f8e.js");
        std::fs::write(&glue, "// Trunk's glue, replaced\n").unwrap();
        let (wasm_bindgen, version, wasm_opt) = tools();
        let tools = Tools {
            wasm_bindgen: &wasm_bindgen,
            wasm_bindgen_version: &version,
            wasm_opt: Some(&wasm_opt),
        };
        let split = split(&probe_wasm(), &glue, &tools).unwrap_or_else(|e| panic!("{e}"));
        // One split module, `probe`, whose file is named by its content's hash.
        let files = &split.modules["probe"];
        assert_eq!(files.len(), 1, "{split:?}");
        let chunk = std::fs::read(dist.path().join(&files[0])).unwrap();
        assert_eq!(
            files[0],
            format!("split_probe-{}.wasm", content_hash(&chunk))
        );
        assert!(chunk.starts_with(b"\0asm"), "a wasm module");
        // The loader fetches it by that name, with its SRI hash, and imports the glue.
        let loader = std::fs::read_to_string(dist.path().join(LOADER)).unwrap();
        let fetched = format!(
            r#"oimFetchChunk(new URL("./{}", import.meta.url), "{}")"#,
            files[0],
            sri(&chunk)
        );
        assert!(loader.contains(&fetched), "{loader}");
        assert!(loader.contains("function oimFetchChunk("), "{loader}");
        assert!(loader.contains(r#"from "./oim-site-9f8e.js""#), "{loader}");
        // wasm-bindgen's glue, importing the loader, over Trunk's.
        let glue = std::fs::read_to_string(&glue).unwrap();
        assert!(glue.contains(&format!(r#"from "./{LOADER}""#)), "{glue}");
        assert!(
            glue.contains("initSync"),
            "the glue is wasm-bindgen's: {glue}"
        );
        // The main module keeps the function table the loader hands the chunk.
        let main = std::fs::read(dist.path().join("oim-site-9f8e_bg.wasm")).unwrap();
        let exports: Vec<String> = wasmparser::Parser::new(0)
            .parse_all(&main)
            .filter_map(|p| match p.unwrap() {
                wasmparser::Payload::ExportSection(reader) => Some(
                    reader
                        .into_iter()
                        .map(|e| e.unwrap().name.to_string())
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })
            .flatten()
            .collect();
        assert!(
            exports.iter().any(|e| e == "__indirect_function_table"),
            "{exports:?}"
        );
    }

    #[test]
    fn a_missing_raw_wasm_fails_naming_it() {
        let dist = tempfile::tempdir().unwrap();
        let (wasm_bindgen, version, _) = tools();
        let tools = Tools {
            wasm_bindgen: &wasm_bindgen,
            wasm_bindgen_version: &version,
            wasm_opt: None,
        };
        let error = split(
            Path::new("/nulle-part/oim-site.wasm"),
            &dist.path().join("oim-site-1.js"),
            &tools,
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("/nulle-part/oim-site.wasm"),
            "{error}"
        );
    }

    #[test]
    fn a_wasm_bindgen_other_than_the_locked_one_fails_naming_both() {
        let dist = tempfile::tempdir().unwrap();
        let (wasm_bindgen, _, _) = tools();
        let tools = Tools {
            wasm_bindgen: &wasm_bindgen,
            wasm_bindgen_version: "0.0.1",
            wasm_opt: None,
        };
        let error = split(&probe_wasm(), &dist.path().join("oim-site-1.js"), &tools).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("Cargo.lock needs wasm-bindgen 0.0.1"),
            "{error}"
        );
    }

    const LOADER_TEXT: &str = r#"import { initSync } from "./oim-site-1a2b.js";
export const __wasm_split_load_search = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_search.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}, [__chunk_3]));
"#;

    #[test]
    fn a_chunk_is_fetched_under_its_hash_with_its_integrity() {
        let loader = fetch_with_integrity(
            LOADER_TEXT,
            "split_search",
            "split_search-0123456789abcdef.wasm",
            "sha384-xyz",
        )
        .unwrap();
        assert!(loader.contains(
            r#"oimFetchChunk(new URL("./split_search-0123456789abcdef.wasm", import.meta.url), "sha384-xyz")"#
        ), "{loader}");
        assert!(!loader.contains("./split_search.wasm"), "{loader}");
    }

    #[test]
    fn a_chunk_the_loader_does_not_fetch_once_fails() {
        let missing = fetch_with_integrity(LOADER_TEXT, "split_menu", "x.wasm", "sha384-x");
        assert!(missing.unwrap_err().contains("found 0"));
        let twice = LOADER_TEXT.repeat(2);
        let doubled = fetch_with_integrity(&twice, "split_search", "x.wasm", "sha384-x");
        assert!(doubled.unwrap_err().contains("found 2"));
    }

    #[test]
    fn content_hashes_are_16_hex_digits_and_follow_the_content() {
        let a = content_hash(b"a");
        assert_eq!(a.len(), 16);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, content_hash(b"b"));
        assert!(crate::builder::names::is_hashed_asset(&format!(
            "split_search-{a}.wasm"
        )));
    }

    #[test]
    fn the_raw_wasm_follows_the_target_directory_and_the_profile() {
        let repo = Path::new("/depot");
        assert_eq!(
            raw_wasm(repo, None, true),
            Path::new("/depot/target/wasm32-unknown-unknown/release/oim-site.wasm")
        );
        assert_eq!(
            raw_wasm(repo, Some("/cache".into()), false),
            Path::new("/cache/wasm32-unknown-unknown/debug/oim-site.wasm")
        );
    }
}
