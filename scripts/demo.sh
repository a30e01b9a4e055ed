#!/usr/bin/env bash
# `make demo`: Agentry with connected apps, fully offline. Starts the fake Composio (the one the
# tests use) on 127.0.0.1:9900 and the app on 127.0.0.1:3000 wired to it, with SQLite and
# secrets in ./data/demo (kept apart from `make run`'s ./data). Sign up, open Settings →
# Integrations, connect an app on the fake's consent page, then tick it on an agent's MCP Apps
# tab. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
cargo build -q -p fake-composio
fake_port=${DEMO_COMPOSIO_PORT:-9900}
key=demo-composio-key
${CARGO_TARGET_DIR:-target}/debug/fake-composio --port "$fake_port" --api-key "$key" &
fake=$!
trap 'kill $fake 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$fake_port/_fake/calls" >/dev/null 2>&1 && break; sleep 0.1; done
export AGENTRY_SITE_ROOT="${AGENTRY_SITE_ROOT:-target/site}"
export AGENTRY_DATA_DIR="${AGENTRY_DATA_DIR:-data/demo}"
export COMPOSIO_API_KEY=$key COMPOSIO_BASE_URL=http://127.0.0.1:$fake_port
echo "fake Composio on http://127.0.0.1:$fake_port; Agentry on ${AGENTRY_PUBLIC_URL:-http://127.0.0.1:3000}"
target/release/agentry-server "$@"
