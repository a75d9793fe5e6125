//! The OIM site: a Leptos client-side app whose pages are also prerendered at build
//! time by the same components (`prerender`, feature `ssr`). `nav` and `content` are
//! plain Rust with unit tests; `app`, `shell`, `pages` and `render` are the views.

pub mod app;
pub mod content;
pub mod dom;
pub mod nav;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod prerender;
pub mod render;
pub mod shell;
