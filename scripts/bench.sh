#!/usr/bin/env bash
# The benchmark (not part of the tests): builds the release site, then measures it
# against a static page of the seed article and checks the budgets. Prints a table,
# writes target/bench/results.json, exits non-zero if a figure is over its budget.
# Takes about 8 minutes (20 Lighthouse runs, 1,000+ navigations).
set -euo pipefail
source "$(dirname "$0")/setup.sh"
if [[ $(twiggy --version 2>/dev/null) != "twiggy 0.7.0" ]]; then
  cargo install twiggy --version 0.7.0 --locked
fi
"$(dirname "$0")/build.sh"
exec cargo bench --locked --bench site
