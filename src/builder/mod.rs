//! The site builder (feature `ssr`): turns Trunk's output into a deployable `dist/`.
//!
//! Trunk's `post_build` hook runs the `site-builder` binary in Trunk's staging
//! folder after every build. A development build is only checked (`sources`, whose
//! charts and maps are drawn too), its style sheet bundled (`styles`), its wasm
//! split, its modules and app files written, so a
//! broken link fails the dev server's build too; a release build runs every step of
//! `STEPS`, in that order, the one list of them (ARCHITECTURE.md's table "The site
//! builder" shows the same rows, which a unit test compares).
//!
//! Minifying comes before the shell is edited (its SRI hashes are those of the
//! minified files), and the shell before prerendering (every page is written into
//! it); the CSP is taken from the edited shell, whose inline scripts every page
//! shares. The worker's manifest is written last but for compression: it lists the
//! files as they are served.

pub mod app_manifest;
pub mod compress;
pub mod figure_files;
pub mod figures;
pub mod host;
pub mod icons;
pub mod minify;
pub mod names;
pub mod offline;
pub mod prerender;
pub mod search_index;
pub mod shell;
pub mod sources;
pub mod split;
pub mod styles;
pub mod wasm_imports;

use crate::nav::{content_file, model, page_file, Site};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

/// The build's steps, in the order `build` runs them: each the modules that do it.
/// What each does is ARCHITECTURE.md's table "The site builder", row for row.
pub const STEPS: [&[&str]; 12] = [
    &["sources"],
    &["styles"],
    &["split"],
    &["wasm_imports"],
    &["minify"],
    &["shell"],
    &["prerender"],
    &["search_index"],
    &["host"],
    &["app_manifest", "icons"],
    &["offline"],
    &["compress"],
];

/// What a build is given. `site-builder` fills it from Trunk's environment.
pub struct Options {
    /// Trunk's staging folder: its `index.html`, hashed assets and `content/`.
    pub dist: PathBuf,
    /// The repository's `public/`: `navigation.json` and `content/*.json`, as edited.
    pub public: PathBuf,
    /// The nginx template, `deploy/nginx-site.conf.in`.
    pub nginx_template: PathBuf,
    /// Where the nginx directives for this build are written: beside the folder that
    /// is published, never inside it, where any static host would serve them
    /// (`nginx_conf_beside`).
    pub nginx_conf: PathBuf,
    /// The style sheet's entry, `style/main.css`, which imports the others (`styles`).
    pub styles: PathBuf,
    /// The app's icon, `public/icon.svg`, from which the PNG icons are drawn.
    pub icon: PathBuf,
    /// The land the maps are drawn on: `node_modules/world-atlas/land-110m.json`
    /// (Natural Earth, from npm).
    pub world_atlas: PathBuf,
    /// The esbuild executable (`node_modules/.bin/esbuild`).
    pub esbuild: PathBuf,
    /// The Pagefind executable (`node_modules/.bin/pagefind`).
    pub pagefind: PathBuf,
    /// Cargo's wasm for this build, linked with relocations, which the split reads
    /// (`split::raw_wasm`).
    pub raw_wasm: PathBuf,
    /// wasm-bindgen, and the version `Cargo.lock` pins.
    pub wasm_bindgen: PathBuf,
    pub wasm_bindgen_version: String,
    /// wasm-opt (`node_modules/.bin/wasm-opt`, binaryen from npm).
    pub wasm_opt: PathBuf,
    /// The scheme and host the site is published at, for canonical links.
    pub origin: String,
    /// A release build; otherwise (the dev server's builds) the sources are only
    /// checked and their placeholders filled.
    pub release: bool,
    /// The build settings content files name as `{{NAME}}` (`OIM_HOST_NAME`, …), by
    /// name; one not given here takes its default (`rules::placeholders`).
    pub content_settings: BTreeMap<String, String>,
    /// When each content file last changed, by file name, from the repository's
    /// history (`sources::last_changes`), or why it is unknown: then no page says
    /// "Mis à jour le …" and `sitemap.xml` has no `lastmod`.
    pub last_changes: Result<BTreeMap<String, String>, String>,
}

