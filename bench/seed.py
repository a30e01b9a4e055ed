#!/usr/bin/env python3
"""Seeds a running Agentry with one workspace of N members through the public API, then prints
shell assignments for the benchmark: a bearer token, a session cookie, the workspace id and slug."""
import json
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

base, members = sys.argv[1], int(sys.argv[2])


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
        cookie_out = resp.headers.get("set-cookie", "").split(";")[0]
        return (json.loads(text) if text else None), cookie_out


def register(email, name):
    body, cookie = call("POST", "/api/auth/register", {"email": email, "name": name, "password": "benchmark password"})
    return cookie, body["csrf_token"]


owner_cookie, owner_csrf = register("owner@bench.test", "Bench Owner")
ws, _ = call("POST", "/api/workspaces", {"name": "Bench", "slug": "bench"}, owner_cookie, owner_csrf)
token, _ = call("POST", "/api/tokens", {"name": "bench"}, owner_cookie, owner_csrf)


def join(i):
    email = f"member{i:03}@bench.test"
    inv, _ = call("POST", f"/api/workspaces/{ws['id']}/invitations", {"email": email, "role": "member"}, owner_cookie, owner_csrf)
    cookie, csrf = register(email, f"Member {i:03}")
    call("POST", f"/api/invitations/{inv['token']}/accept", {}, cookie, csrf)


with ThreadPoolExecutor(max_workers=4) as pool:
    list(pool.map(join, range(1, members)))

print(f"TOKEN={token['token']}")
print(f"COOKIE='{owner_cookie}'")
print(f"WS_ID={ws['id']}")
print(f"WS_SLUG={ws['slug']}")
