//! Bad input at the edges (issue 8): a NUL anywhere is a 400 `nul_byte` naming the field, lists
//! and daemon strings have maximums checked before any query, JSON bodies must say they are
//! JSON (415 otherwise), and outsiders are refused before any lock. On SQLite and PostgreSQL.

use crate::daemon::{body as register_body, daemon, register_builtin};
use crate::helpers::*;
use axum::http::Method;
use serde_json::{json, Value};
use std::time::Duration;

const NUL: &str = "a\u{0}b";

/// A crew with one of everything a write route can name: a team, an agent, a runtime (with its
/// daemon client) and a runtime profile.
struct World {
    crew: Crew,
    team: String,
    agent: String,
    runtime: String,
    profile: String,
    daemon: Client,
}

impl World {
    async fn new() -> World {
        let crew = Crew::new().await;
        let ws = format!("/api/workspaces/{}", crew.workspace);
        let team = crew
            .owner
            .post(&format!("{ws}/teams"), json!({"name": "Core"}))
            .await
            .expect(201)["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let agent = crew
            .owner
            .request(
                Method::POST,
                "/api/agents",
                Some(json!({"name": "Reviewer"})),
                &[("x-workspace-id", &crew.workspace)],
            )
            .await
            .expect(201)["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let daemon = daemon(&crew.owner, &crew.workspace).await;
        let runtime = register_builtin(&daemon, &crew.workspace, "laptop-1", "claude").await;
        let profile = crew
            .owner
            .post(
                &format!("{ws}/runtime-profiles"),
                json!({"display_name": "Wrapped", "protocol_family": "claude",
                       "command_name": "wrapper"}),
            )
            .await
            .expect(201)["id"]
            .as_str()
            .unwrap()
            .to_owned();
        World {
            crew,
            team,
            agent,
            runtime,
            profile,
            daemon,
        }
    }

    /// Everything a caller of this workspace can read back, to prove nothing was written.
    async fn snapshot(&self) -> Vec<Value> {
        let crew = &self.crew;
        let ws = format!("/api/workspaces/{}", crew.workspace);
        let at = [("x-workspace-id", crew.workspace.as_str())];
        let mut seen = Vec::new();
        for path in [
            "/api/me".to_owned(),
            "/api/tokens".to_owned(),
            "/api/workspaces".to_owned(),
            ws.clone(),
            format!("{ws}/members"),
            format!("{ws}/invitations"),
            format!("{ws}/teams"),
            format!("{ws}/daemon-tokens"),
            format!("{ws}/runtime-profiles"),
            "/api/agents?include_archived=true".to_owned(),
            "/api/runtimes".to_owned(),
        ] {
            let answer = crew.owner.request(Method::GET, &path, None, &at).await;
            seen.push(json!({ path: answer.expect(200) }));
        }
        let users = self
            .crew
            .app
            .sql_text("SELECT CAST(COUNT(*) AS TEXT) FROM users", &[]);
        seen.push(json!(users.await));
        seen
    }
}

#[tokio::test]
async fn a_nul_in_any_text_field_of_any_write_route_is_a_400_naming_it_and_writes_nothing() {
    let world = World::new().await;
    let World {
        crew,
        team,
        agent,
        runtime,
        profile,
        daemon,
    } = &world;
    let ws = format!("/api/workspaces/{}", crew.workspace);
    let member = &crew.member_id;
    let anonymous = crew.app.anonymous();
    let owner = &crew.owner;
    let registration = register_body(
        &crew.workspace,
        "laptop-1",
        json!([{"name": "", "type": "claude", "version": "1.0", "status": "online",
                "profile_id": profile}]),
    );
    let mut registration = registration.as_object().unwrap().clone();
    registration.insert("legacy_daemon_ids".into(), json!(["old-1"]));
    registration.insert(
        "failed_profiles".into(),
        json!([{"profile_id": profile, "command_name": "wrapper", "reason": "missing"}]),
    );
    let registration = Value::Object(registration);
    let (reason_code, reason_detail) = (
        format!("offline_reasons.{runtime}.code"),
        format!("offline_reasons.{runtime}.detail"),
    );
    // (client, method, path, a valid body, the fields to poison one at a time)
    let routes: Vec<(&Client, Method, String, Value, Vec<&str>)> = vec![
        (
            &anonymous,
            Method::POST,
            "/api/auth/register".into(),
            json!({"email": "new@example.com", "name": "New", "password": PASSWORD}),
            vec!["email", "name", "password"],
        ),
        (
            &anonymous,
            Method::POST,
            "/api/auth/login".into(),
            json!({"email": "owner@example.com", "password": PASSWORD}),
            vec!["email", "password"],
        ),
        (
            owner,
            Method::PATCH,
            "/api/me".into(),
            json!({"name": "Ada", "locale": "en"}),
            vec!["name", "locale"],
        ),
        (
            owner,
            Method::POST,
            "/api/tokens".into(),
            json!({"name": "cli"}),
            vec!["name"],
        ),
        (
            owner,
            Method::POST,
            "/api/workspaces".into(),
            json!({"name": "Other", "slug": "other"}),
            vec!["name", "slug"],
        ),
        (
            owner,
            Method::PATCH,
            ws.clone(),
            json!({"name": "Acme 2", "slug": "acme-2"}),
            vec!["name", "slug"],
        ),
        (
            owner,
            Method::DELETE,
            ws.clone(),
            json!({"confirm_slug": "acme"}),
            vec!["confirm_slug"],
        ),
        (
            owner,
            Method::PATCH,
            format!("{ws}/members/{member}"),
            json!({"role": "admin"}),
            vec!["role"],
        ),
        (
            owner,
            Method::POST,
            format!("{ws}/invitations"),
            json!({"email": "x@example.com", "role": "member"}),
            vec!["email", "role"],
        ),
        (
            owner,
            Method::POST,
            format!("{ws}/daemon-tokens"),
            json!({"name": "box"}),
            vec!["name"],
        ),
        (
            owner,
            Method::POST,
            format!("{ws}/teams"),
            json!({"name": "Ops", "description": "on call"}),
            vec!["name", "description"],
        ),
        (
            owner,
            Method::PATCH,
            format!("{ws}/teams/{team}"),
            json!({"name": "Ops", "description": "on call"}),
            vec!["name", "description"],
        ),
        (
            owner,
            Method::PUT,
            format!("{ws}/teams/{team}/members"),
            json!({"user_ids": [member]}),
            vec!["user_ids[0]"],
        ),
        (
            owner,
            Method::POST,
            "/api/agents".into(),
            json!({"name": "Writer", "description": "d", "instructions": "i",
                   "runtime_id": runtime, "mcp_config": {"server": "x"},
                   "custom_args": ["-v"], "permission_mode": "public_to",
                   "invocation_targets": [{"target_type": "member", "target_id": member}]}),
            vec![
                "name",
                "description",
                "instructions",
                "runtime_id",
                "mcp_config.server",
                "custom_args[0]",
                "permission_mode",
                "invocation_targets[0].target_type",
                "invocation_targets[0].target_id",
            ],
        ),
        (
            owner,
            Method::PUT,
            format!("/api/agents/{agent}"),
            json!({"name": "Writer", "description": "d", "instructions": "i",
                   "mcp_config": {"server": "x"}, "custom_args": ["-v"],
                   "visibility": "workspace"}),
            vec![
                "name",
                "description",
                "instructions",
                "mcp_config.server",
                "custom_args[0]",
                "visibility",
            ],
        ),
        (
            owner,
            Method::PATCH,
            format!("/api/runtimes/{runtime}"),
            json!({"custom_name": "Box", "visibility": "public"}),
            vec!["custom_name", "visibility"],
        ),
        (
            owner,
            Method::POST,
            format!("{ws}/runtime-profiles"),
            json!({"display_name": "Other", "protocol_family": "claude",
                   "command_name": "other", "description": "d", "fixed_args": ["x"]}),
            vec![
                "display_name",
                "protocol_family",
                "command_name",
                "description",
                "fixed_args[0]",
            ],
        ),
        (
            owner,
            Method::PATCH,
            format!("{ws}/runtime-profiles/{profile}"),
            json!({"display_name": "Other", "command_name": "other", "description": "d",
                   "fixed_args": ["x"]}),
            vec![
                "display_name",
                "command_name",
                "description",
                "fixed_args[0]",
            ],
        ),
        (
            daemon,
            Method::POST,
            "/api/daemon/register".into(),
            registration,
            vec![
                "workspace_id",
                "daemon_id",
                "device_name",
                "cli_version",
                "launched_by",
                "legacy_daemon_ids[0]",
                "runtimes[0].name",
                "runtimes[0].type",
                "runtimes[0].version",
                "runtimes[0].status",
                "runtimes[0].profile_id",
                "failed_profiles[0].profile_id",
                "failed_profiles[0].command_name",
                "failed_profiles[0].reason",
            ],
        ),
        (
            daemon,
            Method::POST,
            "/api/daemon/heartbeat".into(),
            json!({"runtime_id": runtime}),
            vec!["runtime_id"],
        ),
        (
            daemon,
            Method::POST,
            "/api/daemon/deregister".into(),
            json!({"runtime_ids": [runtime],
                   "offline_reasons": {runtime: {"code": "stopped", "detail": "bye"}}}),
            vec!["runtime_ids[0]", &reason_code, &reason_detail],
        ),
    ];
    let before = world.snapshot().await;
    for (client, method, path, valid, fields) in routes {
        let at = [("x-workspace-id", crew.workspace.as_str())];
        for field in fields {
            let body = poison(&valid, field);
            let answer = client
                .request(method.clone(), &path, Some(body.clone()), &at)
                .await;
            assert_eq!(
                answer.status.as_u16(),
                400,
                "{method} {path} {body}: {}",
                answer.body
            );
            let refused = answer.expect_error(400, "nul_byte");
            assert_eq!(refused["field"], field, "{method} {path} {body}");
        }
        // A NUL in a key is refused too, named by the object that holds it.
        let mut keyed = valid.as_object().unwrap().clone();
        keyed.insert(NUL.into(), json!(1));
        let answer = client
            .request(method.clone(), &path, Some(Value::Object(keyed)), &at)
            .await;
        assert_eq!(answer.expect_error(400, "nul_byte")["field"], "body");
    }
    assert_eq!(
        world.snapshot().await,
        before,
        "a refused request wrote something"
    );
}

/// `valid` with the string at `path` (`a.b[0].c`) replaced by one holding a NUL.
fn poison(valid: &Value, path: &str) -> Value {
    let mut body = valid.clone();
    let mut at = &mut body;
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((key, rest)) => (key, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        at = at
            .get_mut(key)
            .unwrap_or_else(|| panic!("{path}: no {key}"));
        if let Some(index) = index {
            at = &mut at[index];
        }
    }
    assert!(at.is_string(), "{path} is not a string in {valid}");
    *at = json!(NUL);
    body
}

#[tokio::test]
async fn a_nul_in_a_query_string_is_a_400_naming_the_key() {
    let crew = Crew::new().await;
    let answer = crew
        .owner
        .request(
            Method::GET,
            "/api/agents?include_archived=%00",
            None,
            &[("x-workspace-id", &crew.workspace)],
        )
        .await;
    assert_eq!(
        answer.expect_error(400, "nul_byte")["field"],
        "include_archived"
    );
}

#[tokio::test]
async fn every_list_and_daemon_string_over_its_maximum_is_a_400_naming_it() {
    let world = World::new().await;
    let crew = &world.crew;
    let ws = format!("/api/workspaces/{}", crew.workspace);
    let at = [("x-workspace-id", crew.workspace.as_str())];
    let targets = |n: usize| {
        let target = json!({"target_type": "member", "target_id": crew.member_id});
        json!({"name": "Many", "permission_mode": "public_to",
               "invocation_targets": vec![target; n]})
    };
    let args = |n: usize| json!({"name": "Many", "custom_args": vec!["-v"; n]});
    let users = |n: usize| json!({"user_ids": vec![crew.member_id.clone(); n]});
    let agent = format!("/api/agents/{}", world.agent);
    let members = format!("{ws}/teams/{}/members", world.team);
    let owner = &crew.owner;
    // The largest allowed passes the size check (and meets the next rule, or succeeds).
    for (method, path, body, field) in [
        (
            Method::POST,
            "/api/agents",
            targets(200),
            "invocation_targets",
        ),
        (Method::PUT, agent.as_str(), args(64), "custom_args"),
        (Method::PUT, members.as_str(), users(500), "user_ids"),
    ] {
        let answer = owner.request(method.clone(), path, Some(body), &at).await;
        assert!(
            answer.status.as_u16() < 500,
            "{method} {path}: {}",
            answer.body
        );
        assert_ne!(
            answer.body["field"], field,
            "{method} {path}: {}",
            answer.body
        );
    }
    for (method, path, body, field) in [
        (
            Method::POST,
            "/api/agents",
            targets(201),
            "invocation_targets",
        ),
        (
            Method::PUT,
            agent.as_str(),
            targets(201),
            "invocation_targets",
        ),
        (Method::POST, "/api/agents", args(65), "custom_args"),
        (Method::PUT, agent.as_str(), args(65), "custom_args"),
        (Method::PUT, members.as_str(), users(501), "user_ids"),
    ] {
        let answer = owner.request(method.clone(), path, Some(body), &at).await;
        let refused = answer.expect_error(400, "invalid_input");
        assert_eq!(refused["field"], field, "{method} {path}");
    }

    let daemon = &world.daemon;
    let base = register_body(
        &crew.workspace,
        "laptop-1",
        json!([{"name": "", "type": "claude", "version": "1.0"}]),
    );
    let long = |n: usize| "x".repeat(n);
    let runtime = json!({"name": "", "type": "claude", "version": "1.0"});
    let failed = json!({"profile_id": world.profile, "command_name": "w", "reason": "r"});
    let cases: Vec<(&str, Value, &str)> = vec![
        ("daemon_id", json!(long(129)), "daemon_id"),
        ("device_name", json!(long(256)), "device_name"),
        ("cli_version", json!(long(121)), "cli_version"),
        ("launched_by", json!(long(65)), "launched_by"),
        ("runtimes", json!(vec![runtime.clone(); 65]), "runtimes"),
        (
            "runtimes",
            json!([{"name": long(359), "type": "claude"}]),
            "runtimes[0].name",
        ),
        (
            "runtimes",
            json!([{"type": "claude", "version": long(121)}]),
            "runtimes[0].version",
        ),
        (
            "failed_profiles",
            json!(vec![failed; 65]),
            "failed_profiles",
        ),
        (
            "failed_profiles",
            json!([{"profile_id": world.profile, "command_name": "w", "reason": long(2001)}]),
            "failed_profiles[0].reason",
        ),
        (
            "legacy_daemon_ids",
            json!(vec!["old"; 17]),
            "legacy_daemon_ids",
        ),
    ];
    for (key, value, field) in cases {
        let mut body = base.clone();
        body[key] = value;
        let answer = daemon.post("/api/daemon/register", body).await;
        let refused = answer.expect_error(400, "invalid_input");
        assert_eq!(refused["field"], field, "{key}");
    }
    let many = vec!["c"; 33].join(",");
    let answer = daemon
        .request(
            Method::POST,
            "/api/daemon/register",
            Some(base.clone()),
            &[("x-client-capabilities", &many)],
        )
        .await;
    assert_eq!(
        answer.expect_error(400, "invalid_input")["field"],
        "X-Client-Capabilities"
    );
    let ids = vec![world.runtime.clone(); 65];
    let answer = daemon
        .post("/api/daemon/deregister", json!({"runtime_ids": ids}))
        .await;
    assert_eq!(
        answer.expect_error(400, "invalid_input")["field"],
        "runtime_ids"
    );
    let reason = json!({ world.runtime.clone(): {"detail": long(1100)} });
    let answer = daemon
        .post(
            "/api/daemon/deregister",
            json!({"runtime_ids": [world.runtime], "offline_reasons": reason}),
        )
        .await;
    assert_eq!(
        answer.expect_error(400, "invalid_input")["field"],
        format!("offline_reasons.{}", world.runtime)
    );
    // The refusals changed nothing: the runtime is still online under its own name.
    let listed = crate::daemon::runtimes(owner, &crew.workspace).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["status"], "online");
    assert_eq!(listed[0]["name"], "claude (laptop)");
}

/// Takes the workspace's write lock in a transaction of the test's own (SQLite: the database's
/// write lock; PostgreSQL: the workspace row), as a long write of another request would.
async fn hold_write_lock(app: &TestApp, workspace: &str) -> agentry_server::db::Write {
    let mut tx = app.state.db.begin_write().await.expect("begin");
    sqlx::query("UPDATE workspaces SET name = name WHERE id = $1")
        .bind(workspace)
        .execute(&mut *tx)
        .await
        .expect("lock the workspace");
    tx
}

/// The answer, or a failure naming the request if it waited (for a lock) for seconds.
async fn promptly(request: impl std::future::Future<Output = Answer>, what: &str) -> Answer {
    tokio::time::timeout(Duration::from_secs(3), request)
        .await
        .unwrap_or_else(|_| panic!("{what} waited for the write lock"))
}

#[tokio::test]
async fn five_thousand_targets_are_refused_before_any_query_even_while_the_lock_is_held() {
    let crew = Crew::new().await;
    let at = [("x-workspace-id", crew.workspace.as_str())];
    let target = json!({"target_type": "member", "target_id": crew.member_id});
    let body = json!({"name": "Many", "permission_mode": "public_to",
                      "invocation_targets": vec![target; 5000]});
    let lock = hold_write_lock(&crew.app, &crew.workspace).await;
    let request = crew
        .member
        .request(Method::POST, "/api/agents", Some(body), &at);
    let answer = promptly(request, "5,000 targets").await;
    assert_eq!(
        answer.expect_error(400, "invalid_input")["field"],
        "invocation_targets"
    );
    drop(lock);
}

#[tokio::test]
async fn outsiders_are_refused_with_404_before_any_lock_or_write() {
    let world = World::new().await;
    let crew = &world.crew;
    let (outsider, _) = crew
        .app
        .owner_with_workspace("outsider@example.com", "elsewhere")
        .await;
    let ws = format!("/api/workspaces/{}", crew.workspace);
    let member = &crew.member_id;
    let team = &world.team;
    let agent = format!("/api/agents/{}", world.agent);
    let routes: Vec<(Method, String, Option<Value>)> = vec![
        (Method::PATCH, ws.clone(), Some(json!({"name": "Mine"}))),
        (
            Method::DELETE,
            ws.clone(),
            Some(json!({"confirm_slug": "acme"})),
        ),
        (
            Method::PATCH,
            format!("{ws}/members/{member}"),
            Some(json!({"role": "admin"})),
        ),
        (Method::DELETE, format!("{ws}/members/{member}"), None),
        (Method::POST, format!("{ws}/leave"), None),
        (
            Method::POST,
            format!("{ws}/invitations"),
            Some(json!({"email": "x@example.com", "role": "member"})),
        ),
        (
            Method::POST,
            format!("{ws}/teams"),
            Some(json!({"name": "T"})),
        ),
        (
            Method::PATCH,
            format!("{ws}/teams/{team}"),
            Some(json!({"name": "T"})),
        ),
        (Method::DELETE, format!("{ws}/teams/{team}"), None),
        (
            Method::PUT,
            format!("{ws}/teams/{team}/members"),
            Some(json!({"user_ids": []})),
        ),
        (
            Method::POST,
            format!("{ws}/runtime-profiles"),
            Some(json!({"display_name": "P", "protocol_family": "claude", "command_name": "p"})),
        ),
        (
            Method::PATCH,
            format!("{ws}/runtime-profiles/{}", world.profile),
            Some(json!({"display_name": "P"})),
        ),
        (
            Method::DELETE,
            format!("{ws}/runtime-profiles/{}", world.profile),
            None,
        ),
        (
            Method::POST,
            "/api/agents".into(),
            Some(json!({"name": "A"})),
        ),
        (Method::PUT, agent.clone(), Some(json!({"name": "A"}))),
        (Method::POST, format!("{agent}/archive"), None),
        (
            Method::PATCH,
            format!("/api/runtimes/{}", world.runtime),
            Some(json!({"custom_name": "Mine"})),
        ),
        (
            Method::DELETE,
            format!("/api/runtimes/{}", world.runtime),
            None,
        ),
    ];
    let before = world.snapshot().await;
    let lock = hold_write_lock(&crew.app, &crew.workspace).await;
    for (method, path, body) in routes {
        let at = [("x-workspace-id", crew.workspace.as_str())];
        let what = format!("{method} {path}");
        let answer = promptly(outsider.request(method, &path, body, &at), &what).await;
        assert_eq!(answer.status.as_u16(), 404, "{what}: {}", answer.body);
    }
    drop(lock);
    assert_eq!(world.snapshot().await, before);
}

#[tokio::test]
async fn a_json_body_must_be_declared_json_and_a_bodyless_post_needs_no_type() {
    let crew = Crew::new().await;
    let me = &crew.owner;
    let body = json!({"name": "cli"}).to_string();
    for refused in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        Some("application/json; charset=latin1"),
        Some("application/jsonp"),
    ] {
        let answer = me
            .send_typed(Method::POST, "/api/tokens", Some(&body), refused)
            .await;
        answer.expect_error(415, "unsupported_media_type");
    }
    for accepted in [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON;charset=UTF-8",
    ] {
        let answer = me
            .send_typed(Method::POST, "/api/tokens", Some(&body), Some(accepted))
            .await;
        answer.expect(201);
    }
    let tokens = me.get("/api/tokens").await.expect(200);
    assert_eq!(
        tokens.as_array().unwrap().len(),
        3,
        "only the JSON ones were created"
    );
    // Bodyless POSTs: archive and restore, accepting an invitation, leaving, logging out.
    let agent = me
        .request(
            Method::POST,
            "/api/agents",
            Some(json!({"name": "A"})),
            &[("x-workspace-id", &crew.workspace)],
        )
        .await
        .expect(201);
    let agent = agent["id"].as_str().unwrap();
    for action in ["archive", "restore"] {
        let answer = me
            .request(
                Method::POST,
                &format!("/api/agents/{agent}/{action}"),
                None,
                &[("x-workspace-id", &crew.workspace)],
            )
            .await;
        answer.expect(200);
    }
    let invitation = me
        .post(
            &format!("/api/workspaces/{}/invitations", crew.workspace),
            json!({"email": "late@example.com", "role": "member"}),
        )
        .await
        .expect(201);
    let late = crew.app.register("late@example.com", "Late").await;
    let token = invitation["token"].as_str().unwrap();
    let accept = format!("/api/invitations/{token}/accept");
    late.send_typed(Method::POST, &accept, None, None)
        .await
        .expect(200);
    let leave = format!("/api/workspaces/{}/leave", crew.workspace);
    late.send_typed(Method::POST, &leave, None, None)
        .await
        .expect(204);
    late.send_typed(Method::POST, "/api/auth/logout", None, None)
        .await
        .expect(204);
}

#[tokio::test]
async fn a_cross_site_text_plain_login_form_is_refused_with_415_and_sets_no_cookie() {
    let app = TestApp::new().await;
    app.register("ada@example.com", "Ada").await;
    // What `<form enctype="text/plain">` on another site can send without a preflight.
    let body = json!({"email": "ada@example.com", "password": PASSWORD}).to_string();
    let answer = app
        .anonymous()
        .send_typed(
            Method::POST,
            "/api/auth/login",
            Some(&body),
            Some("text/plain"),
        )
        .await;
    assert!(session_cookie(&answer.headers).is_none());
    assert!(answer.headers.get("set-cookie").is_none());
    answer.expect_error(415, "unsupported_media_type");
    // The same body as JSON signs in.
    app.login("ada@example.com", PASSWORD)
        .await
        .expect("JSON login");
}
