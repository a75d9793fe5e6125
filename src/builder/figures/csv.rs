//! A figure's data as a CSV file, for spreadsheets in French locales: UTF-8 with a
//! byte-order mark (so Excel reads the accents), `;` between fields (the comma is
//! the decimal sign), CRLF line ends, numbers with a decimal comma and no digit
//! grouping (so they read as numbers, not text), the figure's source on the last
//! row. Plain spaces only, before `:` too: a no-break space is one character more a
//! spreadsheet user might trip on when searching or splitting cells.

// The table's digits (`content::csv_number`), so the CSV and the page's table agree.
use crate::content::{csv_number, Chart, FigureSource, Map};

const BOM: &str = "\u{feff}";
const SEPARATOR: char = ';';
const LINE_END: &str = "\r\n";

/// A chart's rows: its category and one column per series ("Migrants (millions)").
pub fn chart_csv(chart: &Chart) -> String {
    let mut rows = vec![std::iter::once(chart.category.clone())
        .chain(chart.series.iter().map(|s| match s.unit.as_str() {
            "" => s.name.clone(),
            unit => format!("{} ({unit})", s.name),
        }))
        .collect::<Vec<_>>()];
    for row in &chart.rows {
        rows.push(
            std::iter::once(row.label.clone())
                .chain(
                    row.values
                        .iter()
                        .map(|v| v.map(csv_number).unwrap_or_default()),
                )
                .collect(),
        );
    }
    write(rows, &chart.source)
}

/// A map's places, numbered as on the map, with their coordinates in degrees.
pub fn map_csv(map: &Map) -> String {
    let mut rows = vec![Map::COLUMNS.map(String::from).to_vec()];
    for (i, place) in map.places.iter().enumerate() {
        rows.push(vec![
            (i + 1).to_string(),
            place.name.clone(),
            place.country.clone(),
            place.kind.clone(),
            place.covers.clone().unwrap_or_default(),
            csv_number(place.lat),
            csv_number(place.lon),
        ]);
    }
    write(rows, &map.source)
}

/// The rows, then the source, padded to as many fields as the header (some
/// readers want every row the same length).
fn write(mut rows: Vec<Vec<String>>, source: &FigureSource) -> String {
    let columns = rows.first().map_or(1, Vec::len);
    let mut last = vec![match source.year {
        Some(year) => format!("Source : {}, {year}", source.name),
        None => format!("Source : {}", source.name),
    }];
    last.resize(columns, String::new());
    rows.push(last);
    let mut out = String::from(BOM);
    for row in rows {
        let fields: Vec<String> = row.iter().map(|f| field(f)).collect();
        out.push_str(&fields.join(&SEPARATOR.to_string()));
        out.push_str(LINE_END);
    }
    out
}

/// A field, in quotes (inner ones doubled) when it holds a separator, a quote or a
/// line end.
fn field(text: &str) -> String {
    if text.contains([SEPARATOR, '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::super::chart::tests::sample;
    use super::super::map::tests::offices;
    use super::*;

    #[test]
    fn a_chart_reads_in_a_french_spreadsheet() {
        let mut chart = sample(&["1970", "1990", "Europe; « Ouest »"], true);
        chart.rows[0].values[0] = Some(19000.0);
        chart.rows[0].label = "Dit \"ici\"".into();
        let csv = chart_csv(&chart);
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<&str> = csv[3..].split("\r\n").collect();
        assert_eq!(
            lines,
            [
                "Année;Migrants internationaux (millions);Part de la population mondiale (%)",
                "\"Dit \"\"ici\"\"\";19000;2,3",
                "1990;182,5;",
                "\"Europe; « Ouest »\";281;4,3",
                "Source : OIM, 2024;;",
                "",
            ]
        );
        assert!(!csv.contains('\u{202f}') && !csv.contains('\u{a0}'));
        assert!(!csv.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn a_map_lists_its_places_with_their_numbers() {
        let mut map = offices();
        map.places[0].covers = Some("Afrique de l’Ouest et du Centre".into());
        map.source.year = None;
        let text = map_csv(&map);
        let csv = lines(&text);
        assert_eq!(
            csv[0],
            "N°;Ville;Pays;Rôle;Région couverte;Latitude;Longitude"
        );
        assert_eq!(
            csv[1],
            "1;Dakar;Sénégal;Bureau régional;Afrique de l’Ouest et du Centre;14,69;-17,44"
        );
        assert_eq!(
            csv[13],
            "13;New York;États-Unis;Bureau de liaison spécial;;40,71;-74,01"
        );
        assert_eq!(csv[14], "Source : OIM;;;;;;");
        assert_eq!(csv.len(), 16);
    }

    fn lines(csv: &str) -> Vec<&str> {
        csv.strip_prefix('\u{feff}')
            .unwrap()
            .split("\r\n")
            .collect()
    }
}
