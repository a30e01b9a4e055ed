#!/usr/bin/env bash
# Runs the browser tests against the release build (or the server binary AGENTRY_SERVER_BIN names:
# `make test` passes the debug build its API tests already compiled): starts a fake Composio (a debug build of
# `fake-composio`) and the server on free ports with a throwaway data folder, the server's
# connected apps pointed at the fake; runs `node --test` on e2e/tests/*.test.mjs with the
# fake's address in FAKE_COMPOSIO_URL (tests steer it through its /_fake controls); fails if
# either log shows a panic, and stops both. Screenshots are kept in e2e/artifacts/. Arguments,
# if any, name the test files to run instead of all of them
# (e.g. scripts/e2e.sh e2e/tests/runtimes.test.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

# The runtimes test drives a real daemon: the `agentry` CLI binary (a debug build is enough).
agentry_bin=${AGENTRY_BIN:-${CARGO_TARGET_DIR:-target}/debug/agentry}
[ -x "$agentry_bin" ] || cargo build -p agentry-cli --bin agentry
export AGENTRY_BIN=$agentry_bin

# The connected-apps tests talk to a fake Composio (a debug build is enough; rebuilt when its
# source changed, unless FAKE_COMPOSIO_BIN names one).
if [ -z "${FAKE_COMPOSIO_BIN:-}" ]; then
  cargo build -p fake-composio --bin fake-composio
fi
fake_bin=${FAKE_COMPOSIO_BIN:-${CARGO_TARGET_DIR:-target}/debug/fake-composio}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
data=$(mktemp -d)
log=e2e/artifacts/server.log
fake_log=e2e/artifacts/fake-composio.log
mkdir -p e2e/artifacts
server=
fake=
trap 'kill $server $fake 2>/dev/null || true; rm -rf "$data"' EXIT

# The fake picks a free port and prints its base URL as its first line.
fake_key=e2e-composio-key
"$fake_bin" --port 0 --api-key "$fake_key" >"$data/fake-composio.url" 2>"$fake_log" &
fake=$!
for _ in $(seq 1 100); do
  [ -s "$data/fake-composio.url" ] && break
  sleep 0.1
done
fake_url=$(head -n 1 "$data/fake-composio.url")
[ -n "$fake_url" ] || { echo "the fake Composio did not start; see $fake_log" >&2; exit 1; }
export FAKE_COMPOSIO_URL=$fake_url

AGENTRY_BIND=127.0.0.1:$port AGENTRY_DATA_DIR=$data AGENTRY_SITE_ROOT=target/site \
  AGENTRY_PUBLIC_URL=http://127.0.0.1:$port COMPOSIO_API_KEY=$fake_key COMPOSIO_BASE_URL=$fake_url \
  RUST_LOG=info "${AGENTRY_SERVER_BIN:-target/release/agentry-server}" >"$log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || { echo "server did not start; see $log" >&2; exit 1; }
# The test files by name: how `node --test` treats a folder argument differs between Node
# versions (a glob pattern on newer ones), a list of files works on all of them.
if [ $# -gt 0 ]; then tests=("$@"); else tests=(e2e/tests/*.test.mjs); fi
status=0
BASE_URL="http://127.0.0.1:$port" node --test --test-concurrency=1 "${tests[@]}" || status=$?
# A panic in the server (or the fake) is a bug even when every page still looked right.
for l in "$log" "$fake_log"; do
  if grep -n "panicked" "$l" >&2; then
    echo "a panic during the browser tests; see $l" >&2
    status=1
  fi
done
exit "$status"
