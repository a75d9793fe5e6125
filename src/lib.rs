//! The OIM site: a Leptos client-side app whose pages are also prerendered at build
//! time by the same components (`builder`, feature `ssr`: the site builder). `nav`
//! and `content` are plain Rust with unit tests; `app`, `shell`, `pages` and `render`
//! are the views; `dom` holds the ids and focus helpers the views share.

pub mod app;
#[cfg(feature = "ssr")]
pub mod builder;
pub mod chunks;
pub mod content;
pub mod dom;
pub mod nav;
pub mod pages;
pub mod render;
pub mod search;
pub mod shell;
