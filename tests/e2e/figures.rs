//! Charts and maps (src/render/figures.rs, drawn by src/builder/figures/): each
//! figure shows its picture, with its text alternative and its size set, and the
//! same numbers as a table; its CSV downloads and holds the table's numbers, its
//! source last; figures are drawn on a page opened in place too.

use crate::accessibility::{at_each_width, axe};
use crate::harness::{ensure, ensure_eq, Page, TestResult};
use serde_json::Value;

crate::tests! {
    every_engine: [
        each_figure_shows_its_picture_text_alternative_and_table,
        each_csv_downloads_and_holds_the_table,
        figures_are_drawn_on_pages_opened_in_place,
    ],
    chromium_only: [axe_finds_nothing_in_the_figures_opened],
}

/// The pages with figures, and how many each has.
const PAGES: [(&str, u64); 2] = [
    ("/donnees-et-recherche", 3),
    ("/notre-travail/ou-travaillons-nous", 1),
];

/// Every figure of the page: its picture (alt, the size written in the markup,
/// the size it loaded with), its caption and its table, as the document has them.
/// The pictures are scrolled to (they load lazily) and waited for.
const FIGURES: &str = "[...document.querySelectorAll('main figure.data-figure')].map(f => {
    const img = f.querySelector('img');
    const rows = [...f.querySelectorAll('table tr')].map(tr =>
        [...tr.children].map(c => c.querySelector('.visually-hidden') ? '' : c.textContent));
    return { alt: img && img.getAttribute('alt'), width: img && img.getAttribute('width'),
             height: img && img.getAttribute('height'),
             loaded: !!img && img.complete && img.naturalWidth > 0,
             caption: f.querySelector('figcaption').textContent,
             summary: f.querySelector('details > summary').textContent,
             csv: f.querySelector('a[download]') && f.querySelector('a[download]').href,
             rows };
})";

async fn figures_of(page: &Page, path: &str, expected: u64) -> Result<Vec<Value>, String> {
    page.wait_for("main figure.data-figure img")
        .await
        .map_err(|e| format!("{path}: no figure: {e}"))?;
    page.eval(
        "document.querySelectorAll('main figure.data-figure img')
            .forEach(img => { img.loading = 'eager'; })",
    )
    .await
    .map_err(|e| e.to_string())?;
    page.wait_until(
        "[...document.querySelectorAll('main figure.data-figure img')]
            .every(img => img.complete && img.naturalWidth > 0)",
    )
    .await
    .map_err(|e| format!("{path}: the pictures did not load: {e}"))?;
    let figures = page.eval(FIGURES).await.map_err(|e| e.to_string())?;
    let figures = figures.as_array().cloned().unwrap_or_default();
    if figures.len() as u64 != expected {
        return Err(format!("{path}: {} figures, not {expected}", figures.len()));
    }
    Ok(figures)
}

fn check_figure(path: &str, figure: &Value) -> TestResult {
    let at = format!("{path}: {}", figure["caption"]);
    let alt = figure["alt"].as_str().unwrap_or_default();
    ensure(
        alt.len() > 20 && alt.ends_with('.'),
        format!("{at}: alt {alt:?}"),
    )?;
    for size in ["width", "height"] {
        let value = figure[size].as_str().and_then(|v| v.parse::<u32>().ok());
        ensure(
            value.is_some_and(|v| v > 100),
            format!("{at}: {size} {value:?}"),
        )?;
    }
    ensure(
        figure["loaded"] == true,
        format!("{at}: the picture did not load"),
    )?;
    ensure(
        figure["caption"]
            .as_str()
            .unwrap_or_default()
            .contains("Source\u{a0}: "),
        format!("{at}: the caption names no source"),
    )?;
    ensure_eq(
        figure["summary"].as_str().unwrap_or_default(),
        "Voir les données",
        format!("{at}: the table's disclosure"),
    )?;
    let rows = figure["rows"].as_array().map_or(0, Vec::len);
    ensure(rows >= 3, format!("{at}: {rows} rows in the table"))
}

async fn each_figure_shows_its_picture_text_alternative_and_table(page: Page) -> TestResult {
    for (path, count) in PAGES {
        page.open(path).await?;
        for figure in figures_of(&page, path, count).await? {
            check_figure(path, &figure)?;
        }
    }
    Ok(())
}

