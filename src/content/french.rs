//! How French writes what the app formats itself (numbers, dates): which no-break
//! space goes where, and the months' names. Stated once here; the app's formatting
//! (`content::french_number`, `french_date`) and the build-time typography rules
//! (`rules::typography`) both follow it.

/// The two no-break spaces, and which goes where: the one place this is stated. Every
/// typography rule (`rules::typography`) asks for one of them by name, and the texts we write (content files, the
/// navigation model, the build settings' defaults, the interface's strings) follow it.
pub mod spaces {
    /// U+202F, the narrow no-break space ("espace fine insécable"): before `;` `!` `?`
    /// and between the digit groups of a number (`19 000`).
    pub const NARROW: char = '\u{202f}';
    /// U+00A0, the no-break space of a word's width ("espace insécable"): before `:`
    /// `%` and `»`, after `«`, between a number and the word it counts (`281 millions`)
    /// and inside a date (`15 mai 2023`, `1er octobre`).
    pub const WORD: char = '\u{a0}';

    /// The space a sign takes before it, if it takes one.
    pub fn before(sign: char) -> Option<char> {
        match sign {
            ';' | '!' | '?' => Some(NARROW),
            ':' | '%' | '»' => Some(WORD),
            _ => None,
        }
    }
}

/// The months, as dates write them (`content::french_date` writes with these).
pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