impl Options {
    /// The options for a build of `dist` from the repository at `repo` (its
    /// `public/`, `deploy/` and `node_modules/`).
    pub fn new(repo: &Path, dist: PathBuf, origin: String, release: bool) -> Self {
        let target_dir = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from);
        Options {
            raw_wasm: split::raw_wasm(repo, target_dir, release),
            wasm_bindgen: PathBuf::from("wasm-bindgen"),
            wasm_bindgen_version: locked_version(repo, "wasm-bindgen").unwrap_or_default(),
            wasm_opt: repo.join("node_modules/.bin/wasm-opt"),
            nginx_conf: nginx_conf_beside(&dist),
            dist,
            public: repo.join("public"),
            nginx_template: repo.join("deploy/nginx-site.conf.in"),
            styles: repo.join("style/main.css"),
            icon: repo.join("public/icon.svg"),
            world_atlas: repo.join("node_modules/world-atlas/land-110m.json"),
            esbuild: repo.join("node_modules/.bin/esbuild"),
            pagefind: repo.join("node_modules/.bin/pagefind"),
            origin,
            release,
            content_settings: BTreeMap::new(),
            last_changes: sources::last_changes(&repo.join("public")),
        }
    }
}

/// Where the nginx directives of the site published from `published` go: the file
/// beside it, named after it (`dist` → `dist.nginx.conf`, `target/dist-oim` →
/// `target/dist-oim.nginx.conf`). `scripts/serve-dist.sh` and `deploy/nginx.conf`
/// include it from there.
pub fn nginx_conf_beside(published: &Path) -> PathBuf {
    let mut name = published
        .file_name()
        .map_or_else(|| OsString::from("dist"), OsString::from);
    name.push(".nginx.conf");
    published.with_file_name(name)
}

/// The version of `package` that the repository's `Cargo.lock` pins.
fn locked_version(repo: &Path, package: &str) -> Option<String> {
    let lock = std::fs::read_to_string(repo.join("Cargo.lock")).ok()?;
    let entry = format!("name = \"{package}\"\nversion = \"");
    let start = lock.find(&entry)? + entry.len();
    Some(lock[start..].split('"').next()?.to_string())
}

/// Why a build failed: the step and each problem found, for the person who
/// edited the file (`public/content/agir.json: body[2]: link to /nulle-part, …`).
#[derive(Debug, PartialEq)]
pub struct BuildError {
    pub step: &'static str,
    pub problems: Vec<String>,
}

