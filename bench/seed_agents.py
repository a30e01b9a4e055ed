#!/usr/bin/env python3
"""Seeds agents into the workspace bench/seed.py made (run it first): 10 teams of 20 members,
then N agents (default 500) owned by the workspace owner and ten members, with mixed access:
about a third for the whole workspace, a quarter private, a quarter shared with 1-5 people and
the rest with 1-2 teams (some also with people). Prints MEMBER_TOKEN, a bearer token of a
plain member (member001), for measuring GET /api/agents as that member."""
import json
import random
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

base, ws_id, members, agents = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
PASSWORD = "benchmark password"
rng = random.Random(3)


def call(method, path, body=None, session=None):
    req = urllib.request.Request(base + path, method=method)
    req.add_header("content-type", "application/json")
    req.add_header("x-workspace-id", ws_id)
    if session:
        req.add_header("cookie", session[0])
        req.add_header("x-csrf-token", session[1])
    data = json.dumps(body).encode() if body is not None else None
    with urllib.request.urlopen(req, data) as resp:
        text = resp.read()
        cookie = resp.headers.get("set-cookie", "").split(";")[0]
        return (json.loads(text) if text else None), cookie


def login(email):
    body, cookie = call("POST", "/api/auth/login", {"email": email, "password": PASSWORD})
    return cookie, body["csrf_token"]


owner = login("owner@bench.test")
people, _ = call("GET", f"/api/workspaces/{ws_id}/members", session=owner)
member_ids = [m["user_id"] for m in people if m["role"] == "member"]

teams = []
for t in range(10):
    team, _ = call("POST", f"/api/workspaces/{ws_id}/teams", {"name": f"Team {t}"}, owner)
    chosen = rng.sample(member_ids, min(20, len(member_ids)))
    call("PUT", f"/api/workspaces/{ws_id}/teams/{team['id']}/members", {"user_ids": chosen}, owner)
    teams.append(team["id"])

creators = [owner] + [login(f"member{i:03}@bench.test") for i in range(1, min(members, 11))]


def access():
    roll = rng.random()
    if roll < 0.35:
        return {"permission_mode": "public_to", "invocation_targets": [{"target_type": "workspace"}]}
    if roll < 0.60:
        return {"permission_mode": "private"}
    people = [{"target_type": "member", "target_id": m} for m in rng.sample(member_ids, rng.randint(1, 5))]
    if roll < 0.85:
        return {"permission_mode": "public_to", "invocation_targets": people}
    groups = [{"target_type": "team", "target_id": t} for t in rng.sample(teams, rng.randint(1, 2))]
    extra = people[:1] if rng.random() < 0.5 else []
    return {"permission_mode": "public_to", "invocation_targets": groups + extra}


bodies = []
for n in range(agents):
    body = {
        "name": f"Agent {n:03}",
        "description": "Reviews pull requests and writes release notes",
        "instructions": "You are a careful reviewer. Keep answers short.",
        "custom_args": ["--model", "fast"],
        "mcp_config": {"mcpServers": {"git": {"command": "git-mcp"}}},
    }
    body.update(access())
    bodies.append((rng.choice(creators), body))

with ThreadPoolExecutor(max_workers=4) as pool:
    list(pool.map(lambda job: call("POST", "/api/agents", job[1], job[0]), bodies))

member = login("member001@bench.test")
token, _ = call("POST", "/api/tokens", {"name": "bench"}, member)
print(f"MEMBER_TOKEN={token['token']}")
