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
    #[serde(deserialize_with = "type_first::blocks")]
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
/// (Read by `span_reader`.)
#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    Plain(String),
    Emphasis(Emphasis),
    Strong(Strong),
    /// A link to a page of the site, by its path; it goes through the router.
    Internal(InternalLink),
    /// A link off the site. It opens in the same tab unless `new_tab` is set.
    External(ExternalLink),
    /// A date, `{"date": "1951-12-05"}`: shown written in French ("5 décembre 1951")
    /// in a `<time datetime>`, so machines read it too.
    Date(DateSpan),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Emphasis {
    pub em: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Strong {
    pub strong: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InternalLink {
    pub link: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExternalLink {
    pub href: String,
    pub text: String,
    pub new_tab: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DateSpan {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: String,
    /// The date written in French (`french_date`), when it is read.
    pub text: String,
}

/// Reads a span from its JSON shape in one pass. (serde's `#[serde(untagged)]` would
/// copy each object into an intermediate tree and try the five forms in turn.)
mod span_reader {
    use super::{french_date, DateSpan, Emphasis, ExternalLink, InternalLink, Span, Strong};
    use serde::de::{self, Deserializer, MapAccess, Unexpected, Visitor};
    use serde::Deserialize;
    use std::fmt;

    impl<'de> Deserialize<'de> for Span {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(SpanVisitor)
        }
    }

    #[derive(Deserialize)]
    #[serde(field_identifier, rename_all = "snake_case")]
    enum Key {
        Em,
        Strong,
        Link,
        Href,
        Text,
        NewTab,
        Date,
    }

    struct SpanVisitor;

    impl<'de> Visitor<'de> for SpanVisitor {
        type Value = Span;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(
                r#"a string, {"em"}, {"strong"}, {"link", "text"}, {"href", "text", "new_tab"} or {"date"}"#,
            )
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Span, E> {
            Ok(Span::Plain(text.to_owned()))
        }

        fn visit_string<E: de::Error>(self, text: String) -> Result<Span, E> {
            Ok(Span::Plain(text))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Span, A::Error> {
            let (mut em, mut strong, mut link, mut href, mut text, mut new_tab, mut date) =
                (None, None, None, None, None, None, None);
            while let Some(key) = map.next_key()? {
                let (slot, name) = match key {
                    Key::Em => (&mut em, "em"),
                    Key::Strong => (&mut strong, "strong"),
                    Key::Link => (&mut link, "link"),
                    Key::Href => (&mut href, "href"),
                    Key::Text => (&mut text, "text"),
                    Key::Date => (&mut date, "date"),
                    Key::NewTab => {
                        if new_tab.replace(map.next_value::<bool>()?).is_some() {
                            return Err(de::Error::duplicate_field("new_tab"));
                        }
                        continue;
                    }
                };
                if slot.replace(map.next_value::<String>()?).is_some() {
                    return Err(de::Error::duplicate_field(name));
                }
            }
            if let Some(date) = date {
                let alone = [&em, &strong, &link, &href, &text]
                    .iter()
                    .all(|v| v.is_none())
                    && new_tab.is_none();
                if !alone {
                    return Err(de::Error::invalid_value(Unexpected::Map, &self));
                }
                let text = french_date(&date).ok_or_else(|| {
                    de::Error::invalid_value(Unexpected::Str(&date), &"YYYY, YYYY-MM or YYYY-MM-DD")
                })?;
                return Ok(Span::Date(DateSpan { date, text }));
            }
            Ok(match (em, strong, link, href, text, new_tab) {
                (Some(em), None, None, None, None, None) => Span::Emphasis(Emphasis { em }),
                (None, Some(strong), None, None, None, None) => Span::Strong(Strong { strong }),
                (None, None, Some(link), None, Some(text), None) => {
                    Span::Internal(InternalLink { link, text })
                }
                (None, None, None, Some(href), Some(text), new_tab) => {
                    Span::External(ExternalLink {
                        href,
                        text,
                        new_tab: new_tab.unwrap_or(false),
                    })
                }
                _ => return Err(de::Error::invalid_value(Unexpected::Map, &self)),
            })
        }
    }
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
            Span::Date(d) => &d.text,
        }
    }
}

/// A block of a page's body. In a content file it is an object whose first key is
/// its `type`: `{"type": "paragraph", "text": [...]}` (read by `type_first`; the
/// derived `Deserialize` alone reads the other form, `{"paragraph": {...}}`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
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
    /// A bar chart of labelled values. The site builder draws it as an SVG file and
    /// writes its CSV; the page shows the picture and the same numbers as a table.
    Chart(Chart),
    /// A world map of named places, drawn by the site builder like a chart.
    Map(Map),
}

/// A chart's data, held here only: the picture, the table and the CSV are all
/// written from it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chart {
    pub title: String,
    /// One sentence saying what the chart shows: the picture's text alternative.
    pub alt: String,
    pub source: FigureSource,
    /// What the rows' labels are ("Année", "Région"): the table's first heading.
    pub category: String,
    /// One or two measures. The first is drawn as bars; a second is written in
    /// brackets after each bar's value (and in a column of its own in the table).
    pub series: Vec<Series>,
    pub rows: Vec<Row>,
    /// Written by the site builder, never by an editor (the validator refuses it).
    #[serde(default)]
    pub files: Option<FigureFiles>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// What is measured ("Migrants internationaux").
    pub name: String,
    /// Written after each value ("millions", "%", "milliards de dollars").
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    pub label: String,
    /// One value per series; `null` where the source gives none (never the first).
    pub values: Vec<Option<f64>>,
}

