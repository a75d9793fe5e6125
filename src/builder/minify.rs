//! The app's JS glue and the CSS, minified in place by esbuild (npm, pinned in
//! `package-lock.json`), and their new SRI hashes. Each file keeps Trunk's name (a
//! hash of its source, so still one name per content). Trunk's own minifier is not
//! used: it would also rewrite `index.html`. BENCHMARKS.md compares esbuild's CSS
//! with lightningcss's.

use super::shell::{sri, Asset, Shell};
use super::BuildError;
use std::path::Path;
use std::process::Command;

const STEP: &str = "minify";

/// Minifies the shell's JS and CSS in `dist`; returns each with its new SRI hash.
pub fn minify(esbuild: &Path, dist: &Path, shell: &Shell) -> Result<Vec<Asset>, BuildError> {
    let mut minified = Vec::new();
    for (asset, format) in std::iter::once((&shell.js, Some("--format=esm")))
        .chain(shell.css.iter().map(|css| (css, None)))
    {
        let file = dist.join(shell.file_of(&asset.href));
        let status = Command::new(esbuild)
            .arg(&file)
            .args(["--minify", "--log-level=warning", "--allow-overwrite"])
            .arg(format!("--outfile={}", file.display()))
            .args(format)
            .status()
            .map_err(|e| {
                BuildError::new(
                    STEP,
                    format!(
                        "{}: {e} (scripts/setup.sh installs it from npm)",
                        esbuild.display()
                    ),
                )
            })?;
        if !status.success() {
            return Err(BuildError::new(
                STEP,
                format!("esbuild could not minify {} ({status})", file.display()),
            ));
        }
        let bytes = std::fs::read(&file)
            .map_err(|e| BuildError::new(STEP, format!("{}: {e}", file.display())))?;
        minified.push(Asset {
            href: asset.href.clone(),
            integrity: sri(&bytes),
        });
    }
    Ok(minified)
}

#[cfg(test)]
mod tests {
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
    fn a_missing_file_fails_the_build_with_its_name() {
        let dist = tempfile::tempdir().unwrap();
        let shell = inspect(TRUNK_INDEX).unwrap();
        let error = minify(&esbuild(), dist.path(), &shell).unwrap_err();
        assert!(error.problems[0].contains("oim-site-9f8e.js"), "{error}");
    }
}
