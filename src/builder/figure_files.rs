//! The files of the content's figures (chart and map blocks): for each, its picture
//! (`<title>-<16 hex of its SHA-256>.svg`, cached as immutable like every hashed
//! asset) and its data (`<title>.csv`), written at the root of `dist/`, drawn by
//! `figures` from the block's data. The copy of the content file the site publishes
//! (and prerenders) gets each block's `files`, so the page knows their names and the
//! picture's size; the file in `public/content/` holds the data alone.

use super::figures::{self, Drawn, Land};
use super::{write, BuildError};
use crate::content::{Block, PageContent};
use serde::Deserialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

const STEP: &str = "figures";

/// Draws the figures of the content file `text` (named `name`) into `dist`; the
/// file with each figure's `files` written in, or `None` if it has no figure.
/// `land` is read when a map is first met; `stems` holds the file names already
/// taken by other figures (two figures may not share a title).
pub fn draw_figures(
    name: &str,
    text: &str,
    dist: &Path,
    land: &mut dyn FnMut() -> Result<&'static Land, BuildError>,
    stems: &mut BTreeMap<String, String>,
) -> Result<Option<String>, BuildError> {
    let problem = |what: String| BuildError::new(STEP, format!("public/content/{name}: {what}"));
    let content = PageContent::parse(text).map_err(|e| problem(e.to_string()))?;
    #[derive(Deserialize)]
    struct Body<'a> {
        #[serde(borrow)]
        body: Vec<&'a RawValue>,
    }
    // The blocks' own text, to write `files` into each figure's without rewriting
    // anything else (a block's `type` must stay its first key).
    let raw: Vec<&RawValue> = serde_json::from_str::<Body>(text)
        .map(|b| b.body)
        .map_err(|e| problem(e.to_string()))?;
    let mut inserts = Vec::new();
    for (i, (block, raw)) in content.body.iter().zip(&raw).enumerate() {
        let (title, drawn, csv) = match block {
            Block::Chart(chart) => (
                &chart.title,
                figures::chart_svg(chart),
                figures::chart_csv(chart),
            ),
            Block::Map(map) => (
                &map.title,
                figures::map_svg(map, land()?),
                figures::map_csv(map),
            ),
            _ => continue,
        };
        let stem = figures::file_stem(title);
        if let Some(other) = stems.insert(stem.clone(), format!("{name} body[{i}]")) {
            return Err(problem(format!(
                "body[{i}]: the figure {title:?} has the file name {stem:?} of the one in {other}: \
                 give it another title"
            )));
        }
        let files = write_files(dist, &stem, &drawn, &csv)?;
        // The block's text ends with its closing brace.
        let at = raw.get().as_ptr() as usize - text.as_ptr() as usize + raw.get().len() - 1;
        inserts.push((at, format!(", \"files\": {files}")));
    }
    if inserts.is_empty() {
        return Ok(None);
    }
    let mut out = text.to_string();
    for (at, member) in inserts.into_iter().rev() {
        out.insert_str(at, &member);
    }
    Ok(Some(out))
}

/// Writes a figure's SVG and CSV; its `files` member, as JSON.
fn write_files(dist: &Path, stem: &str, drawn: &Drawn, csv: &str) -> Result<String, BuildError> {
    let hash: String = Sha256::digest(drawn.svg.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let svg = format!("{stem}-{hash}.svg");
    let csv_name = format!("{stem}.csv");
    write(&dist.join(&svg), &drawn.svg, STEP)?;
    write(&dist.join(&csv_name), csv, STEP)?;
    Ok(serde_json::json!({
        "svg": format!("/{svg}"),
        "width": drawn.width,
        "height": drawn.height,
        "csv": format!("/{csv_name}"),
    })
    .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::FigureFiles;

    const PAGE: &str = r#"{"body": [{"type": "paragraph", "text": ["Texte."]},
        {"type": "chart", "title": "Migrants internationaux", "alt": "Ils sont plus nombreux.",
         "source": {"name": "OIM", "year": 2024}, "category": "Année",
         "series": [{"name": "Migrants", "unit": "millions"}],
         "rows": [{"label": "1970", "values": [84]}, {"label": "2020", "values": [281]}]}]}"#;

    fn no_land() -> Result<&'static Land, BuildError> {
        panic!("no map here")
    }

    #[test]
    fn a_chart_gets_its_files_written_and_named_in_its_block() {
        let dist = tempfile::tempdir().unwrap();
        let mut stems = BTreeMap::new();
        let out = draw_figures("a.json", PAGE, dist.path(), &mut no_land, &mut stems)
            .unwrap()
            .unwrap();
        let content = PageContent::parse(&out).unwrap();
        let Block::Chart(chart) = &content.body[1] else {
            panic!("{:?}", content.body[1])
        };
        let FigureFiles {
            svg,
            width,
            height,
            csv,
        } = chart.files.clone().unwrap();
        assert!(svg.starts_with("/migrants-internationaux-") && svg.ends_with(".svg"));
        assert!(super::super::names::is_hashed_asset(&svg[1..]), "{svg}");
        assert_eq!(csv, "/migrants-internationaux.csv");
        assert!(width > 0 && height > 0);
        let written = std::fs::read_to_string(dist.path().join(&svg[1..])).unwrap();
        assert!(written.contains("<svg"));
        assert!(dist.path().join(&csv[1..]).exists());
        // Everything else is as it was.
        let mut source = PageContent::parse(PAGE).unwrap();
        if let Block::Chart(c) = &mut source.body[1] {
            c.files = chart.files.clone();
        }
        assert_eq!(source, content);
        // The same data, the same picture and name.
        let again = tempfile::tempdir().unwrap();
        let out2 = draw_figures(
            "a.json",
            PAGE,
            again.path(),
            &mut no_land,
            &mut BTreeMap::new(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(out, out2);
    }

    #[test]
    fn a_page_without_figures_is_left_alone_and_titles_must_differ() {
        let dist = tempfile::tempdir().unwrap();
        let plain = r#"{"body": [{"type": "paragraph", "text": ["Texte."]}]}"#;
        let mut stems = BTreeMap::new();
        assert_eq!(
            draw_figures("p.json", plain, dist.path(), &mut no_land, &mut stems).unwrap(),
            None
        );
        draw_figures("a.json", PAGE, dist.path(), &mut no_land, &mut stems).unwrap();
        let error =
            draw_figures("b.json", PAGE, dist.path(), &mut no_land, &mut stems).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("public/content/b.json") && message.contains("a.json body[1]"),
            "{message}"
        );
    }
}
