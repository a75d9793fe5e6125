//! The step `search_index`: the search index. Each prerendered page of the model that has words of
//! its own (`search::is_indexed`) has its `<main>` marked for Pagefind
//! (`data-pagefind-body`: menus, breadcrumbs and footer stay out, or every page would
//! match every menu word) with its section as metadata; then Pagefind (npm, pinned
//! in package-lock.json) indexes them into `pagefind/`. The engine's own search
//! interfaces, which the site does not use, are removed.

use super::{read, rewrite_html, write, BuildError};
use crate::nav::{model, page_file};
use crate::search::{is_indexed, section_of};
use lol_html::element;
use std::path::Path;
use std::process::Command;

const STEP: &str = "search index";

/// The folder of the index, under the site's root.
pub const FOLDER: &str = "pagefind";

/// Files Pagefind writes for its ready-made interfaces, which the site draws itself.
const UNUSED: [&str; 7] = [
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// Marks the pages, runs Pagefind, removes what the site does not use; the number of
/// pages indexed.
pub fn build(pagefind: &Path, dist: &Path) -> Result<usize, BuildError> {
    let mut indexed = 0;
    for node in model().nodes().into_iter().filter(|n| is_indexed(n)) {
        let file = dist.join(page_file(&node.path));
        let page = read(&file, STEP)?;
        let section = section_of(&node.path).unwrap_or_default();
        write(&file, &mark_main(&page, &section)?, STEP)?;
        indexed += 1;
    }
    let output = Command::new(pagefind)
        .arg("--site")
        .arg(dist)
        .args(["--output-subdir", FOLDER, "--quiet"])
        .output()
        .map_err(|e| {
            BuildError::new(
                STEP,
                format!(
                    "{}: {e} (scripts/setup.sh installs it from npm)",
                    pagefind.display()
                ),
            )
        })?;
    if !output.status.success() {
        return Err(BuildError::new(
            STEP,
            format!(
                "pagefind failed ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ),
        ));
    }
    for name in UNUSED {
        let _ = std::fs::remove_file(dist.join(FOLDER).join(name));
    }
    Ok(indexed)
}

/// The page with its `<main>` marked as the part to index, its section as metadata.
fn mark_main(page: &str, section: &str) -> Result<String, BuildError> {
    // Pagefind reads `key:value` pairs separated by commas in this attribute.
    if section.contains(',') {
        return Err(BuildError::new(
            STEP,
            format!("a section label with a comma cannot be search metadata: {section}"),
        ));
    }
    let meta = format!("section:{section}");
    rewrite_html(
        page,
        vec![element!("body > main", |el| {
            el.set_attribute("data-pagefind-body", "")?;
            el.set_attribute("data-pagefind-meta", &meta)?;
            Ok(())
        })],
    )
    .map_err(|e| BuildError::new(STEP, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_is_marked_with_its_section() {
        let page = r#"<body><header><a href="/">OIM</a></header><main id="contenu"><h1>Agir</h1></main></body>"#;
        let marked = mark_main(page, "Qui sommes-nous ? › Structure").unwrap();
        assert!(
            marked.contains(r#"<main id="contenu" data-pagefind-body="" data-pagefind-meta="section:Qui sommes-nous ? › Structure">"#),
            "{marked}"
        );
        assert!(
            marked.contains("<header><a href=\"/\">OIM</a></header>"),
            "{marked}"
        );
        assert!(mark_main(page, "A, B").is_err());
        // The rewriter escapes the quotes of attribute values.
        let quoted = mark_main(page, r#"« A » "B""#).unwrap();
        assert!(
            quoted.contains(r#"data-pagefind-meta="section:« A » &quot;B&quot;""#),
            "{quoted}"
        );
    }
}
