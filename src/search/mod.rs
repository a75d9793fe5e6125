//! Site search, on Pagefind: what the results page and the not-found page show,
//! and the few facts the site builder and the app share about the index.
//!
//! The builder indexes each prerendered page's `<main>` with the page's section as
//! metadata (`builder::search_index`); the app asks the engine through a small JS
//! module (`engine`, browser only) and draws the answers with its own components
//! (`pages::search`, `pages::NotFound`). Everything here is plain Rust.

#[cfg(not(feature = "ssr"))]
pub mod engine;

use crate::nav::{href, model, Kind, NavNode};
use crate::render::escape_html;

/// The results page's query parameter: `/recherche?q=…`.
pub const QUERY: &str = "q";

/// Ids of the elements the engine's answers are written into.
pub const STATUS_ID: &str = "recherche-statut";
pub const RESULTS_ID: &str = "recherche-resultats";
pub const SUGGESTIONS_ID: &str = "suggestions";

/// The query in an address's search part (`q=r%C3%A9fugi%C3%A9s+climat&x=1`, with or
/// without its `?`), still percent-encoded, "+" read as a space (as a form writes
/// it). The browser decodes it (`engine`).
pub fn query_of(search: &str) -> String {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("q="))
        .unwrap_or("")
        .replace('+', " ")
}

/// The engine's answer to a query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// Pages matching, all of them; `hits` has the best few.
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// Why there are no results to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// A later query replaced this one while it waited.
    Superseded,
    /// The engine or its index could not be loaded (the development server has none).
    Unavailable,
}

/// What the results page shows for an answer to `query`: the sentence announced
/// (`role="status"`) and the HTML below it. `None` when there is nothing new to show.
pub fn results_page(query: &str, answer: Result<Found, Failure>) -> Option<(String, String)> {
    Some(match answer {
        Err(Failure::Superseded) => return None,
        Err(Failure::Unavailable) => (
            "La recherche est indisponible pour le moment.".to_string(),
            ways_on_html(),
        ),
        Ok(found) if found.hits.is_empty() => (count_message(0, query), ways_on_html()),
        Ok(found) => (count_message(found.total, query), results_html(&found.hits)),
    })
}

/// One page found: where it is, its title and section, and the words around the
/// match (HTML from the engine: the page's text escaped, the matches in `<mark>`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hit {
    pub url: String,
    pub title: String,
    pub section: String,
    pub excerpt: String,
    /// Headings of the page whose part matches, each with its anchor.
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Part {
    pub url: String,
    pub title: String,
    pub excerpt: String,
}

impl Hit {
    /// A hit from the engine's strings: url, title, section, excerpt, then url,
    /// title and excerpt of each matching heading (`src/search/pagefind.js`).
    pub fn from_strings(strings: &[String]) -> Option<Hit> {
        let [url, title, section, excerpt, parts @ ..] = strings else {
            return None;
        };
        Some(Hit {
            url: url.clone(),
            title: title.clone(),
            section: section.clone(),
            excerpt: excerpt.clone(),
            parts: parts
                .chunks_exact(3)
                .map(|p| Part {
                    url: p[0].clone(),
                    title: p[1].clone(),
                    excerpt: p[2].clone(),
                })
                .collect(),
        })
    }
}

