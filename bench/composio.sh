#!/usr/bin/env bash
# Connected-apps benchmark against the fake Composio (release builds of both): how many calls a
# cold catalog makes upstream when 32 people ask at once (read off the fake's counters), the
# catalog with a warm cache, and connect-init with a warm auth-config cache, beside the fake's
# own connect-link call measured alone (what connect-init waits for upstream). SQLite. Prints
# figures; asserts nothing. BENCH_BIN and FAKE_BIN point at other builds of the two binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: run bench/http.sh once (it installs it)" >&2; exit 1; }
bin=${BENCH_BIN:-target/release/agentry-server}
[ -x "$bin" ] || scripts/build.sh
fake_bin=${FAKE_BIN:-${CARGO_TARGET_DIR:-target}/release/fake-composio}
[ -n "${FAKE_BIN:-}" ] || cargo build --release -q -p fake-composio
duration=${BENCH_DURATION:-10s}
conns=${BENCH_CONNECTIONS:-32}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
measure() { # label url [wrk args...]
  local label=$1 url=$2; shift 2
  wrk -t"$((conns < 2 ? 1 : 2))" -c"$conns" -d"$duration" --latency "$@" "$url" > /tmp/agentry-wrk.txt
  awk -v label="$label" -v width=48 -f bench/wrk_summary.awk /tmp/agentry-wrk.txt
}

data=$(mktemp -d)
fake_port=$(free_port)
"$fake_bin" --port "$fake_port" --api-key bench-key > "$data/fake.log" 2>&1 &
fake=$!
port=$(free_port)
trap 'kill $fake ${server:-} 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$fake_port/_fake/calls" >/dev/null 2>&1 && break; sleep 0.1; done
fake_url=http://127.0.0.1:$fake_port
AGENTRY_BIND=127.0.0.1:$port AGENTRY_DATA_DIR=$data AGENTRY_SITE_ROOT=target/site \
  AGENTRY_AUTH_RATE_PER_IP=1000000 AGENTRY_AUTH_RATE_PER_EMAIL=1000 \
  COMPOSIO_API_KEY=bench-key COMPOSIO_BASE_URL=$fake_url RUST_LOG=warn "$bin" >"$data/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
base=http://127.0.0.1:$port

eval "$(python3 - "$base" <<'PY'
import json, sys, urllib.request
base = sys.argv[1]
req = urllib.request.Request(base + "/api/auth/register", method="POST",
    data=json.dumps({"email": "bench@bench.test", "name": "Bench", "password": "benchmark password"}).encode(),
    headers={"content-type": "application/json"})
with urllib.request.urlopen(req) as resp:
    body = json.load(resp)
    cookie = resp.headers.get("set-cookie", "").split(";")[0]
print(f"COOKIE='{cookie}'")
print(f"CSRF={body['csrf_token']}")
PY
)"

echo "machine: $(nproc) cores; wrk -t2 -c$conns -d$duration; fake Composio on loopback"
curl -fsS -X DELETE "$fake_url/_fake/calls" >/dev/null
seq 1 "$conns" | xargs -P "$conns" -I{} curl -fsS -o /dev/null -H "Cookie: $COOKIE" "$base/api/integrations/composio/toolkits"
echo "  cold catalog, $conns people at once: upstream calls $(curl -fsS "$fake_url/_fake/calls" \
  | python3 -c 'import json,sys; c=json.load(sys.stdin); print("auth_configs", c.get("auth_configs", 0), "pages, toolkits", c.get("toolkits", 0), "pages")')"
measure "GET /api/integrations/composio/toolkits (warm)" "$base/api/integrations/composio/toolkits" -H "Cookie: $COOKIE"

cat > "$data/init.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"toolkit_slug":"notion"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = "$COOKIE"
wrk.headers["X-CSRF-Token"] = "$CSRF"
LUA
measure "POST …/connect/init (warm auth configs)" "$base/api/integrations/composio/connect/init" -s "$data/init.lua"
auth_config=$(curl -fsS -H "x-api-key: bench-key" "$fake_url/api/v3.1/auth_configs?toolkit_slug=notion&is_composio_managed=false" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
cat > "$data/link.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"auth_config_id":"$auth_config","user_id":"bench","callback_url":"http://127.0.0.1/cb?state=x"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-api-key"] = "bench-key"
LUA
measure "  of which: the fake's connect link alone" "$fake_url/api/v3.1/connected_accounts/link" -s "$data/link.lua"
# Latency without queueing: one connection, one request at a time.
conns=1
measure "POST …/connect/init, 1 connection" "$base/api/integrations/composio/connect/init" -s "$data/init.lua"
measure "  of which: the fake's connect link alone" "$fake_url/api/v3.1/connected_accounts/link" -s "$data/link.lua"
echo "  RSS after load: $(( $(ps -o rss= -p "$server") / 1024 )) MB"
if grep -n "panicked" "$data/server.log" "$data/fake.log" >&2; then echo "a panic during the benchmark" >&2; exit 1; fi
