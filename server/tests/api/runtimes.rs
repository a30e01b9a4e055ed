//! `/api/runtimes` (list, rename, visibility, delete; spec C.6, J 28) and binding agents to
//! runtimes (spec C.7).

use crate::daemon::{body, daemon, insert_profile, register, register_builtin, runtime, runtimes};
use crate::helpers::*;
use axum::http::Method;
use serde_json::{json, Value};

async fn agent_call(
    client: &Client,
    ws: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Answer {
    client
        .request(method, path, body, &[("x-workspace-id", ws)])
        .await
}

async fn create_agent(client: &Client, ws: &str, body: Value) -> Answer {
    agent_call(client, ws, Method::POST, "/api/agents", Some(body)).await
}

#[tokio::test]
async fn members_list_the_workspaces_runtimes_oldest_first_with_their_launch_header() {
    let crew = Crew::new().await;
    let profile = insert_profile(&crew.app, &crew.workspace, "Wrapped", "codex", true).await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let first = register_builtin(&d, &crew.workspace, "m", "claude").await;
    // Registrations within one millisecond tie on created_at; make the first clearly older.
    crew.app
        .sql(
            "UPDATE agent_runtimes SET created_at = created_at - 1000 WHERE id = $1",
            &[&first],
        )
        .await;
    let second = register(
        &d,
        body(
            &crew.workspace,
            "m",
            json!([{"type": "codex", "profile_id": profile}, {"type": "Mystery"}]),
        ),
    )
    .await;
    let list = runtimes(&crew.owner, &crew.workspace).await;
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["id"], first);
    assert_eq!(list[0]["launch_header"], "Claude Code");
    // The two rows of one registration share a timestamp, so their order is the id's.
    let instance = list
        .iter()
        .find(|r| r["id"] == second["runtimes"][0]["id"])
        .unwrap();
    assert_eq!(instance["launch_header"], "Wrapped");
    let mystery = list
        .iter()
        .find(|r| r["id"] == second["runtimes"][1]["id"])
        .unwrap();
    assert_eq!(mystery["provider"], "mystery");
    assert_eq!(mystery["launch_header"], "mystery");

    let (stranger, other_ws) = crew
        .app
        .owner_with_workspace("stranger@example.com", "other")
        .await;
    assert!(runtimes(&stranger, &other_ws).await.is_empty());
    stranger
        .request(
            Method::GET,
            "/api/runtimes",
            None,
            &[("x-workspace-id", &crew.workspace)],
        )
        .await
        .expect_error(404, "not_found");
    crew.owner
        .get("/api/runtimes")
        .await
        .expect_error(400, "invalid_input");
}

#[tokio::test]
async fn the_runtime_owner_and_admins_rename_but_other_members_cannot() {
    let crew = Crew::new().await;
    let owners_runtime = register_builtin(
        &daemon(&crew.owner, &crew.workspace).await,
        &crew.workspace,
        "o",
        "codex",
    )
    .await;
    let members_runtime = register_builtin(
        &daemon(&crew.member, &crew.workspace).await,
        &crew.workspace,
        "m",
        "codex",
    )
    .await;
    let path = |id: &str| format!("/api/runtimes/{id}");

    let renamed = crew
        .member
        .patch(&path(&members_runtime), json!({"custom_name": "  Mine "}))
        .await
        .expect(200);
    assert_eq!(renamed["custom_name"], "Mine");
    assert_eq!(renamed["id"], members_runtime);
    crew.admin
        .patch(
            &path(&members_runtime),
            json!({"custom_name": "Admin's pick"}),
        )
        .await
        .expect(200);
    let denied = crew
        .member
        .patch(&path(&owners_runtime), json!({"custom_name": "Hijack"}))
        .await
        .expect_error(403, "not_runtime_owner");
    assert!(denied["error"].as_str().unwrap().contains("owner"));
    crew.member
        .patch(&path(&members_runtime), json!({"custom_name": null}))
        .await
        .expect(200);
    assert_eq!(
        runtime(&crew.member, &crew.workspace, &members_runtime).await["custom_name"],
        Value::Null
    );
    crew.member
        .patch(
            &path(&members_runtime),
            json!({"custom_name": "x".repeat(101)}),
        )
        .await
        .expect_error(400, "invalid_input");
    // An empty body changes nothing and needs no permission beyond membership.
    crew.member
        .patch(&path(&owners_runtime), json!({}))
        .await
        .expect(200);
}

