//! French typography for the text we write, checked by the content and navigation
//! validators: no-break spaces where French puts them, each of the kind `spaces`
//! names (before « : ; ! ? » %, after «, between the digit groups of a number, between
//! a number and the word it counts, inside a date); an en dash in a range (2024–2028)
//! and between words; « État » with its accent; the typographic apostrophe (’). The
//! seed's own words stay as they were given: they are listed in `VERBATIM`, the one
//! list of exemptions. Which space goes where is stated once, in `content::french`,
//! which the app's formatting of numbers and dates follows too. Used by both
//! validators (`rules::navigation`, `rules::content`).

use crate::content::french::spaces::{self, NARROW, WORD};
use crate::content::french::MONTHS;

/// Texts used word for word as given, exempt from the rules below: the seed page's
/// sentences that do not follow them (its article's title and paragraphs, the blurbs of
/// "Qui sommes nous" and "Notre travail"; the seed's other labels pass as they are), and an
/// English title of the seed publication's scenarios, quoted as published. A text is
/// exempt only if it is one of these, whole and unchanged.
pub const VERBATIM: [&str; 7] = [
    // The seed article's title, a menu label of the seed.
    "Quel avenir pour les migrations internationales et la mobilité humaine ? - Une initiative conjointe d’élaboration de scénarios",
    // The seed's blurb of "Qui sommes nous".
    "L'Organisation internationale pour les migrations (OIM) fait partie du système des Nations Unies et est la première organisation intergouvernementale à promouvoir depuis 1951 une migration humaine et ordonnée qui profite à tous, composée de 175 Etats membres et présente dans 171 pays.",
    // The seed article's three paragraphs.
    "La publication de 2017 intitulée « Tomorrow's World of Migration and Mobility » est le résultat de l'initiative conjointe d’élaboration de scénarios sur l'avenir de la migration lancée en 2016-2017 dans le cadre d'un partenariat entre l'OIM, la Fondation Friedrich-Ebert Stiftung et l'ONG Global Futures basée à Genève.",
    "Elle s'appuie sur les recommandations des consultations annuelles OIM-OSC de 2015 à Genève pour que l'OIM continue à travailler avec la société civile pour explorer « l'avenir de la migration », poursuivre une réflexion à plus long terme sur les défis migratoires au-delà de la priorité actuelle des urgences, en reconnaissant que de simples prévisions et projections de ce à quoi la migration pourrait ressembler à l'avenir peuvent être complexes et inexactes. Quatre équipes de scénarios indépendantes, composées de participants de la société civile, d’universitaires, de migrants et d'autres personnes de différentes régions du monde, se sont rassemblées pour examiner, sur une période de 18 mois, les scénarios de migration possibles d'ici 2030.",
    "Les scénarios qui en ont résulté ont été élaborés de manière indépendante dans le cadre d'ateliers, de webinaires et d'entretiens avec des personnalités marquantes. La publication « Tomorrow's World of Migration and Mobility » n'a pas pour but de projeter ou de prédire l'avenir, ni de refléter une « vision de l'OIM » concernant l'avenir.",
    // An English title, as the publication writes it (the other three have no
    // punctuation to check).
    "My Country First!",
    // The seed's blurb of "Notre travail".
    "En tant que principale organisation intergouvernementale qui promeut depuis 1951 une migration humaine et ordonnée, l'OIM joue un rôle clé pour soutenir la réalisation du Programme 2030 à travers différents domaines d'intervention qui relient à la fois l'aide humanitaire et le développement durable.",
];

fn digit(c: Option<&char>) -> bool {
    c.is_some_and(char::is_ascii_digit)
}

/// Short words that follow a number without being what it counts ("de 100 à 200",
/// "en 1956 et 1957"): no space is asked for before them.
const NOT_COUNTED: [&str; 18] = [
    "à", "au", "aux", "avec", "dans", "de", "des", "du", "d", "en", "et", "l", "la", "le", "les",
    "ou", "pour", "sur",
];

/// The word that starts at `i` (letters only: "d’un" gives "d").
fn word_at(t: &[char], i: usize) -> String {
    t[i.min(t.len())..]
        .iter()
        .take_while(|c| c.is_alphabetic())
        .collect()
}

/// The word that ends just before `i`, if it is whole (not the end of a longer one).
fn word_before(t: &[char], i: usize) -> String {
    let start = (0..i).rev().take_while(|&k| t[k].is_alphabetic()).last();
    start.map_or_else(String::new, |s| t[s..i].iter().collect())
}

fn is_month(word: &str) -> bool {
    let lower: String = word.chars().flat_map(char::to_lowercase).collect();
    MONTHS.contains(&lower.as_str())
}

