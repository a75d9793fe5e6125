//! Checks over the content files, run by the site builder before every build (and
//! by the unit tests): every file parses, every page has a file and every file a
//! page, every internal link leads to a page and every external one to a verified
//! site (`public/external-links.json`), no text is empty, every text follows French
//! typography (`typography`), and every page has enough words of its own. Each
//! problem names the file and the place in it (a JSON position, or line and column).

use super::{placeholders, typography};
use crate::content::{
    french_date, Block, Chart, FigureFiles, FigureSource, Map, PageContent, Span, Text,
};
use crate::nav::{content_slug, Kind, NavModel, NavNode};
use serde::Deserialize;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub file: String,
    pub problem: String,
}

impl std::fmt::Display for ContentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "public/content/{}: {}", self.file, self.problem)
    }
}

/// The JSON source of the allow-list of external sites, as bundled in the binary.
pub const EXTERNAL_LINKS_JSON: &str = include_str!("../../public/external-links.json");

/// The external addresses content may link to: the verified sites' home pages,
/// copied from the project's checked facts into `public/external-links.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalSites {
    sites: Vec<ExternalSite>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExternalSite {
    href: String,
    /// What the site is, for the people who edit the list.
    #[allow(dead_code)]
    name: String,
}

impl ExternalSites {
    /// Reads the allow-list; every address must be https, without query or fragment.
    pub fn parse(json: &str) -> Result<Self, String> {
        let list: Self = serde_json::from_str(json).map_err(|e| e.to_string())?;
        for site in &list.sites {
            let plain = !site.href.contains(['?', '#', ' ']);
            if !site.href.starts_with("https://") || !plain {
                return Err(format!(
                    "{:?} is not an https address without query or fragment",
                    site.href
                ));
            }
        }
        Ok(list)
    }

    fn allows(&self, href: &str) -> bool {
        self.sites.iter().any(|s| s.href == href)
    }
}

/// Words of its own text a content page needs (`page` and `article`), and the home
/// page, where most readers land.
const MIN_WORDS_PAGE: usize = 150;
/// Words a hub (section, group) needs besides the cards generated for its pages: its
/// blurb, its lead and its body.
const MIN_WORDS_HUB: usize = 120;

/// Validates content files, given as (file name, JSON text), against the model and
/// the allow-list of external sites.
pub fn validate_content(
    model: &NavModel,
    sites: &ExternalSites,
    files: &[(String, String)],
) -> Vec<ContentError> {
    let mut errors = Vec::new();
    let expected: Vec<(String, &NavNode)> = model
        .nodes()
        .into_iter()
        .map(|n| (format!("{}.json", content_slug(&n.path)), n))
        .collect();
    let present: HashSet<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    for (file, node) in &expected {
        if !present.contains(file.as_str()) {
            errors.push(ContentError {
                file: file.clone(),
                problem: format!("missing: the page {} has no content file", node.path),
            });
        }
    }
    let checker = Checker { model, sites };
    for (file, json) in files {
        let mut problems = Vec::new();
        match expected.iter().find(|(f, _)| f == file) {
            None => problems.push("no page of navigation.json uses this file".to_string()),
            Some((_, node)) => match PageContent::parse(json) {
                Err(e) => problems.push(format!("does not match the content model: {e}")),
                Ok(content) => {
                    checker.page(&content, &mut problems);
                    if node.blurb.is_some() && content.lead.is_some() {
                        problems.push("the section's blurb is its lead: remove \"lead\"".into());
                    }
                    check_depth(node, &content, &mut problems);
                }
            },
        }
        errors.extend(problems.into_iter().map(|problem| ContentError {
            file: file.clone(),
            problem,
        }));
    }
    errors
}

/// The ids the app and its shell give elements of every page (a unit test finds
/// every `id` literal of `src/` here): a heading with one of them would share it,
/// and the skip link, the menus or the loader would find the heading instead.
pub const APP_IDS: [&str; 22] = [
    "annonce-navigation",
    "contenu",
    "contenu-initial",
    "copie-enregistrer",
    "copie-etat",
    "copie-progression",
    "copie-reessayer",
    "copie-supprimer",
    "copie-titre",
    "dans-cette-rubrique",
    "fichiers-appli",
    "fil-ariane-titre",
    "menu-bouton",
    "menu-principal",
    "moteur-recherche",
    "recherche-page",
    "recherche-resultats",
    "recherche-site",
    "recherche-statut",
    "rubriques",
    "suggestions",
    "titre-page",
];

