//! Creating, reading, updating, archiving and restoring agents: shapes, defaults, validation
//! naming the field, name conflicts, and the workspace header.

use super::*;
use axum::http::Method;

#[tokio::test]
async fn a_member_creates_an_agent_they_own_private_by_default() {
    let s = Squad::new().await;
    let agent = s
        .member
        .create_agent(json!({"name": "  Reviewer ", "description": "Reviews PRs"}))
        .await;
    assert_eq!(
        keys(&agent),
        [
            "archived_at",
            "created_at",
            "custom_args",
            "description",
            "id",
            "instructions",
            "invocation_targets",
            "max_concurrent_tasks",
            "mcp_config",
            "mcp_config_redacted",
            "name",
            "owner_id",
            "permission_mode",
            "runtime_id",
            "updated_at",
            "visibility",
            "workspace_id",
        ]
    );
    assert_eq!(agent["name"], "Reviewer");
    assert_eq!(agent["owner_id"], s.crew.member_id.as_str());
    assert_eq!(agent["workspace_id"], s.crew.workspace.as_str());
    // Spec P9: nothing permission-related → private (the UI sends "entire workspace").
    assert_eq!(agent["permission_mode"], "private");
    assert_eq!(agent["invocation_targets"], json!([]));
    assert_eq!(agent["visibility"], "private");
    assert_eq!(agent["max_concurrent_tasks"], 6);
    assert_eq!(agent["custom_args"], json!([]));
    assert_eq!(agent["instructions"], "");
    assert_eq!(agent["runtime_id"], Value::Null);
    assert_eq!(
        (&agent["mcp_config"], &agent["mcp_config_redacted"]),
        (&Value::Null, &json!(false))
    );
    assert_eq!(agent["archived_at"], Value::Null);
    assert!((unix_seconds(&agent["created_at"]) - now_seconds()).abs() < 60);

    let path = format!("/api/agents/{}", id_of(&agent));
    assert_eq!(s.member.get(&path).await.expect(200), agent);
}

#[tokio::test]
async fn every_field_is_stored_as_sent() {
    let s = Squad::new().await;
    let agent = s
        .owner
        .create_agent(json!({
            "name": "Builder",
            "description": "Builds",
            "instructions": "  You build.\n  Carefully. ",
            "mcp_config": {"mcpServers": {"git": {"command": "git-mcp"}}},
            "custom_args": ["--model", "fast"],
            "max_concurrent_tasks": 50,
            "runtime_id": null,
        }))
        .await;
    assert_eq!(agent["instructions"], "  You build.\n  Carefully. ");
    assert_eq!(
        agent["mcp_config"],
        json!({"mcpServers": {"git": {"command": "git-mcp"}}})
    );
    assert_eq!(agent["custom_args"], json!(["--model", "fast"]));
    assert_eq!(agent["max_concurrent_tasks"], 50);
    let read = s
        .owner
        .get(&format!("/api/agents/{}", id_of(&agent)))
        .await
        .expect(200);
    assert_eq!(read, agent);
}

