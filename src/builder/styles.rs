//! The style sheet: `style/main.css` imports the tokens (`style/tokens.css`), the
//! base and one file per component; lightningcss's bundler puts them into the one
//! file the shell links, its named breakpoints (`@custom-media`) resolved into
//! plain media queries. In every build, the dev server's too.
//!
//! Trunk copies `main.css` as written, its `@import`s only, and names the copy by
//! their hash: a component's change would not change the name, which hosts cache
//! for a year. So the bundle replaces that copy under a name of its own hash
//! (`main-<hash>.css`), and the shell links it with its SRI hash; release builds
//! then minify it (`minify`), which keeps the name: one name per content still.

use super::shell::{self, Asset};
use super::{read, write, BuildError};
use lightningcss::bundler::{Bundler, FileProvider, ResolveResult, SourceProvider};
use lightningcss::stylesheet::{MinifyOptions, ParserFlags, ParserOptions, PrinterOptions};
use lightningcss::targets::{Features, Targets};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const STEP: &str = "styles";

/// The style sheet bundled: its text, and the files it was made of, the entry first.
#[derive(Debug)]
pub struct Bundle {
    pub css: String,
    pub files: Vec<PathBuf>,
}

/// Bundles `entry` and the files it imports, in the cascade's order.
pub fn bundle(entry: &Path) -> Result<Bundle, BuildError> {
    let failed =
        |e: &dyn std::fmt::Display| BuildError::new(STEP, format!("{}: {e}", entry.display()));
    let files = NamingFiles(FileProvider::new());
    let options = ParserOptions {
        flags: ParserFlags::CUSTOM_MEDIA,
        ..ParserOptions::default()
    };
    let mut sheet = Bundler::new(&files, None, options)
        .bundle(entry)
        .map_err(|e| failed(&e))?;
    // Media queries as written (`max-width`), not in the range syntax.
    let targets = Targets {
        include: Features::MediaQueries,
        ..Targets::default()
    };
    sheet
        .minify(MinifyOptions {
            targets,
            ..MinifyOptions::default()
        })
        .map_err(|e| failed(&e))?;
    let css = sheet
        .to_css(PrinterOptions {
            targets,
            ..PrinterOptions::default()
        })
        .map_err(|e| failed(&e))?
        .code;
    Ok(Bundle {
        css: with_tokens_inlined(&css),
        files: sheet.sources.iter().map(PathBuf::from).collect(),
    })
}

/// `css` (as lightningcss prints it, a declaration a line) with every token of its
/// `:root` rule written in place of its `var()`, and the token's declaration gone.
/// Nothing sets a token at run time, so the browser would only look each one up:
/// `var(--text-h1)` everywhere cost 0.14 kB brotli on every first load. A token
/// declared anywhere else too (a rule that changes it) is left a custom property.
pub fn with_tokens_inlined(css: &str) -> String {
    const ROOT: &str = ":root {\n";
    let Some(start) = css.find(ROOT) else {
        return css.to_string();
    };
    let body_start = start + ROOT.len();
    let Some(body_len) = css[body_start..].find("\n}\n") else {
        return css.to_string();
    };
    let body = &css[body_start..body_start + body_len];
    let (before, after) = (&css[..start], &css[body_start + body_len + "\n}\n".len()..]);
    let declared_elsewhere = |name: &str| {
        let declaration = format!("{name}:");
        before.contains(&declaration) || after.contains(&declaration)
    };
    let mut tokens = Vec::new();
    let mut kept = Vec::new();
    for line in body.lines() {
        let token = line
            .trim()
            .strip_suffix(';')
            .and_then(|d| d.split_once(": "))
            .filter(|(name, _)| name.starts_with("--") && !declared_elsewhere(name));
        match token {
            Some((name, value)) => tokens.push((format!("var({name})"), value.to_string())),
            None => kept.push(line),
        }
    }
    let inline = |text: &str| {
        let mut text = text.to_string();
        // A token may name another: until none is left (as many rounds as tokens).
        for _ in 0..=tokens.len() {
            let before = text.clone();
            for (var, value) in &tokens {
                text = text.replace(var.as_str(), value);
            }
            if text == before {
                break;
            }
        }
        text
    };
    let root = match kept.is_empty() {
        true => String::new(),
        false => format!("{ROOT}{}\n}}\n", kept.join("\n")),
    };
    inline(&format!("{before}{root}{after}"))
}

/// lightningcss's `FileProvider`, whose errors name the file they are about (its
/// own say "No such file or directory" and point to the `@import`'s file).
struct NamingFiles(FileProvider);

impl SourceProvider for NamingFiles {
    type Error = std::io::Error;

    fn read<'a>(&'a self, file: &Path) -> Result<&'a str, Self::Error> {
        self.0
            .read(file)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", file.display())))
    }

    fn resolve(&self, specifier: &str, from: &Path) -> Result<ResolveResult, Self::Error> {
        self.0.resolve(specifier, from)
    }
}

