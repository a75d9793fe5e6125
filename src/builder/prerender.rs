//! Build-time prerendering: every page of the model written as a complete HTML
//! document by the app's own components, rendered on the host (Leptos SSR).
//!
//! Each document is the shell (Trunk's `index.html`, as `shell` edited it) with the
//! page's markup as `<body>`, its `<title>`, and its description, canonical link and
//! Open Graph tags (those the page's `PageMeta` handed over) at the end of `<head>`,
//! and the page's content file embedded as a JSON data block, so the app that takes
//! the page over does not fetch it again. The shell is edited by the HTML rewriter.
//!
//! Beside the pages: `404.html` (a path outside the model renders the not-found
//! page), `sitemap.xml` and `robots.txt`; and, after the search index is built, each
//! page's `.html` copy (`agir.html` beside `agir/index.html`, `write_html_copies`).

use super::rewrite_html;
use super::BuildError;
use crate::api::ContentSource;
use crate::app::App;
use crate::content::{PageContent, EMBEDDED_CONTENT_ID};
use crate::nav::{model, page_file, Site};
use crate::shell::{PageHead, PrerenderedHead};
use hydration_context::SsrSharedContext;
use leptos::prelude::*;
use leptos_router::location::RequestUrl;
use lol_html::element;
use lol_html::html_content::ContentType;
use std::cell::Cell;
use std::path::Path;
use std::sync::Arc;

/// `text` safe to write as HTML text or as a quoted attribute value.
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STEP: &str = "prerender";

/// The shell every page is written into, and the site its pages are drawn for.
pub struct Template {
    shell: String,
    site: Site,
}

impl Template {
    pub fn new(shell: String, site: Site) -> Self {
        Template { shell, site }
    }

    /// The page at `path` (a site path; any path outside the model renders the
    /// not-found page) as a complete document. `content` is the text of the page's
    /// content file, if it has one.
    pub fn page(&self, path: &str, content: Option<&str>) -> Result<String, BuildError> {
        let failed = |problem: String| BuildError::new(STEP, format!("{path}: {problem}"));
        let (head, body) = render_app(&self.site, path, content).map_err(failed)?;
        let mut body = valid_comments(&body).map_err(failed)?;
        if let Some(json) = content {
            body.push_str(&embedded_content(path, json));
        }
        let head_tags = head_tags_html(&head);
        let seen = [Cell::new(false), Cell::new(false), Cell::new(false)];
        let document = rewrite_html(
            &self.shell,
            vec![
                element!("head > title", |el| {
                    el.set_inner_content(&head.title, ContentType::Text);
                    seen[0].set(true);
                    Ok(())
                }),
                element!("head", |el| {
                    el.append(&head_tags, ContentType::Html);
                    seen[1].set(true);
                    Ok(())
                }),
                element!("body", |el| {
                    el.set_inner_content(&body, ContentType::Html);
                    seen[2].set(true);
                    Ok(())
                }),
            ],
        )
        .map_err(|e| failed(format!("index.html: {e}")))?;
        for (seen, element) in seen.iter().zip(["<title>", "<head>", "<body>"]) {
            if !seen.get() {
                return Err(failed(format!("index.html has no {element}")));
            }
        }
        Ok(document)
    }
}

/// The app rendered at `path` on the host: the page's head (from its `PageMeta`)
/// and the markup of `<body>`.
fn render_app(
    site: &Site,
    path: &str,
    content: Option<&str>,
) -> Result<(PageHead, String), String> {
    let pages = match content {
        Some(json) => {
            let page = PageContent::parse(json).map_err(|e| e.to_string())?;
            vec![(path.to_string(), page)]
        }
        None => Vec::new(),
    };
    let source = ContentSource::with_pages(site.clone(), pages);
    // A server-side shared context tells Leptos it is not in a browser (no window
    // listeners, no effects).
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
    let head = PrerenderedHead::default();
    let body = owner.with(|| {
        provide_context(RequestUrl::new(&site.href(path)));
        provide_context(site.clone());
        provide_context(head.clone());
        view! { <App source /> }.to_html()
    });
    drop(owner);
    let head = head.take().ok_or("no PageMeta")?;
    Ok((head, body))
}

