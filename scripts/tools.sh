#!/usr/bin/env bash
# The tools' environment, for scripts that use tools but install none (build.sh):
# the npm tools and cargo's binaries on PATH. scripts/setup.sh installs them, then
# sources this; a missing tool stops here, saying so.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
for tool in trunk wasm-bindgen wasm-opt esbuild pagefind; do
  command -v "$tool" >/dev/null || {
    echo "$tool is missing: run scripts/setup.sh (it installs what building needs)" >&2
    exit 1
  }
done