/// Where a figure's numbers come from.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureSource {
    pub name: String,
    /// The year of the source, when it has one.
    #[serde(default)]
    pub year: Option<u16>,
}

/// The files the site builder wrote for a figure, added to the copy of the content
/// file it publishes: the picture (named by its content hash) and its size, so the
/// page keeps its place before it loads, and the CSV (named after the figure).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureFiles {
    pub svg: String,
    pub width: u32,
    pub height: u32,
    pub csv: String,
}

/// A map of places: drawn on an equal-area projection of the world's land.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Map {
    pub title: String,
    pub alt: String,
    pub source: FigureSource,
    /// Numbered on the map in this order; the table lists them with their numbers.
    pub places: Vec<Place>,
    #[serde(default)]
    pub files: Option<FigureFiles>,
}

impl Map {
    /// The headings of a map's table and of its CSV, one per column.
    pub const COLUMNS: [&'static str; 7] = [
        "N°",
        "Ville",
        "Pays",
        "Rôle",
        "Région couverte",
        "Latitude",
        "Longitude",
    ];
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// The city ("Dakar").
    pub name: String,
    pub country: String,
    /// What the place is ("Bureau régional"); places of one kind share a marker shape.
    pub kind: String,
    /// The region it covers, if any.
    #[serde(default)]
    pub covers: Option<String>,
    /// Degrees north (negative south).
    pub lat: f64,
    /// Degrees east (negative west).
    pub lon: f64,
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

/// Reads blocks written `{"type": "<kind>", ...fields}` with `type` first.
///
/// serde's own form for this (`#[serde(tag = "type")]`) accepts `type` anywhere, so it
/// first copies each object into an intermediate tree, the largest function of the
/// wasm (the saving is in BENCHMARKS.md). Here the `type` is read, then the rest of the
/// object goes straight to the derived reader of that kind of block, which rejects
/// unknown and missing fields by name as before.
mod type_first {
    use serde::de::value::{MapAccessDeserializer, StringDeserializer};
    use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
    use serde::Deserialize;
    use std::fmt;
    use std::marker::PhantomData;

    const TYPE_FIRST: &str = "an object whose first key is \"type\"";

    pub fn blocks<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Vec::<TypeFirst<T>>::deserialize(deserializer)
            .map(|blocks| blocks.into_iter().map(|b| b.0).collect())
    }

    struct TypeFirst<T>(T);

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for TypeFirst<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_map(TypeFirstVisitor(PhantomData))
        }
    }

    struct TypeFirstVisitor<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for TypeFirstVisitor<T> {
        type Value = TypeFirst<T>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(TYPE_FIRST)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            if map.next_key::<String>()?.as_deref() != Some("type") {
                return Err(de::Error::custom(format_args!("expected {TYPE_FIRST}")));
            }
            let kind = map.next_value()?;
            T::deserialize(KindAndFields { kind, fields: map }).map(TypeFirst)
        }
    }

    /// An enum value: its variant is the `type` already read, its fields the rest of
    /// the object.
    struct KindAndFields<A> {
        kind: String,
        fields: A,
    }

    impl<'de, A: MapAccess<'de>> Deserializer<'de> for KindAndFields<A> {
        type Error = A::Error;

        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
            visitor.visit_enum(self)
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
            struct enum identifier ignored_any
        }
    }

    impl<'de, A: MapAccess<'de>> de::EnumAccess<'de> for KindAndFields<A> {
        type Error = A::Error;
        type Variant = Fields<A>;

        fn variant_seed<V: DeserializeSeed<'de>>(
            self,
            seed: V,
        ) -> Result<(V::Value, Fields<A>), A::Error> {
            let kind: StringDeserializer<A::Error> = self.kind.into_deserializer();
            Ok((seed.deserialize(kind)?, Fields(self.fields)))
        }
    }

    struct Fields<A>(A);

    impl<'de, A: MapAccess<'de>> de::VariantAccess<'de> for Fields<A> {
        type Error = A::Error;

        fn unit_variant(mut self) -> Result<(), A::Error> {
            match self.0.next_key::<de::IgnoredAny>()? {
                None => Ok(()),
                Some(_) => Err(de::Error::custom("this type of block has no fields")),
            }
        }

        fn newtype_variant_seed<S: DeserializeSeed<'de>>(
            self,
            seed: S,
        ) -> Result<S::Value, A::Error> {
            seed.deserialize(MapAccessDeserializer::new(self.0))
        }

        fn tuple_variant<V: Visitor<'de>>(
            self,
            _len: usize,
            _visitor: V,
        ) -> Result<V::Value, A::Error> {
            Err(de::Error::custom("a block's fields are named"))
        }

        fn struct_variant<V: Visitor<'de>>(
            self,
            _fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, A::Error> {
            visitor.visit_map(self.0)
        }
    }
}

