//! Daemon tokens: minted by any member for themselves, shown once, stored hashed, listed,
//! revoked; bound to one workspace; useless on the web API; gone when their member leaves.

use crate::daemon::{body, daemon, register_builtin, runtime};
use crate::helpers::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

fn path(workspace: &str) -> String {
    format!("/api/workspaces/{workspace}/daemon-tokens")
}

#[tokio::test]
async fn a_member_creates_a_daemon_token_shown_once_and_stored_hashed() {
    let crew = Crew::new().await;
    let created = crew
        .member
        .post(&path(&crew.workspace), json!({"name": "  laptop "}))
        .await
        .expect(201);
    assert_eq!(keys(&created), ["daemon_token", "token"]);
    let token = created["token"].as_str().unwrap();
    let secret = token.strip_prefix("agd_").expect("agd_ prefix");
    assert_eq!(secret.len(), 40);
    assert!(secret.chars().all(|c| c.is_ascii_hexdigit()));
    let row = &created["daemon_token"];
    assert_eq!(
        keys(row),
        [
            "created_at",
            "expires_at",
            "id",
            "last_used_at",
            "name",
            "token_prefix",
            "user_id",
            "workspace_id"
        ]
    );
    assert_eq!(row["name"], "laptop");
    assert_eq!(row["workspace_id"], crew.workspace);
    assert_eq!(row["user_id"], crew.member_id);
    assert_eq!(row["last_used_at"], Value::Null);
    assert!(token.starts_with(row["token_prefix"].as_str().unwrap()));
    assert_eq!(row["token_prefix"].as_str().unwrap().len(), 12);
    let lifetime = unix_seconds(&row["expires_at"]) - unix_seconds(&row["created_at"]);
    assert_eq!(lifetime, 90 * 24 * 60 * 60, "90 days by default");

    let stored = crew
        .app
        .sql_text(
            "SELECT token_hash FROM daemon_tokens WHERE id = $1",
            &[row["id"].as_str().unwrap()],
        )
        .await
        .unwrap();
    assert_eq!(stored, hex::encode(Sha256::digest(token.as_bytes())));
    let listed = crew.member.get(&path(&crew.workspace)).await.expect(200);
    assert!(
        !listed.to_string().contains(token),
        "the list never shows the secret"
    );

    let short = crew
        .member
        .post(
            &path(&crew.workspace),
            json!({"name": "ci", "expires_in_days": 7}),
        )
        .await
        .expect(201);
    let row = &short["daemon_token"];
    assert_eq!(
        unix_seconds(&row["expires_at"]) - unix_seconds(&row["created_at"]),
        7 * 24 * 60 * 60
    );
}

#[tokio::test]
async fn invalid_names_and_lifetimes_are_400_and_non_members_404() {
    let crew = Crew::new().await;
    for (request, field) in [
        (json!({"name": " "}), "name"),
        (json!({"name": "x".repeat(101)}), "name"),
        (
            json!({"name": "a", "expires_in_days": 0}),
            "expires_in_days",
        ),
        (
            json!({"name": "a", "expires_in_days": 3651}),
            "expires_in_days",
        ),
        (json!({}), "name"),
    ] {
        let answer = crew
            .member
            .post(&path(&crew.workspace), request.clone())
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(answer["field"], field, "{request}");
    }
    let stranger = crew.app.register("stranger@example.com", "S").await;
    stranger
        .post(&path(&crew.workspace), json!({"name": "x"}))
        .await
        .expect_error(404, "not_found");
    stranger
        .get(&path(&crew.workspace))
        .await
        .expect_error(404, "not_found");
    for client in [crew.app.anonymous(), crew.owner.with_bearer("agd_nope")] {
        client
            .post(&path(&crew.workspace), json!({"name": "x"}))
            .await
            .expect_error(401, "unauthenticated");
        client
            .get(&path(&crew.workspace))
            .await
            .expect_error(401, "unauthenticated");
        client
            .delete(&format!(
                "{}/{}",
                path(&crew.workspace),
                uuid::Uuid::new_v4()
            ))
            .await
            .expect_error(401, "unauthenticated");
    }
}

