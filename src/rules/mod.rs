//! The build-time rules: what the navigation model and the content files must be
//! before a site is built from them. Run by the site builder before every build and
//! by the unit tests; compiled only for them (`ssr` or `test`), so the compiler
//! keeps every check out of the wasm.
//!
//! - `navigation`: the model's tree, addresses, labels and redirects;
//! - `content`: every content file against the model and the allow-list of
//!   external sites;
//! - `typography`: French typography for every text we write (both use it);
//! - `placeholders`: the deployment words a content file may name, `{{NAME}}`, and
//!   how the builder fills them.
//!
//! Data and path arithmetic stay in `nav` and `content`, which the app uses; these
//! modules depend on them, never the other way round.

mod content;
mod navigation;
pub mod placeholders;
pub mod typography;

/// For the site builder's robustness tests.
#[cfg(all(test, feature = "ssr"))]
pub(crate) use content::tests::real_files as real_content_files;
pub use content::{validate_content, ContentError, ExternalSites, EXTERNAL_LINKS_JSON};
pub use navigation::{is_safe_address, is_well_formed_segment, validate_navigation, ModelError};
