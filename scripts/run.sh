#!/usr/bin/env bash
# One command to set up, build and run Agentry with zero configuration: SQLite and generated
# secrets in ./data, listening on 127.0.0.1:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
export AGENTRY_SITE_ROOT="${AGENTRY_SITE_ROOT:-target/site}"
exec target/release/agentry-server "$@"
