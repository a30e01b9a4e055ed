#!/usr/bin/env bash
# Runs the browser tests against the release build: starts the server on a free port with a
# throwaway data folder, runs `node --test` on e2e/tests/*.test.mjs, fails if the server's log
# shows a panic, and stops the server. Screenshots are
# kept in e2e/artifacts/. Arguments, if any, name the test files to run instead of all of them
# (e.g. scripts/e2e.sh e2e/tests/runtimes.test.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

# The runtimes test drives a real daemon: the `agentry` CLI binary (a debug build is enough).
agentry_bin=${AGENTRY_BIN:-${CARGO_TARGET_DIR:-target}/debug/agentry}
[ -x "$agentry_bin" ] || cargo build -p agentry-cli --bin agentry
export AGENTRY_BIN=$agentry_bin

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
data=$(mktemp -d)
log=e2e/artifacts/server.log
mkdir -p e2e/artifacts
AGENTRY_BIND=127.0.0.1:$port AGENTRY_DATA_DIR=$data AGENTRY_SITE_ROOT=target/site \
  AGENTRY_PUBLIC_URL=http://127.0.0.1:$port RUST_LOG=info target/release/agentry-server >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
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
# A panic in the server is a bug even when every page still looked right.
if grep -n "panicked" "$log" >&2; then
  echo "the server panicked during the browser tests; see $log" >&2
  status=1
fi
exit "$status"
