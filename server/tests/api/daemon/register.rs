//! Registration (spec C.5, J 19–27).

use super::*;
use crate::helpers::*;
use serde_json::json;

#[tokio::test]
async fn a_builtin_codex_and_a_codex_profile_on_one_daemon_are_two_rows() {
    let crew = Crew::new().await;
    let profile = insert_profile(&crew.app, &crew.workspace, "Wrapped", "codex", true).await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let answer = register(
        &d,
        body(
            &crew.workspace,
            "machine-1",
            json!([
                {"name": "", "type": "codex", "version": "1.2"},
                {"name": "Wrapped (laptop)", "type": "codex", "version": "1.2", "profile_id": profile},
            ]),
        ),
    )
    .await;
    assert_eq!(
        keys(&answer),
        ["repos", "repos_version", "runtimes", "settings"]
    );
    assert_eq!(answer["repos"], json!([]));
    assert_eq!(
        answer["repos_version"],
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(answer["settings"], json!({}));
    let rows = answer["runtimes"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_ne!(rows[0]["id"], rows[1]["id"]);
    let builtin = &rows[0];
    assert_eq!(
        keys(builtin),
        [
            "capacity",
            "created_at",
            "custom_name",
            "daemon_id",
            "device_info",
            "id",
            "last_error",
            "last_seen_at",
            "launch_header",
            "metadata",
            "name",
            "owner_id",
            "profile_id",
            "provider",
            "running",
            "runtime_mode",
            "status",
            "updated_at",
            "visibility",
            "workspace_id"
        ]
    );
    assert_eq!(builtin["name"], "codex (laptop)");
    assert_eq!(builtin["provider"], "codex");
    assert_eq!(builtin["profile_id"], Value::Null);
    assert_eq!(builtin["launch_header"], "Codex");
    assert_eq!(builtin["status"], "online");
    assert_eq!(builtin["device_info"], "laptop · 1.2");
    assert_eq!(builtin["runtime_mode"], "local");
    assert_eq!(builtin["visibility"], "private");
    assert_eq!(builtin["owner_id"], crew.member_id);
    assert_eq!(builtin["daemon_id"], "machine-1");
    assert_eq!(
        builtin["metadata"],
        json!({"version": "1.2", "cli_version": "0.1.0", "launched_by": "cli", "capabilities": []})
    );
    let instance = &rows[1];
    assert_eq!(instance["profile_id"], profile);
    assert_eq!(instance["provider"], "codex");
    assert_eq!(instance["launch_header"], "Wrapped");
    assert_eq!(instance["name"], "Wrapped (laptop)");
    assert_eq!(runtimes(&crew.member, &crew.workspace).await.len(), 2);
}

#[tokio::test]
async fn re_registering_keeps_the_row_refreshes_it_and_keeps_the_owner() {
    let crew = Crew::new().await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let id = register_builtin(&d, &crew.workspace, "machine-1", "codex").await;
    crew.member
        .patch(
            &format!("/api/runtimes/{id}"),
            json!({"custom_name": "Box"}),
        )
        .await
        .expect(200);
    let answer = d
        .request(
            Method::POST,
            "/api/daemon/register",
            Some(body(
                &crew.workspace,
                "machine-1",
                json!([{"name": "Renamed", "type": " CODEX ", "version": "2.0"}]),
            )),
            &[("x-client-capabilities", "tasks, profiles")],
        )
        .await
        .expect(200);
    let row = &answer["runtimes"][0];
    assert_eq!(row["id"], id);
    assert_eq!(row["name"], "Renamed");
    assert_eq!(row["custom_name"], "Box");
    assert_eq!(row["metadata"]["version"], "2.0");
    assert_eq!(
        row["metadata"]["capabilities"],
        json!(["tasks", "profiles"])
    );
    assert_eq!(row["owner_id"], crew.member_id);
    assert_eq!(runtimes(&crew.member, &crew.workspace).await.len(), 1);
}

#[tokio::test]
async fn an_instance_takes_the_profiles_family_whatever_type_the_daemon_sends() {
    let crew = Crew::new().await;
    let profile = insert_profile(&crew.app, &crew.workspace, "Wrapped", "codex", true).await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let answer = register(
        &d,
        body(
            &crew.workspace,
            "machine-1",
            json!([{"type": "claude", "profile_id": profile}]),
        ),
    )
    .await;
    assert_eq!(answer["runtimes"][0]["provider"], "codex");
    assert_eq!(answer["runtimes"][0]["name"], "codex (laptop)");
}

#[tokio::test]
async fn unknown_disabled_and_malformed_profiles_are_refused() {
    let crew = Crew::new().await;
    let disabled = insert_profile(&crew.app, &crew.workspace, "Off", "codex", false).await;
    let (stranger, other_ws) = crew
        .app
        .owner_with_workspace("stranger@example.com", "other")
        .await;
    let foreign = insert_profile(&crew.app, &other_ws, "Theirs", "codex", true).await;
    drop(stranger);
    let d = daemon(&crew.member, &crew.workspace).await;
    let entry = |id: &str| {
        body(
            &crew.workspace,
            "m",
            json!([{"type": "codex", "profile_id": id}]),
        )
    };
    let unknown = d
        .post(
            "/api/daemon/register",
            entry(&uuid::Uuid::new_v4().to_string()),
        )
        .await
        .expect_error(400, "unknown_runtime_profile");
    assert_eq!(unknown["field"], "profile_id");
    assert!(unknown["error"]
        .as_str()
        .unwrap()
        .contains("unknown runtime profile: "));
    d.post("/api/daemon/register", entry(&foreign))
        .await
        .expect_error(400, "unknown_runtime_profile");
    let off = d
        .post("/api/daemon/register", entry(&disabled))
        .await
        .expect_error(409, "runtime_profile_disabled");
    assert_eq!(
        off["error"],
        format!("runtime profile is disabled: {disabled}")
    );
    d.post("/api/daemon/register", entry("not-a-uuid"))
        .await
        .expect_error(400, "invalid_input");
    assert!(runtimes(&crew.member, &crew.workspace).await.is_empty());
}

#[tokio::test]
async fn a_malformed_id_anywhere_refuses_the_request_before_anything_is_written() {
    let crew = Crew::new().await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let mut request = body(&crew.workspace, "m", json!([{"type": "codex"}]));
    request["failed_profiles"] = json!([{"profile_id": "bad"}]);
    d.post("/api/daemon/register", request)
        .await
        .expect_error(400, "invalid_input");
    assert!(runtimes(&crew.member, &crew.workspace).await.is_empty());
}

#[tokio::test]
async fn the_body_needs_a_daemon_id_a_workspace_id_and_something_to_register() {
    let crew = Crew::new().await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let ws = crew.workspace.as_str();
    for (request, field) in [
        (body(ws, " ", json!([{"type": "codex"}])), "daemon_id"),
        (body("", "m", json!([{"type": "codex"}])), "workspace_id"),
        (
            body("nope", "m", json!([{"type": "codex"}])),
            "workspace_id",
        ),
        (body(ws, "m", json!([])), "runtimes"),
    ] {
        let answer = d
            .post("/api/daemon/register", request.clone())
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(answer["field"], field, "{request}");
    }
    let empty = d
        .post("/api/daemon/register", body(ws, "m", json!([])))
        .await
        .expect(400);
    assert!(empty["error"]
        .as_str()
        .unwrap()
        .ends_with("at least one runtime or failed profile is required"));
}

#[tokio::test]
async fn failed_profiles_alone_register_offline_rows_carrying_why() {
    let crew = Crew::new().await;
    let profile = insert_profile(&crew.app, &crew.workspace, "Wrapped", "codex", true).await;
    let defaulted = insert_profile(&crew.app, &crew.workspace, "Other", "claude", true).await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let mut request = body(&crew.workspace, "machine-1", json!([]));
    request["failed_profiles"] = json!([
        {"profile_id": profile, "command_name": "ccms", "reason": "command not found on PATH: ccms"},
        {"profile_id": defaulted},
        {"profile_id": " "},
        {"profile_id": uuid::Uuid::new_v4().to_string()},
    ]);
    let answer = d
        .request(
            Method::POST,
            "/api/daemon/register",
            Some(request),
            &[("x-client-capabilities", "profiles")],
        )
        .await
        .expect(200);
    assert_eq!(answer["runtimes"], json!([]));
    let rows = runtimes(&crew.member, &crew.workspace).await;
    assert_eq!(rows.len(), 2);
    let failed = rows.iter().find(|r| r["profile_id"] == profile).unwrap();
    assert_eq!(failed["status"], "offline");
    assert_eq!(failed["name"], "Wrapped (laptop)");
    assert_eq!(failed["provider"], "codex");
    assert_eq!(failed["device_info"], "laptop");
    assert_eq!(
        failed["metadata"]["runtime_profile_registration_error"],
        true
    );
    assert_eq!(
        failed["metadata"]["runtime_profile_failure_reason"],
        "command not found on PATH: ccms"
    );
    assert_eq!(failed["metadata"]["command_name"], "ccms");
    assert_eq!(failed["metadata"]["capabilities"], json!(["profiles"]));
    assert_eq!(failed["metadata"]["version"], "");
    let other = rows.iter().find(|r| r["profile_id"] == defaulted).unwrap();
    assert_eq!(
        other["metadata"]["runtime_profile_failure_reason"],
        agentry_core::runtimes::DEFAULT_FAILURE_REASON
    );
    assert_eq!(other["metadata"]["command_name"], "wrapper");

    // Once the command resolves, the same row comes online.
    let fixed = register(
        &d,
        body(
            &crew.workspace,
            "machine-1",
            json!([{"type": "codex", "profile_id": profile}]),
        ),
    )
    .await;
    assert_eq!(fixed["runtimes"][0]["id"], failed["id"]);
    assert_eq!(fixed["runtimes"][0]["status"], "online");
    assert_eq!(
        fixed["runtimes"][0]["metadata"].get("runtime_profile_registration_error"),
        None
    );
}

#[tokio::test]
async fn a_daemon_token_for_one_workspace_cannot_register_in_another() {
    let crew = Crew::new().await;
    let (_, other_ws) = crew
        .app
        .owner_with_workspace("stranger@example.com", "other")
        .await;
    let d = daemon(&crew.member, &crew.workspace).await;
    d.post(
        "/api/daemon/register",
        body(&other_ws, "m", json!([{"type": "codex"}])),
    )
    .await
    .expect_error(404, "not_found");
    let missing = uuid::Uuid::new_v4().to_string();
    d.post(
        "/api/daemon/register",
        body(&missing, "m", json!([{"type": "codex"}])),
    )
    .await
    .expect_error(404, "not_found");
}

#[tokio::test]
async fn a_new_runtime_inherits_the_custom_name_its_machine_shares() {
    let crew = Crew::new().await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let codex = register_builtin(&d, &crew.workspace, "machine-1", "codex").await;
    let claude = register_builtin(&d, &crew.workspace, "machine-1", "claude").await;
    for id in [&codex, &claude] {
        crew.member
            .patch(
                &format!("/api/runtimes/{id}"),
                json!({"custom_name": "Studio"}),
            )
            .await
            .expect(200);
    }
    let opencode = register_builtin(&d, &crew.workspace, "machine-1", "opencode").await;
    assert_eq!(
        runtime(&crew.member, &crew.workspace, &opencode).await["custom_name"],
        "Studio"
    );
    // Siblings that disagree pass nothing on.
    crew.member
        .patch(
            &format!("/api/runtimes/{claude}"),
            json!({"custom_name": "Other"}),
        )
        .await
        .expect(200);
    let kimi = register_builtin(&d, &crew.workspace, "machine-1", "kimi").await;
    assert_eq!(
        runtime(&crew.member, &crew.workspace, &kimi).await["custom_name"],
        Value::Null
    );
    // Another machine is not a sibling.
    let elsewhere = register_builtin(&d, &crew.workspace, "machine-2", "codex").await;
    assert_eq!(
        runtime(&crew.member, &crew.workspace, &elsewhere).await["custom_name"],
        Value::Null
    );
}

#[tokio::test]
async fn a_legacy_daemon_id_merges_the_old_builtin_row_but_never_a_custom_one() {
    let crew = Crew::new().await;
    let profile = insert_profile(&crew.app, &crew.workspace, "Wrapped", "codex", true).await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let old = register_builtin(&d, &crew.workspace, "Old-Host", "codex").await;
    let old_custom = register(
        &d,
        body(
            &crew.workspace,
            "Old-Host",
            json!([{"type": "codex", "profile_id": profile}]),
        ),
    )
    .await["runtimes"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let agent = crew
        .member
        .request(
            Method::POST,
            "/api/agents",
            Some(json!({"name": "Bot", "runtime_id": old})),
            &[("x-workspace-id", &crew.workspace)],
        )
        .await
        .expect(201);

    let mut request = body(&crew.workspace, "uuid-1", json!([{"type": "codex"}]));
    request["legacy_daemon_ids"] = json!(["old-host"]);
    let new = register(&d, request).await["runtimes"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(new, old);
    let rows = runtimes(&crew.member, &crew.workspace).await;
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(!ids.contains(&old.as_str()), "old row deleted: {ids:?}");
    assert!(
        ids.contains(&old_custom.as_str()),
        "custom row kept: {ids:?}"
    );
    assert_eq!(
        crew.app
            .sql_text(
                "SELECT legacy_daemon_id FROM agent_runtimes WHERE id = $1",
                &[&new]
            )
            .await
            .as_deref(),
        Some("old-host")
    );
    let moved = crew
        .member
        .request(
            Method::GET,
            &format!("/api/agents/{}", agent["id"].as_str().unwrap()),
            None,
            &[("x-workspace-id", &crew.workspace)],
        )
        .await
        .expect(200);
    assert_eq!(moved["runtime_id"], new);
}

#[tokio::test]
async fn registration_publishes_runtimes_changed_to_the_workspace() {
    let crew = Crew::new().await;
    let mut events = crew.app.state.events.subscribe();
    let d = daemon(&crew.member, &crew.workspace).await;
    register_builtin(&d, &crew.workspace, "machine-1", "codex").await;
    let event = events.try_recv().expect("an event");
    assert_eq!(event.name(), "runtimes:changed");
    assert_eq!(event.workspace_id().to_string(), crew.workspace);
}
