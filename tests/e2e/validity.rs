//! Valid HTML (RGAA criterion 8.2): every prerendered document, and the document as
//! the app leaves it after taking a page over and after client-side navigations,
//! pass the W3C's Nu Html Checker (npm `vnu-jar`, run with Java) with no error and
//! no warning that is not explained below.

use crate::harness::{ensure, ensure_eq, repo, tempdir, Page, TestResult};
use serde_json::Value;
use std::path::{Path, PathBuf};

crate::tests! {
    every_engine: [
        the_document_stays_valid_after_take_over_and_navigation,
    ],
    // The files as served: no browser involved.
    chromium_only: [
        every_prerendered_document_is_valid_html,
    ],
}

/// Warnings the checker may give that we leave, each with the reason: a new warning
/// fails the test until it is fixed or explained here.
const EXPLAINED_WARNINGS: &[(&str, &str)] = &[
    (
        "Inline script violates Content Security Policy (meta tag)",
        "the checker applies the page's <meta> policy without hashing inline scripts \
         (the loader's hash is in the policy) and to JSON data blocks, which browsers do \
         not run; in real browsers the pages run under the policy with no violation \
         (hosting::no_csp_violation_console_error_or_warning_on_any_page)",
    ),
    (
        "Resource violates Content Security Policy (meta tag)",
        "the checker reads the pages as file: URLs, so 'self' is not the site's origin \
         and its own style sheet seems foreign; served, it is the site's",
    ),
];

/// One message of the checker: its type (`error`, or `info` with subtype `warning`).
struct Finding {
    file: String,
    line: u64,
    message: String,
    is_error: bool,
}

/// Runs the Nu Html Checker on `files`; returns its errors and warnings (not its
/// informational notes, such as "trailing slash on void elements").
fn nu_check(files: &[PathBuf]) -> Result<Vec<Finding>, String> {
    let jar = repo().join("node_modules/vnu-jar/build/dist/vnu.jar");
    let output = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--format", "json", "--stdout", "--exit-zero-always"])
        .args(files)
        .output()
        .map_err(|e| {
            format!(
                "java -jar {}: {e} (scripts/setup.sh installs both)",
                jar.display()
            )
        })?;
    let report: Value = serde_json::from_slice(&output.stdout).map_err(|e| {
        format!(
            "no report from the Nu Html Checker ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })?;
    let messages = report["messages"].as_array().cloned().unwrap_or_default();
    Ok(messages
        .iter()
        .filter_map(|m| {
            let is_error = m["type"] == "error" || m["type"] == "non-document-error";
            let is_warning = m["type"] == "info" && m["subType"] == "warning";
            (is_error || is_warning).then(|| Finding {
                file: m["url"]
                    .as_str()
                    .unwrap_or("?")
                    .trim_start_matches("file:")
                    .to_string(),
                line: m["lastLine"].as_u64().unwrap_or(0),
                message: m["message"].as_str().unwrap_or("?").to_string(),
                is_error,
            })
        })
        .collect())
}

/// Fails naming the file, the line and the message of every error and of every
/// warning not explained in `EXPLAINED_WARNINGS`; `shown` turns a file into what
/// the reader should see (a page's address).
fn ensure_valid(files: &[PathBuf], shown: impl Fn(&str) -> String) -> TestResult {
    let findings = nu_check(files)?;
    let problems: Vec<String> = findings
        .iter()
        .filter(|f| {
            f.is_error
                || !EXPLAINED_WARNINGS
                    .iter()
                    .any(|(start, _)| f.message.starts_with(start))
        })
        .map(|f| {
            let kind = if f.is_error { "error" } else { "warning" };
            format!("{}:{}: {kind}: {}", shown(&f.file), f.line, f.message)
        })
        .collect();
    ensure(
        problems.is_empty(),
        format!(
            "{} problem(s) in {} document(s):\n{}",
            problems.len(),
            files.len(),
            problems.join("\n")
        ),
    )
}

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

async fn every_prerendered_document_is_valid_html(page: Page) -> TestResult {
    let mut files = Vec::new();
    html_files(page.dist(), &mut files);
    files.sort();
    // Every page of the site map (the home page is index.html) and 404.html, and
    // every page but the home page again as its `.html` copy (`agir.html` beside
    // `agir/index.html`), the same bytes, checked once.
    let (copies, documents): (Vec<PathBuf>, Vec<PathBuf>) = files
        .into_iter()
        .partition(|file| file.with_extension("").join("index.html").is_file());
    ensure_eq(
        documents.len(),
        crate::site_map::PAGES.len() + 1,
        "HTML documents in the build",
    )?;
    ensure_eq(
        copies.len(),
        crate::site_map::PAGES.len() - 1,
        "pages' .html copies in the build",
    )?;
    for copy in &copies {
        let original = copy.with_extension("").join("index.html");
        ensure(
            std::fs::read(copy)? == std::fs::read(&original)?,
            format!("{} is {}", copy.display(), original.display()),
        )?;
    }
    let dist = page.dist().display().to_string();
    ensure_valid(&documents, |file| file.replace(&dist, "dist"))
}

/// One page of each kind, as the app leaves the document.
const SAMPLE: [&str; 6] = [
    "/",
    "/agir",
    "/qui-sommes-nous/structure",
    "/agir/engagez-vous",
    "/donnees-et-recherche/lavenir-de-la-migration",
    "/plan-du-site",
];

const SERIALISED: &str = "'<!DOCTYPE html>\\n' + document.documentElement.outerHTML";

async fn the_document_stays_valid_after_take_over_and_navigation(page: Page) -> TestResult {
    let dir = tempdir("oim-validity");
    let mut files = Vec::new();
    let mut save = |name: String, html: &Value| -> TestResult {
        let file = dir.join(name);
        std::fs::write(
            &file,
            html.as_str().ok_or("the document was not serialised")?,
        )?;
        files.push(file);
        Ok(())
    };
    // After the take-over of each kind of page, and of the not-found page.
    for path in SAMPLE.iter().chain(&["/nulle-part"]) {
        page.open(path).await?;
        page.settled().await?;
        // The app has taken over the prerendered markup, whose markers are written
        // `<!---->`: its "Menu" link is now the app's button.
        let menu = page
            .eval("document.getElementById('menu-bouton').tagName")
            .await?;
        ensure_eq(
            menu,
            Value::from("BUTTON"),
            format!("{path}: the Menu control after take-over"),
        )?;
        save(
            format!("repris{}.html", path.replace('/', "_")),
            &page.eval(SERIALISED).await?,
        )?;
    }
    // After client-side navigations from the site map, which links every page.
    page.open("/plan-du-site").await?;
    for path in SAMPLE.iter().filter(|p| **p != "/plan-du-site") {
        page.set_marker().await?;
        page.click(&format!("main a[href='{path}']")).await?;
        page.wait_until(&format!("location.pathname === {:?}", page.href(path)))
            .await?;
        page.settled().await?;
        page.ensure_not_reloaded(format!("the link to {path}"))
            .await?;
        save(
            format!("navigue{}.html", path.replace('/', "_")),
            &page.eval(SERIALISED).await?,
        )?;
        page.client.back().await?;
        page.wait_until("location.pathname.endsWith('/plan-du-site')")
            .await?;
        page.settled().await?;
    }
    let result = ensure_valid(&files, |file| {
        let name = Path::new(file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        name.unwrap_or_default().replace('_', "/")
    });
    let _ = std::fs::remove_dir_all(&dir);
    result
}