#[tokio::test]
async fn only_the_runtime_owner_changes_its_visibility() {
    let crew = Crew::new().await;
    let id = register_builtin(
        &daemon(&crew.member, &crew.workspace).await,
        &crew.workspace,
        "m",
        "codex",
    )
    .await;
    let path = format!("/api/runtimes/{id}");
    for admin in [&crew.owner, &crew.admin] {
        admin
            .patch(&path, json!({"visibility": "public"}))
            .await
            .expect_error(403, "visibility_requires_runtime_owner");
    }
    // Re-sending the current value is not a change.
    crew.admin
        .patch(
            &path,
            json!({"visibility": "private", "custom_name": "Box"}),
        )
        .await
        .expect(200);
    let public = crew
        .member
        .patch(&path, json!({"visibility": "public"}))
        .await
        .expect(200);
    assert_eq!(public["visibility"], "public");
    crew.member
        .patch(&path, json!({"visibility": "everyone"}))
        .await
        .expect_error(400, "invalid_input");
}

#[tokio::test]
async fn runtimes_of_other_workspaces_and_unknown_ids_are_404_and_anonymous_callers_401() {
    let crew = Crew::new().await;
    let id = register_builtin(
        &daemon(&crew.member, &crew.workspace).await,
        &crew.workspace,
        "m",
        "codex",
    )
    .await;
    let (stranger, _) = crew
        .app
        .owner_with_workspace("stranger@example.com", "other")
        .await;
    let path = format!("/api/runtimes/{id}");
    stranger
        .patch(&path, json!({"custom_name": "x"}))
        .await
        .expect_error(404, "not_found");
    stranger.delete(&path).await.expect_error(404, "not_found");
    for bad in [uuid::Uuid::new_v4().to_string(), "nope".to_owned()] {
        crew.owner
            .patch(&format!("/api/runtimes/{bad}"), json!({}))
            .await
            .expect_error(404, "not_found");
        crew.owner
            .delete(&format!("/api/runtimes/{bad}"))
            .await
            .expect_error(404, "not_found");
    }
    let anonymous = crew.app.anonymous();
    anonymous
        .request(
            Method::GET,
            "/api/runtimes",
            None,
            &[("x-workspace-id", &crew.workspace)],
        )
        .await
        .expect_error(401, "unauthenticated");
    anonymous
        .patch(&path, json!({}))
        .await
        .expect_error(401, "unauthenticated");
    anonymous
        .delete(&path)
        .await
        .expect_error(401, "unauthenticated");
}

