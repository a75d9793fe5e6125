//! What a content file (`public/content/<slug>.json`) holds. A page's title and meta
//! description live in its navigation entry, so they are known before any fetch;
//! the content file holds everything else. Text is structured (spans), never HTML.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageContent {
    /// The introduction shown under the `<h1>`, larger than body text.
    #[serde(default)]
    pub lead: Option<Text>,
    #[serde(default)]
    pub dates: Option<Dates>,
    pub body: Vec<Block>,
}

/// Dates as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub updated: Option<String>,
}

/// A run of inline text: `["plain ", {"em": "emphasis"}, {"link": "/agir", "text": "Agir"}]`.
pub type Text = Vec<Span>;

/// One piece of inline text. Each form is a JSON shape of its own; an object with
/// any other key is rejected, so a typo cannot silently become plain text.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Span {
    Plain(String),
    Emphasis(Emphasis),
    Strong(Strong),
    /// A link to a page of the site, by its path; it goes through the router.
    Internal(InternalLink),
    /// A link off the site. It opens in the same tab unless `new_tab` is set.
    External(ExternalLink),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Emphasis {
    pub em: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strong {
    pub strong: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InternalLink {
    pub link: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalLink {
    pub href: String,
    pub text: String,
    #[serde(default)]
    pub new_tab: bool,
}

impl Span {
    /// The words of the span, whatever its kind.
    pub fn words(&self) -> &str {
        match self {
            Span::Plain(t) => t,
            Span::Emphasis(e) => &e.em,
            Span::Strong(s) => &s.strong,
            Span::Internal(l) => &l.text,
            Span::External(l) => &l.text,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    /// A heading below the page's `<h1>`: level 2 or 3. `id` makes it a link target.
    Heading {
        level: u8,
        text: String,
        #[serde(default)]
        id: Option<String>,
    },
    Paragraph {
        text: Text,
    },
    List {
        #[serde(default)]
        ordered: bool,
        items: Vec<Text>,
    },
    Quote {
        text: Text,
        #[serde(default)]
        source: Option<String>,
    },
    /// Key figures: a big value and what it counts.
    Figures {
        items: Vec<Figure>,
    },
    /// Cards, each optionally a link (internal path or external address).
    Cards {
        items: Vec<Card>,
    },
    /// A highlighted note ("À noter").
    Note {
        #[serde(default)]
        title: Option<String>,
        text: Text,
    },
    /// Cards for pages of the site, by path: their label and description come from
    /// the navigation model, so a renamed page is renamed here too.
    PageCards {
        links: Vec<String>,
    },
    /// Term–value pairs, such as a publication's details.
    Details {
        items: Vec<Definition>,
    },
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    pub title: String,
    pub text: Text,
    #[serde(default)]
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    pub term: String,
    pub value: Text,
}

impl PageContent {
    pub fn parse(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }
}

const MONTHS: [&str; 12] = [
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

/// Writes a `YYYY[-MM[-DD]]` date the French way: "7 mai 2024", "mai 2024", "2017".
/// Returns `None` when the date is not of that form.
pub fn french_date(date: &str) -> Option<String> {
    let mut parts = date.split('-');
    let year = parts
        .next()
        .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))?;
    let month = match parts.next() {
        None => return Some(year.to_string()),
        Some(m) => MONTHS.get(m.parse::<usize>().ok()?.checked_sub(1)?)?,
    };
    let day = match parts.next() {
        None => return Some(format!("{month} {year}")),
        Some(d) => d.parse::<u8>().ok().filter(|d| (1..=31).contains(d))?,
    };
    if parts.next().is_some() {
        return None;
    }
    let day = if day == 1 {
        "1er".to_string()
    } else {
        day.to_string()
    };
    Some(format!("{day} {month} {year}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_from_strings_and_objects() {
        let text: Text = serde_json::from_str(
            r#"["Voir ", {"link": "/agir", "text": "Agir"}, {"em": "vite"},
                {"href": "https://example.org", "text": "ailleurs", "new_tab": true}]"#,
        )
        .unwrap();
        assert_eq!(text[0], Span::Plain("Voir ".into()));
        assert_eq!(
            text[1],
            Span::Internal(InternalLink {
                link: "/agir".into(),
                text: "Agir".into()
            })
        );
        assert_eq!(text[2].words(), "vite");
        assert!(matches!(&text[3], Span::External(l) if l.new_tab));
    }

    #[test]
    fn unknown_fields_and_block_types_are_rejected() {
        assert!(PageContent::parse(r#"{"body": [{"type": "html", "text": "<b>"}]}"#).is_err());
        assert!(PageContent::parse(r#"{"body": [], "titre": "x"}"#).is_err());
        assert!(serde_json::from_str::<Text>(r#"[{"em": "a", "strong": "b"}]"#).is_err());
    }

    #[test]
    fn dates_are_written_in_french() {
        assert_eq!(french_date("2017").as_deref(), Some("2017"));
        assert_eq!(french_date("2024-05").as_deref(), Some("mai 2024"));
        assert_eq!(french_date("2024-05-07").as_deref(), Some("7 mai 2024"));
        assert_eq!(
            french_date("2023-10-01").as_deref(),
            Some("1er octobre 2023")
        );
        for bad in [
            "",
            "17",
            "2024-13",
            "2024-00-01",
            "2024-05-32",
            "2024-05-07-1",
            "hier",
        ] {
            assert_eq!(french_date(bad), None, "{bad}");
        }
    }
}
