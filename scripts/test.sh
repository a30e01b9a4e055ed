#!/usr/bin/env bash
# Sets up and runs every test: formatting, lints (server and browser builds), the wasm check of
# core, unit and API tests on SQLite and on PostgreSQL (when a server answers on
# 127.0.0.1:5432; in CI, `CI=true`, an unreachable PostgreSQL fails the run), then the browser tests in headless Chromium against the release build.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n\033[1;34m==>\033[0m %s\n' "$*"; }

scripts/setup.sh --test
# In-process page renders in the API tests run on the test threads: give them the stack an
# unoptimised build needs (as .cargo/config.toml does for a bare `cargo test`).
export RUST_MIN_STACK=8388608

say "format"
cargo fmt --all -- --check

say "lints (server build)"
cargo clippy --workspace --all-targets -- -D warnings
say "lints (browser build)"
cargo clippy -p agentry-app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate \
  --target-dir target/front -- -D warnings
say "core builds for wasm32"
cargo check -p agentry-core --target wasm32-unknown-unknown --target-dir target/front

say "unit and API tests on SQLite"
cargo test --workspace

say "the fake Composio checked by the official Python client (composio-client, strict)"
scripts/check-fake-composio.sh

pg_host=${PGHOST_FOR_TESTS:-127.0.0.1}
pg_user=${PGUSER_FOR_TESTS:-postgres}
if [ -n "${TEST_DATABASE_URL:-}" ] || (command -v psql >/dev/null && psql -h "$pg_host" -U "$pg_user" -d postgres -Atc 'select 1' >/dev/null 2>&1); then
  run_db="agentry_test_$(date +%s)_$$"
  export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://$pg_user@$pg_host:5432/$run_db}"
  prefix="${TEST_DATABASE_URL##*/}"
  drop_run_databases() {
    psql -h "$pg_host" -U "$pg_user" -d postgres -Atc \
      "select datname from pg_database where datname like '${prefix}%'" 2>/dev/null |
      while read -r db; do psql -h "$pg_host" -U "$pg_user" -d postgres -qc "drop database if exists \"$db\"" >/dev/null; done
  }
  trap drop_run_databases EXIT
  say "API and daemon end-to-end tests on PostgreSQL ($TEST_DATABASE_URL, one database per test)"
  cargo test -p agentry-server --test api
  cargo test -p agentry-cli --test e2e
  drop_run_databases
  unset TEST_DATABASE_URL
elif [ "${CI:-}" = true ]; then
  # CI must prove both backends: a green run without PostgreSQL would prove only one.
  printf '\n\033[1;31mPostgreSQL not reachable on %s:5432 (as %s): CI requires the PostgreSQL run\033[0m\n' "$pg_host" "$pg_user" >&2
  exit 1
else
  printf '\n\033[1;33m!!! PostgreSQL not reachable on %s:5432: SKIPPING the PostgreSQL run (CI would fail here) !!!\033[0m\n' "$pg_host"
fi

say "web bundle for the browser tests"
scripts/build.sh --bundle-only

# The server under the browser tests is the debug build `cargo test` made above: one server
# build shared by every suite (a release build would compile it all again, ~10 minutes here).
say "browser tests (headless Chromium)"
cargo build -p agentry-server --bin agentry-server
AGENTRY_SERVER_BIN=target/debug/agentry-server scripts/e2e.sh
say "all tests passed"
