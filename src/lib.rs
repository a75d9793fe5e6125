//! The OIM site: a Leptos client-side app whose pages are also prerendered at build
//! time by the same components (`builder`, feature `ssr`: the site builder). `nav`
//! and `content` are plain Rust with unit tests; `rules`, the checks the builder runs
//! on them, is compiled for the builder and the tests only; `app`, `shell`, `pages` and `render`
//! are the views; `dom` holds the ids and focus helpers the views share.

pub mod api;
pub mod app;
#[cfg(feature = "ssr")]
pub mod builder;
pub mod chunks;
pub mod content;
pub mod dom;
#[cfg(test)]
mod layering;
pub mod nav;
pub mod pages;
pub mod render;
#[cfg(any(test, feature = "ssr"))]
pub mod rules;
pub mod search;
pub mod shell;
