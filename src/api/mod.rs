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