/// Where the number that ends just before `i` starts: its digits, the narrow spaces
/// between its groups and a decimal comma. `None` if the number is part of a longer
/// token (`10.7`, `70/296`, `4,5:1`, `2024–2028`, `G20`) or a bare four-digit number,
/// which is a year or a postal code (a count of 1 000 or more has its groups apart).
fn counting_number(t: &[char], i: usize) -> Option<usize> {
    let mut s = i;
    while s > 0
        && (t[s - 1].is_ascii_digit()
            || (matches!(t[s - 1], NARROW | ',')
                && digit(t.get(s))
                && s > 1
                && digit(t.get(s - 2))))
    {
        s -= 1;
    }
    let glued = s > 0
        && (t[s - 1].is_alphanumeric() || matches!(t[s - 1], '.' | ':' | '/' | '-' | '–' | ','));
    let year = i - s == 4 && t[s..i].iter().all(char::is_ascii_digit);
    (s < i && !glued && !year).then_some(s)
}

/// A day of a date ends just before `i`: one or two digits, or `1er`.
fn day_before(t: &[char], i: usize) -> bool {
    let digits = (0..i).rev().take_while(|&k| t[k].is_ascii_digit()).count();
    let first = i >= 3 && t[i - 2..i] == ['e', 'r'] && t[i - 3] == '1';
    let (len, start) = if first {
        (3, i.saturating_sub(3))
    } else {
        (digits, i - digits)
    };
    (first || (1..=2).contains(&digits))
        && len > 0
        && (start == 0 || !(t[start - 1].is_alphanumeric() || t[start - 1] == '.'))
}

/// A sign glued to a word on both sides is part of an address, not punctuation:
/// `/recherche?q=…`, `https://…`.
fn in_address(t: &[char], i: usize) -> bool {
    i > 0
        && !t[i - 1].is_whitespace()
        && t.get(i + 1)
            .is_some_and(|c| c.is_alphanumeric() || *c == '/')
}

