#!/usr/bin/env bash
# Sets up whatever is missing, then serves the site at http://127.0.0.1:8080 with live
# reload. It builds into target/dev-site, a folder of its own: dist/ keeps the release
# build that scripts/build.sh wrote (and scripts/serve-dist.sh serves).
set -euo pipefail
source "$(dirname "$0")/setup.sh"
exec trunk serve --dist target/dev-site "$@"
