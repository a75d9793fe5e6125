//! End-to-end tests: the built `dist/` served by nginx (and, for the tests that
//! compare hosts, by Cloudflare Pages' own server), driven in Chromium, Firefox and
//! WebKit through their WebDriver servers (see `browsers.rs`). A custom harness
//! (libtest-mimic) starts the servers once, runs every test in each engine it is meant
//! for, stops the servers, and reports like `cargo test`.

#[cfg(not(target_arch = "wasm32"))]
mod accessibility;
#[cfg(not(target_arch = "wasm32"))]
mod browsers;
#[cfg(not(target_arch = "wasm32"))]
mod chunks;
#[cfg(not(target_arch = "wasm32"))]
mod content;
#[cfg(not(target_arch = "wasm32"))]
mod figures;
#[cfg(not(target_arch = "wasm32"))]
mod harness;
#[cfg(not(target_arch = "wasm32"))]
mod held_app;
#[cfg(not(target_arch = "wasm32"))]
mod hosting;
#[cfg(not(target_arch = "wasm32"))]
mod hosts;
#[cfg(not(target_arch = "wasm32"))]
mod menus;
/// The site builder's names of a build's files (plain Rust, compiled here from its
/// source): the tests tell hashed assets from the rest by the rule that wrote the
/// headers, not by a copy of it. (Its unit tests are the library's: without
/// libtest, this target neither runs nor uses them.)
#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code, unused_imports)]
#[path = "../../src/builder/names.rs"]
mod names;
#[cfg(not(target_arch = "wasm32"))]
mod navigation;
#[cfg(not(target_arch = "wasm32"))]
mod offline;
#[cfg(not(target_arch = "wasm32"))]
mod pages;
#[cfg(not(target_arch = "wasm32"))]
mod prerendering;
#[cfg(not(target_arch = "wasm32"))]
mod routing;
#[cfg(not(target_arch = "wasm32"))]
mod search;
#[cfg(not(target_arch = "wasm32"))]
mod seed;
#[cfg(not(target_arch = "wasm32"))]
mod site_map;
#[cfg(not(target_arch = "wasm32"))]
mod start_up;
#[cfg(not(target_arch = "wasm32"))]
mod validity;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let mut tests = Vec::new();
    tests.extend(navigation::tests());
    tests.extend(routing::tests());
    tests.extend(menus::tests());
    tests.extend(content::tests());
    tests.extend(hosting::tests());
    tests.extend(hosts::tests());
    tests.extend(accessibility::tests());
    tests.extend(prerendering::tests());
    tests.extend(start_up::tests());
    tests.extend(validity::tests());
    tests.extend(search::tests());
    tests.extend(offline::tests());
    tests.extend(pages::tests());
    tests.extend(chunks::tests());
    tests.extend(figures::tests());
    harness::run(tests)
}

#[cfg(target_arch = "wasm32")]
fn main() {}
