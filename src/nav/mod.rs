//! The navigation model: the site's tree, typed, and everything derived from it
//! (route resolution, breadcrumbs, page titles, redirects).
//!
//! The model is compiled into the binary as a Rust `static`, written from
//! `public/navigation.json` by `build.rs` (`model()`): the app neither fetches nor
//! parses it, so the header and the page title never wait on the network. Its checks
//! are build-time rules (`rules::navigation`). Nothing here knows about views; where the
//! site is published (`Site`) is a value, which the views read from their context
//! (`use_site`).

#[cfg(test)]
mod kind_name;

use serde::Deserialize;
use std::borrow::Cow;
use std::sync::Arc;

/// Text of the model: borrowed from the binary in the model the app is built with
/// (`model()`), owned in one read from JSON (`NavModel::parse`).
pub type Text = Cow<'static, str>;

/// What kind of page a node is; each kind has its own page component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Home,
    Section,
    Group,
    Page,
    Article,
    Sitemap,
    /// The results page of site search (`/recherche?q=…`).
    Search,
    /// A content page with the control that saves the whole site for offline reading.
    Offline,
}

/// One page of the site and, through `children`, the pages below it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NavNode {
    pub label: Text,
    pub path: Text,
    pub kind: Kind,
    /// The page's meta description, also used as the summary on cards.
    pub description: Text,
    /// The seed's own words introducing a section, where it has them.
    #[serde(default)]
    pub blurb: Option<Text>,
    /// Top-level pages with `in_menu: false` (sitemap, legal pages) stay out of the header.
    #[serde(default = "yes")]
    pub in_menu: bool,
    #[serde(default)]
    pub children: Cow<'static, [NavNode]>,
}

fn yes() -> bool {
    true
}

/// A legacy address of the real French site and the path that replaced it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Redirect {
    pub from: Text,
    pub to: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NavModel {
    pub site_name: Text,
    pub site_full_name: Text,
    pub root: NavNode,
    /// Paths of the pages linked from the footer's utility line.
    pub footer: Cow<'static, [Text]>,
    pub redirects: Cow<'static, [Redirect]>,
}

/// What a requested path turns out to be.
#[derive(Debug, Clone, Copy)]
pub enum Resolution<'a> {
    Page(&'a NavNode),
    /// Go to this path instead, replacing the history entry.
    Redirect(&'a str),
    NotFound,
}

/// The label of the page shown for a path outside the model (its heading, its
/// `<title>`, the end of its breadcrumb trail), the one page `navigation.json` does
/// not list.
pub const NOT_FOUND_TITLE: &str = "Page introuvable";

/// The not-found page's meta description, as a node's `description` is a page's.
pub const NOT_FOUND_DESCRIPTION: &str = "Cette adresse ne correspond à aucune page du site.";

/// The JSON source of the model, for the checks of the site builder and the tests.
pub const MODEL_JSON: &str = include_str!("../../public/navigation.json");

/// The site's model: `public/navigation.json`, written as Rust by `build.rs` when the
/// crate is compiled. The app neither carries the JSON nor parses it; the site
/// builder checks the JSON (`rules::validate_navigation`), and a unit test checks that this model is
/// the JSON read with serde.
pub fn model() -> &'static NavModel {
    static MODEL: NavModel = include!(concat!(env!("OUT_DIR"), "/navigation.rs"));
    &MODEL
}

impl NavModel {
    pub fn parse(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// Every node, parents before children, in menu order.
    pub fn nodes(&self) -> Vec<&NavNode> {
        let mut out = Vec::new();
        fn walk<'a>(node: &'a NavNode, out: &mut Vec<&'a NavNode>) {
            out.push(node);
            for child in node.children.iter() {
                walk(child, out);
            }
        }
        walk(&self.root, &mut out);
        out
    }

    /// The top-level sections shown in the header menu.
    pub fn menu_sections(&self) -> impl Iterator<Item = &NavNode> {
        self.root.children.iter().filter(|n| n.in_menu)
    }

    pub fn find(&self, path: &str) -> Option<&NavNode> {
        self.trail(path).and_then(|t| t.last().copied())
    }

