#!/usr/bin/env bash
# Checks the fake Composio server with Composio's official Python client: a venv under
# target/composio-venv (made once, remade when the pin changes) gets composio-client at exactly
# the pinned version from wheels, the fake binary starts on a free port, and
# fake-composio/check/official_client.py drives every operation Agentry uses with strict
# response validation. Any mismatch fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

pin=1.43.0
venv=target/composio-venv
if ! "$venv/bin/python" -c "import composio_client, sys; sys.exit(composio_client.__version__ != '$pin')" 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: "composio-client==$pin"
fi

cargo build --quiet -p fake-composio
key="check-$(date +%s)-$$"
out=$(mktemp)
target/debug/fake-composio --port 0 --api-key "$key" >"$out" 2>"$out.log" &
fake=$!
trap 'kill "$fake" 2>/dev/null || true; rm -f "$out" "$out.log"' EXIT
for _ in $(seq 100); do
  [ -s "$out" ] && break
  kill -0 "$fake" 2>/dev/null || { cat "$out.log" >&2; echo "fake-composio did not start" >&2; exit 1; }
  sleep 0.1
done
base=$(head -n 1 "$out")
[ -n "$base" ] || { cat "$out.log" >&2; echo "fake-composio printed no base URL" >&2; exit 1; }
"$venv/bin/python" fake-composio/check/official_client.py "$base" "$key"
