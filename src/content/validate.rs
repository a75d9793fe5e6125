//! Checks over the content files, run by the site builder before every build (and
//! by the unit tests): every file parses, every page has a file and every file a
//! page, every internal link leads to a page, no text is empty. Each problem names
//! the file and the place in it (a JSON position, or line and column).

use super::model::{french_date, Block, PageContent, Span, Text};
use crate::nav::{content_slug, NavModel};
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

/// Validates content files, given as (file name, JSON text), against the model.
pub fn validate_content(model: &NavModel, files: &[(String, String)]) -> Vec<ContentError> {
    let mut errors = Vec::new();
    let expected: Vec<(String, &crate::nav::NavNode)> = model
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
    for (file, json) in files {
        let mut problems = Vec::new();
        match expected.iter().find(|(f, _)| f == file) {
            None => problems.push("no page of navigation.json uses this file".to_string()),
            Some((_, node)) => match PageContent::parse(json) {
                Err(e) => problems.push(format!("does not match the content model: {e}")),
                Ok(content) => {
                    check_page(model, &content, &mut problems);
                    if node.blurb.is_some() && content.lead.is_some() {
                        problems.push("the section's blurb is its lead: remove \"lead\"".into());
                    }
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

fn check_page(model: &NavModel, content: &PageContent, problems: &mut Vec<String>) {
    if let Some(lead) = &content.lead {
        check_text(model, lead, "lead", problems);
    }
    if let Some(dates) = &content.dates {
        for (field, date) in [("published", &dates.published), ("updated", &dates.updated)] {
            if let Some(date) = date.as_ref().filter(|d| french_date(d).is_none()) {
                problems.push(format!(
                    "dates.{field}: {date:?} is not YYYY, YYYY-MM or YYYY-MM-DD"
                ));
            }
        }
    }
    if content.body.is_empty() {
        problems.push("body is empty".into());
    }
    let mut ids = HashSet::new();
    for (i, block) in content.body.iter().enumerate() {
        let at = format!("body[{i}]");
        match block {
            Block::Heading { level, text, id } => {
                if !(2..=3).contains(level) {
                    problems.push(format!(
                        "{at}: heading level {level} (the page's h1 is its title; use 2 or 3)"
                    ));
                }
                non_empty(text, &at, problems);
                if let Some(id) = id {
                    if !crate::nav::is_well_formed_segment(id) || !ids.insert(id.as_str()) {
                        problems.push(format!("{at}: id {id:?} is malformed or used twice"));
                    }
                }
            }
            Block::Paragraph { text } | Block::Quote { text, .. } | Block::Note { text, .. } => {
                check_text(model, text, &at, problems)
            }
            Block::List { items, .. } => {
                if items.is_empty() {
                    problems.push(format!("{at}: list has no items"));
                }
                for item in items {
                    check_text(model, item, &at, problems);
                }
            }
            Block::Figures { items } => {
                if items.is_empty() {
                    problems.push(format!("{at}: no figures"));
                }
                for f in items {
                    non_empty(&f.value, &at, problems);
                    non_empty(&f.label, &at, problems);
                }
            }
            Block::Cards { items } => {
                if items.is_empty() {
                    problems.push(format!("{at}: no cards"));
                }
                for card in items {
                    non_empty(&card.title, &at, problems);
                    check_text(model, &card.text, &at, problems);
                    if let Some(link) = &card.link {
                        check_link(model, link, &at, problems);
                    }
                }
            }
            Block::PageCards { links } => {
                if links.is_empty() {
                    problems.push(format!("{at}: no pages"));
                }
                for link in links {
                    if model.find(link).is_none() {
                        problems.push(format!(
                            "{at}: link to {link}, which is not a page of the site"
                        ));
                    }
                }
            }
            Block::Details { items } => {
                for d in items {
                    non_empty(&d.term, &at, problems);
                    check_text(model, &d.value, &at, problems);
                }
            }
        }
        if let Block::Quote {
            source: Some(s), ..
        }
        | Block::Note { title: Some(s), .. } = block
        {
            non_empty(s, &at, problems);
        }
    }
}

fn non_empty(text: &str, at: &str, problems: &mut Vec<String>) {
    if text.trim().is_empty() {
        problems.push(format!("{at}: empty text"));
    }
}

fn check_text(model: &NavModel, text: &Text, at: &str, problems: &mut Vec<String>) {
    if text.iter().all(|s| s.words().trim().is_empty()) {
        problems.push(format!("{at}: empty text"));
    }
    for span in text {
        match span {
            Span::Internal(l) => check_link(model, &l.link, at, problems),
            Span::External(l) => check_link(model, &l.href, at, problems),
            _ => {}
        }
        if !matches!(span, Span::Plain(_)) {
            non_empty(span.words(), at, problems);
        }
    }
}

/// A link is a path of the site (optionally with a `#fragment`) or an https address.
fn check_link(model: &NavModel, link: &str, at: &str, problems: &mut Vec<String>) {
    if link.starts_with('/') {
        let path = link.split('#').next().unwrap_or(link);
        if model.find(path).is_none() {
            problems.push(format!(
                "{at}: link to {link}, which is not a page of the site"
            ));
        }
    } else if !link.starts_with("https://") {
        problems.push(format!(
            "{at}: link {link:?} is neither a site path nor https"
        ));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
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

    #[test]
    fn every_content_file_is_valid_and_every_page_has_one() {
        let errors: Vec<String> = validate_content(model(), &real_files())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(errors.is_empty(), "\n{}", errors.join("\n"));
    }

    fn problems_of(json: &str) -> Vec<String> {
        let mut files = real_files();
        let agir = files
            .iter_mut()
            .find(|(n, _)| n == "agir--engagez-vous.json")
            .unwrap();
        agir.1 = json.to_string();
        validate_content(model(), &files)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn problems_name_the_file_and_what_is_wrong() {
        let errors = problems_of(
            r#"{"body": [{"type": "paragraph", "text": ["Voir ", {"link": "/nulle-part", "text": "ici"}]}]}"#,
        );
        assert_eq!(
            errors,
            ["public/content/agir--engagez-vous.json: body[0]: link to /nulle-part, which is not a page of the site"]
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
    fn missing_and_orphan_files_are_reported() {
        let mut files = real_files();
        files.retain(|(n, _)| n != "agenda-2030.json");
        files.push(("ancienne-page.json".into(), r#"{"body": []}"#.into()));
        let errors: Vec<String> = validate_content(model(), &files)
            .iter()
            .map(ToString::to_string)
            .collect();
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
