#!/usr/bin/env bash
# Sets up whatever is missing, then runs every check and test; fails on the first failure.
#   1. formatting and clippy (the app for the host and wasm32, the prerenderer)
#   2. host unit tests of the pure modules and of the prerenderer
#   3. release builds (each prerenders every page): dist/ for the root of a host,
#      target/dist-oim/ for the sub-path /oim/
#   4. two checkouts built with one target directory, each with its own content
#   5. end-to-end tests in Chromium, Firefox and WebKit against both, each served by nginx
set -euo pipefail
source "$(dirname "$0")/setup.sh"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format and lint"
cargo fmt --all -- --check
cargo clippy --locked --all-targets -- -D warnings
cargo clippy --locked --all-targets --target wasm32-unknown-unknown -- -D warnings
cargo clippy --locked --all-targets --no-default-features --features ssr -- -D warnings

step "unit tests (host)"
cargo test --locked --test supply_chain
cargo test --locked --lib --bins
cargo test --locked --lib --bins --no-default-features --features ssr

step "release builds"
"$(dirname "$0")/build.sh"
OIM_BASE_PATH=/oim/ "$(dirname "$0")/build.sh" --dist target/dist-oim

step "two checkouts sharing one target directory"
cargo test --locked --test checkouts

step "end-to-end tests (Chromium, Firefox, WebKit: E2E_BROWSERS chooses)"
cargo test --locked --test e2e -- --test-threads "${E2E_THREADS:-2}"