impl BuildError {
    pub fn new(step: &'static str, problem: impl Into<String>) -> Self {
        BuildError {
            step,
            problems: vec![problem.into()],
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed:", self.step)?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

/// Runs the build's steps in order; returns the number of files written or edited
/// (for a development build, only checked, the content files whose placeholders
/// were filled, `index.html`, the site's modules, the web app manifest and the icons).
pub fn build(options: &Options) -> Result<usize, BuildError> {
    // sources
    let mut sources = sources::read(&options.public)?;
    // Trunk copied the files as they are in `public/`: the app fetches the filled ones,
    // with their build settings and the date their content last changed.
    let mut filled: BTreeMap<String, String> = sources
        .fill_placeholders(&options.content_settings)
        .into_iter()
        .collect();
    if let Ok(changes) = &options.last_changes {
        filled.extend(sources.fill_dates(changes)?);
    }
    filled.extend(draw_figures(options, &mut sources)?);
    for (name, text) in &filled {
        write(&options.dist.join("content").join(name), text, "settings")?;
    }
    // styles (it links the style sheet's new name in index.html)
    let styled = styles::write_into(&options.styles, &options.dist)?;
    let index = read(&options.dist.join("index.html"), "shell")?;
    let found = shell::inspect(&index)?;
    // Every address written from here on is under the base Trunk was given.
    let site = Site::new(&found.base_href, &options.origin);
    if !options.release {
        split_wasm(options, &found)?;
        // Trunk's preloads carry the SRI hashes of the files the split replaced.
        let glue = found.js.href.clone();
        let wasm = format!("{}_bg.wasm", glue.strip_suffix(".js").unwrap_or(&glue));
        let mut assets = Vec::new();
        for href in [glue, wasm] {
            let bytes = std::fs::read(options.dist.join(found.file_of(&href)))
                .map_err(|e| BuildError::new("shell", format!("{href}: {e}")))?;
            let integrity = shell::sri(&bytes);
            assets.push(shell::Asset { href, integrity });
        }
        let index = shell::rewrite_development(&index, &found, &assets)?;
        write(&options.dist.join("index.html"), &index, "shell")?;
        let modules =
            minify::bundle_modules(&options.esbuild, &options.public, &options.dist, false)?;
        return Ok(filled.len() + styled + 1 + modules + write_app_files(options, &site)?);
    }
    if !(options.origin.starts_with("https://") || options.origin.starts_with("http://")) {
        return Err(BuildError::new(
            "settings",
            format!(
                "OIM_SITE_URL must start with https:// or http://: {}",
                options.origin
            ),
        ));
    }
    // split, wasm_imports, minify, shell
    let (shell, script_hashes, split, mut written) =
        minify_and_edit_shell(options, &index, &found)?;
    written += styled;
    // prerender
    let template = prerender::Template::new(shell, site.clone());
    written += prerender_pages(&options.dist, &site, template, &sources)?;
    // search_index
    written += search_index::build(&options.pagefind, &options.dist)?;
    written += prerender::write_html_copies(&options.dist)?;
    // host
    written += write_host_files(options, &site, &script_hashes)?;
    // app_manifest, icons
    written += write_app_files(options, &site)?;
    // offline: last before compressing, it lists files as they are served.
    offline::bundle(
        &options.esbuild,
        &options.public.join(names::WORKER),
        &options.dist,
    )?;
    written += offline::write_into_worker(&options.dist, &split)?;
    // compress
    written += compress::compress_dir(&options.dist).map_err(|e| BuildError::new("compress", e))?;
    Ok(written)
}

/// The content's charts and maps, drawn into `dist/` (`figure_files`); the content
/// files changed (each figure's `files` written in). The land of the maps is read
/// from `world-atlas` (npm) when a map is first met.
fn draw_figures(
    options: &Options,
    sources: &mut sources::Sources,
) -> Result<Vec<(String, String)>, BuildError> {
    let mut land: Option<&'static figures::Land> = None;
    let mut read_land = || -> Result<&'static figures::Land, BuildError> {
        if let Some(land) = land {
            return Ok(land);
        }
        let text = read(&options.world_atlas, "figures")?;
        let read = figures::Land::read(&text).map_err(|e| {
            BuildError::new("figures", format!("{}: {e}", options.world_atlas.display()))
        })?;
        Ok(*land.insert(Box::leak(Box::new(read))))
    };
    let mut stems = BTreeMap::new();
    sources.rewrite(|name, text| {
        figure_files::draw_figures(name, text, &options.dist, &mut read_land, &mut stems)
    })
}

/// The steps `split`, `wasm_imports`, `minify` and `shell`: the edited `index.html`
/// (also written back), the CSP hashes of its inline scripts, and the number of
/// files changed.
fn minify_and_edit_shell(
    options: &Options,
    index: &str,
    found: &shell::Shell,
) -> Result<(String, Vec<String>, split::Split, usize), BuildError> {
    let index_path = options.dist.join("index.html");
    let split = split_wasm(options, found)?;
    wasm_imports::shorten_in(&options.dist, found)?;
    let minified = minify::minify(&options.esbuild, &options.dist, found)?;
    let modules = minify::bundle_modules(&options.esbuild, &options.public, &options.dist, true)?;
    let index = shell::rewrite(index, found, &minified)?;
    let script_hashes = shell::inline_script_hashes(&index)?;
    let index = shell::with_policy(&index, &host::meta_policy(&script_hashes))?;
    write(&index_path, &index, "shell")?;
    Ok((index, script_hashes, split, 1 + minified.len() + modules))
}

/// The wasm split into chunks (`split`), over Trunk's glue and wasm; wasm-opt in
/// release builds only.
fn split_wasm(options: &Options, shell: &shell::Shell) -> Result<split::Split, BuildError> {
    let tools = split::Tools {
        wasm_bindgen: &options.wasm_bindgen,
        wasm_bindgen_version: &options.wasm_bindgen_version,
        wasm_opt: options.release.then_some(options.wasm_opt.as_path()),
    };
    let glue = options.dist.join(shell.file_of(&shell.js.href));
    split::split(&options.raw_wasm, &glue, &tools)
}

/// The step `prerender`: every page of the model, `404.html`, `sitemap.xml` and `robots.txt`.
fn prerender_pages(
    dist: &Path,
    site: &Site,
    template: prerender::Template,
    sources: &sources::Sources,
) -> Result<usize, BuildError> {
    let mut written = 0;
    for node in model().nodes() {
        // Validation saw to it that every page has its content file.
        let content = sources.content_of(&node.path).ok_or_else(|| {
            BuildError::new(
                "prerender",
                format!("{}: no {}", node.path, content_file(&node.path)),
            )
        })?;
        let html = template.page(&node.path, Some(content))?;
        write(&dist.join(page_file(&node.path)), &html, "prerender")?;
        written += 1;
    }
    let files = [
        // Any address outside the model: hosts serve this with status 404.
        ("404.html", template.page("/404", None)?),
        (
            "sitemap.xml",
            prerender::sitemap_xml(site, &|path| sources.updated_of(path).map(str::to_string)),
        ),
        ("robots.txt", prerender::robots_txt(site)),
    ];
    for (name, text) in &files {
        write(&dist.join(name), text, "prerender")?;
    }
    Ok(written + files.len())
}

/// The step `host`: `_headers` and `_redirects` in `dist`, the nginx directives
/// beside it.
fn write_host_files(
    options: &Options,
    site: &Site,
    script_hashes: &[String],
) -> Result<usize, BuildError> {
    const STEP: &str = "host files";
    let headers = host::security_headers(script_hashes);
    let hashed = names::hashed_assets(&options.dist).map_err(|e| BuildError::new(STEP, e))?;
    let template = read(&options.nginx_template, STEP)?;
    let refused = |e| BuildError::new(STEP, e);
    let headers_file = host::headers_file(site, model(), &headers, &hashed).map_err(refused)?;
    host::within_rule_limit(&headers_file).map_err(refused)?;
    let files = [
        (options.dist.join("_headers"), headers_file),
        (
            options.dist.join("_redirects"),
            host::redirects_file(site, model()).map_err(refused)?,
        ),
        (
            options.nginx_conf.clone(),
            host::nginx_conf(site, model(), &template, &headers).map_err(refused)?,
        ),
    ];
    for (path, text) in &files {
        write(path, text, STEP)?;
    }
    Ok(files.len())
}

/// The web app manifest and the icons it lists.
fn write_app_files(options: &Options, site: &Site) -> Result<usize, BuildError> {
    Ok(app_manifest::write_manifest(site, &options.dist)?
        + icons::write_icons(&options.icon, &options.dist)?)
}

/// `html` rewritten by lol_html with element handlers (`lol_html::element!`, `text!`).
pub(crate) fn rewrite_html<'h>(
    html: &str,
    handlers: Vec<(
        std::borrow::Cow<'static, lol_html::Selector>,
        lol_html::ElementContentHandlers<'h>,
    )>,
) -> Result<String, lol_html::errors::RewritingError> {
    let settings = handlers
        .into_iter()
        .fold(lol_html::RewriteStrSettings::new(), |settings, handler| {
            settings.append_element_content_handler(handler)
        });
    lol_html::rewrite_str(html, settings)
}

/// Runs an npm tool the build needs (`command`, whose program is the tool), failing
/// the build with `what` (what it was doing, for the message) if it cannot start or
/// does not succeed.
pub(crate) fn run_tool(
    step: &'static str,
    command: &mut std::process::Command,
    what: &str,
) -> Result<(), BuildError> {
    let program = command.get_program().to_string_lossy().into_owned();
    let status = command.status().map_err(|e| {
        BuildError::new(
            step,
            format!("{program}: {e} (scripts/setup.sh installs it from npm)"),
        )
    })?;
    if !status.success() {
        return Err(BuildError::new(step, format!("{what} failed ({status})")));
    }
    Ok(())
}

pub(crate) fn read(path: &Path, step: &'static str) -> Result<String, BuildError> {
    std::fs::read_to_string(path)
        .map_err(|e| BuildError::new(step, format!("{}: {e}", path.display())))
}

pub(crate) fn write(path: &Path, text: &str, step: &'static str) -> Result<(), BuildError> {
    write_bytes(path, text.as_bytes(), step)
}

pub(crate) fn write_bytes(path: &Path, bytes: &[u8], step: &'static str) -> Result<(), BuildError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| BuildError::new(step, format!("{}: {e}", dir.display())))?;
    }
    std::fs::write(path, bytes)
        .map_err(|e| BuildError::new(step, format!("{}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::shell::tests::TRUNK_INDEX;
    use base64::Engine;
    use sha2::{Digest, Sha256};

    const REPO: &str = env!("CARGO_MANIFEST_DIR");

    /// ARCHITECTURE.md's table of the builder's steps names `STEPS`' modules, row
    /// for row, numbered from 1; each is a module of the builder.
    #[test]
    fn the_documented_steps_are_the_builds() {
        let doc = std::fs::read_to_string(Path::new(REPO).join("ARCHITECTURE.md")).unwrap();
        let table = doc
            .split("| step | module | what |")
            .nth(1)
            .expect("ARCHITECTURE.md has the table of the builder's steps");
        let rows: Vec<(String, Vec<String>)> = table
            .lines()
            .skip(2)
            .take_while(|line| line.starts_with('|'))
            .map(|line| {
                let cells: Vec<&str> = line.split(" | ").collect();
                let modules = cells[1].split(", ").map(|m| m.replace('`', "")).collect();
                (cells[0].trim_start_matches("| ").to_string(), modules)
            })
            .collect();
        let expected: Vec<(String, Vec<String>)> = STEPS
            .iter()
            .enumerate()
            .map(|(i, modules)| {
                let modules = modules.iter().map(ToString::to_string).collect();
                ((i + 1).to_string(), modules)
            })
            .collect();
        assert_eq!(rows, expected);
        for module in STEPS.iter().flat_map(|modules| modules.iter()) {
            let file = Path::new(REPO)
                .join("src/builder")
                .join(format!("{module}.rs"));
            assert!(file.exists(), "{}", file.display());
        }
    }

    /// A folder `dist` in a temporary folder of its own, which also receives what a
    /// build writes beside `dist` (its nginx directives).
    struct TrunkOutput {
        _folder: tempfile::TempDir,
        dist: PathBuf,
    }

    impl TrunkOutput {
        fn path(&self) -> &Path {
            &self.dist
        }
    }

    /// A small dist as Trunk leaves it, at the root of a host.
    fn trunk_output(index: &str) -> TrunkOutput {
        trunk_output_under(index, "/")
    }

    /// A small dist as Trunk leaves it for the public URL `base` (`/oim/`).
    fn trunk_output_under(index: &str, base: &str) -> TrunkOutput {
        let folder = tempfile::tempdir().unwrap();
        let dist = TrunkOutput {
            dist: folder.path().join("dist"),
            _folder: folder,
        };
        std::fs::create_dir(dist.path()).unwrap();
        let files = [
            ("index.html", index.replace("/oim/", base)),
            ("main-1a2b3c.css", "body {\n  margin: 0px;\n}\n".into()),
            (
                "oim-site-9f8e.js",
                "export default function init() {\n  return 1;\n}\n".into(),
            ),
            // The smallest valid module: no imports to rename.
            ("oim-site-9f8e_bg.wasm", "\0asm\u{1}\0\0\0".into()),
            (
                "favicon-4d5e.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".into(),
            ),
        ];
        for (name, text) in files {
            std::fs::write(dist.path().join(name), text).unwrap();
        }
        // Copied from public/content.
        let content = dist.path().join("content");
        std::fs::create_dir(&content).unwrap();
        for entry in std::fs::read_dir(Path::new(REPO).join("public/content")).unwrap() {
            let from = entry.unwrap().path();
            std::fs::copy(&from, content.join(from.file_name().unwrap())).unwrap();
        }
        dist
    }

    /// A release build of `dist` whose wasm is the split probe's
    /// (`split::tests::probe_wasm`): the split runs on a real wasm.
    fn options(dist: &Path) -> Options {
        let origin = "https://www.exemple.org".to_string();
        Options {
            raw_wasm: split::tests::probe_wasm(),
            ..Options::new(Path::new(REPO), dist.to_path_buf(), origin, true)
        }
    }

    #[test]
    fn a_release_build_writes_every_page_and_the_host_files() {
        let dist = trunk_output(TRUNK_INDEX);
        build(&options(dist.path())).unwrap_or_else(|e| panic!("{e}"));
        let read = |name: &str| {
            std::fs::read_to_string(dist.path().join(name))
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        };
        for node in model().nodes() {
            let page = read(&page_file(&node.path));
            let title = format!("<title>{}</title>", model().page_title(node));
            assert!(page.contains(&title), "{}: {title}", node.path);
            assert!(
                page.contains(r#""integrity":"sha384-"#),
                "the JS's SRI hash in the loader's data block: {}",
                node.path
            );
            assert!(
                page.contains(r#"<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-"#),
                "{}",
                node.path
            );
            assert!(
                !page.contains("modulepreload") && !page.contains("application/wasm"),
                "{}",
                node.path
            );
        }
        for name in [
            "404.html",
            "sitemap.xml",
            "robots.txt",
            "_headers",
            "_redirects",
            "manifest.webmanifest",
        ] {
            assert!(!read(name).is_empty(), "{name}");
        }
        // Every page but the home page has its `.html` copy, the same bytes as the
        // page marked for search, compressed like it.
        for node in model().nodes() {
            let Some(copy) = prerender::html_file_of(&node.path) else {
                continue;
            };
            assert_eq!(read(&copy), read(&page_file(&node.path)), "{copy}");
            assert!(dist.path().join(format!("{copy}.br")).exists(), "{copy}");
        }
        assert!(read("agir.html").contains("data-pagefind-body"));
        // The nginx directives are beside the published folder, not in it.
        let nginx_conf = nginx_conf_beside(dist.path());
        assert_eq!(nginx_conf, dist.path().with_file_name("dist.nginx.conf"));
        let nginx_conf = std::fs::read_to_string(nginx_conf).unwrap();
        assert!(!dist.path().join("_nginx").exists());
        for icon in icons::ICONS {
            assert!(dist.path().join(icon.file).is_file(), "{}", icon.file);
        }
        // The worker lists the pages as written, the hashed assets as minified.
        let worker = read("sw.js");
        assert!(!worker.contains("__OFFLINE_MANIFEST__"), "{worker}");
        let split = split::Split {
            modules: [(
                "probe".to_string(),
                vec![names::hashed_assets(dist.path())
                    .unwrap()
                    .into_iter()
                    .find(|name| name.starts_with("split_probe-"))
                    .unwrap()],
            )]
            .into(),
        };
        let listed = offline::manifest(dist.path(), &split).unwrap();
        assert!(
            worker.contains(&format!(r#"{{"version":"{}","#, listed.version)),
            "{worker}"
        );
        assert!(dist.path().join("sw.js.br").exists());
        // The CSP allows the loader every page runs, by its hash.
        let page = read("agir/index.html");
        let start =
            page.find(r#"<script type="module">"#).unwrap() + r#"<script type="module">"#.len();
        let loader = &page[start..start + page[start..].find("</script>").unwrap()];
        let hash =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(loader.as_bytes()));
        let csp = read("_headers");
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
        assert!(nginx_conf.contains(&format!("'sha256-{hash}'")));
        // The SRI hashes are those of the minified files; the style sheet is the
        // bundle's, named by its hash in place of Trunk's copy.
        assert!(!dist.path().join("main-1a2b3c.css").exists());
        let css = names::hashed_assets(dist.path())
            .unwrap()
            .into_iter()
            .find(|name| name.starts_with("main-"))
            .expect("the style sheet");
        assert!(page.contains(&format!("/{css}\"")), "{page}");
        let css = std::fs::read(dist.path().join(css)).unwrap();
        assert!(page.contains(&shell::sri(&css)), "{page}");
        assert!(dist.path().join("agir/index.html.br").exists());
        assert!(dist.path().join("oim-site-9f8e_bg.wasm.gz").exists());
        // The split's chunk: named by its hash, fetched by the loader, which the glue
        // now holds (one module to fetch, not two), kept for a year, listed for the
        // service worker, compressed.
        let chunk = names::hashed_assets(dist.path())
            .unwrap()
            .into_iter()
            .find(|name| name.starts_with("split_probe-"))
            .expect("the probe's chunk");
        assert!(!dist.path().join(split::LOADER).exists());
        let glue = read("oim-site-9f8e.js");
        assert!(
            glue.contains(&chunk) && glue.contains("integrity"),
            "{glue}"
        );
        // No import of the loader is left: only the import object's key, the name
        // the wasm imports the chunks' load functions under.
        assert!(
            !glue.contains(&format!("from\"./{}\"", split::LOADER)),
            "{glue}"
        );
        assert!(csp.contains(&format!("/{chunk}\n  Cache-Control: {}", host::IMMUTABLE)));
        assert!(worker.contains(&chunk), "{worker}");
        assert!(dist.path().join(format!("{chunk}.br")).exists());
    }

    /// Nothing of a build is held by the process: the site at the root of its host
    /// and the site under a sub-path, built one after the other, each have their own
    /// addresses throughout.
    #[test]
    fn one_process_builds_the_site_at_the_root_and_under_a_sub_path() {
        let root = trunk_output(TRUNK_INDEX);
        let oim = trunk_output_under(TRUNK_INDEX, "/oim/");
        for dist in [&root, &oim] {
            build(&options(dist.path())).unwrap_or_else(|e| panic!("{e}"));
        }
        for (dist, base) in [(&root, ""), (&oim, "/oim")] {
            let read = |name: &str| std::fs::read_to_string(dist.path().join(name)).unwrap();
            let page = read("agir/index.html");
            for expected in [
                format!(r#"<a href="{base}/" class="brand">"#),
                format!(r#"<a href="{base}/agir/engagez-vous""#),
                format!(r#"<link rel="canonical" href="https://www.exemple.org{base}/agir">"#),
            ] {
                assert!(page.contains(&expected), "{base}: {expected}");
            }
            let headers = read("_headers");
            assert!(headers.contains(&format!("\n{base}/agir\n")), "{headers}");
            let manifest = read("manifest.webmanifest");
            assert!(
                manifest.contains(&format!(r#""start_url": "{base}/""#)),
                "{manifest}"
            );
            let robots = read("robots.txt");
            assert!(
                robots.contains(&format!("https://www.exemple.org{base}/sitemap.xml")),
                "{robots}"
            );
        }
    }

    #[test]
    fn the_nginx_directives_are_named_after_the_folder_they_are_beside() {
        for (published, conf) in [
            ("dist", "dist.nginx.conf"),
            ("target/dist-oim/", "target/dist-oim.nginx.conf"),
            ("/srv/oim/dist", "/srv/oim/dist.nginx.conf"),
        ] {
            assert_eq!(nginx_conf_beside(Path::new(published)), Path::new(conf));
        }
    }

    #[test]
    fn a_shell_without_its_loader_fails_the_build_and_writes_no_page() {
        let index = TRUNK_INDEX.replace(r#"<script type="module">"#, "<script>");
        let dist = trunk_output(&index);
        let error = build(&options(dist.path())).unwrap_err();
        assert_eq!(error.step, "shell (index.html)");
        assert!(
            error
                .to_string()
                .contains(r#"<script type="module"> (Trunk.toml's loader)"#),
            "{error}"
        );
        assert!(!dist.path().join("agir/index.html").exists());
    }

    #[test]
    fn the_host_settings_reach_the_page_and_the_content_the_app_fetches() {
        let dist = trunk_output(TRUNK_INDEX);
        let mut options = options(dist.path());
        let settings = [
            ("OIM_HOST_NAME", "Hébergeur Exemple SA"),
            ("OIM_HOST_ADDRESS", "1 rue de l’Exemple, 1200 Genève"),
        ];
        for (name, value) in settings {
            options
                .content_settings
                .insert(name.to_string(), value.to_string());
        }
        build(&options).unwrap_or_else(|e| panic!("{e}"));
        let read = |name: &str| std::fs::read_to_string(dist.path().join(name)).unwrap();
        let json = read("content/mentions-legales.json");
        let page = read("mentions-legales/index.html");
        for (_, value) in settings {
            assert!(json.contains(value), "{json}");
            // In the markup and in the content embedded for the app.
            assert_eq!(page.matches(value).count(), 2, "{page}");
        }
        assert!(crate::content::PageContent::parse(&json).is_ok());
        assert!(!json.contains("{{") && !page.contains("{{"), "{page}");
        assert!(dist
            .path()
            .join("content/mentions-legales.json.br")
            .exists());
    }

    #[test]
    fn the_last_change_reaches_the_page_the_content_the_app_fetches_and_the_sitemap() {
        let dist = trunk_output(TRUNK_INDEX);
        let mut dated = options(dist.path());
        let changes = BTreeMap::from([
            ("agir.json".to_string(), "2026-12-01".to_string()),
            (
                "donnees-et-recherche--lavenir-de-la-migration.json".to_string(),
                "2026-11-29".to_string(),
            ),
        ]);
        dated.last_changes = Ok(changes);
        build(&dated).unwrap_or_else(|e| panic!("{e}"));
        let read = |name: &str| std::fs::read_to_string(dist.path().join(name)).unwrap();
        let page = read("agir/index.html");
        assert!(
            page.contains(
                "Mis à jour le <time datetime=\"2026-12-01\">1er\u{a0}décembre\u{a0}2026</time>"
            ),
            "{page}"
        );
        let json = read("content/agir.json");
        let content = crate::content::PageContent::parse(&json).unwrap();
        assert_eq!(
            content.dates.unwrap().updated.as_deref(),
            Some("2026-12-01")
        );
        // The embedded copy is the same file.
        assert_eq!(page.matches(r#""updated": "2026-12-01""#).count(), 1);
        // A publication's own date stays beside it.
        let article = read("donnees-et-recherche/lavenir-de-la-migration/index.html");
        assert!(article.contains(r#"<time datetime="2017">"#), "{article}");
        assert!(
            article.contains(r#"<time datetime="2026-11-29">"#),
            "{article}"
        );
        let sitemap = read("sitemap.xml");
        assert!(
            sitemap.contains("/agir</loc><lastmod>2026-12-01</lastmod></url>"),
            "{sitemap}"
        );
        assert_eq!(sitemap.matches("<lastmod>").count(), 2, "{sitemap}");
        // A page whose file has no date says nothing of it.
        assert!(!read("agir/engagez-vous/index.html").contains("Mis à jour"));

        // Without a history, no page gives a date and the sitemap no lastmod.
        let dist = trunk_output(TRUNK_INDEX);
        let undated = Options {
            last_changes: Err("no repository".into()),
            ..options(dist.path())
        };
        build(&undated).unwrap_or_else(|e| panic!("{e}"));
        assert!(!read_in(dist.path(), "agir/index.html").contains("Mis à jour"));
        assert!(!read_in(dist.path(), "sitemap.xml").contains("<lastmod>"));
        assert!(!read_in(dist.path(), "content/agir.json").contains("updated"));
    }

    fn read_in(dist: &Path, name: &str) -> String {
        std::fs::read_to_string(dist.join(name)).unwrap()
    }

    #[test]
    fn a_development_build_is_split_checked_and_its_placeholders_filled() {
        let dist = trunk_output(TRUNK_INDEX);
        let options = Options {
            release: false,
            last_changes: Ok(BTreeMap::from([(
                "agir.json".to_string(),
                "2026-12-02".to_string(),
            )])),
            ..options(dist.path())
        };
        // The content files filled (the legal notice's settings, the date of the
        // page Agir, the names of the figures' files in the two pages with figures),
        // the style sheet bundled, index.html (its preloads' SRI hashes, the style
        // sheet's link), the site's modules, the web app manifest and the icons
        // (which index.html links in both kinds of build).
        assert_eq!(
            build(&options),
            Ok(7 + names::MODULES.len() + icons::ICONS.len())
        );
        // The figures are drawn in a development build too.
        let data = std::fs::read_to_string(dist.path().join("content/donnees-et-recherche.json"));
        assert!(data.unwrap().contains(r#""files": {"#));
        let agir = std::fs::read_to_string(dist.path().join("content/agir.json")).unwrap();
        assert!(agir.contains(r#""updated": "2026-12-02""#), "{agir}");
        assert!(dist.path().join(names::APP_MANIFEST).is_file());
        // Split, the loader served as a file, nothing minified or prerendered.
        let read = |name: &str| std::fs::read_to_string(dist.path().join(name)).unwrap();
        assert!(read(split::LOADER).contains("__wasm_split_load_probe"));
        let glue = std::fs::read(dist.path().join("oim-site-9f8e.js")).unwrap();
        let index = read("index.html");
        assert!(index.contains(&shell::sri(&glue)), "{index}");
        assert!(index.contains(r#"rel="modulepreload""#), "{index}");
        // The modules bundled with their parts, readable; no offline module's address:
        // the development server has no worker.
        let offline = read(names::OFFLINE_MODULE);
        assert!(
            !offline.contains("import ") && offline.contains("Recharger"),
            "{offline}"
        );
        assert!(!index.contains(names::OFFLINE_MODULE), "{index}");
        let json = read("content/mentions-legales.json");
        let default = crate::rules::placeholders::SETTINGS[0].default;
        assert!(json.contains(default));
        assert!(!dist.path().join("_headers").exists());
        assert!(!nginx_conf_beside(dist.path()).exists());
        assert!(!dist.path().join("agir/index.html").exists());
        assert!(!dist.path().join("agir.html").exists());
    }
}
