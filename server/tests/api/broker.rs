//! Connected apps on runs (issue 12; spec §4.20 B1–B9 as built): the overlay written at
//! enqueue points at our broker, never at Composio; the claim fills in the task token; an MCP
//! client (rmcp) lists and calls the fake Composio's tools through
//! `/mcp/tasks/{id}/composio`, which refuses another task's token, a finished task, a
//! disconnected app and an owner who left; every tool call is recorded on the task; the
//! Composio key appears in no payload, stored column, answer or log line.

use crate::helpers::*;
use crate::tasks::Rig;
use agentry_core::{ConnectionId, UserId};
use agentry_server::db::connections::{self, NewConnection};
use fake_composio::{AccountStatus, FakeHandle, FakeOptions};
use rmcp::model::CallToolRequestParams;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::ServiceExt;
use serde_json::{json, Value};
use std::time::Duration;

mod streams;

const KEY: &str = "ck_broker_test_key_9f2c";

/// A rig whose app has connected apps on (against a fresh fake) and is served on a real port
/// (the public URL), and whose agent (the plain member's) lists notion and github, both
/// connected by the member.
struct Apps {
    rig: Rig,
    fake: FakeHandle,
    origin: String,
    /// The member's connection to each app: (slug, connection id, account id).
    connections: Vec<(String, ConnectionId, String)>,
}

impl Apps {
    async fn new() -> Apps {
        Apps::with_composio(None).await
    }

    /// With `base` as Composio's origin instead of the fake's (the fake still makes the
    /// account ids).
    async fn with_composio(base: Option<String>) -> Apps {
        let fake = fake_composio::start(FakeOptions {
            api_key: KEY.into(),
            ..FakeOptions::default()
        })
        .await
        .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let (base, public) = (base.unwrap_or_else(|| fake.base_url()), origin.clone());
        let app = TestApp::with_config(move |c| {
            c.composio_api_key = Some(KEY.parse().unwrap());
            c.composio_base_url = base;
            c.composio_timeout_ms = 2_000;
            c.public_url = Some(public);
        })
        .await;
        let router = app.router.clone();
        tokio::spawn(async move { axum::serve(listener, router).await });
        let rig = Rig::on(Crew::on(app).await, 10).await;
        let mut apps = Apps {
            rig,
            fake,
            origin,
            connections: Vec::new(),
        };
        for slug in ["notion", "github"] {
            apps.connect(slug).await;
        }
        apps.allow(json!(["notion", "github"])).await;
        apps
    }

    fn app(&self) -> &TestApp {
        self.rig.app()
    }

    /// Connects `slug` for the member (an ACTIVE account at the fake and our row).
    async fn connect(&mut self, slug: &str) {
        let member = self.rig.crew.member_id.clone();
        let config = self.fake.auth_config_id(slug, true).unwrap();
        let account = self
            .fake
            .seed_account(&config, &member, AccountStatus::Active)
            .unwrap();
        let mut conn = self.app().state.db.pool.acquire().await.unwrap();
        let id = connections::upsert(
            &mut conn,
            NewConnection {
                id: ConnectionId(uuid::Uuid::new_v4()),
                user_id: member.parse::<UserId>().unwrap(),
                toolkit_slug: slug,
                auth_config_id: &config,
                connected_account_id: &account,
                now: agentry_server::db::now_ms(),
            },
        )
        .await
        .unwrap();
        self.connections.push((slug.to_owned(), id, account));
    }

    /// The agent's allowlist, as its owner's PUT would store it.
    async fn allow(&self, list: Value) {
        self.app()
            .sql(
                "UPDATE agents SET composio_toolkit_allowlist = $1 WHERE id = $2",
                &[&list.to_string(), &self.rig.agent],
            )
            .await;
    }

