//! The app's JS glue and the CSS, minified in place by esbuild (npm, pinned in
//! `package-lock.json`), and their new SRI hashes; the site's modules, bundled
//! from `public/` by esbuild too. Each file keeps Trunk's name (a
//! hash of its source, so still one name per content). Trunk's own minifier is not
//! used: it would also rewrite `index.html`. BENCHMARKS.md compares esbuild's CSS
//! with lightningcss's.

use super::shell::{sri, Asset, Shell};
use super::BuildError;
use std::path::Path;
use std::process::Command;

use super::names::MODULES;

const STEP: &str = "minify";

/// Minifies the shell's JS and CSS in `dist`; returns each with its new SRI hash.
/// The JS glue is bundled with the split's loader, which it imports (`split::LOADER`,
/// then deleted): starting the app then asks for one module, not two.
pub fn minify(esbuild: &Path, dist: &Path, shell: &Shell) -> Result<Vec<Asset>, BuildError> {
    let mut minified = Vec::new();
    let glue: &[&str] = &["--format=esm", "--bundle"];
    for (asset, options) in
        std::iter::once((&shell.js, glue)).chain(shell.css.iter().map(|css| (css, &[][..])))
    {
        let file = dist.join(shell.file_of(&asset.href));
        in_place(esbuild, &file, options)?;
        let bytes = std::fs::read(&file)
            .map_err(|e| BuildError::new(STEP, format!("{}: {e}", file.display())))?;
        minified.push(Asset {
            href: asset.href.clone(),
            integrity: sri(&bytes),
        });
    }
    let loader = dist.join(super::split::LOADER);
    if loader.exists() {
        std::fs::remove_file(&loader)
            .map_err(|e| BuildError::new(STEP, format!("{}: {e}", loader.display())))?;
    }
    Ok(minified)
}

/// Bundles each of the site's modules (`MODULES`) from its source in `public` (which
/// may import its parts, `public/offline/` for `offline.js`) into one file of the same
/// name in `dist`, minified in release builds: a page still fetches one module.
/// Returns how many. (The development server's builds get them too: Trunk copies
/// none of them.)
pub fn bundle_modules(
    esbuild: &Path,
    public: &Path,
    dist: &Path,
    release: bool,
) -> Result<usize, BuildError> {
    for module in MODULES {
        let source = public.join(module);
        if !source.is_file() {
            return Err(BuildError::new(
                STEP,
                format!("{}: not found", source.display()),
            ));
        }
        let mut command = Command::new(esbuild);
        command
            .arg(&source)
            .args(["--bundle", "--format=esm", "--log-level=warning"])
            .args(release.then_some("--minify"))
            .arg(format!("--outfile={}", dist.join(module).display()));
        super::run_tool(
            STEP,
            &mut command,
            &format!("esbuild bundling {}", source.display()),
        )?;
    }
    Ok(MODULES.len())
}

fn in_place(esbuild: &Path, file: &Path, options: &[&str]) -> Result<(), BuildError> {
    if !file.is_file() {
        return Err(BuildError::new(
            STEP,
            format!("{}: not found", file.display()),
        ));
    }
    let mut command = Command::new(esbuild);
    command
        .arg(file)
        .args(["--minify", "--log-level=warning", "--allow-overwrite"])
        .arg(format!("--outfile={}", file.display()))
        .args(options);
    super::run_tool(
        STEP,
        &mut command,
        &format!("esbuild minifying {}", file.display()),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::builder::shell::inspect;
    use crate::builder::shell::tests::TRUNK_INDEX;

    pub fn esbuild() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/.bin/esbuild")
    }

    #[test]
    fn js_and_css_get_smaller_and_their_hash_follows() {
        let dist = tempfile::tempdir().unwrap();
        let css = "body {\n  color: #ffffff;\n  margin: 0px 0px 0px 0px;\n}\n";
        let js = "export function greet(name) {\n  const message = 'Bonjour ' + name;\n  return message;\n}\n";
        std::fs::write(dist.path().join("main-1a2b3c.css"), css).unwrap();
        std::fs::write(dist.path().join("oim-site-9f8e.js"), js).unwrap();
        let shell = inspect(TRUNK_INDEX).unwrap();
        let minified = minify(&esbuild(), dist.path(), &shell).unwrap();
        assert_eq!(minified.len(), 2);
        for (asset, before) in minified.iter().zip([js, css]) {
            let after = std::fs::read(dist.path().join(shell.file_of(&asset.href))).unwrap();
            assert!(
                after.len() < before.len(),
                "{}",
                String::from_utf8_lossy(&after)
            );
            assert_eq!(asset.integrity, sri(&after));
        }
        let js = std::fs::read_to_string(dist.path().join("oim-site-9f8e.js")).unwrap();
        assert!(js.contains("export"), "still a module: {js}");
    }

    #[test]
    fn the_modules_are_bundled_with_their_parts_and_stay_modules() {
        let public = tempfile::tempdir().unwrap();
        let dist = tempfile::tempdir().unwrap();
        std::fs::create_dir(public.path().join("parts")).unwrap();
        let part = "// Explained at length.\nexport const answer = await Promise.resolve(42);\n";
        std::fs::write(public.path().join("parts/answer.js"), part).unwrap();
        let module =
            "import { answer } from \"./parts/answer.js\";\nexport const doubled = answer * 2;\n";
        for name in MODULES {
            std::fs::write(public.path().join(name), module).unwrap();
        }
        for release in [false, true] {
            let bundled = bundle_modules(&esbuild(), public.path(), dist.path(), release);
            assert_eq!(bundled, Ok(MODULES.len()));
            for name in MODULES {
                let after = std::fs::read_to_string(dist.path().join(name)).unwrap();
                assert!(
                    !after.contains("import") && after.contains("export"),
                    "{after}"
                );
                // Readable in development builds: each part named, on lines of its own.
                assert_eq!(after.contains("parts/answer.js"), !release, "{after}");
            }
        }
        std::fs::remove_file(public.path().join(MODULES[1])).unwrap();
        let error = bundle_modules(&esbuild(), public.path(), dist.path(), true).unwrap_err();
        assert!(error.problems[0].contains(MODULES[1]), "{error}");
    }

    #[test]
    fn a_missing_file_fails_the_build_with_its_name() {
        let dist = tempfile::tempdir().unwrap();
        let shell = inspect(TRUNK_INDEX).unwrap();
        let error = minify(&esbuild(), dist.path(), &shell).unwrap_err();
        assert!(error.problems[0].contains("oim-site-9f8e.js"), "{error}");
    }
}
