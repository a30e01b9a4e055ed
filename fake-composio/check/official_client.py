"""Drives a running fake Composio with the official Python client (composio-client 1.43.0,
strict response validation) through every operation Agentry uses, and checks that no model
carries a key the SDK does not know (`model_extra` empty at every level).

Usage: official_client.py BASE_URL API_KEY   (run by scripts/check-fake-composio.sh)
"""

import http.client
import json
import sys
import time
import urllib.parse

from pydantic import BaseModel

import composio_client
from composio_client import (
    AuthenticationError,
    BadRequestError,
    Composio,
    ConflictError,
    NotFoundError,
)

BASE, KEY = sys.argv[1], sys.argv[2]
c = Composio(api_key=KEY, base_url=BASE, _strict_response_validation=True, max_retries=0)
passed = 0


def check(name, condition, detail=""):
    global passed
    if not condition:
        raise SystemExit(f"FAILED: {name} {detail}")
    passed += 1
    print(f"ok   {name}")


def extras(value, path="$"):
    """Every unknown key under a validated model, with its path."""
    found = []
    if isinstance(value, BaseModel):
        for key in value.model_extra or {}:
            found.append(f"{path}.{key}")
        for name in type(value).model_fields:
            found += extras(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += extras(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            found += extras(item, f"{path}.{key}")
    return found


# Every key must be one 1.43 models: the fake follows the pinned client exactly (so it leaves
# out `config.instant`, which only the 2.0 pre-release wants).
def strict(name, model):
    unknown = extras(model)
    check(f"{name}: no unknown keys", not unknown, unknown)
    return model


def raw(method, url, body=None, headers=None, form=None):
    """One plain HTTP request, redirects not followed: (status, headers, text)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    headers = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body)
        headers["content-type"] = "application/json"
    if form is not None:
        data = urllib.parse.urlencode(form)
        headers["content-type"] = "application/x-www-form-urlencoded"
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    text = response.read().decode()
    conn.close()
    return response.status, dict(response.getheaders()), text


def connect(auth_config_id, user_id, decision="allow"):
    """Makes a link and answers its consent page like a browser; returns the account id."""
    link = strict("link.create", c.link.create(
        auth_config_id=auth_config_id,
        user_id=user_id,
        callback_url="https://app.example/api/integrations/composio/callback?state=abc",
    ))
    status, _, page = raw("GET", link.redirect_url)
    check("consent page shows Allow and Deny", status == 200 and ">Allow</button>" in page
          and ">Deny</button>" in page, status)
    status, headers, _ = raw("POST", link.redirect_url, form={"decision": decision})
    location = headers.get("location", "")
    outcome = "success" if decision == "allow" else "failed"
    check(f"consent {decision} redirects to the callback", status in (302, 303) and location ==
          "https://app.example/api/integrations/composio/callback?state=abc"
          f"&status={outcome}&connected_account_id={link.connected_account_id}", location)
    return link.connected_account_id


started = time.monotonic()
print(f"composio-client {composio_client.__version__} against {BASE}")

# Auth configs: disabled ones hidden by default, csv toolkit filter, managed filter.
configs = strict("auth_configs.list", c.auth_configs.list(limit=1000))
check("disabled auth configs are hidden by default",
      configs.items and all(i.status == "ENABLED" for i in configs.items))
every = strict("auth_configs.list show_disabled", c.auth_configs.list(limit=1000, show_disabled=True))
check("show_disabled lists the disabled ones", any(i.status == "DISABLED" for i in every.items))
custom = strict("auth_configs.list filtered", c.auth_configs.list(
    toolkit_slug="notion,github", is_composio_managed=False, show_disabled=False, limit=1000))
check("csv toolkit and managed filters apply",
      [(i.toolkit.slug, i.is_composio_managed) for i in custom.items] == [("notion", False)],
      [(i.toolkit.slug, i.is_composio_managed) for i in custom.items])
by_slug = {}
for item in configs.items:
    by_slug.setdefault((item.toolkit.slug, item.is_composio_managed), item.id)

# Toolkits, paged by cursor.
slugs, cursor, pages = [], None, 0
while True:
    kwargs = {"sort_by": "usage", "limit": 5}
    if cursor:
        kwargs["cursor"] = cursor
    page = strict("toolkits.list", c.toolkits.list(**kwargs))
    pages += 1
    slugs += [t.slug for t in page.items]
    check("toolkits have meta.logo and a category",
          all(t.meta.logo and t.meta.categories for t in page.items))
    cursor = page.next_cursor
    if not cursor:
        break
check("toolkits page through the whole catalog", pages > 1 and len(slugs) == len(set(slugs))
      and slugs[0] == "github" and len(slugs) == page.total_items, (pages, slugs))

# Connect: INITIATED before consent, ACTIVE after Allow, FAILED after Deny.
link = strict("link.create", c.link.create(auth_config_id=by_slug[("notion", False)], user_id="u1"))
initiated = strict("connected_accounts.retrieve", c.connected_accounts.retrieve(link.connected_account_id))
check("a new link's account is INITIATED", initiated.status == "INITIATED"
      and initiated.state.val.status == "INITIATED")
notion = connect(by_slug[("notion", False)], "u1")
denied = connect(by_slug[("github", True)], "u1", decision="deny")
check("a denied account is FAILED",
      strict("retrieve", c.connected_accounts.retrieve(denied)).status == "FAILED")
active = strict("connected_accounts.retrieve", c.connected_accounts.retrieve(notion))
check("an allowed account is ACTIVE with params", active.status == "ACTIVE"
      and active.state.val.status == "ACTIVE" and active.params == {}
      and active.auth_config.id == by_slug[("notion", False)] and active.toolkit.slug == "notion")

# Listing with comma-joined filters, and cursor pagination.
more = [connect(by_slug[("gmail", True)], "u2") for _ in range(3)]
listed = strict("connected_accounts.list", c.connected_accounts.list(
    user_ids=["u1", "u2"], statuses=["ACTIVE"], limit=1000))
check("comma-joined filters select", sorted(i.id for i in listed.items) == sorted([notion] + more),
      [i.id for i in listed.items])
check("a list item has no top-level auth_config_id",
      all("auth_config_id" not in (i.model_extra or {}) for i in listed.items))
ids, cursor = [], None
while True:
    kwargs = {"user_ids": ["u2"], "limit": 2}
    if cursor:
        kwargs["cursor"] = cursor
    page = strict("connected_accounts.list page", c.connected_accounts.list(**kwargs))
    ids += [i.id for i in page.items]
    cursor = page.next_cursor
    if not cursor:
        break
check("connected accounts page by cursor, newest first", ids == list(reversed(more)), ids)
one = strict("connected_accounts.list by id", c.connected_accounts.list(
    connected_account_ids=[notion], toolkit_slugs=["notion"], auth_config_ids=[by_slug[("notion", False)]]))
check("id, toolkit and auth config filters select", [i.id for i in one.items] == [notion])

# A tool-router session and its MCP endpoint.
session = strict("tool_router.session.create", c.tool_router.session.create(
    user_id="u1", toolkits={"enable": ["notion"]}, connected_accounts={"notion": [notion]}))
check("the session's MCP URL is on the fake", session.mcp.type == "http"
      and session.mcp.url == f"{BASE}/tool_router/{session.session_id}/mcp", session.mcp.url)
mcp_headers = {"x-api-key": KEY, "accept": "application/json, text/event-stream"}
status, _, text = raw("POST", session.mcp.url, headers=mcp_headers, body={
    "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "official-client-check", "version": "1"}}})
check("MCP initialize answers", status == 200 and "serverInfo" in json.loads(text)["result"], text)
status, _, text = raw("POST", session.mcp.url, headers=mcp_headers,
                      body={"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
tools = [t["name"] for t in json.loads(text)["result"]["tools"]]
check("MCP tools/list lists the session's toolkit tools", "NOTION_SEARCH" in tools
      and all(t.startswith("NOTION_") for t in tools), tools)
status, _, _ = raw("POST", session.mcp.url, headers={"accept": mcp_headers["accept"]},
                   body={"jsonrpc": "2.0", "id": 3, "method": "tools/list"})
check("MCP without the key is 401", status == 401, status)
try:
    c.tool_router.session.create(user_id="u2", connected_accounts={"notion": [notion]})
    check("a session with another user's account is refused", False)
except BadRequestError:
    check("a session with another user's account is refused", True)

# Revoke (not in 1.43: a raw post, the body checked by hand).
revoked = c.post(f"/api/v3.1/connected_accounts/{notion}/revoke", cast_to=object)
check("revoke answers the rc19 shape", isinstance(revoked, dict)
      and set(revoked) == {"revoked_tokens", "connected_account"}
      and isinstance(revoked["revoked_tokens"], list)
      and all(t in ("access_token", "refresh_token", "credential") for t in revoked["revoked_tokens"])
      and revoked["connected_account"] == {"id": notion, "status": "REVOKED"}, revoked)
try:
    c.post(f"/api/v3.1/connected_accounts/{notion}/revoke", cast_to=object)
    check("a second revoke is a 409", False)
except ConflictError:
    check("a second revoke is a 409", True)
slack = connect(by_slug[("slack", True)], "u1")
try:
    c.post(f"/api/v3.1/connected_accounts/{slack}/revoke", cast_to=object)
    check("revoking a non-revocable toolkit is a 400", False)
except BadRequestError:
    check("revoking a non-revocable toolkit is a 400", True)

# Delete, then it is gone.
deleted = strict("connected_accounts.delete", c.connected_accounts.delete(notion))
check("delete succeeds", deleted.success is True)
for what, call in [("retrieve", lambda: c.connected_accounts.retrieve(notion)),
                   ("delete", lambda: c.connected_accounts.delete(notion)),
                   ("retrieve unknown", lambda: c.connected_accounts.retrieve("ca_missing"))]:
    try:
        call()
        check(f"{what} after delete is a 404", False)
    except NotFoundError as e:
        error = e.body.get("error", e.body) if isinstance(e.body, dict) else {}
        check(f"{what} is a 404 with the envelope", set(error) >= {"message", "code", "slug", "status"}
              and e.response.headers.get("x-request-id"), e.body)
check("a deleted account is not listed", not c.connected_accounts.list(connected_account_ids=[notion]).items)

try:
    Composio(api_key="wrong", base_url=BASE, max_retries=0).toolkits.list()
    check("a wrong key is a 401", False)
except AuthenticationError:
    check("a wrong key is a 401", True)

print(f"official-client: {passed} passed, 0 failed in {time.monotonic() - started:.1f}s")