    /// Assigns a new issue to the agent as the member (the real enqueue); returns the task.
    async fn enqueue(&self) -> String {
        let issue = self
            .rig
            .crew
            .member
            .request(
                axum::http::Method::POST,
                "/api/issues",
                Some(json!({"title": "Use the apps",
                    "assignee": {"type": "agent", "id": self.rig.agent}})),
                &[("x-workspace-id", &self.rig.crew.workspace)],
            )
            .await
            .expect(201);
        issue["run"]["task_id"].as_str().unwrap().to_owned()
    }

    /// Claims and starts the one queued task; returns its payload.
    async fn run(&self) -> Value {
        self.rig.running().await
    }

    fn broker(&self, task: &str) -> String {
        format!("{}/mcp/tasks/{task}/composio", self.origin)
    }

    async fn tool_calls(&self, task: &str) -> Vec<Value> {
        self.rig
            .crew
            .member
            .request(
                axum::http::Method::GET,
                &format!("/api/tasks/{task}/tool-calls"),
                None,
                &[("x-workspace-id", &self.rig.crew.workspace)],
            )
            .await
            .expect(200)
            .as_array()
            .unwrap()
            .clone()
    }
}

/// An MCP client of the broker with `token` as its bearer.
async fn mcp(url: &str, token: &str) -> rmcp::service::RunningService<rmcp::RoleClient, ()> {
    let transport = StreamableHttpClientTransport::from_config(
        StreamableHttpClientTransportConfig::with_uri(url.to_owned()).auth_header(token),
    );
    tokio::time::timeout(Duration::from_secs(20), ().serve(transport))
        .await
        .expect("initialize in time")
        .expect("initialize")
}