/// A rule: what it asks for, and whether the character at `i` of a text breaks it.
type Rule = (&'static str, fn(&[char], usize) -> bool);

/// The rules, one each. Each is asked about every character of a text.
const RULES: [Rule; 10] = [
    (
        "a narrow no-break space (U+202F) goes before ; ! and ?",
        |t, i| {
            spaces::before(t[i]) == Some(NARROW)
                && !in_address(t, i)
                && !(i > 0 && t[i - 1] == NARROW)
        },
    ),
    (
        "a no-break space (U+00A0) goes before : % and »",
        |t, i| {
            // A colon between digits is a ratio or a time (4,5:1, 14:30), not punctuation;
            // one inside an address (https://) neither.
            let ratio = t[i] == ':' && i > 0 && digit(t.get(i - 1)) && digit(t.get(i + 1));
            let not_punctuation = ratio || (t[i] == ':' && in_address(t, i));
            let spaced = i > 0 && t[i - 1] == WORD;
            spaces::before(t[i]) == Some(WORD) && !not_punctuation && !spaced
        },
    ),
    ("a no-break space (U+00A0) goes after «", |t, i| {
        t[i] == '«' && t.get(i + 1) != Some(&WORD)
    }),
    (
        "the digit groups of a number are joined by a narrow no-break space (19 000)",
        |t, i| {
            matches!(t[i], ' ' | WORD)
                && i > 0
                && digit(t.get(i - 1))
                && (1..=3).all(|k| digit(t.get(i + k)))
                && !digit(t.get(i + 4))
        },
    ),
    (
        "a no-break space (U+00A0) joins a number and the word it counts (281 millions)",
        |t, i| {
            let word = word_at(t, i + 1);
            matches!(t[i], ' ' | NARROW)
                && i > 0
                && counting_number(t, i).is_some()
                && !word.is_empty()
                && !NOT_COUNTED.contains(&word.as_str())
                && !is_month(&word)
        },
    ),
    (
        "no-break spaces (U+00A0) join the day, month and year of a date (15 mai 2023)",
        |t, i| {
            let day_month = day_before(t, i) && is_month(&word_at(t, i + 1));
            let month_year = is_month(&word_before(t, i))
                && (1..=4).all(|k| digit(t.get(i + k)))
                && !digit(t.get(i + 5));
            matches!(t[i], ' ' | NARROW) && (day_month || month_year)
        },
    ),
    (
        "a range takes an en dash (2024–2028), not a hyphen",
        |t, i| t[i] == '-' && i > 0 && digit(t.get(i - 1)) && digit(t.get(i + 1)),
    ),
    (
        "a dash between words is an en dash ( – ), not a hyphen",
        |t, i| t[i] == '-' && i > 0 && t[i - 1].is_whitespace() && t.get(i + 1) == Some(&' '),
    ),
    ("« État » takes its accent", |t, i| {
        t[i..].starts_with(&['E', 't', 'a', 't']) && (i == 0 || !t[i - 1].is_alphabetic())
    }),
    (
        "the apostrophe is the typographic one (’), not '",
        |t, i| t[i] == '\'',
    ),
];

/// The breaches of French typography in `text`, each naming the rule and quoting
/// the text around it; none if the text is one of the `VERBATIM` exemptions.
pub fn breaches(text: &str) -> Vec<String> {
    if VERBATIM.contains(&text) {
        return Vec::new();
    }
    breaches_of_any_text(text)
}

/// The breaches, exemptions or not.
fn breaches_of_any_text(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for i in 0..chars.len() {
        for (rule, breaks) in RULES {
            if breaks(&chars, i) {
                found.push(format!("{rule}: \"{}\"", excerpt(&chars, i)));
            }
        }
    }
    found
}

/// The words around the character at `i`, to find the place in the file.
fn excerpt(chars: &[char], i: usize) -> String {
    const AROUND: usize = 24;
    let start = i.saturating_sub(AROUND);
    let end = (i + AROUND + 1).min(chars.len());
    let mut text = String::new();
    if start > 0 {
        text.push('…');
    }
    text.extend(&chars[start..end]);
    if end < chars.len() {
        text.push('…');
    }
    text
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// The French elisions a straight apostrophe in our own text would follow.
    const ELIDED: [&str; 13] = [
        "c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
    ];

    /// Each line of `text` (code, not comments) where a French elision is written with
    /// a straight apostrophe (`l'accueil`), as `line: text`.
    fn straight_elisions(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") || code.starts_with('*') || code.starts_with("<!--") {
                continue;
            }
            let chars: Vec<char> = line.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                let letter_after = chars.get(i + 1).is_some_and(|c| c.is_alphabetic());
                if *c != '\'' || !letter_after {
                    continue;
                }
                let start = chars[..i]
                    .iter()
                    .rposition(|c| !c.is_alphabetic())
                    .map_or(0, |p| p + 1);
                let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
                if ELIDED.contains(&word.as_str()) {
                    found.push(format!("{}: {}", n + 1, line.trim()));
                    break;
                }
            }
        }
        found
    }

    pub(crate) fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, into);
            } else if path.extension().is_some_and(|e| e == "rs") {
                into.push(path);
            }
        }
    }

    /// The interface's strings follow the content's rule: the typographic apostrophe.
    /// Every Rust file of the app and the builder (its tests apart) and the site's own
    /// scripts are read; this file is not, as it holds the seed's text as it is.
    #[test]
    fn interface_strings_use_the_typographic_apostrophe() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        rust_files(&root.join("src"), &mut files);
        files.retain(|f| !f.ends_with("rules/typography.rs"));
        for script in [
            "public/sw.js",
            "public/offline.js",
            "public/search.js",
            "index.html",
        ] {
            files.push(root.join(script));
        }
        for part in std::fs::read_dir(root.join("public/offline")).unwrap() {
            files.push(part.unwrap().path());
        }
        let mut problems = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for place in straight_elisions(code) {
                problems.push(format!("{}:{place}", file.display()));
            }
        }
        assert!(problems.is_empty(), "write ’:\n{}", problems.join("\n"));
    }

    #[test]
    fn a_straight_elision_is_found_and_english_or_code_is_not() {
        assert_eq!(
            straight_elisions("x\n    \"Retourner à l'accueil\""),
            ["2: \"Retourner à l'accueil\""]
        );
        assert_eq!(straight_elisions("<p>Aucune page n'a</p>").len(), 1);
        assert_eq!(
            straight_elisions("\"L’adresse\" qu’il"),
            Vec::<String>::new()
        );
        for fine in [
            "fn f<'a>(x: &'a str) -> char { 'x' }",
            "\"Trunk's loader, the page's h1\"",
            "// l'accueil, in a comment",
            "b'x'",
        ] {
            assert!(straight_elisions(fine).is_empty(), "{fine}");
        }
    }

    #[test]
    fn french_typography_passes() {
        for ok in [
            "Nationalité\u{a0}: américaine\u{202f}; élue\u{202f}!",
            "Pourquoi\u{202f}? Parce que\u{a0}: «\u{a0}l’avenir\u{a0}»",
            "environ 281\u{a0}millions, soit 3,6\u{a0}% de la population",
            "19\u{202f}000\u{a0}personnes, 1\u{202f}000\u{202f}000 d’euros",
            "le Plan stratégique 2024–2028 – trois objectifs",
            "un contraste de 4,5:1, le 5\u{a0}décembre\u{a0}1951, 17\u{a0}route des Morillons",
            "le 1er\u{a0}octobre, en mai\u{a0}2023, depuis septembre\u{a0}2021",
            "les États membres, l’OIM-OSC, Friedrich-Ebert-Stiftung",
            // Signs inside an address are not punctuation.
            "l’adresse /recherche?q=migration, https://www.iom.int/fr",
            // Not counts: years, identifiers, versions, ratios, ranges, a short word after.
            "en 1956 et 1957, 1211 Genève, la cible 10.7 du Programme, la résolution 70/296 de l’Assemblée",
            "WCAG 2.1 et 2.2, au moins 3:1 pour le focus, la note de 100 à la page, 2024–2028 de l’OIM",
        ] {
            assert_eq!(breaches(ok), Vec::<String>::new(), "{ok}");
        }
    }

    #[test]
    fn each_breach_is_named_and_quoted() {
        let cases = [
            ("Nationalité : américaine", "before : % and »"),
            ("Nationalité: américaine", "before : % and »"),
            ("Quel avenir ?", "before ; ! and ?"),
            ("soit 3,6 % de la population", "before : % and »"),
            ("« l’avenir\u{a0}»", "after «"),
            ("l’avenir\u{a0}» »", "before : % and »"),
            ("environ 19 000\u{a0}personnes", "digit groups"),
            ("le Plan 2024-2028", "en dash (2024–2028)"),
            ("un plan - trois objectifs", "en dash ( – )"),
            ("175\u{a0}Etats membres", "« État »"),
            ("l'OIM", "apostrophe"),
            // The wrong one of the two no-break spaces.
            ("Nationalité\u{202f}: américaine", "before : % and »"),
            ("élue\u{a0}; puis", "before ; ! and ?"),
            ("soit 3,6\u{202f}%", "before : % and »"),
            ("environ 19\u{a0}000\u{a0}personnes", "digit groups"),
            ("les «\u{202f}scénarios\u{a0}»", "after «"),
            // A number and the word it counts, a date.
            ("présente dans 171 pays", "the word it counts"),
            ("environ 281 millions de migrants", "the word it counts"),
            (
                "environ 19\u{202f}000 membres du personnel",
                "the word it counts",
            ),
            ("831\u{202f}milliards", "the word it counts"),
            ("175 États membres", "the word it counts"),
            ("élue le 15 mai", "day, month and year"),
            ("depuis le 1er octobre", "day, month and year"),
            ("en mai 2023", "day, month and year"),
            ("depuis septembre\u{202f}2021", "day, month and year"),
        ];
        for (text, rule) in cases {
            let found = breaches(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert!(found[0].contains(rule), "{text}: {found:?}");
            assert!(found[0].ends_with(&format!("\"{text}\"")), "{found:?}");
        }
        // A whole date with ordinary spaces: both of its spaces.
        assert_eq!(breaches("le 15 mai 2023").len(), 2);
        let long = format!("{} 19 000, {}", "a".repeat(40), "b".repeat(40));
        let found = breaches(&long);
        assert_eq!(
            found,
            [format!(
                "the digit groups of a number are joined by a narrow no-break space (19 000): \"…{} 19 000, {}…\"",
                "a".repeat(21),
                "b".repeat(19)
            )]
        );
    }

    #[test]
    fn each_sign_takes_one_kind_of_space() {
        for sign in [';', '!', '?'] {
            assert_eq!(spaces::before(sign), Some(spaces::NARROW), "{sign}");
        }
        for sign in [':', '%', '»'] {
            assert_eq!(spaces::before(sign), Some(spaces::WORD), "{sign}");
        }
        assert_eq!(spaces::before('.'), None);
    }

    #[test]
    fn the_seed_words_are_exempt_only_whole_and_unchanged() {
        for text in VERBATIM {
            assert!(
                !breaches_of_any_text(text).is_empty(),
                "{text}: nothing to exempt; remove it from VERBATIM"
            );
            assert_eq!(breaches(text), Vec::<String>::new(), "{text}");
        }
        // The same words changed, or a part of them, are checked like any text.
        let blurb = VERBATIM[1];
        assert!(!breaches(&blurb.replace("171 pays", "172 pays")).is_empty());
        assert!(!breaches(&blurb[..blurb.len() - 1]).is_empty());
        assert!(!breaches("Quel avenir pour les migrations internationales ?").is_empty());
        // The seed's apostrophes are its own; ours are typographic.
        assert!(!breaches(&VERBATIM[6].replace("l'OIM joue", "l'OIM jouait")).is_empty());
    }
}
