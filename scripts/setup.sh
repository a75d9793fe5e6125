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
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file pins a webpki-roots release that crates.io no longer has.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
if ! grep -q "wasm_bindgen = \"$WASM_BINDGEN_VERSION\"" Trunk.toml; then
  echo "Trunk.toml pins a wasm_bindgen other than Cargo.lock's $WASM_BINDGEN_VERSION" >&2
  exit 1
fi

# npm tools, pinned in package-lock.json: wasm-opt 132 (binaryen; Debian's 108 breaks
# the wasm), esbuild (minifies the JS glue and CSS), axe-core and Lighthouse for the
# accessibility tests, vnu-jar (the W3C's Nu Html Checker, run with Debian's Java),
# pagefind (the search index; its binary comes in its npm package), world-atlas (the
# land the offices' map is drawn on). npm records what it
# installed in node_modules/.package-lock.json: reinstall when the lock is newer.
if [[ ! node_modules/.package-lock.json -nt package-lock.json ]] ||
  [[ $(node_modules/.bin/wasm-opt --version 2>/dev/null) != *"version 132"* ]]; then
  say "installing npm tools (binaryen, esbuild, axe-core, lighthouse, vnu-jar, pagefind, world-atlas)"
  npm ci --no-audit --no-fund
fi

export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