/// The list of results as HTML. Written as text rather than with `view!`: the
/// views of a list this rich cost several kB of wasm, and the home page's first
/// load pays for every byte (ARCHITECTURE.md, "Where we depart from Leptos idioms").
/// Titles and sections are escaped; the excerpts are the engine's HTML.
pub fn results_html(hits: &[Hit]) -> String {
    let mut html = String::from(r#"<ol class="search-results">"#);
    for hit in hits {
        html += &format!(
            r#"<li><h2><a href="{}">{}</a></h2><p class="search-result-section">{}</p><p>{}</p>"#,
            escape_html(&link_from_index(&hit.url)),
            escape_html(&hit.title),
            escape_html(&hit.section),
            hit.excerpt
        );
        if !hit.parts.is_empty() {
            html += r#"<ul class="search-result-parts">"#;
            for part in &hit.parts {
                html += &format!(
                    r#"<li><a href="{}">{}</a><p>{}</p></li>"#,
                    escape_html(&link_from_index(&part.url)),
                    escape_html(&part.title),
                    part.excerpt
                );
            }
            html += "</ul>";
        }
        html += "</li>";
    }
    html + "</ol>"
}

/// Where a search form is: its field's id, its landmark's name, and whether its
/// label is shown (the results page) or only read out (the header, where the
/// button says what the field is for).
pub struct FormPlace {
    pub field_id: &'static str,
    pub landmark: &'static str,
    pub visible_label: bool,
}

pub const HEADER_FORM: FormPlace = FormPlace {
    field_id: "recherche-site",
    landmark: "Sur tout le site",
    visible_label: false,
};

pub const PAGE_FORM: FormPlace = FormPlace {
    field_id: "recherche-page",
    landmark: "Nouvelle recherche",
    visible_label: true,
};

/// A search form as HTML (see `results_html` for why text), its field empty: a real
/// form, so that without JavaScript it opens the results page, which says search
/// needs it. With the app, `shell::search_events` handles it in place.
pub fn form_html(place: &FormPlace, action: &str) -> String {
    let label_class = if place.visible_label {
        ""
    } else {
        r#" class="visually-hidden""#
    };
    format!(
        concat!(
            r#"<form role="search" class="search-form" action="{action}" aria-label="{landmark}">"#,
            r#"<label for="{id}"{label_class}>Rechercher sur le site</label>"#,
            r#"<span class="search-form-row"><input type="search" id="{id}" name="{QUERY}" autocomplete="off">"#,
            r#"<button type="submit" class="button">Rechercher</button></span></form>"#
        ),
        action = escape_html(action),
        landmark = place.landmark,
        id = place.field_id,
        label_class = label_class,
        QUERY = QUERY,
    )
}

/// The results page below its introduction: the form, what it says without
/// JavaScript, the count (a polite live region) and the list, both empty until the
/// engine answers (`engine::show`).
pub fn page_html(action: &str) -> String {
    format!(
        r#"{}{}<p role="status" class="search-count" id="{STATUS_ID}"></p><div id="{RESULTS_ID}"></div>"#,
        form_html(&PAGE_FORM, action),
        without_script_html()
    )
}

/// What the results page says when it has no results to show, as HTML (see
/// `results_html`): what to try, and the site map and sections to browse instead.
pub fn ways_on_html() -> String {
    let m = model();
    let sections: String = m
        .menu_sections()
        .map(|s| {
            format!(
                r#"<li><a href="{}">{}</a></li>"#,
                href(&s.path),
                escape_html(&s.label)
            )
        })
        .collect();
    format!(
        r#"<p>Vérifiez l'orthographe ou essayez d'autres mots. Vous pouvez aussi parcourir le {} ou les rubriques&nbsp;:</p><ul class="link-list">{sections}</ul>"#,
        sitemap_link()
    )
}

/// What the results page says without JavaScript: that search needs it, and where
/// every page is listed instead.
pub fn without_script_html() -> String {
    format!(
        r#"<noscript><p class="load-error">La recherche a besoin de JavaScript, qui est désactivé dans votre navigateur. Toutes les pages du site sont listées dans le {}.</p></noscript>"#,
        sitemap_link()
    )
}

fn sitemap_link() -> String {
    let path = model().sitemap().map_or("/", |s| s.path.as_ref());
    format!(r#"<a href="{}">plan du site</a>"#, href(path))
}

/// Pages a missing address may have meant, as HTML (see `results_html`).
pub fn suggestions_html(hits: &[Hit]) -> String {
    if hits.is_empty() {
        return String::new();
    }
    let items: String = hits
        .iter()
        .map(|hit| {
            format!(
                r#"<li><a href="{}">{}</a> ({})</li>"#,
                escape_html(&link_from_index(&hit.url)),
                escape_html(&hit.title),
                escape_html(&hit.section)
            )
        })
        .collect();
    format!("<h2>Vouliez-vous dire\u{a0}:</h2><ul class=\"link-list\">{items}</ul>")
}

/// Whether a page is indexed: every page but those that only list other pages by
/// name (the site map) or have no words of their own (the results page).
pub fn is_indexed(node: &NavNode) -> bool {
    !matches!(node.kind, Kind::Sitemap | Kind::Search)
}

/// The section a page is filed under, as its breadcrumb names it: the pages between
/// the home page and the page itself ("Qui sommes nous › Structure"), or "Accueil"
/// for a page at the top.
pub fn section_of(path: &str) -> Option<String> {
    let trail = model().trail(path)?;
    let between = trail.get(1..trail.len().saturating_sub(1)).unwrap_or(&[]);
    Some(match between {
        [] => trail[0].label.to_string(),
        _ => between
            .iter()
            .map(|n| n.label.as_ref())
            .collect::<Vec<_>>()
            .join(" › "),
    })
}

/// An address the engine gives (`/oim/agir/engagez-vous/#x`: the folder of the page's
/// `index.html`) as the site writes links: without the folder's slash.
pub fn link_from_index(url: &str) -> String {
    let (path, fragment) = url
        .split_once('#')
        .map_or((url, None), |(p, f)| (p, Some(f)));
    let path = match path.strip_suffix('/') {
        Some(stripped) if !stripped.is_empty() && path != format!("{}/", crate::nav::base()) => {
            stripped
        }
        _ => path,
    };
    match fragment {
        Some(f) => format!("{path}#{f}"),
        None => path.to_string(),
    }
}

/// The words of a missing address worth searching for: `/structure-de-loim` gives
/// "structure" and "loim" (words of one or two letters are left out).
pub fn words_of_address(path: &str) -> Vec<String> {
    // Letters beyond ASCII count as word characters without Unicode's tables.
    path.split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric())
        .filter(|w| w.chars().count() > 2)
        .map(str::to_string)
        .collect()
}

/// "Aucun résultat", "1 résultat", "12 résultats pour « migration »".
pub fn count_message(total: usize, query: &str) -> String {
    let count = match total {
        0 => "Aucun résultat".to_string(),
        1 => "1 résultat".to_string(),
        n => format!("{n} résultats"),
    };
    format!("{count} pour «\u{a0}{query}\u{a0}»")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(url: &str, title: &str, parts: &[&str]) -> Hit {
        let mut strings: Vec<String> = [url, title, "Agir", "<mark>Agir</mark> & co"]
            .map(String::from)
            .to_vec();
        strings.extend(parts.iter().map(|s| s.to_string()));
        Hit::from_strings(&strings).unwrap()
    }

    #[test]
    fn the_engine_strings_are_read() {
        let h = hit("/agir/", "Agir", &["/agir/#x", "X", "x", "/agir/#y"]);
        assert_eq!(h.parts.len(), 1, "an incomplete heading is left out");
        assert_eq!(h.parts[0].title, "X");
        assert_eq!(Hit::from_strings(&["/agir/".to_string()]), None);
    }

    #[test]
    fn results_are_links_with_titles_escaped_and_excerpts_as_given() {
        let html = results_html(&[hit(
            "/agir/",
            "<Agir & \"vous\">",
            &["/agir/#x", "X", "<mark>x</mark>"],
        )]);
        assert!(html.starts_with(r#"<ol class="search-results"><li><h2><a href="/agir">&lt;Agir &amp; &quot;vous&quot;&gt;</a></h2>"#), "{html}");
        assert!(html.contains("<p><mark>Agir</mark> & co</p>"), "{html}");
        assert!(html.contains(r#"<ul class="search-result-parts"><li><a href="/agir#x">X</a><p><mark>x</mark></p></li></ul>"#), "{html}");
        assert_eq!(results_html(&[]), r#"<ol class="search-results"></ol>"#);
    }

    #[test]
    fn forms_submit_to_the_results_page() {
        let html = form_html(&PAGE_FORM, "/oim/recherche");
        assert!(html.contains(r#"<form role="search" class="search-form" action="/oim/recherche" aria-label="Nouvelle recherche">"#), "{html}");
        assert!(
            html.contains(r#"<label for="recherche-page">Rechercher"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<input type="search" id="recherche-page" name="q""#),
            "{html}"
        );
        let header = form_html(&HEADER_FORM, "/recherche");
        assert!(
            header.contains(r#"<label for="recherche-site" class="visually-hidden">"#),
            "{header}"
        );
    }

    #[test]
    fn suggestions_name_each_page_and_its_section() {
        let html = suggestions_html(&[hit("/agir/", "Agir", &[])]);
        assert!(
            html.contains(r#"<li><a href="/agir">Agir</a> (Agir)</li>"#),
            "{html}"
        );
        assert_eq!(suggestions_html(&[]), "");
    }

    #[test]
    fn the_query_is_read_from_the_address() {
        assert_eq!(
            query_of("?q=r%C3%A9fugi%C3%A9s+climat&x=1"),
            "r%C3%A9fugi%C3%A9s climat"
        );
        assert_eq!(query_of("x=1&q=agir"), "agir");
        assert_eq!(query_of(""), "");
        assert_eq!(query_of("?qq=a"), "");
    }

    #[test]
    fn the_results_page_says_what_it_found_or_where_to_go() {
        let found = Found {
            total: 7,
            hits: vec![hit("/agir/", "Agir", &[])],
        };
        let (status, html) = results_page("agir", Ok(found)).unwrap();
        assert_eq!(status, "7 résultats pour «\u{a0}agir\u{a0}»");
        assert!(html.starts_with("<ol"), "{html}");
        let (status, html) = results_page("zzz", Ok(Found::default())).unwrap();
        assert_eq!(status, "Aucun résultat pour «\u{a0}zzz\u{a0}»");
        assert!(
            html.contains("plan du site</a>") && html.contains("Agir</a>"),
            "{html}"
        );
        let (status, _) = results_page("agir", Err(Failure::Unavailable)).unwrap();
        assert!(status.contains("indisponible"), "{status}");
        assert_eq!(results_page("agir", Err(Failure::Superseded)), None);
    }

    #[test]
    fn sections_are_named_as_the_breadcrumb_names_them() {
        assert_eq!(section_of("/agir").as_deref(), Some("Accueil"));
        assert_eq!(section_of("/agir/engagez-vous").as_deref(), Some("Agir"));
        let deep = section_of("/qui-sommes-nous/structure/structure-organisationnelle").unwrap();
        assert_eq!(deep, "Qui sommes nous › Structure");
        assert_eq!(section_of("/nulle-part"), None);
    }

    #[test]
    fn only_pages_with_words_of_their_own_are_indexed() {
        let m = model();
        let indexed: Vec<&str> = m
            .nodes()
            .into_iter()
            .filter(|n| !is_indexed(n))
            .map(|n| n.path.as_ref())
            .collect();
        assert_eq!(indexed, ["/recherche", "/plan-du-site"]);
    }

    #[test]
    fn index_addresses_become_the_site_links() {
        assert_eq!(link_from_index("/agir/engagez-vous/"), "/agir/engagez-vous");
        assert_eq!(
            link_from_index("/agir/engagez-vous/#benevolat"),
            "/agir/engagez-vous#benevolat"
        );
        assert_eq!(link_from_index("/"), "/");
        assert_eq!(link_from_index("/agir"), "/agir");
    }

    #[test]
    fn a_missing_address_gives_its_longer_words() {
        assert_eq!(
            words_of_address("/structure-de-loim"),
            ["structure", "loim"]
        );
        assert_eq!(words_of_address("/fr/a/b"), Vec::<String>::new());
        assert_eq!(words_of_address("/réfugiés_été"), ["réfugiés", "été"]);
    }

    #[test]
    fn the_count_is_written_in_french() {
        assert_eq!(
            count_message(1, "agir"),
            "1 résultat pour «\u{a0}agir\u{a0}»"
        );
        assert_eq!(
            count_message(12, "migration"),
            "12 résultats pour «\u{a0}migration\u{a0}»"
        );
        assert_eq!(count_message(0, "x"), "Aucun résultat pour «\u{a0}x\u{a0}»");
    }
}
