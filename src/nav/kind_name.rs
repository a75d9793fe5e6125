//! The Rust name of a navigation kind (`page` → `Page`, `page_cards` → `PageCards`),
//! for `build.rs`, which writes the model as Rust (it includes this file by path).
//! Only words of ASCII lower-case letters joined by `_` have one: anything else would
//! not be a Rust name, and `build.rs` must never panic on an editor's typo. The site
//! builder reads the same JSON with serde and names the unknown kind, with its line.

pub fn variant(kind: &str) -> Option<String> {
    let words: Vec<&str> = kind.split('_').collect();
    let well_formed = words
        .iter()
        .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()));
    well_formed.then(|| {
        words
            .iter()
            .map(|w| w[..1].to_ascii_uppercase() + &w[1..])
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::variant;

    #[test]
    fn kinds_become_rust_names_or_none() {
        assert_eq!(variant("page").as_deref(), Some("Page"));
        assert_eq!(variant("page_cards").as_deref(), Some("PageCards"));
        for bad in [
            "", "_", "page_", "__a", "pagé", "Page", "page-x", "1", "a b", "é",
        ] {
            assert_eq!(variant(bad), None, "{bad:?}");
        }
    }
}
