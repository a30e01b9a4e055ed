//! Inside one workspace a daemon acts only for its own member (issue 8): another member's
//! daemon id, legacy id or runtime id gets a refusal or nothing, never a takeover.

use super::*;
use crate::helpers::*;
use serde_json::json;

/// The owner, status and agent binding of a runtime row, read from the database.
async fn owner_of(app: &TestApp, id: &str) -> Option<String> {
    app.sql_text("SELECT owner_id FROM agent_runtimes WHERE id = $1", &[id])
        .await
}

async fn status_of(app: &TestApp, id: &str) -> Option<String> {
    app.sql_text("SELECT status FROM agent_runtimes WHERE id = $1", &[id])
        .await
}

async fn runtime_of_agent(app: &TestApp, agent: &str) -> Option<String> {
    app.sql_text("SELECT runtime_id FROM agents WHERE id = $1", &[agent])
        .await
}

#[tokio::test]
async fn a_member_registering_another_members_daemon_id_is_refused_and_nothing_is_written() {
    let crew = Crew::new().await;
    let ws = &crew.workspace;
    let profile = insert_profile(&crew.app, ws, "Wrapped", "codex", true).await;
    let admins = daemon(&crew.admin, ws).await;
    let theirs = register_builtin(&admins, ws, "admins-laptop", "codex").await;
    let before = runtimes(&crew.member, ws).await;

    // Built-ins, a profile instance and a failed profile under the admin's daemon id: the
    // plain member's daemon (and an owner's: no role lifts the rule) is refused whole.
    for caller in [&crew.member, &crew.owner] {
        let mut request = body(
            ws,
            "admins-laptop",
            json!([{"type": "codex"}, {"type": "claude"}, {"type": "codex", "profile_id": profile}]),
        );
        request["failed_profiles"] =
            json!([{"profile_id": profile, "command_name": "x", "reason": "gone"}]);
        daemon(caller, ws)
            .await
            .post("/api/daemon/register", request)
            .await
            .expect_error(403, "runtime_of_another_member");
    }
    assert_eq!(
        owner_of(&crew.app, &theirs).await,
        Some(crew.admin_id.clone())
    );
    assert_eq!(runtimes(&crew.member, ws).await, before, "nothing written");

    // A personal token is the same member: refused too.
    let pat = personal_token(&crew.member).await;
    crew.member
        .with_bearer(&pat)
        .post(
            "/api/daemon/register",
            body(ws, "ADMINS-LAPTOP", json!([{"type": "codex"}])),
        )
        .await
        .expect(200);
    assert_eq!(
        owner_of(&crew.app, &theirs).await,
        Some(crew.admin_id.clone()),
        "a daemon id differing in case is another machine, not a takeover"
    );
    crew.member
        .with_bearer(&pat)
        .post(
            "/api/daemon/register",
            body(ws, "admins-laptop", json!([{"type": "codex"}])),
        )
        .await
        .expect_error(403, "runtime_of_another_member");
}

