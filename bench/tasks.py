#!/usr/bin/env python3
"""Claim throughput on a running Agentry over PostgreSQL: one member's daemon with one runtime
and an agent of capacity 50; N tasks inserted straight into agent_task_queue (the enqueue paths
are measured elsewhere); then C concurrent claimers call POST /api/daemon/tasks/claim with
max_tasks=1 until the queue is empty, completing each claimed task so capacity never binds.
Prints claims/s and the claim latency p50/p99, then re-queues the same rows and measures the raw
`UPDATE … FOR UPDATE SKIP LOCKED` limit on the same table with pgbench at the same concurrency.
Usage: tasks.py BASE_URL DATABASE_NAME TASKS CLAIMERS"""
import json
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid

base, db, tasks, claimers = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
PSQL = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-qAtc"]


def call(method, path, body=None, cookie=None, csrf=None, bearer=None, headers=()):
    req = urllib.request.Request(base + path, method=method)
    req.add_header("content-type", "application/json")
    for k, v in headers:
        req.add_header(k, v)
    if cookie:
        req.add_header("cookie", cookie)
    if csrf:
        req.add_header("x-csrf-token", csrf)
    if bearer:
        req.add_header("authorization", "Bearer " + bearer)
    data = json.dumps(body).encode() if body is not None else None
    with urllib.request.urlopen(req, data) as resp:
        text = resp.read()
        return (json.loads(text) if text else None), resp.headers.get("set-cookie", "").split(";")[0]


user, cookie = call("POST", "/api/auth/register", {"email": "tasks@bench.test", "name": "Bench", "password": "benchmark password"})
csrf = user["csrf_token"]
ws, _ = call("POST", "/api/workspaces", {"name": "Tasks", "slug": "tasks"}, cookie, csrf)
wid = ws["id"]
tok, _ = call("POST", f"/api/workspaces/{wid}/daemon-tokens", {"name": "bench"}, cookie, csrf)
token = tok["token"]
reg, _ = call("POST", "/api/daemon/register", {"workspace_id": wid, "daemon_id": "bench-box", "device_name": "box",
              "cli_version": "0.1.0", "launched_by": "cli", "runtimes": [{"type": "claude", "version": "1"}]}, bearer=token)
rid = reg["runtimes"][0]["id"]
agent, _ = call("POST", "/api/agents", {"name": "Bench", "runtime_id": rid, "max_concurrent_tasks": 50}, cookie, csrf,
                headers=[("x-workspace-id", wid)])
aid = agent["id"]
uid = user["user"]["id"]


def seed():
    subprocess.run(PSQL + [f"DELETE FROM agent_task_queue WHERE workspace_id = '{wid}'"], check=True)
    subprocess.run(PSQL + [
        "INSERT INTO agent_task_queue (id, workspace_id, agent_id, runtime_id, kind, status, priority, "
        "originator_user_id, originator_source, created_at, updated_at) "
        f"SELECT gen_random_uuid()::text, '{wid}', '{aid}', '{rid}', 'autopilot', 'queued', 0, '{uid}', "
        f"'assignment', 1700000000000 + g, 1700000000000 + g FROM generate_series(1, {tasks}) g"], check=True)


seed()
latencies, lock = [], threading.Lock()


def claimer():
    while True:
        t0 = time.perf_counter()
        got, _ = call("POST", "/api/daemon/tasks/claim", {"daemon_id": "bench-box", "runtime_ids": [rid], "max_tasks": 1}, bearer=token)
        dt = time.perf_counter() - t0
        if not got["tasks"]:
            return
        with lock:
            latencies.append(dt)
        tid = got["tasks"][0]["id"]
        call("POST", f"/api/daemon/tasks/{tid}/start", bearer=token)
        call("POST", f"/api/daemon/tasks/{tid}/complete", {"output": "ok"}, bearer=token)


start = time.perf_counter()
threads = [threading.Thread(target=claimer) for _ in range(claimers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - start
latencies.sort()
pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
print(f"  API claim (+start+complete per task), {claimers} claimers: {len(latencies)} tasks in {elapsed:.2f}s "
      f"= {len(latencies) / elapsed:.0f} tasks/s; claim p50 {pct(0.5):.1f} ms, p99 {pct(0.99):.1f} ms")

seed()
with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
    f.write("UPDATE agent_task_queue SET status = 'dispatched', dispatched_at = 1 WHERE id = ("
            f"SELECT id FROM agent_task_queue WHERE runtime_id = '{rid}' AND status = 'queued' "
            "ORDER BY priority DESC, created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED);\n")
    script = f.name
out = subprocess.run(["pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-c", str(claimers), "-j", "2",
                      "-t", str(tasks // claimers), "-f", script, db], capture_output=True, text=True, check=True).stdout
tps = [line for line in out.splitlines() if line.startswith("tps")]
lat = [line for line in out.splitlines() if "latency average" in line]
print(f"  raw UPDATE … FOR UPDATE SKIP LOCKED (pgbench, {claimers} clients): {tps[0] if tps else out.strip()}; {lat[0] if lat else ''}")