#[tokio::test]
async fn invalid_fields_are_refused_naming_the_field() {
    let s = Squad::new().await;
    let cases = [
        (json!({}), "name"),
        (json!({"name": "   "}), "name"),
        (json!({"name": "x".repeat(65)}), "name"),
        (json!({"name": 5}), "name"),
        (
            json!({"name": "A", "description": "d".repeat(1001)}),
            "description",
        ),
        (
            json!({"name": "A", "instructions": "x".repeat(64 * 1024 + 1)}),
            "instructions",
        ),
        (
            json!({"name": "A", "custom_args": ["-v", ""]}),
            "custom_args",
        ),
        (json!({"name": "A", "custom_args": "-v"}), "custom_args"),
        (
            json!({"name": "A", "max_concurrent_tasks": 0}),
            "max_concurrent_tasks",
        ),
        (
            json!({"name": "A", "max_concurrent_tasks": 51}),
            "max_concurrent_tasks",
        ),
        (
            json!({"name": "A", "max_concurrent_tasks": 2.5}),
            "max_concurrent_tasks",
        ),
        (json!({"name": "A", "mcp_config": []}), "mcp_config"),
        (json!({"name": "A", "mcp_config": "{}"}), "mcp_config"),
        (
            json!({"name": "A", "runtime_id": uuid::Uuid::new_v4().to_string()}),
            "runtime_id",
        ),
        (json!({"name": "A", "runtime_id": "nope"}), "runtime_id"),
        (
            json!({"name": "A", "permission_mode": 1}),
            "permission_mode",
        ),
        (
            json!({"name": "A", "invocation_targets": {}}),
            "invocation_targets",
        ),
    ];
    for (body, field) in cases {
        let answer = s
            .owner
            .post("/api/agents", body.clone())
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(answer["field"], field, "{body}");
    }
    for raw in ["[]", "\"x\"", "{"] {
        s.owner
            .client
            .request(
                Method::POST,
                "/api/agents",
                serde_json::from_str(raw).ok(),
                &[("x-workspace-id", &s.crew.workspace)],
            )
            .await
            .expect_error(400, "invalid_input");
    }
    // 64 KiB exactly is fine; nothing of the refused ones was stored.
    s.owner
        .create_agent(json!({"name": "Big", "instructions": "x".repeat(64 * 1024)}))
        .await;
    assert_eq!(s.owner.agent_names("").await, ["Big"]);
}

#[tokio::test]
async fn names_are_unique_per_workspace_archived_agents_included() {
    let s = Squad::new().await;
    let first = s.owner.create_agent(json!({"name": "Reviewer"})).await;
    s.member
        .post("/api/agents", json!({"name": " Reviewer "}))
        .await
        .expect_error(409, "agent_name_taken");
    s.owner
        .post(&format!("/api/agents/{}/archive", id_of(&first)), json!({}))
        .await
        .expect(200);
    s.member
        .post("/api/agents", json!({"name": "Reviewer"}))
        .await
        .expect_error(409, "agent_name_taken");
    // Renaming onto a taken name is a conflict too; another workspace may reuse the name.
    let second = s.member.create_agent(json!({"name": "Second"})).await;
    s.member
        .put(
            &format!("/api/agents/{}", id_of(&second)),
            json!({"name": "Reviewer"}),
        )
        .await
        .expect_error(409, "agent_name_taken");
    let (other_owner, other_ws) = s
        .crew
        .app
        .owner_with_workspace("elsewhere@example.com", "elsewhere")
        .await;
    other_owner
        .at(&other_ws)
        .create_agent(json!({"name": "Reviewer"}))
        .await;
}

#[tokio::test]
async fn an_update_changes_only_the_keys_sent() {
    let s = Squad::new().await;
    let agent = s
        .member
        .create_agent(json!({
            "name": "Writer",
            "description": "Writes",
            "instructions": "Be brief.",
            "mcp_config": {"mcpServers": {}},
            "custom_args": ["-q"],
            "max_concurrent_tasks": 3,
            "visibility": "workspace",
        }))
        .await;
    let path = format!("/api/agents/{}", id_of(&agent));
    let renamed = s
        .member
        .put(&path, json!({"name": "Scribe"}))
        .await
        .expect(200);
    for key in [
        "description",
        "instructions",
        "mcp_config",
        "custom_args",
        "max_concurrent_tasks",
        "permission_mode",
        "invocation_targets",
        "visibility",
        "owner_id",
        "created_at",
    ] {
        assert_eq!(renamed[key], agent[key], "{key}");
    }
    assert_eq!(renamed["name"], "Scribe");

    let cleared = s
        .member
        .put(
            &path,
            json!({"description": null, "mcp_config": null, "runtime_id": null,
                   "custom_args": [], "max_concurrent_tasks": 1, "instructions": ""}),
        )
        .await
        .expect(200);
    assert_eq!(cleared["description"], Value::Null);
    assert_eq!(cleared["mcp_config"], Value::Null);
    assert_eq!(cleared["mcp_config_redacted"], false);
    assert_eq!(cleared["custom_args"], json!([]));
    assert_eq!(cleared["max_concurrent_tasks"], 1);
    assert_eq!(cleared["instructions"], "");
    assert_eq!(s.member.get(&path).await.expect(200), cleared);

    // An empty body changes nothing.
    let same = s.member.put(&path, json!({})).await.expect(200);
    assert_eq!(same["name"], "Scribe");
}

