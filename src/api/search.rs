//! Site search's I/O: what Pagefind answers, read into typed values (here, in plain
//! Rust: an excerpt's `<mark>`s become spans, never markup), and, in the browser, the
//! bridge that asks it.
//!
//! The bridge (`find`, `suggest`, `preload`) reaches Pagefind through `search.js`
//! (in `public/`), a module added to the page the first time search is needed, which
//! imports the engine. Its address is the builder's (`builder::names`), read from
//! the loader's data block. Neither is part of the page's first load: the app reaches
//! the module through the `window.oimSearch` it sets, not through an import of the
//! wasm's JS (which the browser would fetch before starting the app). Its code is in
//! the search chunk (`search::views::SEARCH`), the only caller.

#[cfg(not(feature = "ssr"))]
pub use bridge::{find, preload, suggest};

/// The engine's answer to a query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// Pages matching, all of them; `hits` has the best, at most 20 (`MOST` in
    /// `public/search.js`).
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

/// One page found: where it is, its title and section, and the words around the
/// match, the matches marked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hit {
    pub url: String,
    pub title: String,
    pub section: String,
    pub excerpt: Excerpt,
    /// Headings of the page whose part matches, each with its anchor.
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Part {
    pub url: String,
    pub title: String,
    pub excerpt: Excerpt,
}

/// Words around a match: runs of text, each marked (a match) or not.
pub type Excerpt = Vec<(bool, String)>;

impl Hit {
    /// A hit from the engine's strings (`public/search.js`, read by `engine`): url,
    /// title, section, excerpt, then url, title and excerpt of each heading that
    /// matches (at most three, each with an anchor of its own, the page's title
    /// apart). `None` when a string is missing.
    pub fn from_strings(strings: &[String]) -> Option<Hit> {
        let [url, title, section, excerpt, parts @ ..] = strings else {
            return None;
        };
        Some(Hit {
            url: url.clone(),
            title: title.clone(),
            section: section.clone(),
            excerpt: parse_excerpt(excerpt),
            parts: parts
                .chunks_exact(3)
                .map(|p| Part {
                    url: p[0].clone(),
                    title: p[1].clone(),
                    excerpt: parse_excerpt(&p[2]),
                })
                .collect(),
        })
    }
}

/// Pagefind's excerpt (the page's text, HTML-escaped, the matches between `<mark>`
/// and `</mark>`) as runs of text: the entities decoded, the marks kept as flags.
/// Any other tag is kept as text: nothing from the engine becomes markup.
pub fn parse_excerpt(html: &str) -> Excerpt {
    let mut runs: Excerpt = Vec::new();
    let mut marked = false;
    let mut rest = html;
    while !rest.is_empty() {
        let (text, after) = match rest.find(['<', '&']) {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };
        push_text(&mut runs, marked, text);
        rest = after;
        if let Some(after) = rest.strip_prefix("<mark>") {
            marked = true;
            rest = after;
        } else if let Some(after) = rest.strip_prefix("</mark>") {
            marked = false;
            rest = after;
        } else if rest.starts_with('&') {
            let (decoded, after) = entity(rest);
            push_text(&mut runs, marked, &decoded);
            rest = after;
        } else if let Some(after) = rest.strip_prefix('<') {
            push_text(&mut runs, marked, "<");
            rest = after;
        }
    }
    runs
}

fn push_text(runs: &mut Excerpt, marked: bool, text: &str) {
    if text.is_empty() {
        return;
    }
    match runs.last_mut() {
        Some((m, run)) if *m == marked => run.push_str(text),
        _ => runs.push((marked, text.to_string())),
    }
}

/// The character an entity at the start of `text` stands for, and what follows it;
/// an `&` that starts no entity this knows stays as it is.
fn entity(text: &str) -> (String, &str) {
    let end = text.find(';').filter(|&end| end <= 10);
    let decoded = end.and_then(|end| match &text[1..end] {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        name => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    });
    match (decoded, end) {
        (Some(c), Some(end)) => (c.to_string(), &text[end + 1..]),
        _ => ("&".to_string(), &text[1..]),
    }
}

/// The browser's side: `search.js` loaded on demand, its answers read.
#[cfg(not(feature = "ssr"))]
mod bridge {
    use super::{Failure, Found, Hit};
    use crate::api::{FILES_ID, SEARCH_MODULE_KEY};
    use js_sys::{Array, Function, Promise, Reflect, JSON};
    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    /// What `search.js` offers itself as, on `window`.
    const BRIDGE: &str = "oimSearch";

    /// The `<script>` that loads `search.js`, once added: the state of the loading is
    /// the document's (this element, and the promise of its loading kept on it as
    /// `LOADING`), shared by every caller without a global of the app's. It is
    /// removed on failure, so that a later search tries again.
    const SCRIPT_ID: &str = "moteur-recherche";
    const LOADING: &str = "oimLoading";

    /// The search module's address, as the site builder wrote it into the loader's
    /// data block.
    fn module_address() -> Option<String> {
        let files = document().get_element_by_id(FILES_ID)?.text_content()?;
        let files = JSON::parse(&files).ok()?;
        Reflect::get(&files, &SEARCH_MODULE_KEY.into())
            .ok()?
            .as_string()
    }

