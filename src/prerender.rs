//! Build-time prerendering: every page of the model written as a complete HTML
//! document by the app's own components, rendered on the host (Leptos SSR).
//!
//! Each document is Trunk's built `index.html` with the page's markup in `<body>`,
//! its `<title>`, description, canonical link and Open Graph tags in `<head>` (those
//! the page's `PageMeta` handed over), and the page's content file embedded as a JSON
//! data block, so the app that takes the page over does not fetch it again.
//! The `prerender` binary writes the files; this module only turns inputs into text.

use crate::app::App;
use crate::content::{ContentSource, PageContent, EMBEDDED_CONTENT_ID};
use crate::nav::{absolute_url, href, model};
use crate::shell::{PageHead, PrerenderedHead};
use hydration_context::SsrSharedContext;
use leptos::prelude::*;
use leptos_router::location::RequestUrl;
use std::sync::Arc;

/// Trunk's `index.html`, split where a page's markup goes.
pub struct Template {
    /// Everything up to and including `<body>`, without the placeholder `<title>`
    /// (each page gets its own from `PageMeta`).
    head: String,
    /// Where `</head>` starts in `head`: each page's title and tags go just before it.
    head_end: usize,
    /// `</body>` and what follows it.
    tail: String,
}

impl Template {
    pub fn parse(index_html: &str) -> Result<Self, String> {
        let without_title = match (index_html.find("<title>"), index_html.find("</title>")) {
            (Some(start), Some(end)) if start < end => {
                format!(
                    "{}{}",
                    &index_html[..start],
                    &index_html[end + "</title>".len()..]
                )
            }
            _ => index_html.to_string(),
        };
        let open = without_title
            .find("<body>")
            .ok_or("index.html has no <body>")?;
        let close = without_title
            .rfind("</body>")
            .ok_or("index.html has no </body>")?;
        let head = without_title[..open + "<body>".len()].to_string();
        let head_end = head.rfind("</head>").ok_or("index.html has no </head>")?;
        Ok(Template {
            head,
            head_end,
            tail: without_title[close..].to_string(),
        })
    }

    /// The base path Trunk wrote into `<base href>` ("/" or "/oim/").
    pub fn base_href(&self) -> Option<&str> {
        let start = self.head.find("<base href=\"")? + "<base href=\"".len();
        let len = self.head[start..].find('"')?;
        Some(&self.head[start..start + len])
    }
}

/// The page at `path` (a site path; any path outside the model renders the
/// not-found page) as a complete document. `content` is the text of the page's
/// content file, if it has one.
pub fn render_page(
    template: &Template,
    path: &str,
    content: Option<&str>,
) -> Result<String, String> {
    let source = match content {
        Some(json) => {
            let page = PageContent::parse(json).map_err(|e| format!("{path}: {e}"))?;
            ContentSource::with_pages([(path.to_string(), page)])
        }
        None => ContentSource::new(),
    };
    // A server-side shared context tells Leptos it is not in a browser (no window
    // listeners, no effects).
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
    let head = PrerenderedHead::default();
    let body = owner.with(|| {
        provide_context(RequestUrl::new(&href(path)));
        provide_context(head.clone());
        view! { <App source /> }.to_html()
    });
    drop(owner);
    let PageHead { title, tags } = head.take().ok_or_else(|| format!("{path}: no PageMeta"))?;
    let mut document = String::with_capacity(template.head.len() + body.len() + 4096);
    document.push_str(&template.head[..template.head_end]);
    document.push_str(&format!("<title>{}</title>", html_escape(&title)));
    for tag in tags {
        document.push_str(&format!(
            r#"<{} {}="{}" {}="{}">"#,
            tag.element,
            tag.key.0,
            tag.key.1,
            tag.value.0,
            html_escape(&tag.value.1)
        ));
    }
    document.push_str(&template.head[template.head_end..]);
    document.push_str(&body);
    if let Some(json) = content {
        document.push_str(&embedded_content(path, json));
    }
    document.push_str(&template.tail);
    Ok(document)
}

/// The content file as a JSON data block: not executed (no CSP exception needed),
/// read by the app at start-up. `<` is escaped so the text can never close the
/// element; `\u003c` means the same thing to a JSON parser.
fn embedded_content(path: &str, json: &str) -> String {
    format!(
        r#"<script type="application/json" id="{EMBEDDED_CONTENT_ID}" data-path="{}">{}</script>"#,
        html_escape(path),
        json.trim().replace('<', "\\u003c")
    )
}

/// `sitemap.xml`: every page of the model, by its canonical address.
pub fn sitemap_xml() -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for node in model().nodes() {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            html_escape(&absolute_url(&node.path))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything may be crawled; the sitemap is named.
pub fn robots_txt() -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        absolute_url("/sitemap.xml")
    )
}

/// Text made safe for XML or HTML, in element content and in double-quoted attributes.
fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nav::content_file;

    const TRUNK_INDEX: &str = r#"<!DOCTYPE html>
<html lang="fr">
  <head>
    <base href="/" />
    <title>Placeholder</title>
    <script type="module">import init from '/app.js';</script>
  </head>
  <body>
    <noscript>old</noscript>
  </body>
