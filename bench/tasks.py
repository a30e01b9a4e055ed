#!/usr/bin/env python3
"""Task queue benchmark on a running Agentry over PostgreSQL. Prints figures; asserts nothing.

1. Claims per second. One member, C daemons (one token and one runtime each, as C machines),
   on each runtime enough agents (at the most capacity an agent may have, 50) that capacity
   never binds for T tasks (a claimed task stays dispatched here, like a run in progress), T
   queued tasks spread evenly over the agents. wrk drives C connections that
   each claim one task per request (`max_tasks: 1`), rotating over the daemons, for D seconds;
   claims/s is the number of rows that left `queued`, over D. Beside it, in the same run and on
   the same table with the same data, pgbench runs the raw claim statement (`UPDATE … WHERE id =
   (SELECT … FOR UPDATE SKIP LOCKED)`) with C clients for D seconds: the database's own limit
   for the step the API wraps (the API's claim also checks the caller, locks the agent, counts
   its capacity, mints the task token, records the brief and builds the payload).
2. Enqueue → claimed through the event channel. A daemon stand-in keeps `/api/daemon/events`
   open and claims when it hears `daemon:task_available`; the bench fires an autopilot ("Run
   now", a real enqueue path through the invoke gate) N times, one at a time, and measures from
   just before the enqueue request to the claim answer that carries the task.
Usage: tasks.py BASE_URL DATABASE_NAME TASKS CLAIMERS SECONDS"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

base, db = sys.argv[1], sys.argv[2]
tasks, claimers, seconds = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
ROUNDS = int(os.environ.get("BENCH_WAKE_ROUNDS", "200"))
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


def sql(statement):
    return subprocess.run(PSQL + [statement], check=True, capture_output=True, text=True).stdout.strip()


user, cookie = call("POST", "/api/auth/register", {"email": "tasks@bench.test", "name": "Bench", "password": "benchmark password"})
csrf = user["csrf_token"]
uid = user["user"]["id"]
ws, _ = call("POST", "/api/workspaces", {"name": "Tasks", "slug": "tasks"}, cookie, csrf)
wid = ws["id"]
in_ws = [("x-workspace-id", wid)]

# C daemons, each with one runtime and the agents that runtime's share of the tasks needs.
per_runtime = -(-tasks // (claimers * 50))
daemons = []  # (token, daemon_id, runtime_id)
agents = []  # (agent_id, runtime_id)
for n in range(claimers):
    tok, _ = call("POST", f"/api/workspaces/{wid}/daemon-tokens", {"name": f"bench-{n}"}, cookie, csrf)
    daemon_id = f"bench-box-{n}"
    reg, _ = call("POST", "/api/daemon/register", {"workspace_id": wid, "daemon_id": daemon_id, "device_name": f"box {n}",
                  "cli_version": "0.1.0", "launched_by": "cli", "runtimes": [{"type": "claude", "version": "1"}]},
                  bearer=tok["token"])
    rid = reg["runtimes"][0]["id"]
    daemons.append((tok["token"], daemon_id, rid))
    for k in range(per_runtime):
        agent, _ = call("POST", "/api/agents", {"name": f"Bench {n}-{k}", "runtime_id": rid, "max_concurrent_tasks": 50},
                        cookie, csrf, headers=in_ws)
        agents.append((agent["id"], rid))


def seed():
    """T queued run-only tasks, spread round-robin over the agents, oldest first."""
    sql(f"DELETE FROM agent_task_queue WHERE workspace_id = '{wid}'")
    values = ",".join(f"('{a}','{r}',{i})" for i, (a, r) in enumerate(agents))
    sql("INSERT INTO agent_task_queue (id, workspace_id, agent_id, runtime_id, kind, status, priority, "
        "originator_user_id, originator_source, created_at, updated_at) "
        f"SELECT gen_random_uuid()::text, '{wid}', a.agent_id, a.runtime_id, 'autopilot', 'queued', 0, '{uid}', "
        f"'assignment', 1700000000000 + g, 1700000000000 + g "
        f"FROM generate_series(0, {tasks - 1}) g JOIN (VALUES {values}) AS a(agent_id, runtime_id, n) "
        f"ON a.n = g % {len(agents)}")
    sql("VACUUM ANALYZE agent_task_queue")


def keep_online(stop):
    """Heartbeats, so the runtimes stay claimable for the whole run."""
    while not stop.wait(5):
        for token, daemon_id, rid in daemons:
            try:
                call("POST", "/api/daemon/heartbeat", {"runtime_id": rid}, bearer=token)
            except Exception:
                pass


stop = threading.Event()
threading.Thread(target=keep_online, args=(stop,), daemon=True).start()

# 1. Claims per second.
seed()
with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
    bodies = [json.dumps({"daemon_id": d[1], "runtime_ids": [d[2]], "max_tasks": 1}) for d in daemons]
    f.write("local reqs = {}\n")
    for d, body in zip(daemons, bodies):
        f.write(f"table.insert(reqs, wrk.format('POST', '/api/daemon/tasks/claim', "
                f"{{['Content-Type']='application/json', ['Authorization']='Bearer {d[0]}'}}, {json.dumps(body)}))\n")
    f.write("local i = 0\nrequest = function()\n  i = i + 1\n  return reqs[(i % #reqs) + 1]\nend\n")
    lua = f.name
wrk = subprocess.run(["wrk", "-t2", f"-c{claimers}", f"-d{seconds}s", "--latency", "-s", lua, base + "/api/daemon/tasks/claim"],
                     capture_output=True, text=True, check=True).stdout
claimed = int(sql(f"SELECT count(*) FROM agent_task_queue WHERE workspace_id = '{wid}' AND status <> 'queued'"))
lat = {l.split()[0]: l.split()[1] for l in wrk.splitlines() if l.strip().startswith(("50%", "99%"))}
errors = [l.strip() for l in wrk.splitlines() if "Non-2xx" in l or "Socket errors" in l]
left = tasks - claimed
print(f"  API claim, {claimers} daemons × 1 connection, {seconds}s: {claimed} claims = {claimed / seconds:.0f} claims/s; "
      f"request p50 {lat.get('50%', '?')}, p99 {lat.get('99%', '?')}; {left} still queued"
      + ("" if left else " (QUEUE RAN DRY: raise BENCH_TASKS)") + ("; " + "; ".join(errors) if errors else ""))

seed()
# One script per runtime, each chosen at random per transaction: the statement the API's claim
# wraps, with the runtime as a literal (as the API binds it).
scripts = []
for _, _, rid in daemons:
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write("UPDATE agent_task_queue SET status = 'dispatched', dispatched_at = 1 WHERE id = ("
                f"SELECT id FROM agent_task_queue WHERE runtime_id = '{rid}' AND status = 'queued' "
                "ORDER BY priority DESC, created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED);\n")
        scripts += ["-f", f.name]
out = subprocess.run(["pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-c", str(claimers), "-j", "2",
                      "-T", str(seconds)] + scripts + [db], capture_output=True, text=True, check=True).stdout
raw = int(sql(f"SELECT count(*) FROM agent_task_queue WHERE workspace_id = '{wid}' AND status <> 'queued'"))
lat_line = [l.strip() for l in out.splitlines() if "latency average" in l]
print(f"  raw UPDATE … FOR UPDATE SKIP LOCKED (pgbench, {claimers} clients, {seconds}s): {raw} claims = {raw / seconds:.0f} claims/s; "
      f"{lat_line[0] if lat_line else ''}")
print(f"  API / raw: {100 * claimed / max(raw, 1):.0f} %")

# 2. Enqueue → claimed through the event channel.
sql(f"DELETE FROM agent_task_queue WHERE workspace_id = '{wid}'")
token, daemon_id, rid = daemons[0]
aid = agents[0][0]
pilot, _ = call("POST", "/api/autopilots", {"title": "Bench", "description": "Say hello.", "agent_id": aid,
                "execution_mode": "run_only"}, cookie, csrf, headers=in_ws)
claimed_at, ready, lock = {}, threading.Event(), threading.Lock()


def stand_in():
    """A daemon that claims on `daemon:task_available`, then completes what it claimed."""
    req = urllib.request.Request(f"{base}/api/daemon/events?workspace_id={wid}")
    req.add_header("authorization", "Bearer " + token)
    with urllib.request.urlopen(req) as stream:
        ready.set()
        event = None
        for raw_line in stream:
            line = raw_line.decode().rstrip("\n")
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line == "" and event:
                if event == "daemon:task_available":
                    got, _ = call("POST", "/api/daemon/tasks/claim",
                                  {"daemon_id": daemon_id, "runtime_ids": [rid], "max_tasks": 8}, bearer=token)
                    now = time.perf_counter()
                    for t in got["tasks"]:
                        with lock:
                            claimed_at[t["id"]] = now
                        call("POST", f"/api/daemon/tasks/{t['id']}/start", bearer=token)
                        call("POST", f"/api/daemon/tasks/{t['id']}/complete", {"output": "ok"}, bearer=token)
                event = None


threading.Thread(target=stand_in, daemon=True).start()
ready.wait(10)
time.sleep(0.2)
waits, missed = [], 0
for _ in range(ROUNDS):
    t0 = time.perf_counter()
    run, _ = call("POST", f"/api/autopilots/{pilot['id']}/run", {}, cookie, csrf, headers=in_ws)
    deadline = time.time() + 5
    while time.time() < deadline:
        with lock:
            t1 = claimed_at.get(run["task_id"])
        if t1 is not None:
            waits.append(t1 - t0)
            break
        time.sleep(0.0005)
    else:
        missed += 1
    time.sleep(0.01)
stop.set()
waits.sort()
if waits:
    pct = lambda p: waits[min(len(waits) - 1, int(p * len(waits)))] * 1000
    print(f"  enqueue (autopilot run now) → claimed via /api/daemon/events, {len(waits)} rounds: "
          f"p50 {pct(0.5):.1f} ms, p99 {pct(0.99):.1f} ms, max {waits[-1] * 1000:.1f} ms"
          + (f"; {missed} never claimed within 5 s" if missed else ""))
else:
    print(f"  enqueue → claimed: no round was claimed within 5 s ({missed} missed)")