#[tokio::test]
async fn an_invalid_update_is_refused_naming_the_field_and_applies_nothing() {
    let s = Squad::new().await;
    let agent = s.owner.create_agent(json!({"name": "Keeper"})).await;
    let path = format!("/api/agents/{}", id_of(&agent));
    for (body, field) in [
        (json!({"name": null}), "name"),
        (json!({"name": ""}), "name"),
        (json!({"instructions": null}), "instructions"),
        (json!({"custom_args": null}), "custom_args"),
        (json!({"custom_args": [" "]}), "custom_args"),
        (
            json!({"max_concurrent_tasks": null}),
            "max_concurrent_tasks",
        ),
        (json!({"max_concurrent_tasks": 99}), "max_concurrent_tasks"),
        (json!({"mcp_config": 3}), "mcp_config"),
        (
            json!({"runtime_id": uuid::Uuid::new_v4().to_string()}),
            "runtime_id",
        ),
        (json!({"description": "ok", "name": "x".repeat(65)}), "name"),
    ] {
        let answer = s
            .owner
            .put(&path, body.clone())
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(answer["field"], field, "{body}");
    }
    assert_eq!(s.owner.get(&path).await.expect(200), agent);
}

#[tokio::test]
async fn archived_agents_leave_the_list_unless_asked_for_and_come_back_on_restore() {
    let s = Squad::new().await;
    let a = s
        .owner
        .create_agent(json!({"name": "Alpha", "visibility": "workspace"}))
        .await;
    s.owner
        .create_agent(json!({"name": "beta", "visibility": "workspace"}))
        .await;
    s.owner
        .create_agent(json!({"name": "Gamma", "visibility": "workspace"}))
        .await;
    let archived = s
        .owner
        .post(&format!("/api/agents/{}/archive", id_of(&a)), json!({}))
        .await
        .expect(200);
    assert!((unix_seconds(&archived["archived_at"]) - now_seconds()).abs() < 60);
    assert_eq!(s.member.agent_names("").await, ["beta", "Gamma"]);
    assert_eq!(
        s.member.agent_names("?include_archived=true").await,
        ["Alpha", "beta", "Gamma"]
    );
    assert_eq!(
        s.member.agent_names("?include_archived=false").await,
        ["beta", "Gamma"]
    );
    s.member
        .get("/api/agents?include_archived=maybe")
        .await
        .expect_error(400, "invalid_input");
    // Still readable by id; archiving twice changes nothing.
    let read = s
        .member
        .get(&format!("/api/agents/{}", id_of(&a)))
        .await
        .expect(200);
    assert_eq!(read["archived_at"], archived["archived_at"]);
    let again = s
        .owner
        .post(&format!("/api/agents/{}/archive", id_of(&a)), json!({}))
        .await
        .expect(200);
    assert_eq!(again["archived_at"], archived["archived_at"]);

    let restored = s
        .admin
        .post(&format!("/api/agents/{}/restore", id_of(&a)), json!({}))
        .await
        .expect(200);
    assert_eq!(restored["archived_at"], Value::Null);
    assert_eq!(s.member.agent_names("").await, ["Alpha", "beta", "Gamma"]);
    s.admin
        .post(&format!("/api/agents/{}/restore", id_of(&a)), json!({}))
        .await
        .expect(200);
}