    /// The chain of nodes from the home page down to the node at `path`.
    pub fn trail(&self, path: &str) -> Option<Vec<&NavNode>> {
        fn walk<'a>(node: &'a NavNode, path: &str, trail: &mut Vec<&'a NavNode>) -> bool {
            trail.push(node);
            if node.path == path || node.children.iter().any(|c| walk(c, path, trail)) {
                return true;
            }
            trail.pop();
            false
        }
        let mut trail = Vec::new();
        walk(&self.root, path, &mut trail).then_some(trail)
    }

    /// The menu section a page belongs to: the top-level node above it (or the section
    /// itself). Home, and a path of no page (`/qui-sommes-nous/inconnu`), have none.
    pub fn menu_section_of(&self, path: &str) -> Option<&NavNode> {
        self.trail(path)?.get(1).copied()
    }

    /// Turns the path of a request into a page, a redirect or "not found".
    /// A trailing slash is tolerated (`/agir/` is `/agir`), as static hosts add one.
    pub fn resolve(&self, path: &str) -> Resolution<'_> {
        let path = normalize(path);
        if let Some(node) = self.find(path) {
            return Resolution::Page(node);
        }
        match self.redirects.iter().find(|r| r.from == path) {
            Some(r) => Resolution::Redirect(&r.to),
            None => Resolution::NotFound,
        }
    }

    /// The page of the model a link leads to, from its `href` as the site writes
    /// links: under the base path (`/oim/agir#x`). Another site's address, a file or
    /// a path outside the model lead to none.
    pub fn page_at_href(&self, site: &Site, href: &str) -> Option<&NavNode> {
        let path = match href.strip_prefix(site.base())? {
            "" => "/",
            path if path.starts_with('/') && !path.starts_with("//") => path,
            _ => return None,
        };
        match self.resolve(path) {
            Resolution::Page(node) => Some(node),
            _ => None,
        }
    }

    /// The `<title>` of a page: "Label | OIM", the home page being just the site's name.
    pub fn page_title(&self, node: &NavNode) -> String {
        if node.kind == Kind::Home {
            format!("{} | {}", self.site_name, self.site_full_name)
        } else {
            format!("{} | {}", node.label, self.site_name)
        }
    }

    /// The sitemap page, if the model has one.
    pub fn sitemap(&self) -> Option<&NavNode> {
        self.nodes().into_iter().find(|n| n.kind == Kind::Sitemap)
    }

    /// The results page of site search, if the model has one.
    pub fn search_page(&self) -> Option<&NavNode> {
        self.nodes().into_iter().find(|n| n.kind == Kind::Search)
    }

    /// The footer's utility links, in the model's order.
    pub fn footer_links(&self) -> Vec<&NavNode> {
        self.footer.iter().filter_map(|p| self.find(p)).collect()
    }
}

/// Where the site is published: the sub-path it is served under and the scheme and
/// host its canonical addresses name. One value per build (the builder makes one
/// for `/` and one for `/oim/` in the same process) and per page in the browser
/// (read from `<base href>` and the canonical link at start-up), handed to the
/// views as a context (`use_site`), never held in a global.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    /// The sub-path without its trailing slash (`/oim`); empty at the host's root.
    base: Arc<str>,
    /// `https://www.exemple.org`, without a trailing slash; empty when unknown.
    origin: Arc<str>,
}

impl Site {
    /// The site under `public_url` (Trunk's public URL: `/oim/` or `/`), published at
    /// `origin` (`https://www.exemple.org`).
    pub fn new(public_url: &str, origin: &str) -> Self {
        Site {
            base: public_url.trim_end_matches('/').into(),
            origin: origin.trim_end_matches('/').into(),
        }
    }

    /// At the root of its host, origin unknown: what unit tests draw with.
    pub fn at_root() -> Self {
        Site::new("/", "")
    }

    /// The sub-path the site is served under, without its trailing slash; empty when
    /// the site is at the root of its host.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The address of a site path as written in links: the path under the base.
    pub fn href(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The full public address of a site path, for canonical links, Open Graph and
    /// the sitemap: `https://www.exemple.org/oim/agir`.
    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.origin, self.href(path))
    }

    /// The site path of an address the browser is at: the base removed.
    pub fn strip_base<'a>(&self, pathname: &'a str) -> &'a str {
        match pathname.strip_prefix(self.base()) {
            Some("") => "/",
            Some(rest) if rest.starts_with('/') => rest,
            _ => pathname,
        }
    }
}

/// The site the views are drawn for, provided by whoever draws them (the app's
/// start-up, the prerenderer).
pub fn use_site() -> Site {
    leptos::prelude::expect_context()
}

/// The scheme and host of an absolute address: `https://h.org/oim/a` → `https://h.org`.
pub fn origin_of(url: &str) -> Option<&str> {
    let after_scheme = url.find("://")? + "://".len();
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    (end > after_scheme).then(|| &url[..end])
}