/// The ids the app numbers: `menu-rubrique-0`, `menu-panneau-0`, …
pub const APP_ID_PREFIXES: [&str; 2] = ["menu-rubrique-", "menu-panneau-"];

fn is_app_id(id: &str) -> bool {
    APP_IDS.contains(&id) || APP_ID_PREFIXES.iter().any(|p| id.starts_with(p))
}

fn word_count(text: &str) -> usize {
    text.split(char::is_whitespace)
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// The words a content file holds of its own: its lead and its body, except the
/// cards of pages (`page_cards`), whose words come from the navigation model.
fn own_words(content: &PageContent) -> usize {
    let spans = |t: &Text| t.iter().map(|s| word_count(s.words())).sum::<usize>();
    let body: usize = content
        .body
        .iter()
        .map(|block| match block {
            Block::Heading { text, .. } => word_count(text),
            Block::Paragraph { text } => spans(text),
            Block::Note { text, title }
            | Block::Quote {
                text,
                source: title,
            } => spans(text) + title.as_deref().map_or(0, word_count),
            Block::List { items, .. } => items.iter().map(spans).sum(),
            Block::Figures { items } => items
                .iter()
                .map(|f| word_count(&f.value) + word_count(&f.label))
                .sum(),
            Block::Cards { items } => items
                .iter()
                .map(|c| word_count(&c.title) + spans(&c.text))
                .sum(),
            Block::Details { items } => items
                .iter()
                .map(|d| word_count(&d.term) + spans(&d.value))
                .sum(),
            Block::PageCards { .. } => 0,
            Block::Chart(chart) => word_count(&chart.title) + word_count(&chart.alt),
            Block::Map(map) => word_count(&map.title) + word_count(&map.alt),
        })
        .sum();
    content.lead.as_ref().map_or(0, spans) + body
}

/// Pages and the home page have at least `MIN_WORDS_PAGE` words of their own, hubs
/// `MIN_WORDS_HUB` besides their generated cards; the site map, generated, and the
/// search page have no minimum.
fn check_depth(node: &NavNode, content: &PageContent, problems: &mut Vec<String>) {
    let (minimum, what) = match node.kind {
        Kind::Page | Kind::Article | Kind::Offline => (MIN_WORDS_PAGE, "a content page"),
        Kind::Home => (MIN_WORDS_PAGE, "the home page, besides its cards,"),
        Kind::Section | Kind::Group => (MIN_WORDS_HUB, "a hub, besides its cards,"),
        Kind::Sitemap | Kind::Search => return,
    };
    let words = own_words(content) + node.blurb.as_deref().map_or(0, word_count);
    if words < minimum {
        problems.push(format!(
            "{words} words of its own; {what} needs at least {minimum}"
        ));
    }
}

/// The parts every figure has: a title, a one-sentence text alternative, a source,
/// and no `files` (the site builder writes those into the copy it publishes).
fn figure_problems(
    title: &str,
    alt: &str,
    source: &FigureSource,
    files: &Option<FigureFiles>,
    at: &str,
    problems: &mut Vec<String>,
) {
    words(title, at, problems);
    words(alt, at, problems);
    words(&source.name, at, problems);
    let sentences = alt.matches(['.', '!', '?']).count();
    if !alt.ends_with('.') || sentences != 1 {
        problems.push(format!(
            "{at}: alt must be one sentence, ending with a full stop: {alt:?}"
        ));
    }
    if source.year.is_some_and(|y| !(1900..=2100).contains(&y)) {
        problems.push(format!("{at}: source year {:?} is not a year", source.year));
    }
    if files.is_some() {
        problems.push(format!(
            "{at}: \"files\" is written by the site builder; remove it"
        ));
    }
}

/// Whether a figure's number has at most two decimals, which the page's table and
/// the CSV both write in full (`content::french_number`).
fn two_decimals_at_most(value: f64) -> bool {
    ((value * 100.0).round() - value * 100.0).abs() < 1e-6
}

/// Most rows a chart may have, and series: a second series is written in brackets
/// after the first's values, so a third would have nowhere to go.
const MAX_CHART_ROWS: usize = 12;
const MAX_SERIES: usize = 2;

fn chart_problems(chart: &Chart, at: &str, problems: &mut Vec<String>) {
    figure_problems(
        &chart.title,
        &chart.alt,
        &chart.source,
        &chart.files,
        at,
        problems,
    );
    words(&chart.category, at, problems);
    if !(1..=MAX_SERIES).contains(&chart.series.len()) {
        problems.push(format!(
            "{at}: a chart has 1 or {MAX_SERIES} series, not {}",
            chart.series.len()
        ));
    }
    for series in &chart.series {
        words(&series.name, at, problems);
        // Checked as it is written, after a number.
        words(&format!("1\u{a0}{}", series.unit), at, problems);
    }
    if !(1..=MAX_CHART_ROWS).contains(&chart.rows.len()) {
        problems.push(format!(
            "{at}: a chart has 1 to {MAX_CHART_ROWS} rows, not {}",
            chart.rows.len()
        ));
    }
    for row in &chart.rows {
        words(&row.label, at, problems);
        if row.values.len() != chart.series.len() {
            problems.push(format!(
                "{at}: row {:?} has {} values for {} series",
                row.label,
                row.values.len(),
                chart.series.len()
            ));
        }
        if row.values.first().is_some_and(Option::is_none) {
            problems.push(format!(
                "{at}: row {:?} has no value for the series drawn as bars",
                row.label
            ));
        }
        if let Some(long) = row
            .values
            .iter()
            .flatten()
            .find(|v| !two_decimals_at_most(**v))
        {
            problems.push(format!(
                "{at}: row {:?}: {long} has more than two decimals",
                row.label
            ));
        }
        if let Some(bad) = row
            .values
            .iter()
            .flatten()
            .find(|v| !(v.is_finite() && **v >= 0.0))
        {
            problems.push(format!(
                "{at}: row {:?}: {bad} is not a positive number (bars start at 0)",
                row.label
            ));
        }
    }
}

/// Places of a map are told apart by the shape of their marker, one per kind.
const MAX_PLACE_KINDS: usize = 3;

fn map_problems(map: &Map, at: &str, problems: &mut Vec<String>) {
    figure_problems(&map.title, &map.alt, &map.source, &map.files, at, problems);
    if map.places.is_empty() {
        problems.push(format!("{at}: a map needs places"));
    }
    let mut kinds = Vec::new();
    for place in &map.places {
        for text in [&place.name, &place.country, &place.kind]
            .into_iter()
            .chain(&place.covers)
        {
            words(text, at, problems);
        }
        if !kinds.contains(&&place.kind) {
            kinds.push(&place.kind);
        }
        if !(two_decimals_at_most(place.lat) && two_decimals_at_most(place.lon)) {
            problems.push(format!(
                "{at}: {}: give the coordinates to two decimals at most",
                place.name
            ));
        }
        if !((-90.0..=90.0).contains(&place.lat) && (-180.0..=180.0).contains(&place.lon)) {
            problems.push(format!(
                "{at}: {}: ({}, {}) is not a latitude and a longitude in degrees",
                place.name, place.lat, place.lon
            ));
        }
    }
    if kinds.len() > MAX_PLACE_KINDS {
        problems.push(format!(
            "{at}: {} kinds of places; a map tells apart at most {MAX_PLACE_KINDS} (by marker shape)",
            kinds.len()
        ));
    }
}

/// What the checks of a page's blocks and spans need to know.
struct Checker<'a> {
    model: &'a NavModel,
    sites: &'a ExternalSites,
}

