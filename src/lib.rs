//! The OIM site: a Leptos client-side app. `nav` (and later `content`) are plain
//! Rust with unit tests; `app`, `shell` and `pages` are the views.

pub mod app;
pub mod content;
pub mod nav;
pub mod pages;
pub mod render;
pub mod shell;