/// Strips one trailing slash (but keeps "/") and any query or fragment.
pub fn normalize(path: &str) -> &str {
    let path = path.split(['?', '#']).next().unwrap_or("");
    match path.strip_suffix('/') {
        Some("") | None => {
            if path.is_empty() {
                "/"
            } else {
                path
            }
        }
        Some(stripped) => stripped,
    }
}

/// The file name of a page's content, derived from its path:
/// `/` → `accueil`, `/a/b` → `a--b`.
pub fn content_slug(path: &str) -> String {
    match path.trim_matches('/') {
        "" => "accueil".to_string(),
        p => p.replace('/', "--"),
    }
}

/// Where a page's content file is, from the root of the built site (and of
/// `public/`): `/agir/engagez-vous` → `content/agir--engagez-vous.json`.
pub fn content_file(path: &str) -> String {
    format!("content/{}.json", content_slug(path))
}

/// The file a page is prerendered to inside `dist/`: `/` → `index.html`,
/// `/agir/engagez-vous` → `agir/engagez-vous/index.html` (served for the clean URL).
pub fn page_file(path: &str) -> String {
    match path.trim_matches('/') {
        "" => "index.html".to_string(),
        p => format!("{p}/index.html"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> &'static NavModel {
        model()
    }

    #[test]
    fn the_bundled_model_parses_and_is_valid() {
        let model = NavModel::parse(MODEL_JSON).expect("navigation.json parses");
        assert_eq!(
            crate::rules::validate_navigation(&model),
            Vec::<crate::rules::ModelError>::new()
        );
    }

    #[test]
    fn the_model_compiled_in_is_the_json_read_with_serde() {
        let parsed = NavModel::parse(MODEL_JSON).expect("navigation.json parses");
        assert_eq!(format!("{:?}", model()), format!("{parsed:?}"));
    }

    #[test]
    fn every_path_of_the_site_map_resolves_to_its_label() {
        let expected = [
            ("/", "Accueil"),
            ("/qui-sommes-nous", "Qui sommes nous"),
            ("/qui-sommes-nous/structure", "Structure"),
            (
                "/qui-sommes-nous/structure/directrice-generale",
                "Directrice générale",
            ),
            ("/notre-travail/ou-travaillons-nous", "Où travaillons-nous"),
            ("/agir/engagez-vous", "Engagez-vous"),
            ("/agenda-2030", "2030 AGENDA"),
            ("/plan-du-site", "Plan du site"),
            ("/recherche", "Recherche"),
            ("/accessibilite", "Accessibilité"),
            ("/mentions-legales", "Mentions légales"),
            ("/hors-ligne", "Lecture hors ligne"),
            ("/reperes", "L’OIM en dates"),
            ("/glossaire", "Sigles et acronymes"),
            ("/contact", "Contacter l’OIM"),
        ];
        for (path, label) in expected {
            match m().resolve(path) {
                Resolution::Page(node) => assert_eq!(node.label, label, "{path}"),
                other => panic!("{path} resolved to {other:?}"),
            }
        }
        assert_eq!(m().nodes().len(), 28, "the site map lists 28 pages");
    }

    #[test]
    fn trailing_slashes_queries_and_fragments_are_ignored() {
        assert!(matches!(m().resolve("/agir/"), Resolution::Page(n) if n.path == "/agir"));
        assert!(matches!(m().resolve("/agir?x=1#y"), Resolution::Page(n) if n.path == "/agir"));
        assert!(matches!(m().resolve(""), Resolution::Page(n) if n.kind == Kind::Home));
    }

    #[test]
    fn legacy_addresses_redirect_and_unknown_paths_are_not_found() {
        assert!(matches!(
            m().resolve("/fr/lavenir-de-la-migration"),
            Resolution::Redirect("/donnees-et-recherche/lavenir-de-la-migration")
        ));
        assert!(matches!(
            m().resolve("/fr/qui-sommes-nous/"),
            Resolution::Redirect("/qui-sommes-nous")
        ));
        assert!(matches!(m().resolve("/nulle-part"), Resolution::NotFound));
        assert!(matches!(m().resolve("/agir/engagez"), Resolution::NotFound));
    }

    #[test]
    fn trail_runs_from_home_to_the_page() {
        let labels: Vec<_> = m()
            .trail("/qui-sommes-nous/structure/bureau-de-la-strategie")
            .unwrap()
            .iter()
            .map(|n| n.label.as_ref())
            .collect();
        assert_eq!(
            labels,
            [
                "Accueil",
                "Qui sommes nous",
                "Structure",
                "Bureau de la stratégie et de la performance institutionnelle"
            ]
        );
    }

    #[test]
    fn a_page_is_in_the_section_above_it_and_a_missing_page_in_none() {
        let section = |path| m().menu_section_of(path).map(|n| n.path.as_ref());
        let deep = "/qui-sommes-nous/structure/bureau-de-la-strategie";
        assert_eq!(section(deep), Some("/qui-sommes-nous"));
        assert_eq!(section("/agir"), Some("/agir"));
        assert_eq!(section("/"), None);
        assert_eq!(section("/qui-sommes-nous/inconnu"), None);
        // A prefix of a section's address is not the section.
        assert_eq!(section("/agir-plus"), None);
    }

    #[test]
    fn links_lead_to_pages_of_the_model_under_the_base_only() {
        let label = |base: &str, href| {
            let site = Site::new(base, "");
            m().page_at_href(&site, href).map(|n| n.label.as_ref())
        };
        assert_eq!(label("", "/agir"), Some("Agir"));
        assert_eq!(label("", "/agir/?x=1#haut"), Some("Agir"));
        assert_eq!(label("/oim", "/oim/agir"), Some("Agir"));
        assert_eq!(label("/oim", "/oim"), label("", "/"));
        assert!(label("", "/").is_some());
        for (base, href) in [
            ("", "/content/agir.json"),
            ("", "https://www.iom.int/fr"),
            ("", "//exemple.org/agir"),
            ("", "/fr/lavenir-de-la-migration"),
            ("/oim", "/agir"),
            ("/oim", "/oimagir"),
        ] {
            assert_eq!(label(base, href), None, "{base} {href}");
        }
    }

    #[test]
    fn titles_follow_label_then_site_name() {
        let page = m().find("/agir").unwrap();
        assert_eq!(m().page_title(page), "Agir | OIM");
        assert_eq!(
            m().page_title(&m().root),
            "OIM | Organisation internationale pour les migrations"
        );
    }

    #[test]
    fn menu_keeps_utility_pages_out_and_seed_order() {
        let labels: Vec<_> = m().menu_sections().map(|n| n.label.as_ref()).collect();
        assert_eq!(
            labels,
            [
                "Qui sommes nous",
                "Notre travail",
                "Agir",
                "Données et recherche",
                "2030 AGENDA"
            ]
        );
        let footer: Vec<_> = m()
            .footer_links()
            .iter()
            .map(|n| n.label.as_ref())
            .collect();
        assert_eq!(
            footer,
            [
                "Contacter l’OIM",
                "L’OIM en dates",
                "Sigles et acronymes",
                "Plan du site",
                "Accessibilité",
                "Mentions légales",
                "Lecture hors ligne"
            ]
        );
        assert_eq!(
            m().sitemap().map(|n| n.path.as_ref()),
            Some("/plan-du-site")
        );
    }

    #[test]
    fn base_paths_are_added_and_removed() {
        let (root, oim) = (Site::at_root(), Site::new("/oim/", "https://exemple.org/"));
        assert_eq!(root.href("/agir"), "/agir");
        assert_eq!(oim.href("/agir"), "/oim/agir");
        assert_eq!(oim.href("/"), "/oim/");
        assert_eq!(oim.strip_base("/oim/agir"), "/agir");
        assert_eq!(oim.strip_base("/oim"), "/");
        assert_eq!(oim.strip_base("/oim/"), "/");
        assert_eq!(oim.strip_base("/oimx/agir"), "/oimx/agir");
        assert_eq!(root.strip_base("/agir"), "/agir");
        assert_eq!(oim.absolute_url("/agir"), "https://exemple.org/oim/agir");
        assert_eq!(root.absolute_url("/agir"), "/agir");
    }

    #[test]
    fn origins_are_scheme_and_host() {
        assert_eq!(
            origin_of("https://www.exemple.org/oim/agir"),
            Some("https://www.exemple.org")
        );
        assert_eq!(
            origin_of("http://localhost:8080"),
            Some("http://localhost:8080")
        );
        assert_eq!(origin_of("/agir"), None);
        assert_eq!(origin_of("https:///agir"), None);
    }

    #[test]
    fn pages_are_written_to_index_files_under_their_path() {
        assert_eq!(content_file("/"), "content/accueil.json");
        assert_eq!(page_file("/"), "index.html");
        assert_eq!(
            page_file("/agir/engagez-vous"),
            "agir/engagez-vous/index.html"
        );
    }

    #[test]
    fn normalize_and_slugs() {
        assert_eq!(normalize("/"), "/");
        assert_eq!(normalize("/a/"), "/a");
        assert_eq!(normalize("/a#b"), "/a");
        assert_eq!(content_slug("/"), "accueil");
        assert_eq!(content_slug("/agir/engagez-vous"), "agir--engagez-vous");
    }
}
