//! The content of pages: a typed model of blocks and inline spans (`model`), the
//! checks every content file must pass (`validate`), and the source that fetches
//! and caches content in the browser (`source`). Nothing here knows about views.

mod model;
mod source;
mod validate;

pub use model::{
    french_date, Block, Card, Dates, Definition, Emphasis, ExternalLink, Figure, InternalLink,
    PageContent, Span, Strong, Text,
};
pub use source::{check_response, content_url, ContentSource, LoadError};
pub use validate::{validate_content, ContentError};
