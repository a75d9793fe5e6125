#!/usr/bin/env bash
# Builds the release site into dist/ (or the folder given with --dist).
# OIM_BASE_PATH selects where the site is served: "/" (default) or a sub-path such
# as "/oim/". It becomes Trunk's public URL, which the app reads for its router base,
# its links and its content URLs, and which the host files in dist/ are written for.
#   OIM_BASE_PATH=/oim/ scripts/build.sh --dist target/dist-oim
set -euo pipefail
source "$(dirname "$0")/setup.sh"
base=${OIM_BASE_PATH:-/}
[[ $base == /* ]] || { echo "OIM_BASE_PATH must start with /: $base" >&2; exit 1; }
[[ $base == */ ]] || base="$base/"
exec trunk build --release --public-url "$base" "$@"
