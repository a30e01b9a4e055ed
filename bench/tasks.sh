#!/usr/bin/env bash
# Task queue benchmark on PostgreSQL (bench/tasks.py says what it measures): claims/s with 8
# concurrent claimers through the daemon API beside the raw `UPDATE … FOR UPDATE SKIP LOCKED`
# limit pgbench measures on the same table in the same run, and enqueue → claimed latency
# through the daemon event channel. Needs PostgreSQL on 127.0.0.1:5432, wrk, and a server build
# (BENCH_BIN, default the release build). Prints figures; asserts nothing. BENCH_TASKS (default
# 40000), BENCH_CLAIMERS (default 8), BENCH_SECONDS (default 10), BENCH_WAKE_ROUNDS (default 200).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then # installs what it needs, like bench/http.sh
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk || { apt-get update -qq && apt-get install -y -qq wrk; }
  else sudo apt-get install -y -qq wrk; fi
fi
bin=${BENCH_BIN:-target/release/agentry-server}
[ -x "$bin" ] || scripts/build.sh
tasks=${BENCH_TASKS:-40000}
claimers=${BENCH_CLAIMERS:-8}
seconds=${BENCH_SECONDS:-10}
if ! psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
  echo "tasks bench: PostgreSQL is not reachable on 127.0.0.1:5432, skipped"; exit 0
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
data=$(mktemp -d)
db="agentry_bench_tasks_$(date +%s)"
psql -h 127.0.0.1 -U postgres -d postgres -qc "create database $db"
AGENTRY_BIND=127.0.0.1:$port AGENTRY_DATA_DIR=$data DATABASE_URL=postgres://postgres@127.0.0.1:5432/$db \
  AGENTRY_SITE_ROOT=target/site AGENTRY_AUTH_RATE_PER_IP=1000000 AGENTRY_AUTH_RATE_PER_EMAIL=1000 \
  RUST_LOG=warn "$bin" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
echo "machine: $(nproc) cores; $tasks tasks, $claimers claimers, ${seconds}s ($bin)"
python3 bench/tasks.py "http://127.0.0.1:$port" "$db" "$tasks" "$claimers" "$seconds" || true
kill "$pid"; wait "$pid" 2>/dev/null || true
psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database $db"
rm -rf "$data"
