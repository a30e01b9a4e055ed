#!/usr/bin/env python3
"""Broker overhead: sets up a run with one connected app through the API, then times the same
MCP requests through the broker and straight to the fake's session. See bench/broker.sh.
Usage: broker.py BASE_URL FAKE_URL FAKE_KEY REQUESTS"""
import http.client
import json
import statistics
import sys
import time
import urllib.parse
import urllib.request

base, fake, key, requests = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)


def call(method, url, body=None, cookie=None, csrf=None, bearer=None, headers=(), form=None):
    req = urllib.request.Request(url if url.startswith("http") else base + url, method=method)
    data = None
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        req.add_header("content-type", "application/x-www-form-urlencoded")
    elif body is not None:
        data = json.dumps(body).encode()
        req.add_header("content-type", "application/json")
    for k, v in headers:
        req.add_header(k, v)
    if cookie:
        req.add_header("cookie", cookie)
    if csrf:
        req.add_header("x-csrf-token", csrf)
    if bearer:
        req.add_header("authorization", "Bearer " + bearer)
    try:
        resp = opener.open(req, data)
    except urllib.error.HTTPError as e:  # a redirect not followed lands here
        resp = e
    text = resp.read()
    parsed = json.loads(text) if text and resp.headers.get("content-type", "").startswith("application/json") else None
    return resp.status, parsed, resp.headers


status, user, headers = call("POST", "/api/auth/register",
                             {"email": "broker@bench.test", "name": "Bench", "password": "benchmark password"})
cookie, csrf, uid = headers.get("set-cookie").split(";")[0], user["csrf_token"], user["user"]["id"]
_, ws, _ = call("POST", "/api/workspaces", {"name": "Broker", "slug": "broker"}, cookie, csrf)
wid = ws["id"]
ws_header = [("x-workspace-id", wid)]
_, tok, _ = call("POST", f"/api/workspaces/{wid}/daemon-tokens", {"name": "bench"}, cookie, csrf)
daemon = tok["token"]
_, reg, _ = call("POST", "/api/daemon/register", {"workspace_id": wid, "daemon_id": "bench-box", "device_name": "box",
                 "cli_version": "0.1.0", "launched_by": "cli", "runtimes": [{"type": "claude", "version": "1"}]}, bearer=daemon)
rid = reg["runtimes"][0]["id"]
_, agent, _ = call("POST", "/api/agents", {"name": "Bench", "runtime_id": rid}, cookie, csrf, headers=ws_header)
aid = agent["id"]

# Connect notion through the fake's consent page, as a browser would.
_, init, _ = call("POST", "/api/integrations/composio/connect/init", {"toolkit_slug": "notion"}, cookie, csrf)
status, _, headers = call("POST", init["redirect_url"], form={"decision": "allow"})
callback = headers["location"]
status, _, headers = call("GET", callback, cookie=cookie)
assert "connected=notion" in headers.get("location", ""), headers.get("location")
status, _, _ = call("PUT", f"/api/agents/{aid}", {"composio_toolkit_allowlist": ["notion"]}, cookie, csrf, headers=ws_header)
assert status == 200, status

_, issue, _ = call("POST", "/api/issues", {"title": "Bench", "assignee": {"type": "agent", "id": aid}}, cookie, csrf,
                   headers=ws_header)
_, claimed, _ = call("POST", "/api/daemon/tasks/claim", {"daemon_id": "bench-box", "runtime_ids": [rid], "max_tasks": 1},
                     bearer=daemon)
task = claimed["tasks"][0]
call("POST", f"/api/daemon/tasks/{task['id']}/start", bearer=daemon)
server = json.loads(task["agent"]["mcp_config"])["mcpServers"]["composio"]
broker_url, broker_auth = server["url"], server["headers"]["Authorization"]
assert key not in json.dumps(task), "the key reached the claim payload"

# The same session, straight at the fake (what the broker forwards to).
_, accounts, _ = call("GET", fake + "/_fake/accounts")
account = next(a["id"] for a in accounts if a.get("user_id") == uid and a.get("status") == "ACTIVE")
_, session, _ = call("POST", fake + "/api/v3.1/tool_router/session",
                     {"user_id": uid, "toolkits": {"enable": ["notion"]}, "connected_accounts": {"notion": [account]}},
                     headers=[("x-api-key", key)])
direct_url = session["mcp"]["url"]


def timer(url, headers):
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port)
    hdrs = {"content-type": "application/json", "accept": "application/json, text/event-stream", **headers}

    def once(body):
        started = time.perf_counter()
        conn.request("POST", parts.path, body=body, headers=hdrs)
        resp = conn.getresponse()
        resp.read()
        elapsed = time.perf_counter() - started
        assert resp.status == 200, resp.status
        return elapsed
    return once


through = timer(broker_url, {"authorization": broker_auth})
direct = timer(direct_url, {"x-api-key": key})
bodies = {
    "tools/call NOTION_SEARCH": json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                                            "params": {"name": "NOTION_SEARCH", "arguments": {"query": "bench"}}}),
    "tools/list": json.dumps({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}),
}


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000


for label, body in bodies.items():
    for _ in range(50):  # warm both paths (the broker creates the session on its first call)
        through(body)
        direct(body)
    a, b = [], []
    for _ in range(requests):  # interleaved, so drift hits both alike
        a.append(through(body))
        b.append(direct(body))
    diff = [x - y for x, y in zip(a, b)]
    print(f"  {label}")
    print(f"    through the broker   p50 {pct(a, 50):7.2f} ms   p99 {pct(a, 99):7.2f} ms")
    print(f"    straight to the fake p50 {pct(b, 50):7.2f} ms   p99 {pct(b, 99):7.2f} ms")
    print(f"    overhead             p50 {pct(a, 50) - pct(b, 50):7.2f} ms   p99 {pct(a, 99) - pct(b, 99):7.2f} ms"
          f"   (paired median {statistics.median(diff) * 1000:.2f} ms)")
_, calls, _ = call("GET", f"/api/tasks/{task['id']}/tool-calls", cookie=cookie, headers=ws_header)
print(f"  tool calls listed on the task: {len(calls)} (the list shows at most 500)")
