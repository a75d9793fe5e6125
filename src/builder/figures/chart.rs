//! A chart block as a horizontal bar chart: one bar per row, labelled directly with
//! its value (no axis to read across), so the picture says the numbers even printed
//! in black and white.

use super::text::{width, wrap};
use super::{colours, escape, font_size, num, svg_start, Drawn};
use crate::content::{french_number, Chart, Row, Series};

/// Narrow, so the text, at least 12 px at 320 px wide, is not huge at 704 px.
const WIDTH: u32 = 400;
/// A bar's thickness, and the space between one row and the next.
const BAR: f64 = 20.0;
const ROW_GAP: f64 = 10.0;
/// Labels go on the left of the bars when they all fit on one line in this share
/// of the width; otherwise above each bar, over the whole width, so long labels
/// ("Amérique latine et Caraïbes") keep room for the bars.
const LEFT_LABELS_SHARE: f64 = 0.3;
/// Space between a label and its bar, and a bar and its value.
const GAP: f64 = 6.0;

/// Line height as a multiple of the font size, and where a line's baseline is from
/// its top, so lines of text never touch.
const LEADING: f64 = 1.3;
const BASELINE: f64 = 1.0;

/// A chart block as an SVG bar chart. The title is the SVG's `<title>` only: the
/// page writes it, and the source, around the picture.
pub fn chart_svg(chart: &Chart) -> Drawn {
    let w = f64::from(WIDTH);
    let f = font_size(WIDTH);
    let line = f * LEADING;
    let mut body = String::new();
    let mut y = 0.0;
    let text = |body: &mut String, x: f64, top: f64, words: &str, bold: bool| {
        body.push_str(&format!(
            "<text x=\"{}\" y=\"{}\"{}>{}</text>",
            num(x),
            num(top + f * BASELINE),
            if bold { " font-weight=\"bold\"" } else { "" },
            escape(words)
        ));
    };
    if let Some(first) = chart.series.first() {
        for words in wrap(&heading(first), f, true, w) {
            text(&mut body, 0.0, y, &words, true);
            y += line;
        }
    }
    if let Some(second) = chart.series.get(1) {
        // French writes no capital after a colon.
        let mut name = second.name.chars();
        let name: String = name
            .next()
            .map(|first| first.to_lowercase().chain(name).collect())
            .unwrap_or_default();
        let note = format!("Entre parenthèses\u{a0}: {name}");
        for words in wrap(&note, f, false, w) {
            text(&mut body, 0.0, y, &words, false);
            y += line;
        }
    }
    y += ROW_GAP;

    let label_width = chart
        .rows
        .iter()
        .map(|r| width(&r.label, f, false))
        .fold(0.0, f64::max);
    let left_labels = label_width <= w * LEFT_LABELS_SHARE;
    // Where the bars start: after the labels, or a line's width in so the
    // baseline shows.
    let x0 = if left_labels {
        (label_width + GAP).ceil()
    } else {
        1.0
    };
    let values: Vec<String> = chart
        .rows
        .iter()
        .map(|r| value_text(r, &chart.series))
        .collect();
    let firsts: Vec<f64> = chart.rows.iter().map(first_value).collect();
    let longest = longest_bar(&firsts, &values, w - x0, f);
    let lengths = bar_lengths(&firsts, longest);

    let mut bars = String::new();
    let mut baseline = String::new();
    let (mut first_top, mut last_bottom) = (None, y);
    for ((row, value), length) in chart.rows.iter().zip(&values).zip(&lengths) {
        if !left_labels {
            for words in wrap(&row.label, f, false, w) {
                text(&mut body, 0.0, y, &words, false);
                y += line;
            }
            y += 2.0;
            baseline.push_str(&format!("M{} {}v{}", num(x0), num(y - 3.0), num(BAR + 6.0)));
        }
        // The text's middle (about a third of its size above the baseline) at the bar's.
        let text_top = y + BAR / 2.0 + 0.35 * f - f * BASELINE;
        if left_labels {
            text(&mut body, 0.0, text_top, &row.label, false);
        }
        bars.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            num(x0),
            num(y),
            num(*length),
            num(BAR)
        ));
        text(&mut body, x0 + length + GAP, text_top, value, false);
        first_top.get_or_insert(y);
        last_bottom = y + BAR;
        y += BAR + ROW_GAP;
    }
    if left_labels {
        let top = first_top.unwrap_or(y) - 3.0;
        baseline = format!("M{} {}V{}", num(x0), num(top), num(last_bottom + 3.0));
    }
    let height = (y - ROW_GAP + 4.0).ceil() as u32;
    let mut svg = svg_start(&chart.title, WIDTH, height);
    svg.push_str(&format!("<g fill=\"{}\">{bars}</g>", colours::BLUE));
    if !baseline.is_empty() {
        svg.push_str(&format!(
            "<path d=\"{baseline}\" stroke=\"{}\" stroke-width=\"1.5\"/>",
            colours::INK
        ));
    }
    svg.push_str(&body);
    svg.push_str("</svg>");
    Drawn {
        svg,
        width: WIDTH,
        height,
    }
}

