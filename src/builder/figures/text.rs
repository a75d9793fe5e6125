//! How wide a text will be, estimated without a font: the picture is laid out at
//! build time but drawn with whatever sans-serif font the reader's system has.
//! Widths are Arial's (Helvetica's, close to Roboto's and Segoe UI's), with a margin
//! for wider fonts (DejaVu Sans, the default of many Linux systems, is up to a fifth
//! wider), so a label measured to fit does fit.

/// How much wider than Arial we allow a system font to be.
const MARGIN: f64 = 1.2;
/// How much wider bold is than regular, at most, in these fonts.
const BOLD: f64 = 1.08;

/// A character's advance in Arial, in thousandths of an em.
fn advance(c: char) -> u32 {
    match c {
        ' ' | '\u{a0}' => 278,
        '\u{202f}' => 200,
        'i' | 'j' | 'l' | 'í' | 'ì' | 'î' | 'ï' => 222,
        'f' | 't' | 'I' | '.' | ',' | ':' | ';' | '!' | '/' | '\'' | '’' => 278,
        'r' | '(' | ')' | '-' | '[' | ']' => 333,
        'm' | 'M' => 833,
        'w' => 722,
        'W' => 944,
        'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' | 'J' | 'ç' | 'ÿ' | 'ý' => 500,
        'œ' => 944,
        'æ' => 889,
        'Œ' => 1000,
        '%' => 889,
        '«' | '»' => 556,
        '–' => 556,
        '—' => 1000,
        'C' | 'D' | 'H' | 'N' | 'R' | 'U' | 'Ç' | 'É' => 722,
        'G' | 'O' | 'Q' => 778,
        'F' | 'T' | 'Z' => 611,
        'L' => 556,
        c if c.is_uppercase() => 667,
        _ => 556,
    }
}

/// The width of `text` set at `size`, with the margin for wider fonts.
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    let ems: u32 = text.chars().map(advance).sum();
    let bold = if bold { BOLD } else { 1.0 };
    f64::from(ems) / 1000.0 * size * MARGIN * bold
}

/// `text` in lines no wider than `max` (breaking at plain spaces only, so no-break
/// spaces hold a number to its unit); a word wider than `max` gets a line of its own
/// rather than being cut.
pub fn wrap(text: &str, size: f64, bold: bool, max: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || width(&candidate, size, bold) <= max {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_grow_with_text_size_and_weight() {
        let w = width("Amérique latine et Caraïbes", 15.0, false);
        // Arial's own width is 185.1 units at 15; ours has the margin.
        assert!((222.0..222.5).contains(&w), "{w}");
        assert!(width("Amérique", 15.0, true) > width("Amérique", 15.0, false));
        assert_eq!(width("", 15.0, false), 0.0);
    }

    #[test]
    fn text_wraps_at_plain_spaces_only() {
        let lines = wrap("Amérique latine et Caraïbes", 15.0, false, 140.0);
        assert_eq!(lines, ["Amérique latine", "et Caraïbes"]);
        let lines = wrap("281\u{a0}millions de personnes", 15.0, false, 60.0);
        assert_eq!(lines[0], "281\u{a0}millions");
        assert_eq!(wrap("", 15.0, false, 10.0), [""]);
    }
}
