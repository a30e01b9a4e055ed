#!/usr/bin/env bash
# Daemon load benchmark: 200 simulated daemons x 3 runtimes. Prints the server's CPU share while
# every runtime heartbeats every 15 s (target: < 5% of one core), and the sustained register
# and heartbeat throughput (requests/s, p50, p99) with wrk at 32 connections, on SQLite and on
# PostgreSQL (when reachable), each beside its failed requests (non-2xx and socket errors). Needs
# a release build (make build). Prints figures; asserts nothing. BENCH_WINDOW (seconds, default
# 60) sets the steady-state window.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then # installs what it needs, like make run and make test
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk || { apt-get update -qq && apt-get install -y -qq wrk; }
  else sudo apt-get install -y -qq wrk; fi
fi
bin=${BENCH_BIN:-target/release/agentry-server}
[ -x "$bin" ] || scripts/build.sh
daemons=${BENCH_DAEMONS:-200}
window=${BENCH_WINDOW:-60}
duration=${BENCH_DURATION:-10s}
conns=${BENCH_CONNECTIONS:-32}

measure() { # label script url
  wrk -t2 -c"$conns" -d"$duration" --latency -s "$2" "$3" > /tmp/agentry-wrk.txt
  awk -v label="$1" -v width=36 -f bench/wrk_summary.awk /tmp/agentry-wrk.txt
}

run_backend() { # label database_url
  local label=$1 url=$2 port data pid
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  data=$(mktemp -d)
  AGENTRY_BIND=127.0.0.1:$port AGENTRY_DATA_DIR=$data DATABASE_URL=${url/@DATA@/$data} AGENTRY_SITE_ROOT=target/site \
    AGENTRY_AUTH_RATE_PER_IP=1000000 AGENTRY_AUTH_RATE_PER_EMAIL=1000 RUST_LOG=warn "$bin" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
  echo "$label ($daemons daemons registering…)"
  python3 bench/daemons.py "http://127.0.0.1:$port" "$pid" "$daemons" 15 "$window" "$data"
  measure "POST /api/daemon/heartbeat" "$data/heartbeat.lua" "http://127.0.0.1:$port"
  measure "POST /api/daemon/register (3 runtimes)" "$data/register.lua" "http://127.0.0.1:$port"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}

echo "machine: $(nproc) cores; wrk -t2 -c$conns -d$duration"
run_backend "SQLite" "sqlite://@DATA@/bench.db?mode=rwc"
if psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
  db="agentry_bench_$(date +%s)"
  psql -h 127.0.0.1 -U postgres -d postgres -qc "create database $db"
  run_backend "PostgreSQL" "postgres://postgres@127.0.0.1:5432/$db"
  psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database $db"
fi