/// What the bars measure, and in what: "Migrants internationaux, en millions".
fn heading(series: &Series) -> String {
    match series.unit.as_str() {
        "" => series.name.clone(),
        unit if unit.starts_with('%') => format!("{}, en\u{a0}{unit}", series.name),
        unit => format!("{}, en {unit}", series.name),
    }
}

/// A number and its unit, held together: "281 millions", "3,6 %".
fn with_unit(value: f64, unit: &str) -> String {
    if unit.is_empty() {
        french_number(value)
    } else {
        format!("{}\u{a0}{unit}", french_number(value))
    }
}

/// The text at the end of a bar: its value, and the second series' in brackets.
fn value_text(row: &Row, series: &[Series]) -> String {
    let mut out = with_unit(first_value(row), series.first().map_or("", |s| &s.unit));
    if let (Some(Some(second)), Some(s)) = (row.values.get(1), series.get(1)) {
        out.push_str(&format!(" ({})", with_unit(*second, &s.unit)));
    }
    out
}

/// The value drawn as a bar (the validator makes sure there is one, and positive).
fn first_value(row: &Row) -> f64 {
    row.values
        .first()
        .copied()
        .flatten()
        .filter(|v| v.is_finite())
        .unwrap_or(0.0)
        .max(0.0)
}

/// The longest bar's length: as long as can be with every bar's value text still
/// fitting after it within `room`.
fn longest_bar(values: &[f64], texts: &[String], room: f64, f: f64) -> f64 {
    let max = values.iter().copied().fold(0.0, f64::max);
    let mut longest = room - 1.0;
    for (value, text) in values.iter().zip(texts) {
        if *value > 0.0 {
            let free = room - GAP - width(text, f, false) - 1.0;
            longest = longest.min(free * max / value);
        }
    }
    longest.max(0.0)
}

