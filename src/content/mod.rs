//! The content of pages: a typed model of blocks and inline spans (`model`) and how
//! French writes numbers and dates (`french`). The source that fetches and caches
//! content in the browser is the app's I/O (`api::content`); the checks every
//! content file must pass are build-time rules (`rules::content`). Nothing here
//! knows about views.

pub mod french;
mod model;

pub use model::{
    csv_number, french_date, french_number, Block, Card, Chart, DateSpan, Dates, Definition,
    Emphasis, ExternalLink, Figure, FigureFiles, FigureSource, InternalLink, Map, PageContent,
    Place, Row, Series, Span, Strong, Text,
};
/// The id of the JSON data block in which a prerendered page carries its own
/// content file (its `data-path` names the page), so the app need not fetch it.
pub const EMBEDDED_CONTENT_ID: &str = "contenu-initial";
