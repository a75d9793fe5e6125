#!/usr/bin/env bash
# Builds the release site into dist/ (or the folder given with --dist).
# OIM_BASE_PATH selects where the site is served: "/" (default) or a sub-path such
# as "/oim/". It becomes Trunk's public URL, which the app reads for its router base,
# its links and its content URLs, and which the host files in dist/ are written for.
#   OIM_BASE_PATH=/oim/ scripts/build.sh --dist target/dist-oim
# Installs nothing: scripts/setup.sh does (dev.sh and test.sh call it first).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
base=${OIM_BASE_PATH:-/}
[[ $base == /* ]] || { echo "OIM_BASE_PATH must start with /: $base" >&2; exit 1; }
[[ $base == */ ]] || base="$base/"
exec trunk build --release --public-url "$base" "$@"
