//! Checks that keep the navigation model coherent. Run by the site builder before
//! every build (and by the unit tests), so a bad edit of `public/navigation.json`
//! fails the build with the path it concerns and the problem. Its texts follow
//! French typography (`rules::typography`, where the seed's labels and blurbs are
//! listed as exempt).

use super::typography;
use crate::nav::{normalize, Kind, NavModel, NavNode};
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    /// The path (or redirect source) the problem is about.
    pub at: String,
    pub problem: String,
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "navigation.json, {}: {}", self.at, self.problem)
    }
}

/// A path is "/" or "/segment(/segment)*", segments being lower-case ASCII words
/// joined by hyphens, as the real French site's addresses are.
pub fn is_well_formed_path(path: &str) -> bool {
    path == "/"
        || path
            .strip_prefix('/')
            .is_some_and(|rest| rest.split('/').all(is_well_formed_segment))
}

/// One segment of a path (or an anchor id): `mot` or `mot-compose`.
pub fn is_well_formed_segment(seg: &str) -> bool {
    !seg.is_empty()
        && !seg.starts_with('-')
        && !seg.ends_with('-')
        && !seg.contains("--")
        && seg
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The first segments a page may not take: the folders of the built site
/// (`/content/…`, `/pagefind/…`) and the pages the builder writes itself (`index.html`
/// is the home page, `404.html` the not-found page). A page is written as
/// `<path>.html` and `<path>/index.html`; asset names all hold a dot, which no path
/// can.
pub const RESERVED_SEGMENTS: [&str; 4] = ["content", "pagefind", "index", "404"];

/// A legacy address may hold ASCII letters, digits and `-._~/` only (RFC 3986's
/// unreserved characters and the slash): it is written as it is into `_redirects`,
/// `_headers`' neighbours and nginx's configuration, where a space, a newline, a
/// brace or a quote would be read as more rules.
pub fn is_safe_address(address: &str) -> bool {
    address.starts_with('/')
        && address
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~/".contains(&b))
}

/// Every text of the model: `{{…}}` is filled in content files only, so one here
/// would reach visitors as it is.
fn texts(model: &NavModel) -> Vec<(String, &str)> {
    let mut texts = vec![
        ("site_name".to_string(), model.site_name.as_ref()),
        ("site_full_name".to_string(), model.site_full_name.as_ref()),
    ];
    for node in model.nodes() {
        texts.push((format!("{} label", node.path), &node.label));
        texts.push((format!("{} description", node.path), &node.description));
        if let Some(blurb) = &node.blurb {
            texts.push((format!("{} blurb", node.path), blurb));
        }
    }
    texts
}

pub fn validate_navigation(model: &NavModel) -> Vec<ModelError> {
    let mut errors = Vec::new();
    let mut err = |at: &str, problem: String| {
        errors.push(ModelError {
            at: at.to_string(),
            problem,
        })
    };

    if model.root.path != "/" || model.root.kind != Kind::Home {
        err(
            &model.root.path,
            "the root must be the home page at \"/\"".into(),
        );
    }

    let mut seen = HashSet::new();
    let mut stack: Vec<(&NavNode, Option<&NavNode>)> = vec![(&model.root, None)];
    while let Some((node, parent)) = stack.pop() {
        let at = node.path.as_ref();
        if !is_well_formed_path(at) {
            err(at, "path is not of the form /mot/mot-compose".into());
        }
        let first = at
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or_default();
        if RESERVED_SEGMENTS.contains(&first) {
            err(
                at,
                format!("path starts with {first:?}, a name the built site uses for its own files"),
            );
        }
        if !seen.insert(at) {
            err(at, "path appears twice".into());
        }
        if node.label.trim().is_empty() {
            err(at, "label is empty".into());
        }
        if node.description.trim().is_empty() {
            err(at, "description is empty".into());
        }
        if node.blurb.as_deref().is_some_and(|b| b.trim().is_empty()) {
            err(at, "blurb is present but empty".into());
        }
        let texts = [
            ("label", Some(&node.label)),
            ("description", Some(&node.description)),
            ("blurb", node.blurb.as_ref()),
        ];
        for (field, text) in texts {
            for breach in text.map_or_else(Vec::new, |t| typography::breaches(t)) {
                err(at, format!("{field}: typography: {breach}"));
            }
        }
        if let Some(parent) = parent {
            let prefix = if parent.path == "/" {
                "/".to_string()
            } else {
                format!("{}/", parent.path)
            };
            if !at.starts_with(&prefix) || at.len() == prefix.len() {
                err(at, format!("path is not under its parent {}", parent.path));
            }
            if node.kind == Kind::Home {
                err(at, "only the root can be the home page".into());
            }
        }
        if !node.in_menu && parent.is_some_and(|p| p.kind != Kind::Home) {
            err(at, "in_menu only applies to top-level pages".into());
        }
        stack.extend(node.children.iter().rev().map(|c| (c, Some(node))));
    }

    for (field, text) in [
        ("site_name", &model.site_name),
        ("site_full_name", &model.site_full_name),
    ] {
        for breach in typography::breaches(text) {
            err(field, format!("typography: {breach}"));
        }
    }
    for (at, text) in texts(model) {
        if text.contains("{{") || text.contains("}}") {
            err(
                &at,
                "holds {{…}}, which is filled in content files only: write the text itself".into(),
            );
        }
    }
    for path in model.footer.iter() {
        if model.find(path).is_none() {
            err(path, "footer link to a page that does not exist".into());
        }
    }
    let mut sources = HashSet::new();
    for r in model.redirects.iter() {
        if !is_safe_address(&r.from) || !is_safe_address(&r.to) {
            let quoted = |a: &str| format!("\"{}\"", a.escape_debug());
            err(
                &quoted(&r.from),
                format!(
                    "redirect to {}: an address may hold ASCII letters, digits and - . _ ~ / only (it is written into the host files as it is)",
                    quoted(&r.to)
                ),
            );
            continue;
        }
        if !sources.insert(r.from.as_ref()) {
            err(&r.from, "redirect source appears twice".into());
        }
        if normalize(&r.from) != r.from || !r.from.starts_with('/') {
            err(&r.from, "redirect source must be a plain path".into());
        }
        if model.find(&r.from).is_some() {
            err(
                &r.from,
                "redirect source is also a page, which would hide it".into(),
            );
        }
        if model.find(&r.to).is_none() {
            err(&r.from, format!("redirect target {} is not a page", r.to));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broken(edit: impl FnOnce(&mut NavModel)) -> Vec<String> {
        let mut model = NavModel::parse(crate::nav::MODEL_JSON).unwrap();
        edit(&mut model);
        validate_navigation(&model)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// A redirect's ends are written into `_redirects` and nginx's configuration as
    /// they are: a newline, a space, a brace or a quote would add rules there.
    #[test]
    fn addresses_that_would_inject_host_rules_are_refused() {
        for evil in [
            "/x\n/*  https://evil.example/:splat  301",
            "/x { return 302 https://evil.example; } location = /y",
            "/x\"",
            "/x y",
            "/x$host",
            "/r\u{e9}fugi\u{e9}s",
        ] {
            let errors = broken(|m| m.redirects.to_mut()[0].from = evil.to_string().into());
            assert!(
                errors
                    .iter()
                    .any(|e| e.starts_with("navigation.json, \"") && e.contains("- . _ ~ / only")),
                "{evil:?}: {errors:?}"
            );
            let errors = broken(|m| m.redirects.to_mut()[0].to = evil.to_string().into());
            assert!(
                errors.iter().any(|e| e.contains("- . _ ~ / only")),
                "{evil:?}: {errors:?}"
            );
        }
        assert!(is_safe_address("/fr/structure-organisationnelle-de-loim"));
        assert!(is_safe_address("/Ancien_Site/page.html"));
    }

    #[test]
    fn pages_cannot_take_the_built_sites_own_names() {
        for reserved in RESERVED_SEGMENTS {
            let path = format!("/{reserved}");
            let errors = broken(|m| m.root.children.to_mut()[0].path = path.clone().into());
            assert!(
                errors
                    .iter()
                    .any(|e| e.contains("a name the built site uses")),
                "{path}: {errors:?}"
            );
        }
    }

    #[test]
    fn placeholders_are_refused_in_the_model() {
        let errors =
            broken(|m| m.root.children.to_mut()[0].label = "Agir {{OIM_HOST_NAME}}".into());
        assert!(
            errors.iter().any(|e| e.contains("label: holds {{…}}")),
            "{errors:?}"
        );
    }

    #[test]
    fn path_shapes() {
        for ok in ["/", "/agir", "/agenda-2030", "/a/b-c"] {
            assert!(is_well_formed_path(ok), "{ok}");
        }
        for bad in [
            "", "agir", "/agir/", "/Agir", "/a//b", "/é", "/a b", "/-a", "/a--b",
        ] {
            assert!(!is_well_formed_path(bad), "{bad}");
        }
    }

    #[test]
    fn duplicate_and_misplaced_paths_are_reported() {
        let errors = broken(|m| {
            let agir = m
                .root
                .children
                .to_mut()
                .iter_mut()
                .find(|n| n.path == "/agir")
                .unwrap();
            agir.children.to_mut()[0].path = "/notre-travail/partenariats".into();
        });
        assert!(
            errors.iter().any(|e| e.contains("appears twice")),
            "{errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.contains("not under its parent /agir")),
            "{errors:?}"
        );
    }

    #[test]
    fn the_model_passes_and_typography_breaches_are_quoted() {
        assert_eq!(broken(|_| {}), Vec::<String>::new());
        let errors = broken(|m| {
            m.root.children.to_mut()[1].description = "Le plan 2024-2028 : trois objectifs.".into();
        });
        assert_eq!(
            errors,
            [
                "navigation.json, /notre-travail: description: typography: a range takes an en dash (2024–2028), not a hyphen: \"Le plan 2024-2028 : trois objectifs.\"",
                "navigation.json, /notre-travail: description: typography: a no-break space (U+00A0) goes before : % and »: \"Le plan 2024-2028 : trois objectifs.\"",
            ]
        );
        // The seed's blurb is exempt as given, not once changed.
        let errors = broken(|m| {
            let blurb = m.root.children.to_mut()[0].blurb.as_mut().unwrap();
            *blurb = blurb.replace("175", "176").into();
        });
        assert!(
            errors
                .iter()
                .any(|e| e
                    .starts_with("navigation.json, /qui-sommes-nous: blurb: typography: « État »")),
            "{errors:?}"
        );
    }

    #[test]
    fn empty_labels_and_dangling_links_are_reported() {
        let errors = broken(|m| {
            m.root.children.to_mut()[0].label = " ".into();
            m.footer.to_mut().push("/disparu".into());
            m.redirects.to_mut()[0].to = "/ailleurs".into();
        });
        assert!(errors
            .iter()
            .any(|e| e.contains("/qui-sommes-nous: label is empty")));
        assert!(errors.iter().any(|e| e.contains("/disparu: footer link")));
        assert!(errors
            .iter()
            .any(|e| e.contains("redirect target /ailleurs")));
    }
}