/// Each bar's length: proportional to its value, the largest `longest` long, the
/// scale starting at 0.
fn bar_lengths(values: &[f64], longest: f64) -> Vec<f64> {
    let max = values.iter().copied().fold(0.0, f64::max);
    values
        .iter()
        .map(|v| if max > 0.0 { v / max * longest } else { 0.0 })
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::content::FigureSource;

    pub fn sample(labels: &[&str], second: bool) -> Chart {
        let mut series = vec![Series {
            name: "Migrants internationaux".into(),
            unit: "millions".into(),
        }];
        if second {
            series.push(Series {
                name: "Part de la population mondiale".into(),
                unit: "%".into(),
            });
        }
        let rows = labels
            .iter()
            .enumerate()
            .map(|(i, label)| Row {
                label: label.to_string(),
                values: [
                    Some(84.0 + 98.5 * i as f64),
                    (i != 1).then_some(2.3 + i as f64),
                ][..series.len()]
                    .to_vec(),
            })
            .collect();
        Chart {
            title: "Migrants internationaux dans le monde".into(),
            alt: "Leur nombre a triplé.".into(),
            source: FigureSource {
                name: "OIM".into(),
                year: Some(2024),
            },
            category: "Année".into(),
            series,
            rows,
            files: None,
        }
    }

    #[test]
    fn bars_are_proportional_to_values_from_zero() {
        assert_eq!(bar_lengths(&[84.0, 168.0, 0.0], 300.0), [150.0, 300.0, 0.0]);
        assert_eq!(bar_lengths(&[0.0, 0.0], 300.0), [0.0, 0.0]);
        // The longest bar leaves room for every value's text.
        let texts = [
            "84\u{a0}millions".to_string(),
            "281\u{a0}millions".to_string(),
        ];
        let longest = longest_bar(&[84.0, 281.0], &texts, 300.0, 15.0);
        let needed = GAP + width(&texts[1], 15.0, false) + 1.0;
        assert!((longest + needed - 300.0).abs() < 1e-9, "{longest}");
    }

    #[test]
    fn values_are_written_the_french_way_with_their_units() {
        let chart = sample(&["1970", "1990", "2020"], true);
        let svg = chart_svg(&chart).svg;
        assert!(
            svg.contains(">84\u{a0}millions (2,3\u{a0}%)</text>"),
            "{svg}"
        );
        // A null second value: no brackets.
        assert!(svg.contains(">182,5\u{a0}millions</text>"), "{svg}");
        assert!(svg.contains(">Migrants internationaux, en millions</text>"));
        // Wrapped (too long for one line in a wide font), but whole.
        assert!(svg.contains(">Entre parenthèses\u{a0}: part de la population</text>"));
        assert!(svg.contains(">mondiale</text>"));
        let big = Row {
            label: "x".into(),
            values: vec![Some(19000.0)],
        };
        assert_eq!(
            value_text(&big, &chart.series),
            "19\u{202f}000\u{a0}millions"
        );
        let percent = Series {
            name: "Part".into(),
            unit: "%".into(),
        };
        assert_eq!(heading(&percent), "Part, en\u{a0}%");
    }

    #[test]
    fn labels_are_escaped_and_the_title_is_not_drawn() {
        let mut chart = sample(&["R&D <2020> \"x\" l'an"], false);
        chart.title = "Les <migrants> & \"eux\"".into();
        let svg = chart_svg(&chart).svg;
        assert!(
            svg.contains("R&amp;D &lt;2020&gt; &quot;x&quot; l&apos;an"),
            "{svg}"
        );
        assert!(svg.contains("<title>Les &lt;migrants&gt; &amp; &quot;eux&quot;</title>"));
        assert_eq!(svg.matches("migrants&gt;").count(), 1);
        assert!(!svg.contains("R&D") && !svg.contains("<2020>"));
    }

    #[test]
    fn long_labels_go_above_their_bars_whole() {
        let labels = [
            "Afrique",
            "Amérique latine et Caraïbes",
            "Asie",
            "Europe",
            "Océanie",
        ];
        let drawn = chart_svg(&sample(&labels, false));
        for label in labels {
            assert!(drawn.svg.contains(&format!(">{label}</text>")), "{label}");
        }
        let short = chart_svg(&sample(&["1970", "1990"], false));
        assert!(short.height < drawn.height);
    }

    #[test]
    fn the_svg_is_an_image_sized_like_its_view_box_and_deterministic() {
        let chart = sample(&["1970", "1990", "2020"], true);
        let drawn = chart_svg(&chart);
        let start = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" \
             height=\"{1}\" role=\"img\" lang=\"fr\"",
            drawn.width, drawn.height
        );
        assert!(drawn.svg.starts_with(&start), "{}", drawn.svg);
        assert!(drawn.svg.contains("font-size=\"15\""));
        assert!(drawn.svg.ends_with("</svg>"));
        assert_eq!(chart_svg(&chart), drawn);
    }
}