/// Leptos writes `<!>` between some siblings (its markers for hydration): a bogus
/// comment, which browsers read as an empty comment but which is not valid HTML.
/// Each is written `<!---->` instead, the valid empty comment: the same DOM node.
fn valid_comments(markup: &str) -> Result<String, String> {
    let settings = lol_html::RewriteStrSettings::new().append_document_content_handler(
        lol_html::doc_comments!(|comment| {
            if comment.text().is_empty() {
                comment.replace("<!---->", ContentType::Html);
            }
            Ok(())
        }),
    );
    lol_html::rewrite_str(markup, settings).map_err(|e| e.to_string())
}

/// The page's `<meta>` and `<link>` tags, values escaped.
fn head_tags_html(head: &PageHead) -> String {
    head.tags
        .iter()
        .map(|tag| {
            format!(
                r#"<{} {}="{}" {}="{}">"#,
                tag.element,
                tag.key.0,
                tag.key.1,
                tag.value.0,
                escape_html(&tag.value.1)
            )
        })
        .collect()
}

/// The content file as a JSON data block: not executed (no CSP exception needed),
/// read by the app at start-up. `<` is escaped so the text can never close the
/// element; `\u003c` means the same thing to a JSON parser.
fn embedded_content(path: &str, json: &str) -> String {
    format!(
        r#"<script type="application/json" id="{EMBEDDED_CONTENT_ID}" data-path="{}">{}</script>"#,
        escape_html(path),
        json.trim().replace('<', "\\u003c")
    )
}

/// The copy of a page every host serves its address from without a trailing slash:
/// `/agir` → `agir.html`, beside the `agir/` folder whose `index.html` answers
/// `/agir/`. nginx, Cloudflare Pages, Netlify and GitHub Pages all serve `/agir` from
/// `agir.html` with status 200; with `agir/index.html` alone, all but nginx answer it
/// with a redirect to `/agir/`. The home page has none: `/` is `index.html`.
pub fn html_file_of(path: &str) -> Option<String> {
    match path.trim_matches('/') {
        "" => None,
        p => Some(format!("{p}.html")),
    }
}

/// Writes every page's `.html` copy (`html_file_of`) from its prerendered file as it
/// now is: after the search index has marked it, so the copy is the same bytes, and
/// after Pagefind has run, so no page is indexed twice. Returns how many.
pub fn write_html_copies(dist: &Path) -> Result<usize, BuildError> {
    let mut written = 0;
    for node in model().nodes() {
        let Some(copy) = html_file_of(&node.path) else {
            continue;
        };
        let page = super::read(&dist.join(page_file(&node.path)), STEP)?;
        super::write(&dist.join(copy), &page, STEP)?;
        written += 1;
    }
    Ok(written)
}