/// One `tools/list` through the broker by plain HTTP: the status and the body.
async fn raw_list(url: &str, token: Option<&str>) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .post(url)
        .header("accept", "application/json, text/event-stream")
        .header("content-type", "application/json")
        .body(r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let answer = tokio::time::timeout(Duration::from_secs(20), request.send())
        .await
        .unwrap()
        .unwrap();
    let status = answer.status().as_u16();
    let text = answer.text().await.unwrap();
    assert!(!text.contains(KEY), "the key leaked in an answer");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// One `tools/call` by plain HTTP, with the `initialize` the fake does not need (stateless).
async fn raw_call(url: &str, token: &str, tool: &str) -> (u16, String) {
    let body = json!({"jsonrpc": "2.0", "id": 9, "method": "tools/call",
        "params": {"name": tool, "arguments": {"query": "q"}}});
    let answer = reqwest::Client::new()
        .post(url)
        .header("accept", "application/json, text/event-stream")
        .header("content-type", "application/json")
        .bearer_auth(token)
        .body(body.to_string())
        .timeout(Duration::from_secs(20))
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    (status, answer.text().await.unwrap())
}

#[tokio::test]
async fn a_run_lists_and_calls_its_apps_through_the_broker_and_each_call_is_recorded() {
    let logs = LogCapture::start();
    let apps = Apps::new().await;
    let task = apps.enqueue().await;

    // The stored overlay points at the broker with a placeholder: no key, no token.
    let overlay = apps.rig.column(&task, "runtime_mcp_overlay").await.unwrap();
    let overlay: Value = serde_json::from_str(&overlay).unwrap();
    assert_eq!(
        overlay["mcpServers"]["composio"]["url"],
        apps.broker(&task).as_str()
    );
    assert_eq!(
        overlay["mcpServers"]["composio"]["headers"]["Authorization"],
        "Bearer ${AGENTRY_TASK_TOKEN}"
    );
    let stored_apps: Value = serde_json::from_str(
        &apps
            .rig
            .column(&task, "runtime_connected_apps")
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(stored_apps[0]["toolkit_slug"], "github");
    assert_eq!(stored_apps[0]["toolkit_name"], "GitHub");
    assert_eq!(stored_apps[1]["toolkit_slug"], "notion");
    assert_eq!(apps.fake.session_count(), 0, "no Composio call at enqueue");

    // The claim hands the run the broker's URL with its own token, and the app slugs.
    let payload = apps.run().await;
    let token = payload["auth_token"].as_str().unwrap().to_owned();
    let config: Value =
        serde_json::from_str(payload["agent"]["mcp_config"].as_str().unwrap()).unwrap();
    let server = &config["mcpServers"]["composio"];
    assert_eq!(server["url"], apps.broker(&task).as_str());
    assert_eq!(
        server["headers"]["Authorization"],
        format!("Bearer {token}")
    );
    assert!(
        config["mcpServers"]["git"].is_object(),
        "the agent's own servers stay"
    );
    assert_eq!(payload["connected_apps"], json!(["github", "notion"]));
    assert!(payload["turn"]["connected_apps"]
        .to_string()
        .contains("notion"));

    // An MCP client lists the session's tools and calls them through the broker.
    let client = mcp(&apps.broker(&task), &token).await;
    let tools = client.list_all_tools().await.unwrap();
    let mut names: Vec<String> = tools.iter().map(|t| t.name.to_string()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "GITHUB_CREATE_AN_ISSUE",
            "GITHUB_LIST_REPOSITORIES",
            "NOTION_CREATE_PAGE",
            "NOTION_FETCH_DATA",
            "NOTION_SEARCH"
        ]
    );
    let mut args = serde_json::Map::new();
    args.insert("query".into(), json!("roadmap"));
    let result = client
        .call_tool(CallToolRequestParams::new("NOTION_SEARCH").with_arguments(args))
        .await
        .unwrap();
    let text = serde_json::to_string(&result).unwrap();
    assert!(text.contains("fake-composio canned result"), "{text}");
    assert!(
        text.contains(&apps.rig.crew.member_id),
        "the owner's session"
    );
    assert!(client
        .call_tool(CallToolRequestParams::new("GMAIL_SEND_EMAIL"))
        .await
        .is_err());
    client.cancel().await.unwrap();
    assert_eq!(apps.fake.session_count(), 1, "one session for the run");

    // The audit: tool, toolkit, status and duration, never the arguments.
    let calls = apps.tool_calls(&task).await;
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert_eq!(calls[0]["tool_name"], "NOTION_SEARCH");
    assert_eq!(calls[0]["toolkit"], "notion");
    assert_eq!(calls[0]["status"], "ok");
    assert!(calls[0]["duration_ms"].as_i64().unwrap() >= 0);
    assert_eq!(calls[1]["tool_name"], "GMAIL_SEND_EMAIL");
    assert_eq!(calls[1]["toolkit"], Value::Null, "not a granted toolkit");
    assert_eq!(calls[1]["status"], "error");
    assert!(!serde_json::to_string(&calls).unwrap().contains("roadmap"));

    // The key is in no payload, stored column or log line; the session URL stays server-side.
    assert!(!payload.to_string().contains(KEY));
    let everything = apps
        .app()
        .sql_text(
            "SELECT COALESCE(runtime_mcp_overlay, '') || COALESCE(runtime_connected_apps, '') \
             FROM agent_task_queue WHERE id = $1",
            &[&task],
        )
        .await
        .unwrap();
    assert!(!everything.contains(KEY) && !everything.contains("tool_router"));
    assert!(!payload.to_string().contains("tool_router"));
    let task_page = apps
        .rig
        .crew
        .member
        .request(
            axum::http::Method::GET,
            &format!("/api/tasks/{task}"),
            None,
            &[("x-workspace-id", &apps.rig.crew.workspace)],
        )
        .await
        .expect(200);
    assert!(!task_page.to_string().contains(KEY));
    let logged = logs.text();
    assert!(
        logged.contains("connected apps granted"),
        "logs were captured"
    );
    assert!(!logged.contains(KEY), "the key was logged");
    assert!(!logged.contains(&token), "the task token was logged");
}

#[tokio::test]
async fn the_broker_refuses_no_token_another_tasks_token_and_a_finished_task() {
    let apps = Apps::new().await;
    let first = apps.enqueue().await;
    let payload = apps.run().await;
    let token = payload["auth_token"].as_str().unwrap().to_owned();
    // A second run of the agent, on another issue, with its own token.
    let second_issue = apps.enqueue().await;
    let second = apps.rig.claim(1).await;
    assert_eq!(second[0]["id"], second_issue.as_str());
    let other_token = second[0]["auth_token"].as_str().unwrap().to_owned();

    assert_eq!(raw_list(&apps.broker(&first), Some(&token)).await.0, 200);
    let (status, body) = raw_list(&apps.broker(&first), None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("unauthenticated"))
    );
    let (status, body) = raw_list(&apps.broker(&first), Some(&other_token)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    let (status, _) = raw_list(&apps.broker(&first), Some("agk_not-a-live-token")).await;
    assert_eq!(status, 401);
    let unknown = apps.broker(&uuid::Uuid::new_v4().to_string());
    assert_eq!(raw_list(&unknown, Some(&token)).await.0, 404);
    assert_eq!(
        raw_list(
            &format!("{}/mcp/tasks/nope/composio", apps.origin),
            Some(&token)
        )
        .await
        .0,
        404
    );

    apps.rig
        .report(&first, "complete", json!({"output": "done"}))
        .await
        .expect(200);
    let (status, _) = raw_list(&apps.broker(&first), Some(&token)).await;
    assert_eq!(status, 401, "a finished task's token is dead");
    assert_eq!(apps.rig.column(&first, "runtime_mcp_overlay").await, None);
    assert_eq!(
        apps.rig
            .count(
                "SELECT COUNT(*) FROM task_app_grants WHERE task_id = $1",
                &first
            )
            .await,
        0,
        "the grant and its session go with the task"
    );
    // The other run is unaffected.
    assert_eq!(
        raw_list(&apps.broker(&second_issue), Some(&other_token))
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn disconnecting_an_app_or_leaving_the_workspace_ends_the_runs_access() {
    let apps = Apps::new().await;
    let task = apps.enqueue().await;
    let token = apps.run().await["auth_token"].as_str().unwrap().to_owned();
    let url = apps.broker(&task);
    assert_eq!(raw_call(&url, &token, "NOTION_SEARCH").await.0, 200);

    // The owner disconnects notion: refused, and the refused call is on the record.
    let (_, notion, _) = apps.connections[0].clone();
    let member: UserId = apps.rig.crew.member_id.parse().unwrap();
    let mut conn = apps.app().state.db.pool.acquire().await.unwrap();
    connections::mark_revoked(&mut conn, notion, member, 1)
        .await
        .unwrap();
    let (status, body) = raw_call(&url, &token, "GITHUB_CREATE_AN_ISSUE").await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("apps_revoked"));
    assert!(!body.contains("notion"), "the refusal names nothing");
    let calls = apps.tool_calls(&task).await;
    assert_eq!(calls.len(), 2);
    assert_eq!(
        (calls[1]["tool_name"].as_str(), calls[1]["status"].as_str()),
        (Some("GITHUB_CREATE_AN_ISSUE"), Some("refused"))
    );

    // Reconnected (the same account again): allowed again. Taken off the allowlist: refused.
    connections::upsert(
        &mut conn,
        NewConnection {
            id: ConnectionId(uuid::Uuid::new_v4()),
            user_id: member,
            toolkit_slug: "notion",
            auth_config_id: "ac",
            connected_account_id: &apps.connections[0].2,
            now: 2,
        },
    )
    .await
    .unwrap();
    assert_eq!(raw_list(&url, Some(&token)).await.0, 200);
    apps.allow(json!(["notion"])).await;
    assert_eq!(raw_list(&url, Some(&token)).await.0, 403);
    apps.allow(json!(["notion", "github"])).await;
    assert_eq!(raw_list(&url, Some(&token)).await.0, 200);

    // The owner leaves the workspace: refused.
    apps.app()
        .sql(
            "DELETE FROM members WHERE workspace_id = $1 AND user_id = $2",
            &[&apps.rig.crew.workspace, &apps.rig.crew.member_id],
        )
        .await;
    let (status, body) = raw_list(&url, Some(&token)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("apps_revoked")));
}

#[tokio::test]
async fn a_run_without_granted_apps_gets_no_overlay_and_the_broker_knows_no_apps_for_it() {
    let apps = Apps::new().await;
    apps.allow(json!(["gmail"])).await;
    let task = apps.enqueue().await;
    assert_eq!(apps.rig.column(&task, "runtime_mcp_overlay").await, None);
    assert_eq!(apps.rig.column(&task, "runtime_connected_apps").await, None);
    let payload = apps.run().await;
    assert!(payload.get("connected_apps").is_none());
    assert!(!payload["agent"]["mcp_config"]
        .as_str()
        .unwrap()
        .contains("composio"));
    let token = payload["auth_token"].as_str().unwrap();
    let (status, body) = raw_list(&apps.broker(&task), Some(token)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
}

#[tokio::test]
async fn a_retry_recomputes_its_apps_from_the_agent_and_owner_as_they_are_now() {
    let apps = Apps::new().await;
    let task = apps.enqueue().await;
    apps.run().await;
    apps.allow(json!(["github"])).await;
    apps.rig
        .report(
            &task,
            "fail",
            json!({"error": "lease", "failure_reason": "timeout"}),
        )
        .await
        .expect(200);
    let child = apps
        .app()
        .sql_text(
            "SELECT id FROM agent_task_queue WHERE parent_task_id = $1",
            &[&task],
        )
        .await
        .unwrap();
    let overlay = apps
        .rig
        .column(&child, "runtime_mcp_overlay")
        .await
        .unwrap();
    assert!(
        overlay.contains(&format!("/mcp/tasks/{child}/composio")),
        "{overlay}"
    );
    let child_apps = apps
        .rig
        .column(&child, "runtime_connected_apps")
        .await
        .unwrap();
    assert!(child_apps.contains("github") && !child_apps.contains("notion"));
    let claimed = apps.rig.claim(1).await;
    assert_eq!(claimed[0]["id"], child.as_str());
    assert_eq!(claimed[0]["connected_apps"], json!(["github"]));
    let token = claimed[0]["auth_token"].as_str().unwrap();
    assert_eq!(raw_list(&apps.broker(&child), Some(token)).await.0, 200);
}

#[tokio::test]
async fn the_tool_call_audit_is_for_those_who_may_see_the_task() {
    let apps = Apps::new().await;
    let task = apps.enqueue().await;
    let path = format!("/api/tasks/{task}/tool-calls");
    let ws = apps.rig.crew.workspace.clone();
    let stranger = apps
        .app()
        .join(&apps.rig.crew.owner, &ws, "other@example.com", "member")
        .await;
    // The agent is the member's and private: another plain member does not see its runs.
    apps.app()
        .sql(
            "UPDATE agents SET permission_mode = 'private' WHERE id = $1",
            &[&apps.rig.agent],
        )
        .await;
    stranger
        .request(
            axum::http::Method::GET,
            &path,
            None,
            &[("x-workspace-id", &ws)],
        )
        .await
        .expect_error(404, "not_found");
    assert!(apps.tool_calls(&task).await.is_empty());
    apps.rig
        .crew
        .member
        .request(
            axum::http::Method::GET,
            &format!("/api/tasks/{}/tool-calls", uuid::Uuid::new_v4()),
            None,
            &[("x-workspace-id", &ws)],
        )
        .await
        .expect_error(404, "not_found");
}
