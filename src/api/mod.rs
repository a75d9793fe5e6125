//! The app's I/O, in one place (as leptos's `hackernews` example keeps its fetching
//! in `api.rs`): what it asks of the network and how the answers are read.
//!
//! - `content`: the pages' content files, fetched with gloo-net, checked, parsed and
//!   kept in memory (`ContentSource`);
//! - `search`: the search engine's answers, and the bridge that asks it in the
//!   browser.
//!
//! `nav` and `content` hold data and path arithmetic only; the views (`pages`,
//! `shell`, `search`'s views) ask through these modules.

pub mod content;
pub mod search;

pub use content::{check_response, content_url, ContentSource, LoadError, CONTENT_WAIT};

/// The loader's data block (Trunk.toml's `pattern_script`, added to by the site
/// builder's `shell` step): a JSON object of the addresses of the app's files,
/// where the app finds the search module's.
pub const FILES_ID: &str = "fichiers-appli";

/// The key of the search module's address in the loader's data block.
pub const SEARCH_MODULE_KEY: &str = "search";