/// `sitemap.xml`: every page of the model, by its canonical address, with the date
/// its content last changed (`lastmod`) when `lastmod` knows it, the date the page
/// shows.
pub fn sitemap_xml(site: &Site, lastmod: &dyn Fn(&str) -> Option<String>) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for node in model().nodes() {
        let date = lastmod(&node.path)
            .map(|d| format!("<lastmod>{}</lastmod>", escape_html(&d)))
            .unwrap_or_default();
        xml.push_str(&format!(
            "  <url><loc>{}</loc>{date}</url>\n",
            escape_html(&site.absolute_url(&node.path))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything may be crawled; the sitemap is named.
pub fn robots_txt(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.absolute_url("/sitemap.xml")
    )
}

/// Text made safe for XML or HTML, in element content and in double-quoted attributes.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::nav::content_file;

    const SHELL: &str = r#"<!DOCTYPE html>
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

    /// The tests build the site under a sub-path, as a host of many sites serves it.
    fn oim() -> Site {
        Site::new("/oim/", "https://www.exemple.org")
    }

    fn page(path: &str) -> String {
        Template::new(SHELL.into(), oim())
            .page(path, content_of(path).as_deref())
            .unwrap()
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
            // The shell's "needs JavaScript" message: every page reads without it.
            assert!(
                !html.contains("Ce site a besoin de JavaScript"),
                "{}",
                node.path
            );
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
            "américaine",
        ] {
            assert!(markup.contains(words), "the markup shows {words:?}");
            assert!(embedded.contains(words), "the data block holds {words:?}");
        }
    }

    #[test]
    fn without_javascript_the_menu_is_made_of_links() {
        let html = page("/");
        // The search form's button submits it, with or without the app.
        assert_eq!(
            count(&html, "<button"),
            count(&html, r#"<button type="submit""#),
            "no other button works without the app"
        );
        for section in model().menu_sections() {
            assert!(
                html.contains(&format!("href=\"{}\"", oim().href(&section.path))),
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
            toggle.contains(&format!("href=\"{}\"", oim().href(&sitemap.path))),
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
            r#"<link rel="canonical" href="https://www.exemple.org/oim{}">"#,
            article.path
        )));
        assert!(head.contains(&format!(
            r#"<meta name="description" content="{}">"#,
            escape_html(&article.description)
        )));
        assert_eq!(
            escape_html(r#"a "b" & <c>"#),
            "a &quot;b&quot; &amp; &lt;c&gt;"
        );
    }

    #[test]
    fn a_path_outside_the_model_renders_the_not_found_page() {
        let html = page("/nulle-part");
        assert!(html.contains(crate::nav::NOT_FOUND_TITLE));
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
    fn markers_are_written_as_valid_empty_comments() {
        assert_eq!(
            valid_comments("<p>a<!>b<!---->c<!-- note --></p>").unwrap(),
            "<p>a<!---->b<!---->c<!-- note --></p>"
        );
        for node in model().nodes() {
            assert!(!page(&node.path).contains("<!>"), "{}", node.path);
        }
    }

    #[test]
    fn a_shell_without_its_body_fails_the_page_with_its_name() {
        let shell = SHELL.replace("<body>", "").replace("</body>", "");
        let error = Template::new(shell, oim()).page("/404", None).unwrap_err();
        assert_eq!(error.problems, ["/404: index.html has no <body>"]);
        let error = Template::new(SHELL.replace("<title>Placeholder</title>", ""), oim())
            .page("/404", None)
            .unwrap_err();
        assert_eq!(error.problems, ["/404: index.html has no <title>"]);
    }

    #[test]
    fn every_page_but_home_has_its_html_copy_beside_its_folder() {
        assert_eq!(html_file_of("/"), None);
        assert_eq!(html_file_of("/agir").as_deref(), Some("agir.html"));
        assert_eq!(
            html_file_of("/agir/engagez-vous").as_deref(),
            Some("agir/engagez-vous.html")
        );
        let dist = tempfile::tempdir().unwrap();
        for node in model().nodes() {
            let file = dist.path().join(page_file(&node.path));
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, format!("<h1>{}</h1>", node.label)).unwrap();
        }
        let written = write_html_copies(dist.path()).unwrap();
        assert_eq!(written, model().nodes().len() - 1);
        for node in model().nodes() {
            let Some(copy) = html_file_of(&node.path) else {
                continue;
            };
            let copy = std::fs::read_to_string(dist.path().join(copy)).unwrap();
            assert_eq!(copy, format!("<h1>{}</h1>", node.label), "{}", node.path);
        }
        assert!(!dist.path().join(".html").exists());
    }

    #[test]
    fn sitemap_and_robots_name_every_page() {
        let xml = sitemap_xml(&oim(), &|_| None);
        assert_eq!(count(&xml, "<loc>"), model().nodes().len());
        assert!(!xml.contains("<lastmod>"));
        let xml = sitemap_xml(&oim(), &|path| {
            (path == "/agir").then(|| "2026-12-02".to_string())
        });
        assert_eq!(count(&xml, "<lastmod>"), 1);
        assert!(
            xml.contains(
                "<loc>https://www.exemple.org/oim/agir</loc><lastmod>2026-12-02</lastmod></url>"
            ),
            "{xml}"
        );
        assert!(robots_txt(&oim()).contains("Sitemap: https://www.exemple.org/oim/sitemap.xml\n"));
    }
}