/// Writes the bundle of `entry` into `dist` in place of Trunk's copy of it, under a
/// name of its own hash, and links it from `dist/index.html`; returns the files
/// written besides `index.html` (one).
pub fn write_into(entry: &Path, dist: &Path) -> Result<usize, BuildError> {
    let index_path = dist.join("index.html");
    let index = read(&index_path, STEP)?;
    let found = shell::inspect(&index)?;
    let [copy] = found.css.as_slice() else {
        return Err(BuildError::new(
            STEP,
            format!(
                "index.html links {} style sheets, expected one ({})",
                found.css.len(),
                entry.display()
            ),
        ));
    };
    let bundle = bundle(entry)?;
    let stem = entry.file_stem().and_then(|s| s.to_str()).unwrap_or("main");
    let name = format!("{stem}-{}.css", content_hash(&bundle.css));
    let copy_file = dist.join(found.file_of(&copy.href));
    std::fs::remove_file(&copy_file)
        .map_err(|e| BuildError::new(STEP, format!("{}: {e}", copy_file.display())))?;
    write(&dist.join(&name), &bundle.css, STEP)?;
    let linked = Asset {
        href: format!("{}{name}", found.base_href),
        integrity: shell::sri(bundle.css.as_bytes()),
    };
    write(
        &index_path,
        &shell::relinked(&index, &copy.href, &linked)?,
        STEP,
    )?;
    Ok(1)
}

