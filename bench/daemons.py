#!/usr/bin/env python3
"""Daemon load on a running Agentry: registers D simulated daemons with 3 built-in runtimes each
(one daemon token per daemon, as real machines would have), writes wrk Lua scripts for the
register and heartbeat throughput runs, then paces the steady state (every runtime heartbeats
once per interval) for a while and prints the server's CPU use over that window, read from
/proc/<pid>/stat. Usage: daemons.py BASE_URL SERVER_PID DAEMONS INTERVAL_S WINDOW_S OUT_DIR"""
import http.client
import json
import os
import sys
import time
import urllib.parse
import urllib.request

base, pid, daemons, interval, window, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
PROVIDERS = ["claude", "codex", "opencode"]


def call(method, path, body=None, cookie=None, csrf=None, bearer=None):
    req = urllib.request.Request(base + path, method=method)
    req.add_header("content-type", "application/json")
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


user, cookie = call("POST", "/api/auth/register", {"email": "daemons@bench.test", "name": "Daemon Owner", "password": "benchmark password"})
csrf = user["csrf_token"]
ws, _ = call("POST", "/api/workspaces", {"name": "Daemons", "slug": "daemons"}, cookie, csrf)
wid = ws["id"]


def register_body(n):
    return {
        "workspace_id": wid,
        "daemon_id": f"bench-daemon-{n:04}",
        "device_name": f"machine-{n:04}",
        "cli_version": "0.1.0",
        "launched_by": "bench",
        "runtimes": [{"type": p, "version": "1.0.0", "status": "online"} for p in PROVIDERS],
    }


tokens, runtime_ids = [], []
for n in range(daemons):
    created, _ = call("POST", f"/api/workspaces/{wid}/daemon-tokens", {"name": f"machine-{n:04}"}, cookie, csrf)
    tokens.append(created["token"])
    answer, _ = call("POST", "/api/daemon/register", register_body(n), bearer=created["token"])
    runtime_ids.append([r["id"] for r in answer["runtimes"]])

# wrk scripts: register cycles through the daemons (each an upsert of 3 rows, the steady-state
# re-registration); heartbeat cycles through every runtime with its daemon's token.
def lua_list(items):
    return "{" + ",".join(json.dumps(i) for i in items) + "}"

with open(os.path.join(out, "register.lua"), "w") as f:
    bodies = [json.dumps(register_body(n)) for n in range(daemons)]
    f.write(f"local bodies = {lua_list(bodies)}\nlocal tokens = {lua_list(tokens)}\nlocal i = 0\n")
    f.write('request = function()\n  i = i + 1\n  local k = (i % #bodies) + 1\n'
            '  return wrk.format("POST", "/api/daemon/register", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[k]}, bodies[k])\nend\n')
with open(os.path.join(out, "heartbeat.lua"), "w") as f:
    pairs = [(t, r) for t, rs in zip(tokens, runtime_ids) for r in rs]
    f.write(f"local tokens = {lua_list([t for t, _ in pairs])}\nlocal ids = {lua_list([r for _, r in pairs])}\nlocal i = 0\n")
    f.write('request = function()\n  i = i + 1\n  local k = (i % #ids) + 1\n'
            '  return wrk.format("POST", "/api/daemon/heartbeat", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[k]}, \'{"runtime_id":"\' .. ids[k] .. \'"}\')\nend\n')


def cpu_seconds():
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# Steady state: every runtime heartbeats once per interval, spread evenly, each daemon on its
# own keep-alive connection (as real daemons are).
url = urllib.parse.urlparse(base)
conns = [http.client.HTTPConnection(url.hostname, url.port) for _ in range(daemons)]
beats = [(d, r) for d in range(daemons) for r in runtime_ids[d]]
gap = interval / len(beats)
sent = failed = 0
cpu_start, wall_start = cpu_seconds(), time.monotonic()
next_at = wall_start
while time.monotonic() - wall_start < window:
    d, r = beats[sent % len(beats)]
    now = time.monotonic()
    if next_at > now:
        time.sleep(next_at - now)
    next_at += gap
    conns[d].request("POST", "/api/daemon/heartbeat", json.dumps({"runtime_id": r}),
                     {"content-type": "application/json", "authorization": "Bearer " + tokens[d]})
    resp = conns[d].getresponse()
    resp.read()
    failed += resp.status != 200
    sent += 1
cpu, wall = cpu_seconds() - cpu_start, time.monotonic() - wall_start
print(f"  steady state: {daemons} daemons x {len(PROVIDERS)} runtimes, one heartbeat each per {interval:g} s: "
      f"{sent / wall:.1f} heartbeats/s for {wall:.0f} s, server CPU {cpu:.2f} s = {100 * cpu / wall:.2f}% of one core"
      + (f", {failed} failed" if failed else ""))
