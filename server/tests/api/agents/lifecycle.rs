//! What happens around an agent: member removal and team deletion prune grants (spec §4.12,
//! cases 36–38), `mcp_config` redaction (case 25), the audit log and its Activity endpoint,
//! and deleting the workspace.

use super::*;

#[tokio::test]
async fn spec_36_to_38_removing_a_member_prunes_their_grants_in_that_workspace_only() {
    let s = Squad::new().await;
    let app = &s.crew.app;
    // The other member also belongs to a second workspace, with a grant there.
    let (second_owner, second) = app
        .owner_with_workspace("second@example.com", "second")
        .await;
    invite_existing(
        &second_owner,
        &second,
        &s.other.client,
        "other@example.com",
        "member",
    )
    .await;
    let there = second_owner
        .at(&second)
        .create_agent(shared("There", json!([member_target(&s.other_id)])))
        .await;
    let here = s
        .owner
        .create_agent(shared(
            "Here",
            json!([member_target(&s.other_id), member_target(&s.crew.member_id)]),
        ))
        .await;
    let only_other = s
        .member
        .create_agent(shared("OnlyOther", json!([member_target(&s.other_id)])))
        .await;
    assert!(s.other.can_invoke(&id_of(&here)).await);

    s.crew
        .admin
        .delete(&format!(
            "/api/workspaces/{}/members/{}",
            s.crew.workspace, s.other_id
        ))
        .await
        .expect(204);
    // 36: the grants are gone (the member's own grant survives).
    let here_now = s
        .owner
        .get(&format!("/api/agents/{}", id_of(&here)))
        .await
        .expect(200);
    assert_eq!(
        targets_of(&here_now),
        [("member".to_owned(), s.crew.member_id.clone())]
    );
    let only_now = s
        .member
        .get(&format!("/api/agents/{}", id_of(&only_other)))
        .await
        .expect(200);
    // Its last target gone, the agent became private, never wider, in the same audit event.
    assert_eq!(only_now["invocation_targets"], json!([]));
    assert_eq!(only_now["permission_mode"], "private");
    let only_activity = s
        .member
        .get(&format!("/api/agents/{}/activity", id_of(&only_other)))
        .await
        .expect(200);
    assert_eq!(only_activity[0]["action"], "access_pruned");
    assert_eq!(only_activity[0]["before"]["permission_mode"], "public_to");
    assert_eq!(only_activity[0]["after"]["permission_mode"], "private");
    assert_eq!(only_activity[0]["after"]["invocation_targets"], json!([]));
    // 38: the grant in the other workspace survives.
    assert_eq!(s.target_rows(&id_of(&there)).await, 1);
    assert!(s.other.client.at(&second).can_invoke(&id_of(&there)).await);
    // 37: re-inviting does not bring them back.
    invite_existing(
        &s.crew.owner,
        &s.crew.workspace,
        &s.other.client,
        "other@example.com",
        "member",
    )
    .await;
    assert!(!s.other.can_invoke(&id_of(&here)).await);
    assert_eq!(s.other.agent_names("").await, Vec::<String>::new());
    // The pruning is in the agents' activity, attributed to the admin who removed them.
    let activity = s
        .owner
        .get(&format!("/api/agents/{}/activity", id_of(&here)))
        .await
        .expect(200);
    let pruned = &activity[0];
    assert_eq!(pruned["action"], "access_pruned");
    assert_eq!(pruned["actor_id"], s.crew.admin_id.as_str());
    assert_eq!(targets_of(&pruned["before"]).len(), 2);
    assert_eq!(targets_of(&pruned["after"]).len(), 1);
}

#[tokio::test]
async fn leaving_a_workspace_prunes_ones_own_grants_too() {
    let s = Squad::new().await;
    let agent = s
        .owner
        .create_agent(shared("Leaver", json!([member_target(&s.other_id)])))
        .await;
    s.other
        .client
        .post(
            &format!("/api/workspaces/{}/leave", s.crew.workspace),
            json!({}),
        )
        .await
        .expect(204);
    assert_eq!(s.target_rows(&id_of(&agent)).await, 0);
    let activity = s
        .owner
        .get(&format!("/api/agents/{}/activity", id_of(&agent)))
        .await
        .expect(200);
    assert_eq!(activity[0]["action"], "access_pruned");
    assert_eq!(activity[0]["actor_id"], s.other_id.as_str());
}