#[tokio::test]
async fn deleting_a_live_profiles_instance_is_refused_but_an_orphan_goes() {
    let crew = Crew::new().await;
    let profile = insert_profile(&crew.app, &crew.workspace, "Wrapped", "codex", true).await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let id = register(
        &d,
        body(
            &crew.workspace,
            "m",
            json!([{"type": "codex", "profile_id": profile}]),
        ),
    )
    .await["runtimes"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/runtimes/{id}");
    crew.owner
        .delete(&path)
        .await
        .expect_error(409, "runtime_profile_instance_delete_unsupported");
    crew.app
        .sql("DELETE FROM runtime_profiles WHERE id = $1", &[&profile])
        .await;
    let orphan = runtime(&crew.member, &crew.workspace, &id).await;
    assert_eq!(
        orphan["launch_header"], "Codex",
        "an orphan falls back to its family"
    );
    let answer = crew.owner.delete(&path).await.expect(200);
    assert_eq!(answer, json!({"status": "ok"}));
    assert!(runtimes(&crew.member, &crew.workspace).await.is_empty());
}

#[tokio::test]
async fn deleting_a_runtime_with_active_agents_is_refused_listing_them() {
    let crew = Crew::new().await;
    let id = register_builtin(
        &daemon(&crew.member, &crew.workspace).await,
        &crew.workspace,
        "m",
        "codex",
    )
    .await;
    let ws = &crew.workspace;
    let active = create_agent(
        &crew.member,
        ws,
        json!({"name": "Active", "runtime_id": id}),
    )
    .await
    .expect(201);
    let archived = create_agent(&crew.member, ws, json!({"name": "Old", "runtime_id": id}))
        .await
        .expect(201);
    let archived_id = archived["id"].as_str().unwrap();
    agent_call(
        &crew.member,
        ws,
        Method::POST,
        &format!("/api/agents/{archived_id}/archive"),
        None,
    )
    .await
    .expect(200);
    let path = format!("/api/runtimes/{id}");

    // A member deleting someone else's runtime is 403 before anything else.
    let owners = register_builtin(&daemon(&crew.owner, ws).await, ws, "o", "codex").await;
    crew.member
        .delete(&format!("/api/runtimes/{owners}"))
        .await
        .expect_error(403, "not_runtime_owner");

    let refused = crew.member.delete(&path).await.expect(409);
    assert_eq!(keys(&refused), ["agents", "code", "error", "hidden_agents"]);
    assert_eq!(refused["hidden_agents"], 0);
    assert_eq!(refused["code"], "runtime_has_active_agents");
    assert_eq!(
        refused["agents"],
        json!([{"id": active["id"], "name": "Active"}])
    );
    agent_call(
        &crew.member,
        ws,
        Method::POST,
        &format!("/api/agents/{}/archive", active["id"].as_str().unwrap()),
        None,
    )
    .await
    .expect(200);
    crew.member.delete(&path).await.expect(200);
    let survivor = agent_call(
        &crew.member,
        ws,
        Method::GET,
        &format!("/api/agents/{archived_id}"),
        None,
    )
    .await
    .expect(200);
    assert_eq!(survivor["runtime_id"], Value::Null);
}

#[tokio::test]
async fn a_refused_runtime_delete_names_only_the_agents_the_caller_may_see_and_counts_the_rest() {
    let crew = Crew::new().await;
    let ws = &crew.workspace;
    let id = register_builtin(&daemon(&crew.member, ws).await, ws, "m", "codex").await;
    crew.member
        .patch(
            &format!("/api/runtimes/{id}"),
            json!({"visibility": "public"}),
        )
        .await
        .expect(200);
    let mine = create_agent(&crew.member, ws, json!({"name": "Mine", "runtime_id": id}))
        .await
        .expect(201);
    // Two agents private to the admin and the owner: the member may not view them.
    for (client, name) in [
        (&crew.admin, "Admin's secret"),
        (&crew.owner, "Owner's secret"),
    ] {
        create_agent(client, ws, json!({"name": name, "runtime_id": id}))
            .await
            .expect(201);
    }
    let path = format!("/api/runtimes/{id}");
    let refused = crew.member.delete(&path).await.expect(409);
    assert_eq!(
        refused["agents"],
        json!([{"id": mine["id"], "name": "Mine"}])
    );
    assert_eq!(refused["hidden_agents"], 2);
    assert!(
        !refused.to_string().contains("secret"),
        "no hidden name leaks: {refused}"
    );
    // An admin views every agent: all three named, none hidden.
    let refused = crew.admin.delete(&path).await.expect(409);
    assert_eq!(refused["agents"].as_array().unwrap().len(), 3);
    assert_eq!(refused["hidden_agents"], 0);
}

#[tokio::test]
async fn an_agent_binds_only_to_a_runtime_of_its_workspace_that_its_owner_may_use() {
    let crew = Crew::new().await;
    let ws = &crew.workspace;
    let members_runtime = register_builtin(&daemon(&crew.member, ws).await, ws, "m", "codex").await;
    let (stranger, other_ws) = crew
        .app
        .owner_with_workspace("stranger@example.com", "other")
        .await;
    let foreign =
        register_builtin(&daemon(&stranger, &other_ws).await, &other_ws, "s", "codex").await;

    // Someone else's private runtime: 403 with the rule's code.
    create_agent(
        &crew.owner,
        ws,
        json!({"name": "A", "runtime_id": members_runtime}),
    )
    .await
    .expect_error(403, "runtime_private");
    // Unknown and foreign runtimes read the same: 400 naming runtime_id.
    for id in [foreign.clone(), uuid::Uuid::new_v4().to_string()] {
        let answer = create_agent(&crew.owner, ws, json!({"name": "A", "runtime_id": id}))
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(answer["field"], "runtime_id");
        assert!(answer["error"]
            .as_str()
            .unwrap()
            .ends_with("runtime_id does not name a runtime of this workspace"));
    }
    // Its owner binds to it; once public, anyone's agent may.
    let own = create_agent(
        &crew.member,
        ws,
        json!({"name": "Mine", "runtime_id": members_runtime}),
    )
    .await
    .expect(201);
    assert_eq!(own["runtime_id"], members_runtime);
    let owners_agent = create_agent(&crew.owner, ws, json!({"name": "B"}))
        .await
        .expect(201);
    let owners_agent_path = format!("/api/agents/{}", owners_agent["id"].as_str().unwrap());
    agent_call(
        &crew.owner,
        ws,
        Method::PUT,
        &owners_agent_path,
        Some(json!({"runtime_id": members_runtime})),
    )
    .await
    .expect_error(403, "runtime_private");
    crew.member
        .patch(
            &format!("/api/runtimes/{members_runtime}"),
            json!({"visibility": "public"}),
        )
        .await
        .expect(200);
    let bound = agent_call(
        &crew.owner,
        ws,
        Method::PUT,
        &owners_agent_path,
        Some(json!({"runtime_id": members_runtime})),
    )
    .await
    .expect(200);
    assert_eq!(bound["runtime_id"], members_runtime);

    // Going private again stops new bindings, not existing ones: editing the bound agent
    // (even resubmitting its runtime) still works.
    crew.member
        .patch(
            &format!("/api/runtimes/{members_runtime}"),
            json!({"visibility": "private"}),
        )
        .await
        .expect(200);
    agent_call(
        &crew.owner,
        ws,
        Method::PUT,
        &owners_agent_path,
        Some(json!({"name": "B2", "runtime_id": members_runtime})),
    )
    .await
    .expect(200);
    agent_call(
        &crew.owner,
        ws,
        Method::PUT,
        &owners_agent_path,
        Some(json!({"runtime_id": null})),
    )
    .await
    .expect(200);

    // A runtime nobody owns serves no agent.
    let ownerless = register_builtin(&daemon(&crew.member, ws).await, ws, "m", "claude").await;
    crew.app
        .sql(
            "UPDATE agent_runtimes SET owner_id = NULL, visibility = 'public' WHERE id = $1",
            &[&ownerless],
        )
        .await;
    create_agent(
        &crew.member,
        ws,
        json!({"name": "C", "runtime_id": ownerless}),
    )
    .await
    .expect_error(400, "runtime_without_owner");
}

#[tokio::test]
async fn patching_and_deleting_a_runtime_publish_runtimes_changed() {
    let crew = Crew::new().await;
    let id = register_builtin(
        &daemon(&crew.member, &crew.workspace).await,
        &crew.workspace,
        "m",
        "codex",
    )
    .await;
    let mut events = crew.app.state.events.subscribe();
    crew.member
        .patch(
            &format!("/api/runtimes/{id}"),
            json!({"custom_name": "Box"}),
        )
        .await
        .expect(200);
    assert_eq!(events.try_recv().unwrap().name(), "runtimes:changed");
    crew.member
        .delete(&format!("/api/runtimes/{id}"))
        .await
        .expect(200);
    assert_eq!(events.try_recv().unwrap().name(), "runtimes:changed");
}