impl Checker<'_> {
    fn page(&self, content: &PageContent, problems: &mut Vec<String>) {
        if let Some(lead) = &content.lead {
            self.text(lead, "lead", problems);
        }
        if let Some(dates) = &content.dates {
            if let Some(date) = dates
                .published
                .as_ref()
                .filter(|d| french_date(d).is_none())
            {
                problems.push(format!(
                    "dates.published: {date:?} is not YYYY, YYYY-MM or YYYY-MM-DD"
                ));
            }
            if dates.updated.is_some() {
                problems.push(
                    "dates.updated: the site builder writes it from the repository's \
                     history (when this file last changed); remove it"
                        .into(),
                );
            }
        }
        if content.body.is_empty() {
            problems.push("body is empty".into());
        }
        let mut ids = HashSet::new();
        // Headings go down one level at a time from the page's h1: an h3, or cards
        // (whose titles are h3), need an h2 above them.
        let mut deepest = 1;
        for (i, block) in content.body.iter().enumerate() {
            let at = format!("body[{i}]");
            let h3 = match block {
                Block::Heading { level: 3, .. } => Some("a level-3 heading"),
                Block::Cards { .. } | Block::PageCards { .. } => {
                    Some("cards (their titles are level-3 headings)")
                }
                _ => None,
            };
            if let Some(what) = h3.filter(|_| deepest < 2) {
                problems.push(format!(
                    "{at}: {what} with no level-2 heading above: add one before it"
                ));
            }
            if let Block::Heading { level, .. } = block {
                deepest = deepest.max(*level);
            }
            self.block(block, &at, &mut ids, problems);
        }
    }

    fn block<'b>(
        &self,
        block: &'b Block,
        at: &str,
        ids: &mut HashSet<&'b str>,
        problems: &mut Vec<String>,
    ) {
        match block {
            Block::Heading { level, text, id } => {
                if !(2..=3).contains(level) {
                    problems.push(format!(
                        "{at}: heading level {level} (the page's h1 is its title; use 2 or 3)"
                    ));
                }
                words(text, at, problems);
                if let Some(id) = id {
                    if !super::is_well_formed_segment(id) || !ids.insert(id.as_str()) {
                        problems.push(format!("{at}: id {id:?} is malformed or used twice"));
                    } else if is_app_id(id) {
                        problems.push(format!(
                            "{at}: id {id:?} is one the site gives its own elements on every page; choose another"
                        ));
                    }
                }
            }
            Block::Paragraph { text } | Block::Quote { text, .. } | Block::Note { text, .. } => {
                self.text(text, at, problems)
            }
            Block::List { items, .. } => {
                if items.is_empty() {
                    problems.push(format!("{at}: list has no items"));
                }
                for item in items {
                    self.text(item, at, problems);
                }
            }
            Block::Figures { items } => {
                if items.is_empty() {
                    problems.push(format!("{at}: no figures"));
                }
                for f in items {
                    words(&f.value, at, problems);
                    words(&f.label, at, problems);
                }
            }
            Block::Cards { items } => {
                if items.is_empty() {
                    problems.push(format!("{at}: no cards"));
                }
                for card in items {
                    words(&card.title, at, problems);
                    self.text(&card.text, at, problems);
                    if let Some(link) = &card.link {
                        self.link(link, at, problems);
                    }
                }
            }
            Block::PageCards { links } => {
                if links.is_empty() {
                    problems.push(format!("{at}: no pages"));
                }
                for link in links {
                    if self.model.find(link).is_none() {
                        problems.push(format!(
                            "{at}: link to {link}, which is not a page of the site"
                        ));
                    }
                }
            }
            Block::Details { items } => {
                for d in items {
                    words(&d.term, at, problems);
                    self.text(&d.value, at, problems);
                }
            }
            Block::Chart(chart) => chart_problems(chart, at, problems),
            Block::Map(map) => map_problems(map, at, problems),
        }
        if let Block::Quote {
            source: Some(s), ..
        }
        | Block::Note { title: Some(s), .. } = block
        {
            words(s, at, problems);
        }
    }

    /// A run of spans: not empty, its links valid, and its words, read as one text
    /// (a colon after a link is checked too), checked by `words`.
    fn text(&self, text: &Text, at: &str, problems: &mut Vec<String>) {
        for span in text {
            match span {
                Span::Internal(l) => self.link(&l.link, at, problems),
                Span::External(l) => self.link(&l.href, at, problems),
                _ => {}
            }
            if !matches!(span, Span::Plain(_)) && span.words().trim().is_empty() {
                problems.push(format!("{at}: empty text"));
            }
        }
        let joined: String = text.iter().map(Span::words).collect();
        words(&joined, at, problems);
    }

    /// A link is a path of the site (optionally with a `#fragment`) or the address of a
    /// verified site, as written in the allow-list.
    fn link(&self, link: &str, at: &str, problems: &mut Vec<String>) {
        if link.starts_with('/') {
            let path = link.split('#').next().unwrap_or(link);
            if self.model.find(path).is_none() {
                problems.push(format!(
                    "{at}: link to {link}, which is not a page of the site"
                ));
            }
        } else if !self.sites.allows(link) {
            problems.push(format!(
                "{at}: link to {link:?}, which is neither a site path nor a verified site \
                 of public/external-links.json"
            ));
        }
    }
}