#[tokio::test]
async fn deleting_a_team_deletes_its_grants() {
    let s = Squad::new().await;
    let team = s.team("Core", &[&s.other_id]).await;
    let keep = s.team("Keep", &[&s.other_id]).await;
    let agent = s
        .owner
        .create_agent(shared(
            "TeamGranted",
            json!([team_target(&team), team_target(&keep)]),
        ))
        .await;
    let id = id_of(&agent);
    s.crew
        .owner
        .delete(&format!(
            "/api/workspaces/{}/teams/{team}",
            s.crew.workspace
        ))
        .await
        .expect(204);
    let after = s.owner.get(&format!("/api/agents/{id}")).await.expect(200);
    assert_eq!(targets_of(&after), [("team".to_owned(), keep.clone())]);
    assert_eq!(s.target_rows(&id).await, 1);
    assert!(s.other.can_invoke(&id).await);
    let activity = s
        .owner
        .get(&format!("/api/agents/{id}/activity"))
        .await
        .expect(200);
    assert_eq!(activity[0]["action"], "access_pruned");
    // An unknown team is still a 404, and nothing else was touched.
    s.crew
        .owner
        .delete(&format!(
            "/api/workspaces/{}/teams/{team}",
            s.crew.workspace
        ))
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn spec_25_mcp_config_is_shown_to_the_agent_owner_and_admins_only() {
    let s = Squad::new().await;
    let config = json!({"mcpServers": {"db": {"command": "db-mcp", "env": {"TOKEN": "s3cret"}}}});
    let agent = s
        .member
        .create_agent(json!({"name": "Secretive", "visibility": "workspace", "mcp_config": config}))
        .await;
    let without = s
        .member
        .create_agent(json!({"name": "Plain", "visibility": "workspace"}))
        .await;
    let path = format!("/api/agents/{}", id_of(&agent));
    for reader in [&s.member, &s.admin, &s.owner] {
        let read = reader.get(&path).await.expect(200);
        assert_eq!(
            (&read["mcp_config"], &read["mcp_config_redacted"]),
            (&config, &json!(false))
        );
    }
    let redacted = s.other.get(&path).await.expect(200);
    assert_eq!(
        (&redacted["mcp_config"], &redacted["mcp_config_redacted"]),
        (&Value::Null, &json!(true))
    );
    // In the list as well; the flag is set only when there was something to withhold.
    let list = s.other.get("/api/agents").await.expect(200);
    let by_name = |name: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(by_name("Secretive")["mcp_config_redacted"], true);
    assert_eq!(by_name("Secretive")["mcp_config"], Value::Null);
    assert_eq!(by_name("Plain")["mcp_config_redacted"], false);
    let _ = without;
    assert!(!list.to_string().contains("s3cret"));
    let admin_list = s.admin.get("/api/agents").await.expect(200);
    assert!(admin_list.to_string().contains("s3cret"));
    // RD2: an admin's update response carries it (they may read it anyway).
    let updated = s
        .admin
        .put(&path, json!({"description": "d"}))
        .await
        .expect(200);
    assert_eq!(updated["mcp_config"], config);
}

#[tokio::test]
async fn access_changes_and_archive_restore_are_audited_newest_first() {
    let s = Squad::new().await;
    let agent = s.member.create_agent(json!({"name": "Audited"})).await;
    let id = id_of(&agent);
    let path = format!("/api/agents/{id}");
    let activity = format!("{path}/activity");
    // Edits that do not change access leave no trace; neither does an owner's resubmit.
    s.member
        .put(&path, json!({"description": "x"}))
        .await
        .expect(200);
    s.member
        .put(&path, json!({"permission_mode": "private"}))
        .await
        .expect(200);
    s.member
        .put(
            &path,
            shared("Audited", json!([member_target(&s.other_id)])),
        )
        .await
        .expect(200);
    s.member
        .put(
            &path,
            shared("Audited", json!([member_target(&s.other_id)])),
        )
        .await
        .expect(200);
    s.admin
        .post(&format!("{path}/archive"), json!({}))
        .await
        .expect(200);
    s.admin
        .post(&format!("{path}/archive"), json!({}))
        .await
        .expect(200);
    s.member
        .post(&format!("{path}/restore"), json!({}))
        .await
        .expect(200);

    let events = s.member.get(&activity).await.expect(200);
    let events = events.as_array().unwrap();
    let actions: Vec<&str> = events
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["restored", "archived", "access_changed", "created"]
    );
    assert_eq!(
        keys(&events[0]),
        [
            "action",
            "actor_id",
            "actor_name",
            "after",
            "agent_id",
            "before",
            "created_at",
            "id"
        ]
    );
    let (restored, archived, changed, created) = (&events[0], &events[1], &events[2], &events[3]);
    assert_eq!(restored["actor_id"], s.crew.member_id.as_str());
    assert_eq!(restored["after"], json!({"archived_at": null}));
    assert!(restored["before"]["archived_at"].is_string());
    assert_eq!(archived["actor_id"], s.crew.admin_id.as_str());
    assert_eq!(archived["actor_name"], "admin");
    assert_eq!(archived["before"], json!({"archived_at": null}));
    assert_eq!(
        changed["before"],
        json!({"permission_mode": "private", "invocation_targets": []})
    );
    assert_eq!(
        changed["after"],
        json!({"permission_mode": "public_to", "invocation_targets": [member_target(&s.other_id)]})
    );
    assert_eq!(created["before"], Value::Null);
    assert_eq!(created["after"]["permission_mode"], "private");
    assert_eq!(created["agent_id"], id.as_str());
    assert!((unix_seconds(&created["created_at"]) - now_seconds()).abs() < 60);

    // The manage gate: admins read it, a member who is not the owner does not.
    assert_eq!(
        s.admin
            .get(&activity)
            .await
            .expect(200)
            .as_array()
            .unwrap()
            .len(),
        4
    );
    s.other
        .get(&activity)
        .await
        .expect_error(403, "not_agent_manager");
}

