//! The benchmark: the release site against a static HTML page of the seed article
//! (`tests/bench/static-article.html`, same CSS, served by the same nginx). Prints one
//! table, writes the figures as JSON (target/bench/results.json), checks the budgets
//! and exits non-zero naming every figure over its budget. Not part of the tests:
//! run it with `scripts/bench.sh`. Parts of it (transfer, lighthouse, navigation,
//! search) run alone against the dist/ already built, their figures written to
//! target/bench/results-partial.json: `cargo bench --bench site -- search`.

#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)]
#[path = "../e2e/browsers.rs"]
mod browsers;
#[cfg(not(target_arch = "wasm32"))]
// The benchmark uses a part of the tests' harness: the rest is neither called nor
// re-exported here.
#[allow(dead_code, unused_imports)]
#[path = "../e2e/harness/mod.rs"]
mod harness;
#[cfg(not(target_arch = "wasm32"))]
mod measure;
/// The site builder's names of a build's files (plain Rust, compiled here from its
/// source), as in the end-to-end tests.
#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code, unused_imports)]
#[path = "../../src/builder/names.rs"]
mod names;
#[cfg(not(target_arch = "wasm32"))]
mod search;
#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)]
#[path = "../e2e/site_map.rs"]
mod site_map;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    measure::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