/// The first 16 hex digits of the SHA-256 of `text`: a hashed asset's name
/// (`names::is_hashed_asset`).
fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_written_in_place_of_their_var_unless_a_rule_changes_them() {
        let css = ":root {\n  --blue: #0033a0;\n  --gap: 1rem;\n  --edge: var(--blue);\n  color-scheme: light;\n}\n\
                   a {\n  color: var(--blue);\n  border-color: var(--edge);\n  margin: var(--gap);\n}\n\
                   .wide {\n  --gap: 2rem;\n}\n";
        assert_eq!(
            with_tokens_inlined(css),
            ":root {\n  --gap: 1rem;\n  color-scheme: light;\n}\n\
             a {\n  color: #0033a0;\n  border-color: #0033a0;\n  margin: var(--gap);\n}\n\
             .wide {\n  --gap: 2rem;\n}\n"
        );
        assert_eq!(
            with_tokens_inlined("a {\n  color: red;\n}\n"),
            "a {\n  color: red;\n}\n"
        );
    }

    #[test]
    fn the_bundle_names_no_token_of_its_own() {
        let bundle = bundle(&Path::new(STYLE).join("main.css")).unwrap();
        assert!(!bundle.css.contains("var(--"), "{}", bundle.css);
        assert!(!bundle.css.contains(":root"), "{}", bundle.css);
    }
    use crate::builder::names::is_hashed_asset;
    use crate::builder::shell::tests::TRUNK_INDEX;

    const STYLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/style");
    /// The one file of `style/` that may name colours, breakpoints and type sizes.
    const TOKENS: &str = "tokens.css";

    /// The files of `style/`, sub-folders included, with their paths.
    fn style_files() -> Vec<PathBuf> {
        fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, files);
                } else if path.extension().is_some_and(|e| e == "css") {
                    files.push(path);
                }
            }
        }
        let mut files = Vec::new();
        walk(Path::new(STYLE), &mut files);
        files.sort();
        files
    }

    /// `css` without its comments.
    fn without_comments(css: &str) -> String {
        let mut text = String::new();
        let mut rest = css;
        while let Some(start) = rest.find("/*") {
            text.push_str(&rest[..start]);
            rest = rest[start..]
                .find("*/")
                .map_or("", |end| &rest[start + end + 2..]);
        }
        text + rest
    }

    /// What in `css` should be a token: a colour (`#hex`, `rgb()`, `hsl()`, …), a
    /// breakpoint (a media query on the width or height), a font size that is not a
    /// `var()`.
    fn raw_values(css: &str) -> Vec<String> {
        let css = without_comments(css);
        let mut found = Vec::new();
        for (at, _) in css.match_indices('#') {
            let hex: String = css[at + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if [3, 4, 6, 8].contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
                found.push(format!("#{hex}"));
            }
        }
        let lower = css.to_ascii_lowercase();
        for function in [
            "rgb(", "rgba(", "hsl(", "hsla(", "hwb(", "lab(", "lch(", "oklab(", "oklch(", "color(",
        ] {
            for (at, _) in lower.match_indices(function) {
                let before = lower[..at].chars().next_back();
                if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-') {
                    found.push(
                        lower[at..]
                            .split(')')
                            .next()
                            .unwrap_or_default()
                            .to_string()
                            + ")",
                    );
                }
            }
        }
        let until =
            |at: usize, ends: &[char]| lower[at..].split(ends).next().unwrap_or_default().trim();
        for (at, _) in lower.match_indices("@media") {
            let query = until(at, &['{']);
            if query.contains("width") || query.contains("height") {
                found.push(query.to_string());
            }
        }
        for (at, _) in lower.match_indices("font-size:") {
            let declaration = until(at, &[';', '}']);
            if !declaration["font-size:".len()..].trim().starts_with("var(") {
                found.push(declaration.to_string());
            }
        }
        found
    }

    #[test]
    fn colours_breakpoints_and_type_sizes_are_tokens_named_in_one_file() {
        let tokens = Path::new(STYLE).join(TOKENS);
        let defined = raw_values(&std::fs::read_to_string(&tokens).unwrap());
        assert!(defined.iter().any(|v| v.starts_with('#')), "{defined:?}");
        for file in style_files().into_iter().filter(|f| *f != tokens) {
            let raw = raw_values(&std::fs::read_to_string(&file).unwrap());
            assert!(
                raw.is_empty(),
                "{}: {raw:?}: name it in style/{TOKENS}",
                file.display()
            );
        }
    }

    #[test]
    fn the_scan_finds_what_should_be_a_token() {
        let css = "/* #fff in a comment */ .a { color: #0033A0; background: rgb(0 0 0 / 0.1); }\n\
                   @media (max-width: 40rem) {\n  .b { font-size: 1.2rem; }\n}\n\
                   .c { color: var(--blue); font-size: var(--text-s); }\n#main-nav { border-color: currentColor; }";
        assert_eq!(
            raw_values(css),
            [
                "#0033A0",
                "rgb(0 0 0 / 0.1)",
                "@media (max-width: 40rem)",
                "font-size: 1.2rem"
            ]
        );
    }

    #[test]
    fn the_bundle_holds_every_file_of_style_and_no_named_breakpoint() {
        let bundle = bundle(&Path::new(STYLE).join("main.css")).unwrap();
        let mut bundled = bundle.files.clone();
        bundled.sort();
        assert_eq!(
            bundled,
            style_files(),
            "a file of style/ main.css does not import"
        );
        assert_eq!(bundle.files[0], Path::new(STYLE).join("main.css"));
        assert!(!bundle.css.contains("@import"), "{}", bundle.css);
        assert!(!bundle.css.contains("@custom-media"), "{}", bundle.css);
        assert!(!bundle.css.contains("@media (--"), "{}", bundle.css);
        assert!(
            bundle.css.contains("@media (min-width: 64rem)"),
            "{}",
            bundle.css
        );
        assert!(
            bundle.css.contains("@media (max-width: 63.99rem)"),
            "{}",
            bundle.css
        );
        // Every component's rules, in the order main.css imports them.
        let at = |selector: &str| {
            bundle
                .css
                .find(selector)
                .unwrap_or_else(|| panic!("{selector}: {}", bundle.css))
        };
        assert!(at("box-sizing") < at(".skip-links") && at(".skip-links") < at(".site-header"));
        assert!(at(".button {") < at(".button-quiet") && at(".button-quiet") < at(".site-notice"));
    }

    #[test]
    fn an_unknown_breakpoint_or_import_fails_the_build_with_the_file() {
        let style = tempfile::tempdir().unwrap();
        let entry = style.path().join("main.css");
        std::fs::write(&entry, "@media (--nowhere) { a { color: red; } }").unwrap();
        let error = bundle(&entry).unwrap_err();
        assert!(error.to_string().contains("main.css"), "{error}");
        std::fs::write(&entry, r#"@import "components/nowhere.css";"#).unwrap();
        let error = bundle(&entry).unwrap_err();
        assert!(error.to_string().contains("nowhere.css"), "{error}");
    }

    #[test]
    fn the_bundle_replaces_trunks_copy_under_its_own_hash_and_the_shell_links_it() {
        let dist = tempfile::tempdir().unwrap();
        std::fs::write(dist.path().join("index.html"), TRUNK_INDEX).unwrap();
        std::fs::write(
            dist.path().join("main-1a2b3c.css"),
            "@import \"tokens.css\";\n",
        )
        .unwrap();
        let entry = Path::new(STYLE).join("main.css");
        assert_eq!(write_into(&entry, dist.path()), Ok(1));
        assert!(!dist.path().join("main-1a2b3c.css").exists());
        let css = bundle(&entry).unwrap().css;
        let name = format!("main-{}.css", content_hash(&css));
        assert!(is_hashed_asset(&name), "{name}");
        assert_eq!(
            std::fs::read_to_string(dist.path().join(&name)).unwrap(),
            css
        );
        let index = std::fs::read_to_string(dist.path().join("index.html")).unwrap();
        let link = format!(
            r#"<link rel="stylesheet" href="/oim/{name}" integrity="{}""#,
            shell::sri(css.as_bytes())
        );
        assert!(index.contains(&link), "{index}");
    }
}
