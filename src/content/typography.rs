//! French typography for the text we write, checked by the content and navigation
//! validators: a non-breaking space (U+00A0, or the narrow U+202F) before « : ; ! ? » %
//! and after «, and between the digit groups of a number (19 000); an en dash in a
//! range (2024–2028) and between words; « État » with its accent. The seed's own words
//! stay as they were given: they are listed in `VERBATIM`, the one list of exemptions.
//! Plain Rust, no dependencies: `nav::validate` uses it as `content::validate` does.

/// Texts used word for word as given, exempt from the rules below: the seed page's
/// sentences that do not follow them (its article's title and paragraphs, the blurb of
/// "Qui sommes nous"; the seed's other labels and blurb pass as they are), and an
/// English title of the seed publication's scenarios, quoted as published. A text is
/// exempt only if it is one of these, whole and unchanged.
pub const VERBATIM: [&str; 6] = [
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
];

/// Whether a character is a non-breaking space: U+00A0 or the narrow U+202F.
fn no_break(c: Option<&char>) -> bool {
    matches!(c, Some('\u{a0}' | '\u{202f}'))
}

fn digit(c: Option<&char>) -> bool {
    c.is_some_and(char::is_ascii_digit)
}

/// A rule: what it asks for, and whether the character at `i` of a text breaks it.
type Rule = (&'static str, fn(&[char], usize) -> bool);

/// The rules, one each. Each is asked about every character of a text.
const RULES: [Rule; 6] = [
    (
        "a non-breaking space goes before : ; ! ? » and %",
        |t, i| {
            // A colon between digits is a ratio or a time (4,5:1, 14:30), not punctuation.
            let ratio = t[i] == ':' && i > 0 && digit(t.get(i - 1)) && digit(t.get(i + 1));
            matches!(t[i], ':' | ';' | '!' | '?' | '»' | '%')
                && !ratio
                && !(i > 0 && no_break(t.get(i - 1)))
        },
    ),
    ("a non-breaking space goes after «", |t, i| {
        t[i] == '«' && !no_break(t.get(i + 1))
    }),
    (
        "the digit groups of a number are joined by a non-breaking space (19 000)",
        |t, i| {
            t[i] == ' '
                && i > 0
                && digit(t.get(i - 1))
                && (1..=3).all(|k| digit(t.get(i + k)))
                && !digit(t.get(i + 4))
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
mod tests {
    use super::*;

    #[test]
    fn french_typography_passes() {
        for ok in [
            "Nationalité\u{a0}: américaine\u{202f}; élue\u{a0}!",
            "Pourquoi\u{a0}? Parce que\u{a0}: «\u{a0}l'avenir\u{a0}»",
            "environ 281\u{a0}millions, soit 3,6\u{a0}% de la population",
            "19\u{a0}000 personnes, 1\u{202f}000\u{a0}000 d'euros",
            "le Plan stratégique 2024–2028 – trois objectifs",
            "un contraste de 4,5:1, le 5 décembre 1951, 17 route des Morillons",
            "les États membres, l'OIM-OSC, Friedrich-Ebert",
        ] {
            assert_eq!(breaches(ok), Vec::<String>::new(), "{ok}");
        }
    }

    #[test]
    fn each_breach_is_named_and_quoted() {
        let cases = [
            ("Nationalité : américaine", "before : ; ! ? » and %"),
            ("Nationalité: américaine", "before : ; ! ? » and %"),
            ("Quel avenir ?", "before : ; ! ? » and %"),
            ("soit 3,6 % de la population", "before : ; ! ? » and %"),
            ("« l'avenir\u{a0}»", "after «"),
            ("l'avenir\u{a0}» »", "before : ; ! ? » and %"),
            ("environ 19 000 personnes", "digit groups"),
            ("le Plan 2024-2028", "en dash (2024–2028)"),
            ("un plan - trois objectifs", "en dash ( – )"),
            ("175 Etats membres", "« État »"),
        ];
        for (text, rule) in cases {
            let found = breaches(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert!(found[0].contains(rule), "{text}: {found:?}");
            assert!(found[0].ends_with(&format!("\"{text}\"")), "{found:?}");
        }
        let long = format!("{} 19 000 {}", "a".repeat(40), "b".repeat(40));
        let found = breaches(&long);
        assert_eq!(
            found,
            [format!(
                "the digit groups of a number are joined by a non-breaking space (19 000): \"…{} 19 000 {}…\"",
                "a".repeat(21),
                "b".repeat(20)
            )]
        );
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
    }
}