impl PageContent {
    pub fn parse(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }
}

/// Writes a number the French way, to at most two decimals: `281`, `3,6`, `14,69`,
/// `19 000` (digit groups of numbers from 10 000 joined by narrow no-break spaces,
/// `french::spaces::NARROW`; a CSV leaves them out: `csv_number`).
pub fn french_number(value: f64) -> String {
    use super::french::spaces::NARROW;
    let hundredths = (value.abs() * 100.0).round() as u64;
    let digits = (hundredths / 100).to_string();
    let mut out = String::new();
    if value < 0.0 && hundredths > 0 {
        out.push('\u{2212}');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) && digits.len() > 4 {
            out.push(NARROW);
        }
        out.push(d);
    }
    let decimals = format!("{:02}", hundredths % 100);
    let decimals = decimals.trim_end_matches('0');
    if !decimals.is_empty() {
        out.push(',');
        out.push_str(decimals);
    }
    out
}

/// A number as a spreadsheet in a French locale reads it: `french_number` without
/// digit groups (`19000`, `3,6`) and with a plain minus sign.
pub fn csv_number(value: f64) -> String {
    french_number(value)
        .replace(super::french::spaces::NARROW, "")
        .replace('\u{2212}', "-")
}

/// Writes a `YYYY[-MM[-DD]]` date the French way: "7 mai 2024", "mai 2024", "2017",
/// its parts joined by no-break spaces (`french::spaces::WORD`). Returns `None`
/// when the date is not of that form.
pub fn french_date(date: &str) -> Option<String> {
    use super::french::{spaces::WORD, MONTHS};
    let mut parts = date.split('-');
    let year = parts
        .next()
        .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))?;
    let month = match parts.next() {
        None => return Some(year.to_string()),
        Some(m) => MONTHS.get(m.parse::<usize>().ok()?.checked_sub(1)?)?,
    };
    let day = match parts.next() {
        None => return Some(format!("{month}{WORD}{year}")),
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
    Some(format!("{day}{WORD}{month}{WORD}{year}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_french_way() {
        assert_eq!(french_number(281.0), "281");
        assert_eq!(french_number(3.6), "3,6");
        assert_eq!(french_number(2.25), "2,25");
        assert_eq!(french_number(14.694), "14,69");
        assert_eq!(french_number(2.5), "2,5");
        assert_eq!(french_number(1970.0), "1970");
        assert_eq!(french_number(19000.0), "19\u{202f}000");
        assert_eq!(french_number(1234567.8), "1\u{202f}234\u{202f}567,8");
        assert_eq!(csv_number(1234567.8), "1234567,8");
        assert_eq!(csv_number(-17.44), "-17,44");
        // What the figures' CSV files write (builder::figures::csv).
        assert_eq!(csv_number(3.6), "3,6");
        assert_eq!(csv_number(19000.0), "19000");
        assert_eq!(csv_number(1234567.85), "1234567,85");
        assert_eq!(csv_number(14.69), "14,69");
        assert_eq!(csv_number(-58.38), "-58,38");
        assert_eq!(csv_number(0.0), "0");
        assert_eq!(french_number(0.004), "0");
        assert_eq!(french_number(-3.5), "\u{2212}3,5");
    }

    #[test]
    fn a_chart_block_reads_with_its_type_first() {
        let page = PageContent::parse(
            r#"{"body": [{"type": "chart", "title": "T", "alt": "A",
                "source": {"name": "OIM", "year": 2024}, "category": "Année",
                "series": [{"name": "Migrants", "unit": "millions"}],
                "rows": [{"label": "1970", "values": [84]}]}]}"#,
        )
        .unwrap();
        let Block::Chart(chart) = &page.body[0] else {
            panic!("not a chart: {:?}", page.body[0]);
        };
        assert_eq!(chart.rows[0].values, vec![Some(84.0)]);
        assert_eq!(chart.source.year, Some(2024));
        assert!(chart.files.is_none());
    }

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
        let dates: Text =
            serde_json::from_str(r#"[{"date": "1951-12-05"}, {"date": "1956"}]"#).unwrap();
        assert_eq!(
            dates[0],
            Span::Date(DateSpan {
                date: "1951-12-05".into(),
                text: "5\u{a0}décembre\u{a0}1951".into()
            })
        );
        assert_eq!(dates[1].words(), "1956");
    }

    #[test]
    fn unknown_fields_and_block_types_are_rejected() {
        assert!(PageContent::parse(r#"{"body": [{"type": "html", "text": "<b>"}]}"#).is_err());
        assert!(PageContent::parse(r#"{"body": [], "titre": "x"}"#).is_err());
        assert!(serde_json::from_str::<Text>(r#"[{"em": "a", "strong": "b"}]"#).is_err());
    }

    #[test]
    fn spans_of_no_known_shape_are_refused_with_the_reason() {
        let error = |json: &str| serde_json::from_str::<Text>(json).unwrap_err().to_string();
        let external: Text =
            serde_json::from_str(r#"[{"text": "ailleurs", "href": "https://example.org"}]"#)
                .unwrap();
        assert!(matches!(&external[0], Span::External(l) if !l.new_tab));
        assert!(error(r#"[{"emph": "a"}]"#).contains("unknown field `emph`"));
        assert!(error(r#"[{"link": "/agir"}]"#).contains(r#"expected a string, {"em"}"#));
        assert!(error(r#"[{"em": "a", "text": "b"}]"#).contains("invalid value: map"));
        assert!(
            error(r#"[{"link": "/a", "text": "b", "new_tab": true}]"#).contains("invalid value")
        );
        assert!(error(r#"[{"em": "a", "em": "b"}]"#).contains("duplicate field `em`"));
        assert!(error(r#"[{"em": 3}]"#).contains("invalid type: integer"));
        assert!(error(r#"[{"date": "1951-13-05"}]"#).contains("YYYY, YYYY-MM or YYYY-MM-DD"));
        assert!(error(r#"[{"date": "1951", "text": "1951"}]"#).contains("invalid value: map"));
        assert!(error(r#"[3]"#).contains("invalid type: integer"));
    }

    #[test]
    fn blocks_are_read_type_first_with_their_fields_checked() {
        let content = PageContent::parse(
            r#"{"body": [
                {"type": "heading", "level": 2, "text": "Titre", "id": "titre"},
                {"type": "list", "items": [["un"], ["deux"]]},
                {"type": "page_cards", "links": ["/agir"]}
            ]}"#,
        )
        .unwrap();
        assert_eq!(
            content.body,
            vec![
                Block::Heading {
                    level: 2,
                    text: "Titre".into(),
                    id: Some("titre".into())
                },
                Block::List {
                    ordered: false,
                    items: vec![
                        vec![Span::Plain("un".into())],
                        vec![Span::Plain("deux".into())]
                    ]
                },
                Block::PageCards {
                    links: vec!["/agir".into()]
                },
            ]
        );
        let error = |json: &str| PageContent::parse(json).unwrap_err().to_string();
        assert!(error(r#"{"body": [{"text": [], "type": "paragraph"}]}"#)
            .contains(r#"first key is "type""#));
        assert!(
            error(r#"{"body": [{"type": "html", "text": []}]}"#).contains("unknown variant `html`")
        );
        assert!(error(r#"{"body": [{"type": "paragraph", "texte": []}]}"#)
            .contains("unknown field `texte`"));
        assert!(error(r#"{"body": [{"type": "paragraph"}]}"#).contains("missing field `text`"));
        assert!(
            error(r#"{"body": [{"type": "heading", "level": "2", "text": "x"}]}"#)
                .contains("invalid type")
        );
        assert!(error(r#"{"body": ["paragraph"]}"#).contains("invalid type"));
    }

    #[test]
    fn dates_are_written_in_french() {
        assert_eq!(french_date("2017").as_deref(), Some("2017"));
        assert_eq!(french_date("2024-05").as_deref(), Some("mai\u{a0}2024"));
        assert_eq!(
            french_date("2024-05-07").as_deref(),
            Some("7\u{a0}mai\u{a0}2024")
        );
        assert_eq!(
            french_date("2023-10-01").as_deref(),
            Some("1er\u{a0}octobre\u{a0}2023")
        );
        // As the typography it is checked against asks.
        for date in ["2024-05", "2024-05-07", "2023-10-01"] {
            let written = french_date(date).unwrap();
            assert!(crate::rules::typography::breaches(&written).is_empty());
            assert!(
                !crate::rules::typography::breaches(&written.replace('\u{a0}', " ")).is_empty()
            );
        }
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