#[tokio::test]
async fn members_list_their_own_tokens_and_owners_and_admins_see_everyones() {
    let crew = Crew::new().await;
    for client in [&crew.owner, &crew.admin, &crew.member] {
        client
            .post(&path(&crew.workspace), json!({"name": "box"}))
            .await
            .expect(201);
    }
    let owners = |list: Value| -> Vec<String> {
        let mut ids: Vec<String> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["user_id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(
        owners(crew.member.get(&path(&crew.workspace)).await.expect(200)),
        std::slice::from_ref(&crew.member_id)
    );
    let mut everyone = vec![
        crew.owner_id.clone(),
        crew.admin_id.clone(),
        crew.member_id.clone(),
    ];
    everyone.sort();
    assert_eq!(
        owners(crew.admin.get(&path(&crew.workspace)).await.expect(200)),
        everyone
    );
    assert_eq!(
        owners(crew.owner.get(&path(&crew.workspace)).await.expect(200)),
        everyone
    );
}

#[tokio::test]
async fn a_member_revokes_only_their_own_token_and_admins_any() {
    let crew = Crew::new().await;
    let mint = |client: Client| {
        let ws = crew.workspace.clone();
        async move {
            let created = client
                .post(&path(&ws), json!({"name": "box"}))
                .await
                .expect(201);
            (
                created["token"].as_str().unwrap().to_owned(),
                created["daemon_token"]["id"].as_str().unwrap().to_owned(),
            )
        }
    };
    let (owner_token, owner_token_id) = mint(crew.owner.clone()).await;
    let (member_token, member_token_id) = mint(crew.member.clone()).await;
    let (_, member_second_id) = mint(crew.member.clone()).await;
    let one = |id: &str| format!("{}/{id}", path(&crew.workspace));

    crew.member
        .delete(&one(&owner_token_id))
        .await
        .expect_error(404, "not_found");
    crew.member.delete(&one(&member_token_id)).await.expect(204);
    crew.member
        .delete(&one(&member_token_id))
        .await
        .expect_error(404, "not_found");
    crew.admin.delete(&one(&member_second_id)).await.expect(204);
    crew.member
        .delete(&one("not-a-uuid"))
        .await
        .expect_error(404, "not_found");

    let revoked = crew.member.with_bearer(&member_token);
    revoked
        .post(
            "/api/daemon/register",
            body(&crew.workspace, "m", json!([{"type": "codex"}])),
        )
        .await
        .expect_error(401, "unauthenticated");
    register_builtin(
        &crew.owner.with_bearer(&owner_token),
        &crew.workspace,
        "m",
        "codex",
    )
    .await;

    // Another workspace's token id is 404 in this one, even for its owner.
    let (stranger, other_ws) = crew
        .app
        .owner_with_workspace("stranger@example.com", "other")
        .await;
    let theirs = stranger
        .post(&path(&other_ws), json!({"name": "x"}))
        .await
        .expect(201);
    crew.owner
        .delete(&one(theirs["daemon_token"]["id"].as_str().unwrap()))
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn an_expired_daemon_token_is_401_and_use_is_recorded() {
    let crew = Crew::new().await;
    let created = crew
        .member
        .post(&path(&crew.workspace), json!({"name": "box"}))
        .await
        .expect(201);
    let token = created["token"].as_str().unwrap();
    let id = created["daemon_token"]["id"].as_str().unwrap();
    let d = crew.member.with_bearer(token);
    register_builtin(&d, &crew.workspace, "m", "codex").await;
    let listed = crew.member.get(&path(&crew.workspace)).await.expect(200);
    assert!((unix_seconds(&listed[0]["last_used_at"]) - now_seconds()).abs() < 60);

    crew.app
        .sql(
            "UPDATE daemon_tokens SET expires_at = 1 WHERE id = $1",
            &[id],
        )
        .await;
    d.post(
        "/api/daemon/register",
        body(&crew.workspace, "m", json!([{"type": "codex"}])),
    )
    .await
    .expect_error(401, "unauthenticated");
}

#[tokio::test]
async fn a_daemon_token_is_refused_on_the_web_api() {
    let crew = Crew::new().await;
    let d = daemon(&crew.member, &crew.workspace).await;
    d.get("/api/me").await.expect_error(401, "unauthenticated");
    d.get(&path(&crew.workspace))
        .await
        .expect_error(401, "unauthenticated");
    d.request(
        axum::http::Method::GET,
        "/api/runtimes",
        None,
        &[("x-workspace-id", &crew.workspace)],
    )
    .await
    .expect_error(401, "unauthenticated");
}

#[tokio::test]
async fn a_removed_members_tokens_stop_working_and_their_runtimes_go_offline() {
    let crew = Crew::new().await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let id = register_builtin(&d, &crew.workspace, "m", "codex").await;
    let mut events = crew.app.state.events.subscribe();
    crew.owner
        .delete(&format!(
            "/api/workspaces/{}/members/{}",
            crew.workspace, crew.member_id
        ))
        .await
        .expect(204);
    let event = events.try_recv().expect("runtimes:changed after removal");
    assert_eq!(event.name(), "runtimes:changed");
    d.post("/api/daemon/heartbeat", json!({"runtime_id": id}))
        .await
        .expect_error(401, "unauthenticated");
    assert_eq!(
        crew.app
            .sql_text(
                "SELECT CAST(COUNT(*) AS TEXT) FROM daemon_tokens WHERE user_id = $1",
                &[&crew.member_id]
            )
            .await
            .as_deref(),
        Some("0")
    );
    assert_eq!(
        runtime(&crew.owner, &crew.workspace, &id).await["status"],
        "offline"
    );
}

#[tokio::test]
async fn a_daemon_token_stops_reaching_the_workspace_when_its_member_is_gone_even_if_the_row_survives(
) {
    // Belt and braces: access is checked against membership on every call, not only by the
    // token's existence.
    let crew = Crew::new().await;
    let d = daemon(&crew.member, &crew.workspace).await;
    crew.app
        .sql(
            "DELETE FROM members WHERE workspace_id = $1 AND user_id = $2",
            &[&crew.workspace, &crew.member_id],
        )
        .await;
    d.post(
        "/api/daemon/register",
        body(&crew.workspace, "m", json!([{"type": "codex"}])),
    )
    .await
    .expect_error(404, "not_found");
}
