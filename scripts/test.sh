#!/usr/bin/env bash
# Sets up whatever is missing, then runs every check and test; fails on the first failure.
#   1. formatting and clippy (host and wasm32)
#   2. host unit tests of the pure modules
#   3. a release build into dist/
#   4. end-to-end tests in headless Chromium against dist/ served by nginx
set -euo pipefail
source "$(dirname "$0")/setup.sh"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format and lint"
cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings

step "unit tests (host)"
cargo test --lib --bins

step "release build"
trunk build --release

step "end-to-end tests (Chromium)"
cargo test --test e2e -- --test-threads "${E2E_THREADS:-2}"