async fn each_csv_downloads_and_holds_the_table(page: Page) -> TestResult {
    for (path, count) in PAGES {
        page.open(path).await?;
        for figure in figures_of(&page, path, count).await? {
            let csv = figure["csv"]
                .as_str()
                .ok_or(format!("{path}: no CSV link"))?;
            let at = format!("{path}: {csv}");
            // Downloaded as the browser gets it, bytes and all.
            let answer = page
                .client
                .execute_async(
                    "const [url, done] = arguments;
                     fetch(url).then(r => r.arrayBuffer().then(b => done({
                         status: r.status,
                         type: r.headers.get('content-type'),
                         bom: [...new Uint8Array(b.slice(0, 3))],
                         text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(b) })))
                       .catch(e => done({ error: String(e) }));",
                    vec![Value::from(csv)],
                )
                .await?;
            ensure_eq(
                answer["status"].as_u64(),
                Some(200),
                format!("{at}: status"),
            )?;
            ensure_eq(
                answer["type"].as_str(),
                Some("text/csv; charset=utf-8"),
                format!("{at}: content type"),
            )?;
            ensure_eq(
                answer["bom"].clone(),
                serde_json::json!([0xef, 0xbb, 0xbf]),
                format!("{at}: a BOM first"),
            )?;
            let text = answer["text"].as_str().unwrap_or_default();
            let mut lines: Vec<&str> = text
                .trim_start_matches('\u{feff}')
                .trim_end_matches("\r\n")
                .split("\r\n")
                .collect();
            let source = lines.pop().unwrap_or_default();
            ensure(
                source.starts_with("Source"),
                format!("{at}: the last row is not the source: {source:?}"),
            )?;
            let csv_rows: Vec<Vec<String>> = lines
                .iter()
                .map(|line| line.split(';').map(unquote).collect())
                .collect();
            // The table's numbers are written with narrow no-break spaces between
            // digit groups, a minus sign and a "—" for a missing value; the CSV
            // without groups, with a hyphen-minus and an empty field.
            let table_rows: Vec<Vec<String>> = figure["rows"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|row| {
                    row.as_array()
                        .into_iter()
                        .flatten()
                        .map(|c| {
                            let cell = c.as_str().unwrap_or_default();
                            cell.replace('\u{202f}', "").replace('\u{2212}', "-")
                        })
                        .collect()
                })
                .collect();
            ensure_eq(
                serde_json::json!(csv_rows),
                serde_json::json!(table_rows),
                format!("{at}: the CSV against the table"),
            )?;
        }
    }
    Ok(())
}

/// A CSV field as a spreadsheet reads it: quotes removed, doubled quotes single.
fn unquote(field: &str) -> String {
    match field.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => field.to_string(),
    }
}

async fn figures_are_drawn_on_pages_opened_in_place(page: Page) -> TestResult {
    let journeys = [
        (
            "/",
            "main a[href='/donnees-et-recherche#chiffres']",
            PAGES[0],
        ),
        (
            "/notre-travail",
            "main a[href='/notre-travail/ou-travaillons-nous']",
            PAGES[1],
        ),
    ];
    for (from, link, (path, count)) in journeys {
        page.open(from).await?;
        page.set_marker().await?;
        page.click(link).await?;
        page.wait_until(&format!(
            "location.pathname === {}",
            Value::from(page.href(path))
        ))
        .await?;
        for figure in figures_of(&page, path, count).await? {
            check_figure(path, &figure)?;
        }
        page.ensure_not_reloaded(format!("opening {path} in place"))
            .await?;
    }
    Ok(())
}

async fn axe_finds_nothing_in_the_figures_opened(page: Page) -> TestResult {
    let page = &page;
    at_each_width(page, |width| async move {
        for (path, count) in PAGES {
            page.open(path).await?;
            figures_of(page, path, count).await?;
            page.eval(
                "document.querySelectorAll('main figure.data-figure details')
                    .forEach(d => { d.open = true; })",
            )
            .await?;
            axe(page, &format!("{path} at {width}px, the tables shown")).await?;
        }
        Ok(())
    })
    .await
}
