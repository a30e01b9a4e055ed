#!/usr/bin/env bash
# HTTP benchmarks: seeds one workspace with 200 members and 500 agents with mixed access (for
# the whole workspace, private, people, teams), then measures requests/s and p50/p99 latency
# with wrk (32 connections, 2 threads) for GET /api/me (bearer token), GET
# /api/workspaces/{id}/members, the server-rendered Members page and GET /api/agents as a plain
# member (the list filtered by the view rule) and as the owner (all agents), on SQLite and on
# PostgreSQL (when reachable); also the server's idle RSS and the wasm bundle size. Beside every
# figure: how many requests failed (non-2xx responses and socket errors), which wrk's requests/s
# still counts.
# Needs a release build (make build); BENCH_BIN points at another binary (a debug build, to
# check the script itself). Prints figures; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then # installs what it needs, like make run and make test
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk || { apt-get update -qq && apt-get install -y -qq wrk; }
  else sudo apt-get install -y -qq wrk; fi
fi
bin=${BENCH_BIN:-target/release/agentry-server}
[ -x "$bin" ] || scripts/build.sh

members=${BENCH_MEMBERS:-200}
agents=${BENCH_AGENTS:-500}
duration=${BENCH_DURATION:-10s}
conns=${BENCH_CONNECTIONS:-32}

measure() { # label url [header...]
  local label=$1 url=$2; shift 2
  local args=()
  for h in "$@"; do args+=(-H "$h"); done
  wrk -t2 -c"$conns" -d"$duration" --latency "${args[@]}" "$url" > /tmp/agentry-wrk.txt
  awk -v label="$label" -v width=40 -f bench/wrk_summary.awk /tmp/agentry-wrk.txt
}

run_backend() { # label database_url
  local label=$1 url=$2 port data pid
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  data=$(mktemp -d)
  AGENTRY_BIND=127.0.0.1:$port AGENTRY_DATA_DIR=$data DATABASE_URL=${url/@DATA@/$data} AGENTRY_SITE_ROOT=target/site \
    AGENTRY_AUTH_RATE_PER_IP=1000000 AGENTRY_AUTH_RATE_PER_EMAIL=1000 RUST_LOG=warn "$bin" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
  sleep 1
  local idle_rss
  idle_rss=$(ps -o rss= -p "$pid")
  echo "$label (idle RSS $((idle_rss / 1024)) MB; seeding $members members…)"
  eval "$(python3 bench/seed.py "http://127.0.0.1:$port" "$members")"
  measure "GET /api/me (bearer)" "http://127.0.0.1:$port/api/me" "Authorization: Bearer $TOKEN"
  measure "GET /api/workspaces/{id}/members" "http://127.0.0.1:$port/api/workspaces/$WS_ID/members" "Authorization: Bearer $TOKEN"
  measure "SSR /w/{slug}/settings/members" "http://127.0.0.1:$port/w/$WS_SLUG/settings/members" "Cookie: $COOKIE"
  echo "  (seeding $agents agents…)"
  eval "$(python3 bench/seed_agents.py "http://127.0.0.1:$port" "$WS_ID" "$members" "$agents")"
  local seen
  seen=$(curl -fsS -H "Authorization: Bearer $MEMBER_TOKEN" -H "X-Workspace-ID: $WS_ID" "http://127.0.0.1:$port/api/agents" \
    | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
  measure "GET /api/agents (member: $seen of $agents)" "http://127.0.0.1:$port/api/agents" \
    "Authorization: Bearer $MEMBER_TOKEN" "X-Workspace-ID: $WS_ID"
  measure "GET /api/agents (owner: all $agents)" "http://127.0.0.1:$port/api/agents" \
    "Authorization: Bearer $TOKEN" "X-Workspace-ID: $WS_ID"
  echo "  RSS after load: $(( $(ps -o rss= -p "$pid") / 1024 )) MB"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}

wasm=target/site/pkg/agentry.wasm
[ -f $wasm ] && echo "wasm bundle: $(stat -c %s $wasm) bytes raw, $(brotli -c -q 11 $wasm | wc -c) bytes brotli, $(gzip -9 -c $wasm | wc -c) bytes gzip"
echo "machine: $(nproc) cores; wrk -t2 -c$conns -d$duration"

run_backend "SQLite" "sqlite://@DATA@/bench.db?mode=rwc"

if psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
  db="agentry_bench_$(date +%s)"
  psql -h 127.0.0.1 -U postgres -d postgres -qc "create database $db"
  run_backend "PostgreSQL" "postgres://postgres@127.0.0.1:5432/$db"
  psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database $db"
fi
