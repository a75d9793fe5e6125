//! The content of pages: a typed model of blocks and inline spans (`model`), the
//! checks every content file must pass (`validate`, with the rules of French
//! typography in `typography` and the build settings a file may name in
//! `placeholders`), and the source that fetches and caches content in the browser
//! (`source`). Nothing here knows about views.

mod model;
pub mod placeholders;
mod source;
pub mod typography;
mod validate;

pub use model::{
    csv_number, french_date, french_number, Block, Card, Chart, DateSpan, Dates, Definition,
    Emphasis, ExternalLink, Figure, FigureFiles, FigureSource, InternalLink, Map, PageContent,
    Place, Row, Series, Span, Strong, Text,
};
/// The id of the JSON data block in which a prerendered page carries its own
/// content file (its `data-path` names the page), so the app need not fetch it.
pub const EMBEDDED_CONTENT_ID: &str = "contenu-initial";

pub use source::{check_response, content_url, ContentSource, LoadError, CONTENT_WAIT};
/// For the site builder's robustness tests.
#[cfg(all(test, feature = "ssr"))]
pub(crate) use validate::tests::real_files as real_content_files;
pub use validate::{validate_content, ContentError, ExternalSites, EXTERNAL_LINKS_JSON};