#[tokio::test]
async fn the_audit_log_is_append_only() {
    let s = Squad::new().await;
    let agent = s.owner.create_agent(json!({"name": "Logged"})).await;
    let update = sqlx::query("UPDATE audit_events SET action = 'restored' WHERE agent_id = $1")
        .bind(id_of(&agent))
        .execute(&s.crew.app.state.db.pool)
        .await;
    // The refusal must be the migrations' trigger (same message on both backends), not any
    // error an UPDATE could meet (a typo, a missing column, a closed pool).
    let refusal = update.expect_err("audit rows must not be updated");
    let message = refusal
        .as_database_error()
        .map(|e| e.message().to_owned())
        .unwrap_or_else(|| panic!("not a refusal by the database: {refusal}"));
    assert!(
        message.contains("audit_events is append-only"),
        "refused for another reason: {message}"
    );
    let activity = s
        .owner
        .get(&format!("/api/agents/{}/activity", id_of(&agent)))
        .await
        .expect(200);
    assert_eq!(activity[0]["action"], "created");
}

#[tokio::test]
async fn deleting_a_workspace_deletes_its_agents_their_targets_and_events() {
    let s = Squad::new().await;
    let agent = s
        .owner
        .create_agent(shared("Gone", json!([member_target(&s.crew.member_id)])))
        .await;
    s.crew
        .owner
        .delete_with(
            &format!("/api/workspaces/{}", s.crew.workspace),
            json!({"confirm_slug": "acme"}),
        )
        .await
        .expect(204);
    for table in ["agents", "agent_invocation_targets", "audit_events"] {
        let count = s
            .crew
            .app
            .sql_text(&format!("SELECT CAST(COUNT(*) AS TEXT) FROM {table}"), &[])
            .await
            .unwrap();
        assert_eq!(count, "0", "{table}");
    }
    let _ = agent;
}
