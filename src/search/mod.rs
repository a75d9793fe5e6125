//! Site search, on Pagefind: what the index holds, the queries, and the views that
//! show the answers.
//!
//! The builder indexes each prerendered page's `<main>` with the page's section as
//! metadata (`builder::search_index`). The search forms (`form`: the header's, the
//! results page's) are in every page's code; the results page's list and the
//! not-found page's suggestions are in a chunk of their own (`views::SEARCH`), loaded
//! when search is first needed, with the engine's bridge they call
//! (`api::search`, the app's I/O, which also reads the engine's answers into the
//! typed values re-exported here).

mod form;
pub mod views;

pub use crate::api::search::{Excerpt, Failure, Found, Hit, Part};
pub use form::{SearchForm, HEADER_FORM, PAGE_FORM};

use crate::nav::{model, Kind, NavNode, Site};

/// The results page's query parameter: `/recherche?q=…`.
pub const QUERY: &str = "q";

/// The query in an address's search part (`q=r%C3%A9fugi%C3%A9s+climat&x=1`, with or
/// without its `?`), still percent-encoded, "+" read as a space (as a form writes
/// it). The browser decodes it.
pub fn query_of(search: &str) -> String {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("q="))
        .unwrap_or("")
        .replace('+', " ")
}

/// What the results page says when the engine cannot answer.
pub const UNAVAILABLE: &str = "La recherche est indisponible pour le moment.";

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
pub fn link_from_index(site: &Site, url: &str) -> String {
    let (path, fragment) = url
        .split_once('#')
        .map_or((url, None), |(p, f)| (p, Some(f)));
    let path = match path.strip_suffix('/') {
        Some(stripped) if !stripped.is_empty() && path != site.href("/") => stripped,
        _ => path,
    };
    match fragment {
        Some(f) => format!("{path}#{f}"),
        None => path.to_string(),
    }
}

/// At most how many words of a missing address are searched for: a search each,
/// one after the other, so an address of many words costs no more than a few.
pub const ADDRESS_WORDS: usize = 3;

/// The words of a missing address worth searching for, its escapes decoded
/// (`/r%C3%A9fugi%C3%A9s` gives "réfugiés"): `/structure-de-loim` gives "structure"
/// and "loim" (words of one or two letters are left out, and a word said twice is
/// searched once). At most `ADDRESS_WORDS`, the last ones: an address's end names
/// the page, what comes before it names its section.
pub fn words_of_address(path: &str) -> Vec<String> {
    let path = percent_decoded(path);
    // Letters beyond ASCII count as word characters without Unicode's tables.
    let mut words: Vec<String> = Vec::new();
    for word in path
        .split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric())
        .rev()
        .filter(|w| w.chars().count() > 2)
    {
        if words.len() == ADDRESS_WORDS {
            break;
        }
        if !words.iter().any(|w| w == word) {
            words.push(word.to_string());
        }
    }
    words.reverse();
    words
}

/// `text` with its `%XX` escapes decoded as UTF-8 (an address's path or query); an
/// escape that is not one, or bytes that are not UTF-8, are kept as they are.
pub fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
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
        let root = Site::at_root();
        assert_eq!(
            link_from_index(&root, "/agir/engagez-vous/"),
            "/agir/engagez-vous"
        );
        assert_eq!(
            link_from_index(&root, "/agir/engagez-vous/#benevolat"),
            "/agir/engagez-vous#benevolat"
        );
        assert_eq!(link_from_index(&root, "/"), "/");
        assert_eq!(link_from_index(&root, "/agir"), "/agir");
        let oim = Site::new("/oim/", "");
        assert_eq!(link_from_index(&oim, "/oim/agir/"), "/oim/agir");
        assert_eq!(link_from_index(&oim, "/oim/"), "/oim/");
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
    fn a_missing_address_is_decoded_before_its_words_are_read() {
        // As the browser gives `location.pathname`.
        assert_eq!(words_of_address("/r%C3%A9fugi%C3%A9s"), ["réfugiés"]);
        assert_eq!(
            words_of_address("/notre-travail/migrations%20climatiques"),
            ["travail", "migrations", "climatiques"]
        );
        // An escape for a separator separates; a broken one stays as it came.
        assert_eq!(words_of_address("/agir%2Fengagez"), ["agir", "engagez"]);
        assert_eq!(words_of_address("/%zz-agir"), ["agir"]);
    }

    #[test]
    fn a_missing_address_gives_at_most_its_last_few_distinct_words() {
        assert_eq!(
            words_of_address("/qui-sommes-nous/structure/directrice-generale-adjointe"),
            ["directrice", "generale", "adjointe"]
        );
        assert_eq!(
            words_of_address("/migration-climat-migration-climat"),
            ["migration", "climat"]
        );
        let long = format!("/{}", vec!["mot"; 500].join("-") + "-fin-des");
        assert_eq!(words_of_address(&long), ["mot", "fin", "des"][..]);
        for path in ["/a-b-c-d-e-f-g-h", "/un1-deux-trois-quatre-cinq-six"] {
            assert!(words_of_address(path).len() <= ADDRESS_WORDS, "{path}");
        }
    }

    #[test]
    fn an_address_query_is_decoded() {
        assert_eq!(
            percent_decoded("r%C3%A9fugi%C3%A9s climat"),
            "réfugiés climat"
        );
        assert_eq!(percent_decoded("100%25 %2B"), "100% +");
        assert_eq!(percent_decoded("50%"), "50%");
        assert_eq!(percent_decoded("%zz"), "%zz");
        // Not UTF-8 once decoded: kept as it came.
        assert_eq!(percent_decoded("%FF"), "%FF");
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
