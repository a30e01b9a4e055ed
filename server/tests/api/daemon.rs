//! The daemon API: registration (spec J 19–27), heartbeats, deregistration, the profile fetch,
//! the event stream, the sweeper and registration's lock against profile deletion (J 17).

mod load;
mod lock;
mod ownership;
mod register;
mod stream;

use crate::helpers::*;
use axum::http::Method;
use serde_json::{json, Value};

/// Mints a daemon token for `client` in `workspace`.
pub async fn daemon_token(client: &Client, workspace: &str) -> String {
    client
        .post(
            &format!("/api/workspaces/{workspace}/daemon-tokens"),
            json!({"name": "laptop"}),
        )
        .await
        .expect(201)["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Mints a personal access token (`agt_…`) for `client`.
pub async fn personal_token(client: &Client) -> String {
    client
        .post("/api/tokens", json!({"name": "cli"}))
        .await
        .expect(201)["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A daemon client of `client` in `workspace` (a bearer daemon token).
pub async fn daemon(client: &Client, workspace: &str) -> Client {
    client.with_bearer(&daemon_token(client, workspace).await)
}

/// Inserts a runtime profile directly (profile CRUD is another part of the issue).
pub async fn insert_profile(
    app: &TestApp,
    workspace: &str,
    name: &str,
    family: &str,
    enabled: bool,
) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    // Distinct creation times keep "oldest first" deterministic.
    let created = 1_700_000_000_000i64 + i64::from(name.bytes().map(u32::from).sum::<u32>());
    app.sql(
        &format!(
            "INSERT INTO runtime_profiles (id, workspace_id, display_name, protocol_family, \
             command_name, description, fixed_args, visibility, created_by, enabled, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, 'wrapper', NULL, '[\"start\"]', 'workspace', \
             NULL, {}, {created}, {created})",
            i64::from(enabled)
        ),
        &[&id, workspace, name, family],
    )
    .await;
    id
}

/// A registration body for daemon `daemon_id` offering `runtimes`.
pub fn body(workspace: &str, daemon_id: &str, runtimes: Value) -> Value {
    json!({
        "workspace_id": workspace,
        "daemon_id": daemon_id,
        "device_name": "laptop",
        "cli_version": "0.1.0",
        "launched_by": "cli",
        "runtimes": runtimes,
    })
}

/// Registers and returns the response body, asserting 200.
pub async fn register(client: &Client, body: Value) -> Value {
    client.post("/api/daemon/register", body).await.expect(200)
}

/// Registers one built-in runtime of `provider` and returns its id.
pub async fn register_builtin(
    client: &Client,
    workspace: &str,
    daemon_id: &str,
    provider: &str,
) -> String {
    let answer = register(
        client,
        body(
            workspace,
            daemon_id,
            json!([{"name": "", "type": provider, "version": "1.0"}]),
        ),
    )
    .await;
    answer["runtimes"][0]["id"].as_str().unwrap().to_owned()
}

/// The workspace's runtimes as a member sees them.
pub async fn runtimes(client: &Client, workspace: &str) -> Vec<Value> {
    client
        .request(
            Method::GET,
            "/api/runtimes",
            None,
            &[("x-workspace-id", workspace)],
        )
        .await
        .expect(200)
        .as_array()
        .unwrap()
        .clone()
}

/// One runtime from the list.
pub async fn runtime(client: &Client, workspace: &str, id: &str) -> Value {
    runtimes(client, workspace)
        .await
        .into_iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("runtime {id} not listed"))
}

#[tokio::test]
async fn a_heartbeat_marks_the_runtime_online_and_seen() {
    let crew = Crew::new().await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let id = register_builtin(&d, &crew.workspace, "machine-1", "codex").await;
    crew.app
        .sql(
            "UPDATE agent_runtimes SET status = 'offline', last_seen_at = 5 WHERE id = $1",
            &[&id],
        )
        .await;
    let answer = d
        .post("/api/daemon/heartbeat", json!({"runtime_id": id}))
        .await
        .expect(200);
    assert_eq!(answer, json!({"status": "ok"}));
    let row = runtime(&crew.member, &crew.workspace, &id).await;
    assert_eq!(row["status"], "online");
    assert!((unix_seconds(&row["last_seen_at"]) - now_seconds()).abs() < 60);
}

#[tokio::test]
async fn a_heartbeat_for_a_gone_or_foreign_runtime_is_404() {
    let crew = Crew::new().await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let unknown = uuid::Uuid::new_v4().to_string();
    d.post("/api/daemon/heartbeat", json!({"runtime_id": unknown}))
        .await
        .expect_error(404, "not_found");
    let id = register_builtin(&d, &crew.workspace, "machine-1", "codex").await;

    let (stranger, other_ws) = crew
        .app
        .owner_with_workspace("stranger@example.com", "other")
        .await;
    let foreign = daemon(&stranger, &other_ws).await;
    foreign
        .post("/api/daemon/heartbeat", json!({"runtime_id": id}))
        .await
        .expect_error(404, "not_found");
    let pat = personal_token(&stranger).await;
    stranger
        .with_bearer(&pat)
        .post("/api/daemon/heartbeat", json!({"runtime_id": id}))
        .await
        .expect_error(404, "not_found");
    d.post("/api/daemon/heartbeat", json!({"runtime_id": "nope"}))
        .await
        .expect_error(400, "invalid_input");
}

#[tokio::test]
async fn deregistering_sets_runtimes_offline_with_the_reason_and_skips_unknown_ids() {
    let crew = Crew::new().await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let codex = register_builtin(&d, &crew.workspace, "machine-1", "codex").await;
    let claude = register_builtin(&d, &crew.workspace, "machine-1", "claude").await;
    let (stranger, other_ws) = crew
        .app
        .owner_with_workspace("stranger@example.com", "other")
        .await;
    let foreign_daemon = daemon(&stranger, &other_ws).await;
    let foreign = register_builtin(&foreign_daemon, &other_ws, "machine-9", "codex").await;

    let reason = json!({"code": "daemon_stopped", "detail": "Ctrl-C"});
    d.post(
        "/api/daemon/deregister",
        json!({
            "runtime_ids": [codex, uuid::Uuid::new_v4().to_string(), foreign],
            "offline_reasons": {codex.clone(): reason},
        }),
    )
    .await
    .expect(200);
    let row = runtime(&crew.member, &crew.workspace, &codex).await;
    assert_eq!(row["status"], "offline");
    assert_eq!(row["metadata"]["offline_reason"], reason);
    assert_eq!(
        runtime(&crew.member, &crew.workspace, &claude).await["status"],
        "online"
    );
    assert_eq!(
        runtime(&stranger, &other_ws, &foreign).await["status"],
        "online"
    );

    d.post("/api/daemon/deregister", json!({"runtime_ids": []}))
        .await
        .expect_error(400, "invalid_input");
}

#[tokio::test]
async fn the_daemon_profile_fetch_lists_enabled_profiles_oldest_first() {
    let crew = Crew::new().await;
    let b = insert_profile(&crew.app, &crew.workspace, "Bb", "codex", true).await;
    let a = insert_profile(&crew.app, &crew.workspace, "Aa", "claude", true).await;
    insert_profile(&crew.app, &crew.workspace, "Zz", "claude", false).await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let answer = d
        .get(&format!(
            "/api/daemon/workspaces/{}/runtime-profiles",
            crew.workspace
        ))
        .await
        .expect(200);
    assert_eq!(keys(&answer), ["runtime_profiles", "workspace_id"]);
    assert_eq!(answer["workspace_id"], crew.workspace);
    let ids: Vec<&str> = answer["runtime_profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [a.as_str(), b.as_str()]);
    assert_eq!(
        answer["runtime_profiles"][0]["fixed_args"],
        json!(["start"])
    );
    assert_eq!(answer["runtime_profiles"][0]["enabled"], true);

    let (stranger, other_ws) = crew
        .app
        .owner_with_workspace("stranger@example.com", "other")
        .await;
    daemon(&stranger, &other_ws)
        .await
        .get(&format!(
            "/api/daemon/workspaces/{}/runtime-profiles",
            crew.workspace
        ))
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn the_sweeper_step_marks_silent_runtimes_offline_and_leaves_fresh_ones() {
    let crew = Crew::new().await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let silent = register_builtin(&d, &crew.workspace, "machine-1", "codex").await;
    let fresh = register_builtin(&d, &crew.workspace, "machine-1", "claude").await;
    let now = agentry_server::db::now_ms();
    crew.app
        .sql(
            &format!(
                "UPDATE agent_runtimes SET last_seen_at = {} WHERE id = $1",
                now - 151_000
            ),
            &[&silent],
        )
        .await;
    let mut events = crew.app.state.events.subscribe();
    let swept = agentry_server::workers::sweep_offline_runtimes_once(&crew.app.state, now)
        .await
        .unwrap();
    assert_eq!(swept, 1);
    assert_eq!(
        runtime(&crew.member, &crew.workspace, &silent).await["status"],
        "offline"
    );
    assert_eq!(
        runtime(&crew.member, &crew.workspace, &fresh).await["status"],
        "online"
    );
    let event = events.try_recv().expect("a runtimes:changed event");
    assert_eq!(event.name(), "runtimes:changed");
    assert_eq!(event.workspace_id().to_string(), crew.workspace);
    // Nothing left to sweep: no second event.
    let again = agentry_server::workers::sweep_offline_runtimes_once(&crew.app.state, now)
        .await
        .unwrap();
    assert_eq!(again, 0);
}

#[tokio::test]
async fn the_sweep_threshold_comes_from_the_configuration() {
    let app = TestApp::with_config(|c| c.runtime_offline_after_secs = 2).await;
    let (owner, ws) = app.owner_with_workspace("o@example.com", "acme").await;
    let d = daemon(&owner, &ws).await;
    let id = register_builtin(&d, &ws, "machine-1", "codex").await;
    let now = agentry_server::db::now_ms();
    agentry_server::workers::sweep_offline_runtimes_once(&app.state, now + 1_000)
        .await
        .unwrap();
    assert_eq!(runtime(&owner, &ws, &id).await["status"], "online");
    agentry_server::workers::sweep_offline_runtimes_once(&app.state, now + 3_000)
        .await
        .unwrap();
    assert_eq!(runtime(&owner, &ws, &id).await["status"], "offline");
}

#[tokio::test]
async fn every_daemon_route_answers_401_without_a_bearer_token_even_with_a_session_cookie() {
    let crew = Crew::new().await;
    let ws = &crew.workspace;
    let runtime_id = uuid::Uuid::new_v4().to_string();
    let routes = [
        (
            Method::POST,
            "/api/daemon/register".to_owned(),
            Some(body(ws, "m", json!([{"type": "codex"}]))),
        ),
        (
            Method::POST,
            "/api/daemon/heartbeat".to_owned(),
            Some(json!({"runtime_id": runtime_id})),
        ),
        (
            Method::POST,
            "/api/daemon/deregister".to_owned(),
            Some(json!({"runtime_ids": [runtime_id]})),
        ),
        (
            Method::GET,
            format!("/api/daemon/workspaces/{ws}/runtime-profiles"),
            None,
        ),
        (
            Method::GET,
            format!("/api/daemon/events?workspace_id={ws}"),
            None,
        ),
    ];
    for (method, path, body) in routes {
        for client in [
            crew.app.anonymous(),
            crew.owner.clone(),
            crew.owner.with_bearer("agd_0000"),
        ] {
            let answer = client
                .request(method.clone(), &path, body.clone(), &[])
                .await;
            assert_eq!(
                answer.status.as_u16(),
                401,
                "{method} {path}: {}",
                answer.body
            );
        }
        let basic = crew
            .app
            .anonymous()
            .request(
                method.clone(),
                &path,
                body.clone(),
                &[("authorization", "Basic eDp5")],
            )
            .await;
        assert_eq!(basic.status.as_u16(), 401, "{method} {path}");
    }
}

#[tokio::test]
async fn a_personal_access_token_serves_the_daemon_api_for_the_users_workspaces() {
    let crew = Crew::new().await;
    let pat = personal_token(&crew.member).await;
    let d = crew.member.with_bearer(&pat);
    let id = register_builtin(&d, &crew.workspace, "machine-1", "codex").await;
    let row = runtime(&crew.owner, &crew.workspace, &id).await;
    assert_eq!(row["owner_id"], crew.member_id);

    let (_, other_ws) = crew
        .app
        .owner_with_workspace("stranger@example.com", "other")
        .await;
    d.post(
        "/api/daemon/register",
        body(&other_ws, "machine-1", json!([{"type": "codex"}])),
    )
    .await
    .expect_error(404, "not_found");
}