#[tokio::test]
async fn only_managers_archive_restore_and_edit() {
    // §4.8 M1, M5: workspace owner/admin or the agent's owner.
    let s = Squad::new().await;
    let agent = s
        .member
        .create_agent(json!({"name": "Mine", "visibility": "workspace"}))
        .await;
    let id = id_of(&agent);
    for (method, path, body) in [
        (
            Method::PUT,
            format!("/api/agents/{id}"),
            json!({"description": "x"}),
        ),
        (Method::POST, format!("/api/agents/{id}/archive"), json!({})),
        (Method::POST, format!("/api/agents/{id}/restore"), json!({})),
    ] {
        let answer = s
            .other
            .send(method.clone(), &path, Some(body.clone()))
            .await;
        answer.expect_error(403, "not_agent_manager");
        for manager in [&s.member, &s.admin, &s.owner] {
            manager
                .send(method.clone(), &path, Some(body.clone()))
                .await
                .expect(200);
        }
    }
}

#[tokio::test]
async fn outsiders_get_404_and_the_header_is_required() {
    let s = Squad::new().await;
    let agent = s
        .owner
        .create_agent(json!({"name": "Inside", "visibility": "workspace"}))
        .await;
    let id = id_of(&agent);
    let stranger = s
        .crew
        .app
        .register("stranger@example.com", "Stranger")
        .await;
    let stranger_ws = stranger
        .post("/api/workspaces", json!({"name": "Own", "slug": "own"}))
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let paths = [
        (Method::GET, "/api/agents".to_owned(), None),
        (
            Method::POST,
            "/api/agents".to_owned(),
            Some(json!({"name": "X"})),
        ),
        (Method::GET, format!("/api/agents/{id}"), None),
        (
            Method::PUT,
            format!("/api/agents/{id}"),
            Some(json!({"name": "X"})),
        ),
        (
            Method::POST,
            format!("/api/agents/{id}/archive"),
            Some(json!({})),
        ),
        (
            Method::POST,
            format!("/api/agents/{id}/restore"),
            Some(json!({})),
        ),
        (Method::GET, format!("/api/agents/{id}/permissions"), None),
        (
            Method::GET,
            format!(
                "/api/agents/{id}/access/explain?user_id={}",
                s.crew.member_id
            ),
            None,
        ),
        (Method::GET, format!("/api/agents/{id}/activity"), None),
    ];
    for (method, path, body) in &paths {
        // Not a member of the agent's workspace.
        stranger
            .at(&s.crew.workspace)
            .send(method.clone(), path, body.clone())
            .await
            .expect_error(404, "not_found");
        // A member of another workspace, asking there: the agent is not in it.
        if path.contains(&id) {
            stranger
                .at(&stranger_ws)
                .send(method.clone(), path, body.clone())
                .await
                .expect_error(404, "not_found");
        }
        // No header.
        let answer = s
            .crew
            .owner
            .request(method.clone(), path, body.clone(), &[])
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(answer["field"], "X-Workspace-ID");
        // No credentials.
        s.crew
            .app
            .anonymous()
            .at(&s.crew.workspace)
            .send(method.clone(), path, body.clone())
            .await
            .expect_error(401, "unauthenticated");
    }
    // Unknown and malformed agent ids are simply not found.
    for bad in [uuid::Uuid::new_v4().to_string(), "not-a-uuid".to_owned()] {
        s.owner
            .get(&format!("/api/agents/{bad}"))
            .await
            .expect_error(404, "not_found");
        s.owner
            .put(&format!("/api/agents/{bad}"), json!({}))
            .await
            .expect_error(404, "not_found");
    }
}

#[tokio::test]
async fn cookie_writes_need_the_csrf_header_and_bearer_tokens_work() {
    let s = Squad::new().await;
    s.crew
        .owner
        .without_csrf()
        .at(&s.crew.workspace)
        .post("/api/agents", json!({"name": "NoCsrf"}))
        .await
        .expect_error(403, "csrf_failed");
    let token = s
        .crew
        .owner
        .post("/api/tokens", json!({"name": "cli"}))
        .await
        .expect(201);
    let cli = s
        .crew
        .owner
        .with_bearer(token["token"].as_str().unwrap())
        .at(&s.crew.workspace);
    cli.create_agent(json!({"name": "ByToken"})).await;
    assert_eq!(cli.agent_names("").await, ["ByToken"]);
}
