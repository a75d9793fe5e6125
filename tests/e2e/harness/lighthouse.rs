//! Lighthouse runs (npm package, Debian's Chromium), shared by the tests and the
//! benchmark.

use super::{repo, tempdir, Page};
use serde_json::{json, Value};

/// Runs Lighthouse (npm package, Debian's Chromium, a fresh profile) on one page for
/// one category, with a preset ("desktop") or its default mobile emulation, and
/// returns its JSON report. Shared by the tests and the benchmark.
///
/// The report goes to a file, not to stdout: on a runtime error (a page that did
/// not load or paint, a protocol time-out) Lighthouse writes its report and calls
/// `process.exit(1)`, and Node writes to a pipe asynchronously, so the exit cut the
/// report wherever the pipe had got to (BENCHMARKS.md, "Lighthouse runs"); a file
/// is written whole before Lighthouse exits. A run that fails (an exit status other
/// than 0, or no whole report) is tried once more; a second failure names the page,
/// the exit status, the runtime error and the last lines Lighthouse wrote on stderr.
pub fn lighthouse_report(url: &str, category: &str, preset: Option<&str>) -> Result<Value, String> {
    let mut failures = Vec::new();
    for _ in 0..2 {
        match lighthouse_once(url, category, preset) {
            Ok(report) => return Ok(report),
            Err(failure) => failures.push(failure),
        }
    }
    Err(format!(
        "Lighthouse failed twice on {url} ({category}):\n{}",
        failures.join("\n")
    ))
}

fn lighthouse_once(url: &str, category: &str, preset: Option<&str>) -> Result<Value, String> {
    let profile = tempdir("oim-lighthouse");
    let report_path = profile.with_extension("report.json");
    let output = std::process::Command::new(repo().join("node_modules/.bin/lighthouse"))
        .arg(url)
        .arg(format!("--only-categories={category}"))
        .args(preset.map(|p| format!("--preset={p}")))
        .args(["--output=json", "--quiet"])
        .arg(format!("--output-path={}", report_path.display()))
        .arg(format!(
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run \
             --disable-background-networking --disable-component-update --disable-sync --user-data-dir={}",
            profile.display()
        ))
        .env("CHROME_PATH", "/usr/bin/chromium")
        .stdin(std::process::Stdio::null())
        .output();
    let report = std::fs::read(&report_path);
    let _ = std::fs::remove_dir_all(&profile);
    let _ = std::fs::remove_file(&report_path);
    let output = output.map_err(|e| format!("  lighthouse could not start: {e}"))?;
    let stderr_tail = || {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        let tail = lines[lines.len().saturating_sub(10)..].join("\n    ");
        if tail.is_empty() {
            "(nothing on stderr)".to_string()
        } else {
            tail
        }
    };
    if !output.status.success() {
        // Lighthouse writes its whole report, then exits non-zero, on a runtime error
        // (a page that did not load or paint, a protocol time-out): name it.
        let runtime_error = report
            .ok()
            .and_then(|r| serde_json::from_slice::<Value>(&r).ok())
            .map(|r| r["runtimeError"].clone())
            .filter(|e| !e.is_null())
            .map_or(String::new(), |e| {
                format!(" (runtime error {}: {})", e["code"], e["message"])
            });
        return Err(format!(
            "  {}{runtime_error}; stderr ends:\n    {}",
            output.status,
            stderr_tail()
        ));
    }
    let report = report.map_err(|e| {
        format!(
            "  {} but no report at {} ({e}); stderr ends:\n    {}",
            output.status,
            report_path.display(),
            stderr_tail()
        )
    })?;
    serde_json::from_slice(&report).map_err(|e| {
        format!(
            "  {} but the report ({} bytes) is not whole JSON ({e}); stderr ends:\n    {}",
            output.status,
            report.len(),
            stderr_tail()
        )
    })
}

/// Lighthouse on one page of the site under test, for one category: its score
/// (0 to 1) and the ids of the audits that failed.
pub async fn lighthouse(
    page: &Page,
    path: &str,
    category: &str,
    preset: Option<&str>,
) -> Result<(f64, Vec<String>), Box<dyn std::error::Error + Send + Sync>> {
    let (url, category_name, preset) = (
        page.url(path),
        category.to_string(),
        preset.map(String::from),
    );
    let report = tokio::task::spawn_blocking(move || {
        lighthouse_report(&url, &category_name, preset.as_deref())
    })
    .await??;
    let score = report["categories"][category]["score"]
        .as_f64()
        .ok_or_else(|| format!("{path}: no {category} score"))?;
    let failing = report["audits"]
        .as_object()
        .map(|audits| {
            audits
                .iter()
                .filter(|(_, a)| a["score"] == json!(0))
                .map(|(id, _)| id.clone())
                .collect()
        })
        .unwrap_or_default();
    Ok((score, failing))
}
