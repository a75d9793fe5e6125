#!/usr/bin/env bash
# Installs what building and testing the site needs, skipping what is already there
# at the right version. Sourced by dev.sh and test.sh; safe to run again and again.
# Nothing is downloaded from GitHub: every tool comes from crates.io, npm or Debian.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# geckodriver drives Firefox ESR for the end-to-end tests (crates.io, pinned).
GECKODRIVER_VERSION=0.36.0
# wasm-bindgen-cli must match the wasm-bindgen the app links against.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
sudo_if_needed() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

missing_debs=()
# The three engines of the end-to-end tests: Chromium, Firefox ESR, WebKitGTK (its
# WebDriver server and MiniBrowser, drawn under Xvfb).
for pair in chromium:/usr/bin/chromium chromium-driver:/usr/bin/chromedriver \
  firefox-esr:/usr/bin/firefox-esr webkit2gtk-driver:/usr/bin/WebKitWebDriver xvfb:/usr/bin/Xvfb \
  nginx:/usr/sbin/nginx \
  brotli:/usr/bin/brotli default-jre-headless:/usr/bin/java \
  libnginx-mod-http-brotli-static:/usr/lib/nginx/modules/ngx_http_brotli_static_module.so; do
  [[ -e ${pair#*:} ]] || missing_debs+=("${pair%%:*}")
done
if ((${#missing_debs[@]})); then
  say "installing Debian packages: ${missing_debs[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_debs[@]}" >/dev/null
fi

if [[ $(trunk --version 2>/dev/null) != "trunk $TRUNK_VERSION" ]]; then
  say "installing trunk $TRUNK_VERSION (about 8 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [[ $(geckodriver --version 2>/dev/null | head -n 1) != "geckodriver $GECKODRIVER_VERSION"* ]]; then
  say "installing geckodriver $GECKODRIVER_VERSION (about 3 minutes)"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
fi

if [[ $(wasm-bindgen --version 2>/dev/null) != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  # Installed --locked from our copy of its lock file: the crate's own pins
  # webpki-roots 1.0.11, which the crates.io index here does not have; ours differs
  # from it in that one crate (1.0.10). A new wasm-bindgen needs its lock here first:
  # the crate's Cargo.lock, with `cargo update -p <crate> --precise <version>` for
  # what the index lacks.
  lock=scripts/locks/wasm-bindgen-cli-$WASM_BINDGEN_VERSION.lock
  [[ -f $lock ]] || { echo "no $lock for Cargo.lock's wasm-bindgen (see scripts/setup.sh)" >&2; exit 1; }
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  work=$(mktemp -d)
  # cargo downloads the crate's source through a throwaway package that depends on it.
  mkdir -p "$work/fetch/src" && touch "$work/fetch/src/lib.rs"
  printf '[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\nwasm-bindgen-cli = "=%s"\n' \
    "$WASM_BINDGEN_VERSION" >"$work/fetch/Cargo.toml"
  cargo fetch --quiet --manifest-path "$work/fetch/Cargo.toml"
  tar -xzf "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/"wasm-bindgen-cli-$WASM_BINDGEN_VERSION.crate" -C "$work"
  cp "$lock" "$work/wasm-bindgen-cli-$WASM_BINDGEN_VERSION/Cargo.lock"
  cargo install --locked --force --path "$work/wasm-bindgen-cli-$WASM_BINDGEN_VERSION"
  rm -rf "$work"
fi
if ! grep -q "wasm_bindgen = \"$WASM_BINDGEN_VERSION\"" Trunk.toml; then
  echo "Trunk.toml pins a wasm_bindgen other than Cargo.lock's $WASM_BINDGEN_VERSION" >&2
  exit 1
fi

# npm tools, pinned in package-lock.json: wasm-opt 132 (binaryen; Debian's 108 breaks
# the wasm), esbuild (minifies the JS glue and CSS), axe-core and Lighthouse for the
# accessibility tests, vnu-jar (the W3C's Nu Html Checker, run with Debian's Java),
# pagefind (the search index; its binary comes in its npm package), world-atlas (the
# land the offices' map is drawn on), wrangler (Cloudflare Pages' local server, for
# the hosting tests) and workbox (bundled into sw.js). .npmrc runs no install
# script: every binary comes in a registry package. npm records what it
# installed in node_modules/.package-lock.json: reinstall when the lock is newer.
if [[ ! node_modules/.package-lock.json -nt package-lock.json ]] ||
  [[ $(node_modules/.bin/wasm-opt --version 2>/dev/null) != *"version 132"* ]]; then
  say "installing npm tools (binaryen, esbuild, axe-core, lighthouse, vnu-jar, pagefind, world-atlas, wrangler, workbox)"
  npm ci --no-audit --no-fund
fi

source scripts/tools.sh