</html>"#;

    fn content_of(path: &str) -> Option<String> {
        let file = format!(
            "{}/public/{}",
            env!("CARGO_MANIFEST_DIR"),
            content_file(path)
        );
        std::fs::read_to_string(file).ok()
    }

    fn page(path: &str) -> String {
        let template = Template::parse(TRUNK_INDEX).unwrap();
        render_page(&template, path, content_of(path).as_deref()).unwrap()
    }

    fn count(haystack: &str, needle: &str) -> usize {
        haystack.matches(needle).count()
    }

    #[test]
    fn every_page_is_a_full_document_with_its_own_head() {
        for node in model().nodes() {
            let html = page(&node.path);
            let title = format!("<title>{}</title>", model().page_title(node));
            assert_eq!(count(&html, "<title>"), 1, "{}: one title", node.path);
            assert!(html.contains(&title), "{}: {title}", node.path);
            assert!(!html.contains("Placeholder"), "{}", node.path);
            assert_eq!(count(&html, "<h1"), 1, "{}: one h1", node.path);
            assert_eq!(count(&html, r#"rel="canonical""#), 1, "{}", node.path);
            assert!(
                html.contains(r#"name="description""#) && html.contains(r#"property="og:title""#),
                "{}",
                node.path
            );
            assert!(
                html.contains("<header class=\"site-header\""),
                "{}",
                node.path
            );
            assert!(html.contains("<footer"), "{}", node.path);
            assert!(!html.contains("<noscript>"), "{}", node.path);
            let head_end = html.find("</head>").unwrap();
            assert!(
                html[..head_end].contains("<meta name=\"description\""),
                "{}",
                node.path
            );
        }
    }

    #[test]
    fn pages_carry_their_content_and_embed_it_once() {
        let html = page("/qui-sommes-nous/structure/directrice-generale");
        assert_eq!(count(&html, EMBEDDED_CONTENT_ID), 1);
        let (markup, embedded) = html.split_once(EMBEDDED_CONTENT_ID).unwrap();
        assert!(
            !markup.contains("Chargement du contenu"),
            "no loading state"
        );
        for words in [
            "Elle est la première femme à occuper ce poste.",
            "États-Unis",
        ] {
            assert!(markup.contains(words), "the markup shows {words:?}");
            assert!(embedded.contains(words), "the data block holds {words:?}");
        }
    }

    #[test]
    fn without_javascript_the_menu_is_made_of_links() {
        let html = page("/");
        assert!(!html.contains("<button"), "no button works without the app");
        for section in model().menu_sections() {
            assert!(
                html.contains(&format!("href=\"{}\"", href(&section.path))),
                "{}",
                section.path
            );
        }
        let sitemap = model().sitemap().unwrap();
        let toggle_at = html.find(r#"id="menu-bouton""#).expect("a Menu control");
        let toggle = &html[html[..toggle_at].rfind('<').unwrap()..];
        let toggle = &toggle[..toggle.find('>').unwrap()];
        assert!(toggle.starts_with("<a "), "{toggle}");
        assert!(
            toggle.contains(&format!("href=\"{}\"", href(&sitemap.path))),
            "{toggle}"
        );
    }

    #[test]
    fn the_head_holds_the_page_tags_escaped() {
        let article = model()
            .nodes()
            .into_iter()
            .find(|n| n.kind == crate::nav::Kind::Article)
            .unwrap();
        let html = page(&article.path);
        let head = &html[..html.find("</head>").unwrap()];
        assert!(head.contains(r#"<meta property="og:type" content="article">"#));
        assert!(head.contains(&format!(
            r#"<link rel="canonical" href="{}">"#,
            absolute_url(&article.path)
        )));
        assert!(head.contains(&format!(
            r#"<meta name="description" content="{}">"#,
            html_escape(&article.description)
        )));
        assert_eq!(
            html_escape(r#"a "b" & <c>"#),
            "a &quot;b&quot; &amp; &lt;c&gt;"
        );
    }

    #[test]
    fn a_path_outside_the_model_renders_the_not_found_page() {
        let html = page("/nulle-part");
        assert!(html.contains(crate::pages::NOT_FOUND_TITLE));
        assert!(html.contains(r#"<meta name="robots" content="noindex""#));
        assert!(!html.contains(r#"rel="canonical""#));
    }

    #[test]
    fn embedded_content_cannot_close_its_element() {
        let block = embedded_content("/a", r#"{"lead": ["</script><script>alert(1)"]}"#);
        assert_eq!(count(&block, "</script>"), 1);
        assert!(block.ends_with("</script>"));
        let json = block
            .trim_end_matches("</script>")
            .split_once('>')
            .unwrap()
            .1;
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(value["lead"][0], "</script><script>alert(1)");
    }

    #[test]
    fn the_template_loses_its_placeholder_title_and_body() {
        let template = Template::parse(TRUNK_INDEX).unwrap();
        assert_eq!(template.base_href(), Some("/"));
        assert!(!template.head.contains("<title>"));
        assert!(template.head.ends_with("<body>"));
        assert!(template.tail.starts_with("</body>"));
    }

    #[test]
    fn sitemap_and_robots_name_every_page() {
        let xml = sitemap_xml();
        assert_eq!(count(&xml, "<loc>"), model().nodes().len());
        assert!(robots_txt().contains("Sitemap: "));
        assert!(robots_txt().trim_end().ends_with("/sitemap.xml"));
    }
}