#[tokio::test]
async fn another_members_legacy_rows_are_never_merged_deleted_or_robbed_of_their_agents() {
    let crew = Crew::new().await;
    let ws = &crew.workspace;
    let admins = daemon(&crew.admin, ws).await;
    let theirs = register_builtin(&admins, ws, "shared-hostname", "codex").await;
    let agent = crew
        .admin
        .at(ws)
        .create_agent(json!({"name": "Private helper", "runtime_id": theirs}))
        .await;
    let agent = agent["id"].as_str().unwrap();

    let mut request = body(ws, "members-uuid", json!([{"type": "codex"}]));
    request["legacy_daemon_ids"] = json!(["shared-hostname"]);
    let mine = register(&daemon(&crew.member, ws).await, request).await["runtimes"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    assert_eq!(
        owner_of(&crew.app, &theirs).await,
        Some(crew.admin_id.clone())
    );
    assert_eq!(
        owner_of(&crew.app, &mine).await,
        Some(crew.member_id.clone())
    );
    assert_eq!(
        runtime_of_agent(&crew.app, agent).await,
        Some(theirs.clone())
    );
}

#[tokio::test]
async fn a_heartbeat_for_another_members_runtime_is_refused_and_changes_nothing() {
    let crew = Crew::new().await;
    let ws = &crew.workspace;
    let theirs = register_builtin(&daemon(&crew.admin, ws).await, ws, "a", "codex").await;
    crew.app
        .sql(
            "UPDATE agent_runtimes SET status = 'offline', last_seen_at = 5 WHERE id = $1",
            &[&theirs],
        )
        .await;
    daemon(&crew.member, ws)
        .await
        .post("/api/daemon/heartbeat", json!({"runtime_id": theirs}))
        .await
        .expect_error(403, "runtime_of_another_member");
    assert_eq!(
        status_of(&crew.app, &theirs).await.as_deref(),
        Some("offline")
    );
    assert_eq!(
        crew.app
            .sql_text(
                "SELECT CAST(last_seen_at AS TEXT) FROM agent_runtimes WHERE id = $1",
                &[&theirs]
            )
            .await
            .as_deref(),
        Some("5")
    );
}

#[tokio::test]
async fn a_deregistration_naming_another_members_runtime_is_refused_whole() {
    let crew = Crew::new().await;
    let ws = &crew.workspace;
    let theirs = register_builtin(&daemon(&crew.admin, ws).await, ws, "a", "codex").await;
    let members = daemon(&crew.member, ws).await;
    let mine = register_builtin(&members, ws, "m", "codex").await;
    members
        .post(
            "/api/daemon/deregister",
            json!({"runtime_ids": [mine, theirs]}),
        )
        .await
        .expect_error(403, "runtime_of_another_member");
    assert_eq!(
        status_of(&crew.app, &theirs).await.as_deref(),
        Some("online")
    );
    assert_eq!(
        status_of(&crew.app, &mine).await.as_deref(),
        Some("online"),
        "nothing written, not even the caller's own row"
    );
    members
        .post("/api/daemon/deregister", json!({"runtime_ids": [mine]}))
        .await
        .expect(200);
    assert_eq!(
        status_of(&crew.app, &mine).await.as_deref(),
        Some("offline")
    );
}

/// The member's machine registered under its old hostname id, its runtime made public, and an
/// agent of the admin's (private to the admin) bound to it. Returns the crew, the member's
/// daemon client, the old runtime and the agent.
async fn public_machine_with_a_colleagues_agent() -> (Crew, Client, String, String) {
    let crew = Crew::new().await;
    let ws = crew.workspace.clone();
    let members = daemon(&crew.member, &ws).await;
    let old = register_builtin(&members, &ws, "old-host", "codex").await;
    crew.member
        .patch(
            &format!("/api/runtimes/{old}"),
            json!({"visibility": "public"}),
        )
        .await
        .expect(200);
    let agent = crew
        .admin
        .at(&ws)
        .create_agent(json!({"name": "Colleague's", "runtime_id": old}))
        .await;
    let agent = agent["id"].as_str().unwrap().to_owned();
    (crew, members, old, agent)
}

#[tokio::test]
async fn a_merged_machine_keeps_its_public_runtimes_colleagues_agents_on_the_new_row() {
    let (crew, members, _old, colleagues) = public_machine_with_a_colleagues_agent().await;
    let ws = &crew.workspace;
    let mut request = body(ws, "new-uuid", json!([{"type": "codex"}]));
    request["legacy_daemon_ids"] = json!(["old-host"]);
    let new = register(&members, request).await["runtimes"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        runtime(&crew.member, ws, &new).await["visibility"],
        "public"
    );
    assert_eq!(runtime_of_agent(&crew.app, &colleagues).await, Some(new));
}

#[tokio::test]
async fn a_merge_that_would_strand_a_colleagues_agent_on_a_private_runtime_is_a_409() {
    // The admin's agent is private to the admin: the member may not even see it.
    let (crew, members, old, hidden) = public_machine_with_a_colleagues_agent().await;
    let ws = &crew.workspace;
    // The new id already has a private row: the agents could not follow.
    let new = register_builtin(&members, ws, "new-uuid", "codex").await;

    let mut request = body(ws, "new-uuid", json!([{"type": "codex"}]));
    request["legacy_daemon_ids"] = json!(["old-host"]);
    let refused = members
        .post("/api/daemon/register", request)
        .await
        .expect_error(409, "runtime_has_active_agents");
    assert_eq!(
        refused["agents"],
        json!([]),
        "an agent the member cannot see is not named"
    );
    assert_eq!(refused["hidden_agents"], 1);
    assert_eq!(
        runtime_of_agent(&crew.app, &hidden).await,
        Some(old.clone())
    );
    assert_eq!(
        owner_of(&crew.app, &old).await,
        Some(crew.member_id.clone())
    );
    assert_eq!(
        runtime(&crew.member, ws, &new).await["visibility"],
        "private"
    );
}