/// A text of ours: not empty, in French typography, its placeholders known.
fn words(text: &str, at: &str, problems: &mut Vec<String>) {
    if text.trim().is_empty() {
        problems.push(format!("{at}: empty text"));
    }
    for breach in typography::breaches(text) {
        problems.push(format!("{at}: typography: {breach}"));
    }
    for unknown in placeholders::unknown(text) {
        problems.push(format!("{at}: {unknown} names no build setting"));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every id the app's code gives an element (`id="…"`, `…_ID: &str = "…"`,
    /// `field_id: "…"`, `format!("menu-…-{i}")`) is one content may not take.
    #[test]
    fn every_id_of_the_app_is_reserved() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        super::typography::tests::rust_files(&root.join("src"), &mut files);
        files.push(root.join("Trunk.toml"));
        let literal = |text: &str, after: &str| -> Vec<String> {
            text.split(after)
                .skip(1)
                .filter_map(|rest| rest.split('"').next().map(str::to_string))
                .collect()
        };
        let mut found = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for after in ["id=\"", "_ID: &str = \"", "field_id: \"", "format!(\"menu-"] {
                for id in literal(code, after) {
                    let id = if after.starts_with("format!") {
                        format!("menu-{}", id.split('{').next().unwrap_or_default())
                    } else {
                        id
                    };
                    if !id.is_empty() && !id.contains('{') {
                        found.push((file.display().to_string(), id));
                    }
                }
            }
        }
        assert!(found.len() >= 20, "{found:?}");
        for (file, id) in found {
            assert!(
                is_app_id(&id),
                "{file}: id {id:?} is not in APP_IDS or APP_ID_PREFIXES"
            );
        }
    }

    use crate::nav::model;

    /// The real files, as they ship: (file name, text), sorted by name.
    pub(crate) fn real_files() -> Vec<(String, String)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/public/content");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("public/content exists")
            .map(|e| e.expect("readable entry").path())
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                let json = std::fs::read_to_string(&p).expect("readable file");
                (name, json)
            })
            .collect();
        files.sort();
        files
    }

    fn sites() -> ExternalSites {
        ExternalSites::parse(EXTERNAL_LINKS_JSON).unwrap_or_else(|e| panic!("{e}"))
    }

    fn errors_of(files: &[(String, String)]) -> Vec<String> {
        validate_content(model(), &sites(), files)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn every_content_file_is_valid_and_every_page_has_one() {
        let errors = errors_of(&real_files());
        assert!(errors.is_empty(), "\n{}", errors.join("\n"));
    }

    /// The problems of the real files with `agir--engagez-vous.json` replaced by `json`.
    fn problems_of(json: &str) -> Vec<String> {
        let mut files = real_files();
        let agir = files
            .iter_mut()
            .find(|(n, _)| n == "agir--engagez-vous.json")
            .unwrap();
        agir.1 = json.to_string();
        errors_of(&files)
    }

    /// A page of `MIN_WORDS_PAGE` words whose first paragraph is `text`.
    fn page_with(text: &str) -> String {
        let filler = vec!["mot"; MIN_WORDS_PAGE].join(" ");
        format!(
            r#"{{"body": [{{"type": "paragraph", "text": {text}}}, {{"type": "paragraph", "text": ["{filler}"]}}]}}"#
        )
    }

    #[test]
    fn an_h3_or_cards_need_an_h2_above_them() {
        let cards = r#"{"type": "page_cards", "links": ["/agir"]}"#;
        let h3 = r#"{"type": "heading", "level": 3, "text": "Sous-titre"}"#;
        let h2 = r#"{"type": "heading", "level": 2, "text": "Titre"}"#;
        let filler = format!(
            r#"{{"type": "paragraph", "text": ["{}"]}}"#,
            vec!["mot"; MIN_WORDS_PAGE].join(" ")
        );
        for first in [cards, h3] {
            let errors = problems_of(&format!(r#"{{"body": [{filler}, {first}]}}"#));
            assert!(
                errors
                    .iter()
                    .any(|e| e.contains("body[1]") && e.contains("no level-2 heading above")),
                "{errors:?}"
            );
            let errors = problems_of(&format!(r#"{{"body": [{filler}, {h2}, {first}]}}"#));
            assert!(errors.is_empty(), "{errors:?}");
        }
    }

    /// The problems of a page whose body is a filler paragraph and `block`.
    fn problems_of_block(block: &str) -> Vec<String> {
        let filler = vec!["mot"; MIN_WORDS_PAGE].join(" ");
        problems_of(&format!(
            r#"{{"body": [{{"type": "paragraph", "text": ["{filler}"]}}, {block}]}}"#
        ))
    }

    const CHART: &str = r#"{"type": "chart", "title": "Migrants internationaux",
        "alt": "Le nombre de migrants a triplé.", "source": {"name": "OIM", "year": 2024},
        "category": "Année", "series": [{"name": "Migrants", "unit": "millions"},
        {"name": "Part", "unit": "%"}], "rows": [{"label": "1970", "values": [84, 2.3]},
        {"label": "1990", "values": [153, null]}]}"#;

    const MAP: &str = r#"{"type": "map", "title": "Bureaux", "alt": "Deux bureaux.",
        "source": {"name": "OIM"}, "places": [{"name": "Dakar", "country": "Sénégal",
        "kind": "Bureau régional", "covers": "Afrique de l’Ouest", "lat": 14.69,
        "lon": -17.44}]}"#;

    #[test]
    fn a_valid_chart_and_map_pass() {
        assert_eq!(problems_of_block(CHART), Vec::<String>::new());
        assert_eq!(problems_of_block(MAP), Vec::<String>::new());
    }

    #[test]
    fn charts_and_maps_with_bad_data_fail() {
        let cases = [
            (CHART.replace("[84, 2.3]", "[84]"), "has 1 values for 2 series"),
            (CHART.replace("[153, null]", "[null, 3]"), "no value for the series drawn as bars"),
            (CHART.replace("[84, 2.3]", "[-84, 2.3]"), "is not a positive number"),
            (CHART.replace("a triplé.", "a triplé"), "alt must be one sentence"),
            (CHART.replace("a triplé.", "a triplé. Voilà."), "alt must be one sentence"),
            (CHART.replace(r#""rows": [{"label": "1970", "values": [84, 2.3]},
        {"label": "1990", "values": [153, null]}]"#, r#""rows": []"#), "1 to 12 rows"),
            (CHART.replace(r#""year": 2024"#, r#""year": 24"#), "is not a year"),
            (CHART.replace(r#""category": "Année","#, r#""category": "Année", "files": {"svg": "a.svg", "width": 1, "height": 1, "csv": "a.csv"},"#), "written by the site builder"),
            (CHART.replace("Migrants internationaux", "Migrants : tous"), "Migrants : tous"),
            (MAP.replace("14.69", "94.69"), "is not a latitude and a longitude"),
            (MAP.replace("14.69", "14.695"), "two decimals at most"),
            (CHART.replace("[84, 2.3]", "[84.125, 2.3]"), "more than two decimals"),
            (MAP.replace("-17.44", "-197.44"), "is not a latitude and a longitude"),
            (MAP.replace(r#""places": [{"name": "Dakar", "country": "Sénégal",
        "kind": "Bureau régional", "covers": "Afrique de l’Ouest", "lat": 14.69,
        "lon": -17.44}]"#, r#""places": []"#), "a map needs places"),
        ];
        for (block, expected) in cases {
            assert_ne!(block, CHART);
            let errors = problems_of_block(&block);
            assert!(
                errors.iter().any(|e| e.contains(expected)),
                "{expected:?} not in {errors:?} for {block}"
            );
        }
        let kinds = (1..=4)
            .map(|k| MAP.replace("Bureau régional", &format!("Sorte {k}")))
            .map(|m| m[m.find("[{").unwrap() + 1..m.rfind("]}").unwrap()].to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let four_kinds = format!(r#"{}[{kinds}]}}"#, &MAP[..MAP.find("[{").unwrap()]);
        let errors = problems_of_block(&four_kinds);
        assert!(
            errors.iter().any(|e| e.contains("4 kinds of places")),
            "{errors:?}"
        );
    }

    #[test]
    fn problems_name_the_file_and_what_is_wrong() {
        let errors = problems_of(&page_with(
            r#"["Voir ", {"link": "/nulle-part", "text": "ici"}]"#,
        ));
        assert_eq!(
            errors,
            ["public/content/agir--engagez-vous.json: body[0]: link to /nulle-part, which is not a page of the site"]
        );
        let errors = problems_of(
            r#"{"body": [{"type": "heading", "level": 2, "text": "Titre", "id": "contenu"}]}"#,
        );
        assert!(
            errors
                .iter()
                .any(|e| e.contains(r#"id "contenu" is one the site gives"#)),
            "{errors:?}"
        );
        let errors = problems_of(r#"{"body": [{"type": "heading", "level": 1, "text": " "}]}"#);
        assert!(
            errors.iter().any(|e| e.contains("heading level 1")),
            "{errors:?}"
        );
        assert!(
            errors.iter().any(|e| e.contains("empty text")),
            "{errors:?}"
        );
        let errors = problems_of(r#"{"body": [{"type": "paragraph", "text": "pas une liste"}]}"#);
        assert!(
            errors[0].starts_with(
                "public/content/agir--engagez-vous.json: does not match the content model"
            ),
            "{errors:?}"
        );
        let errors = problems_of(r#"{"body": []}"#);
        assert!(
            errors.iter().any(|e| e.ends_with("body is empty")),
            "{errors:?}"
        );
    }

    #[test]
    fn typography_breaches_fail_quoting_the_text_and_the_seed_is_exempt() {
        let errors = problems_of(&page_with(
            r#"["Voir la ", {"link": "/agir", "text": "rubrique"}, ": 19 000 personnes"]"#,
        ));
        assert_eq!(
            errors,
            [
                "public/content/agir--engagez-vous.json: body[0]: typography: a no-break space (U+00A0) goes before : % and »: \"Voir la rubrique: 19 000 personnes\"",
                "public/content/agir--engagez-vous.json: body[0]: typography: the digit groups of a number are joined by a narrow no-break space (19 000): \"Voir la rubrique: 19 000 personnes\"",
                "public/content/agir--engagez-vous.json: body[0]: typography: a no-break space (U+00A0) joins a number and the word it counts (281 millions): \"Voir la rubrique: 19 000 personnes\"",
            ]
        );
        // The seed's paragraph passes as given, and fails once it is no longer the seed's.
        let seed = serde_json::to_string(&[typography::VERBATIM[2]]).unwrap();
        assert_eq!(problems_of(&page_with(&seed)), Vec::<String>::new());
        let edited = seed.replace("2017", "2018");
        let errors = problems_of(&page_with(&edited));
        assert!(
            errors.iter().any(|e| e.contains(
                "body[0]: typography: a range takes an en dash (2024–2028), not a hyphen: \"…"
            )),
            "{errors:?}"
        );
        let errors = problems_of(&page_with(r#"[{"strong": "2024-2028"}]"#));
        assert!(
            errors.iter().any(|e| e.contains("en dash (2024–2028)")),
            "{errors:?}"
        );
    }

    #[test]
    fn dates_are_checked_and_the_last_change_is_left_to_the_builder() {
        let with_dates = |dates: &str| {
            let page = page_with(r#"["Un texte."]"#);
            page.replacen('{', &format!(r#"{{"dates": {dates}, "#), 1)
        };
        assert!(problems_of(&with_dates(r#"{"published": "2017"}"#)).is_empty());
        assert_eq!(
            problems_of(&with_dates(r#"{"published": "2017-13"}"#)),
            ["public/content/agir--engagez-vous.json: dates.published: \"2017-13\" is not YYYY, YYYY-MM or YYYY-MM-DD"]
        );
        let errors = problems_of(&with_dates(r#"{"updated": "2026-11"}"#));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains("dates.updated: the site builder writes it"),
            "{errors:?}"
        );
    }

    #[test]
    fn short_pages_and_short_hubs_fail_with_their_word_count() {
        let errors = problems_of(r#"{"body": [{"type": "paragraph", "text": ["Trop court."]}]}"#);
        assert_eq!(
            errors,
            ["public/content/agir--engagez-vous.json: 2 words of its own; a content page needs at least 150"]
        );
        assert!(problems_of(&page_with(r#"["Assez long."]"#)).is_empty());
        let mut files = real_files();
        let agir = files.iter_mut().find(|(n, _)| n == "agir.json").unwrap();
        agir.1 = r#"{"body": [{"type": "paragraph", "text": ["Une rubrique."]}, {"type": "heading", "level": 2, "text": "Pages"}, {"type": "page_cards", "links": ["/agir/engagez-vous"]}]}"#.into();
        assert_eq!(
            errors_of(&files),
            ["public/content/agir.json: 3 words of its own; a hub, besides its cards, needs at least 120"]
        );
        assert_eq!(
            word_count("L’OIM\u{a0}: 19\u{202f}000\u{a0}personnes – en 2024."),
            6
        );
    }

    #[test]
    fn external_links_go_only_to_the_verified_sites() {
        let list = sites();
        assert!(list.allows("https://www.iom.int/fr"));
        let errors = problems_of(&page_with(
            r#"[{"href": "https://www.iom.int/fr", "text": "le site de l’OIM"}, " et ",
                {"href": "https://www.iom.int/fr/une-page-inventee", "text": "une page"}]"#,
        ));
        assert_eq!(
            errors,
            ["public/content/agir--engagez-vous.json: body[0]: link to \"https://www.iom.int/fr/une-page-inventee\", which is neither a site path nor a verified site of public/external-links.json"]
        );
        assert!(ExternalSites::parse(
            r#"{"sites": [{"href": "http://exemple.org", "name": "x"}]}"#
        )
        .is_err());
        assert!(ExternalSites::parse(
            r#"{"sites": [{"href": "https://exemple.org/?q", "name": "x"}]}"#
        )
        .is_err());
        assert!(ExternalSites::parse(r#"{"sites": [{"href": "https://exemple.org"}]}"#).is_err());
    }

    #[test]
    fn unknown_placeholders_are_refused() {
        let errors = problems_of(&page_with(
            r#"["Hébergeur\u00a0: {{OIM_HOST_NAME}}, {{HEBERGEUR}}"]"#,
        ));
        assert_eq!(
            errors,
            ["public/content/agir--engagez-vous.json: body[0]: {{HEBERGEUR}} names no build setting"]
        );
    }

    #[test]
    fn missing_and_orphan_files_are_reported() {
        let mut files = real_files();
        files.retain(|(n, _)| n != "agenda-2030.json");
        files.push(("ancienne-page.json".into(), r#"{"body": []}"#.into()));
        let errors = errors_of(&files);
        assert!(errors.contains(&"public/content/agenda-2030.json: missing: the page /agenda-2030 has no content file".to_string()), "{errors:?}");
        assert!(
            errors.contains(
                &"public/content/ancienne-page.json: no page of navigation.json uses this file"
                    .to_string()
            ),
            "{errors:?}"
        );
    }
}
