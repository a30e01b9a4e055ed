#!/usr/bin/env bash
# MCP broker overhead (issue 12): the same MCP request (tools/call, then tools/list) sent one at a
# time over a kept-alive connection, through the server's broker (/mcp/tasks/{id}/composio, with
# the task token) and straight to the fake Composio's session endpoint (with the project key),
# p50/p99 of each and of the difference. SQLite; a real run set up through the API: an app
# connected through the fake's consent page, allowed on the agent, an issue assigned, the task
# claimed and started. Prints figures; asserts nothing. BENCH_BIN and FAKE_BIN point at other
# builds (default: release); BENCH_REQUESTS (default 2000).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BENCH_BIN:-target/release/agentry-server}
[ -x "$bin" ] || scripts/build.sh
fake_bin=${FAKE_BIN:-${CARGO_TARGET_DIR:-target}/release/fake-composio}
[ -n "${FAKE_BIN:-}" ] || cargo build --release -q -p fake-composio
requests=${BENCH_REQUESTS:-2000}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
data=$(mktemp -d)
fake_port=$(free_port)
"$fake_bin" --port "$fake_port" --api-key bench-key > "$data/fake.log" 2>&1 &
fake=$!
port=$(free_port)
trap 'kill $fake ${server:-} 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$fake_port/_fake/calls" >/dev/null 2>&1 && break; sleep 0.1; done
AGENTRY_BIND=127.0.0.1:$port AGENTRY_DATA_DIR=$data AGENTRY_SITE_ROOT=target/site \
  AGENTRY_PUBLIC_URL=http://127.0.0.1:$port \
  AGENTRY_AUTH_RATE_PER_IP=1000000 AGENTRY_AUTH_RATE_PER_EMAIL=1000 \
  COMPOSIO_API_KEY=bench-key COMPOSIO_BASE_URL=http://127.0.0.1:$fake_port RUST_LOG=warn \
  "$bin" >"$data/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
echo "machine: $(nproc) cores; $requests sequential requests per path, one kept-alive connection ($bin)"
python3 bench/broker.py "http://127.0.0.1:$port" "http://127.0.0.1:$fake_port" bench-key "$requests"