    /// `search.js` loaded: a promise of the `window.oimSearch` it sets.
    fn bridge() -> Promise {
        let added = document().get_element_by_id(SCRIPT_ID);
        if let Some(loading) = added
            .and_then(|script| Reflect::get(&script, &LOADING.into()).ok())
            .and_then(|loading| loading.dyn_into::<Promise>().ok())
        {
            return loading;
        }
        let (Some(address), Ok(script)) = (module_address(), document().create_element("script"))
        else {
            return Promise::reject(&JsValue::NULL);
        };
        script.set_id(SCRIPT_ID);
        let _ = script.set_attribute("type", "module");
        let _ = script.set_attribute("src", &address);
        let script = script.unchecked_into::<web_sys::HtmlElement>();
        let loading = Promise::new(&mut |resolve, reject| {
            script.set_onload(Some(&resolve));
            script.set_onerror(Some(&reject));
        });
        let _ = Reflect::set(&script, &LOADING.into(), &loading);
        let _ = document().head().map(|head| head.append_child(&script));
        loading
    }

    /// Calls the module's function `name` with `args`; its promise's value.
    async fn call(name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
        let loaded = JsFuture::from(bridge()).await;
        let module = loaded.and_then(|_| Reflect::get(&window(), &BRIDGE.into()));
        let function = module
            .as_ref()
            .ok()
            .and_then(|m| Reflect::get(m, &name.into()).ok())
            .and_then(|f| f.dyn_into::<Function>().ok());
        let Some(function) = function else {
            if let Some(script) = document().get_element_by_id(SCRIPT_ID) {
                script.remove();
            }
            return Err(JsValue::NULL);
        };
        let args: Array = args.iter().collect();
        let promise = function.apply(&JsValue::UNDEFINED, &args)?;
        JsFuture::from(Promise::from(promise)).await
    }

    /// Starts loading the engine, so that the first query does not wait for it (a
    /// visitor focusing a search field is about to type).
    pub fn preload() {
        // A failure is seen, and reported, by the query that follows.
        leptos::task::spawn_local(async move {
            let _ = call("load", &[]).await;
        });
    }

    /// The pages matching `query` (debounced by the engine: a query superseded by a
    /// later one while it waited answers `Failure::Superseded`).
    pub async fn find(query: &str) -> Result<Found, Failure> {
        read(call("find", &[query.into()]).await)
    }

    /// Pages matching any of `words` (a missing address's), best first.
    pub async fn suggest(words: &[String]) -> Result<Found, Failure> {
        let words: Array = words.iter().map(|w| JsValue::from(w.as_str())).collect();
        read(call("suggest", &[words.into()]).await)
    }

    /// The engine's answer: `[total, ...hits]`, each hit an array of strings; null when
    /// a later query superseded it.
    fn read(answer: Result<JsValue, JsValue>) -> Result<Found, Failure> {
        let answer = answer.map_err(|_| Failure::Unavailable)?;
        if answer.is_null() {
            return Err(Failure::Superseded);
        }
        let answer = Array::from(&answer);
        let mut found = Found {
            total: answer.get(0).as_f64().unwrap_or(0.0) as usize,
            hits: Vec::new(),
        };
        for i in 1..answer.length() {
            let strings: Vec<String> = Array::from(&answer.get(i))
                .iter()
                .map(|s| s.as_string().unwrap_or_default())
                .collect();
            found.hits.extend(Hit::from_strings(&strings));
        }
        Ok(found)
    }
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
        assert_eq!(h.parts[0].excerpt, [(false, "x".to_string())]);
        assert_eq!(
            h.excerpt,
            [(true, "Agir".to_string()), (false, " & co".to_string())]
        );
        assert_eq!(Hit::from_strings(&["/agir/".to_string()]), None);
    }

    fn runs(list: &[(bool, &str)]) -> Excerpt {
        list.iter().map(|(m, t)| (*m, t.to_string())).collect()
    }

    #[test]
    fn an_excerpt_becomes_text_and_marked_runs() {
        assert_eq!(
            parse_excerpt("Les <mark>migrations</mark> et la <mark>mobilité</mark>."),
            runs(&[
                (false, "Les "),
                (true, "migrations"),
                (false, " et la "),
                (true, "mobilité"),
                (false, "."),
            ])
        );
        assert_eq!(parse_excerpt(""), Excerpt::new());
    }

    #[test]
    fn an_excerpts_entities_are_decoded_and_no_tag_becomes_markup() {
        assert_eq!(
            parse_excerpt("&lt;b&gt; l&#39;OIM &amp; l&#x2019;ONU &quot;x&quot; &copy;"),
            runs(&[(false, "<b> l'OIM & l’ONU \"x\" &copy;")])
        );
        // A tag other than <mark> is text, as is a lone "<" or "&".
        assert_eq!(
            parse_excerpt("<script>x</script> a < b & c <mark>d</mark>"),
            runs(&[(false, "<script>x</script> a < b & c "), (true, "d"),])
        );
        // An unclosed mark runs to the end; a stray closing one is dropped.
        assert_eq!(
            parse_excerpt("a</mark><mark>b"),
            runs(&[(false, "a"), (true, "b")])
        );
    }
}
