#!/usr/bin/env bash
# Sets up whatever is missing, then serves the site at http://127.0.0.1:8080 with live reload.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
exec trunk serve "$@"
