//! The content's figures drawn at build time: a chart block as a horizontal bar
//! chart, a map block as numbered places on the world's land, each an SVG file, and
//! the data of both as CSV. Drawn here rather than in the browser so a page shows its
//! figure without JavaScript, and the picture can be cached for ever under its hash.
//!
//! The pictures are shown as `<img>` scaled to the column's width (320 to 704 px):
//! every size is in viewBox units chosen so no text is under 12 px at 320 px wide.
//! The output depends on the data alone (no clock, no hash map order): the same
//! figure gives the same bytes, and so the same file name.

mod chart;
mod csv;
mod land;
mod map;
mod text;

pub use chart::chart_svg;
pub use csv::{chart_csv, map_csv};
pub use land::Land;
pub use map::map_svg;

/// A picture and the size of its viewBox, so the page can keep its place before it
/// loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn {
    pub svg: String,
    pub width: u32,
    pub height: u32,
}

/// The site's palette (style/main.css).
pub(crate) mod colours {
    pub const BLUE: &str = "#0033a0";
    pub const BLUE_DARK: &str = "#00205f";
    pub const LINE: &str = "#c8cfdc";
    pub const INK: &str = "#1e1e1e";
    pub const WHITE: &str = "#fff";
}

/// The site's font stack: an `<img>` sees the system's fonts, never the page's.
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

/// The smallest width the picture is shown at, in CSS pixels, and the smallest text
/// we accept there.
const NARROWEST: f64 = 320.0;
const SMALLEST_TEXT: f64 = 12.0;

/// The font size, in viewBox units, that is 12 px when a picture `width` units wide
/// is shown 320 px wide.
fn font_size(width: u32) -> f64 {
    SMALLEST_TEXT * f64::from(width) / NARROWEST
}

/// Text for XML content and attributes: every one of `& < > " '` escaped, so labels
/// can hold anything.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate rounded to a tenth of a unit, written short (`12`, `3.5`, `-0.5`):
/// finer would only add bytes.
fn num(value: f64) -> String {
    tenths(tenths_of(value))
}

fn tenths_of(value: f64) -> i64 {
    (value * 10.0).round() as i64
}

/// A whole number of tenths written as a decimal number, without a trailing `.0`.
fn tenths(t: i64) -> String {
    let sign = if t < 0 { "-" } else { "" };
    let (whole, tenth) = (t.unsigned_abs() / 10, t.unsigned_abs() % 10);
    if tenth == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{tenth}")
    }
}

/// The `<svg>` element's start, with what every figure carries: its size as
/// attributes too (an `<img>` without CSS size keeps the ratio), `role="img"`, the
/// language, the font, and the figure's title (for a picture opened on its own; the
/// page shows the title and source around it).
fn svg_start(title: &str, width: u32, height: u32) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\" lang=\"fr\" \
         font-family=\"{FONT}\" font-size=\"{}\" fill=\"{}\"><title>{}</title>",
        num(font_size(width)),
        colours::INK,
        escape(title)
    )
}

/// A figure's title as a file name: lower-case ASCII words joined by `-`, accents
/// removed, so the CSV's name reads like the figure and needs no URL escaping.
pub fn file_stem(title: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in title.chars().flat_map(char::to_lowercase) {
        let folded = fold(c);
        if folded.is_empty() {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push('-');
        }
        gap = false;
        out.push_str(folded);
    }
    if out.is_empty() {
        out.push_str("figure");
    }
    out
}

/// A lower-case letter or digit without its accent; "" for anything else (a word
/// break). Latin letters French and its neighbours use; others break words too.
fn fold(c: char) -> &'static str {
    const ASCII: [&str; 36] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f", "g", "h",
        "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
    ];
    match c {
        '0'..='9' => ASCII[c as usize - '0' as usize],
        'a'..='z' => ASCII[10 + c as usize - 'a' as usize],
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
        'ç' => "c",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'î' | 'ï' | 'í' | 'ì' => "i",
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'ø' => "o",
        'ù' | 'û' | 'ü' | 'ú' => "u",
        'ÿ' | 'ý' => "y",
        'ñ' => "n",
        'œ' => "oe",
        'æ' => "ae",
        'ß' => "ss",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_become_file_names() {
        assert_eq!(
            file_stem("Où vivaient les migrants en 2020 ?"),
            "ou-vivaient-les-migrants-en-2020"
        );
        assert_eq!(
            file_stem("L’Œuvre des « États » : 19\u{202f}000 Français"),
            "l-oeuvre-des-etats-19-000-francais"
        );
        assert_eq!(
            file_stem("Migrants internationaux"),
            "migrants-internationaux"
        );
        assert_eq!(file_stem("  --  "), "figure");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape(r#"R&D <b> "x" l'y"#),
            "R&amp;D &lt;b&gt; &quot;x&quot; l&apos;y"
        );
    }

    #[test]
    fn coordinates_are_written_to_a_tenth() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(3.46), "3.5");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(-12.25), "-12.3");
    }

    #[test]
    fn text_is_never_under_12_px_at_320_px() {
        assert_eq!(font_size(320), 12.0);
        assert_eq!(font_size(400), 15.0);
    }
}
