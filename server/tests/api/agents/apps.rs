//! An agent's connected apps (issue 10): the allowlist is read and written by the agent's
//! owner only (spec §4.10 RD4–RD8, §4.11, with the issue's 403 for anyone else's change in
//! place of §9 case 40's silent drop), audited, ignored while connected apps are off; and
//! whoever else may run the agent is told whose apps its runs use.

use super::*;
use agentry_core::{ConnectionId, UserId};
use agentry_server::db::connections::{self, NewConnection};

const ALLOWLIST: &str = "composio_toolkit_allowlist";
const REDACTED: &str = "composio_toolkit_allowlist_redacted";

/// The squad on an app with connected apps on (a key, and a Composio that is never called).
async fn squad() -> Squad {
    Squad::on(apps_app(true).await).await
}

async fn apps_app(on: bool) -> TestApp {
    TestApp::with_config(|c| {
        c.composio_api_key = on.then(|| "ck_test".parse().unwrap());
        c.composio_base_url = "http://127.0.0.1:9".into();
    })
    .await
}

/// Records an active connection of `user` to `slug`; returns its id.
async fn connect(app: &TestApp, user: &str, slug: &str, account: &str) -> ConnectionId {
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    connections::upsert(
        &mut conn,
        NewConnection {
            id: ConnectionId(uuid::Uuid::new_v4()),
            user_id: user.parse::<UserId>().unwrap(),
            toolkit_slug: slug,
            auth_config_id: "ac_secret",
            connected_account_id: account,
            now: 1_000,
        },
    )
    .await
    .unwrap()
}

/// The stored column, as text; `None` for `NULL`.
async fn stored(s: &Squad, agent: &str) -> Option<String> {
    s.crew
        .app
        .sql_text(
            "SELECT COALESCE(composio_toolkit_allowlist, 'NULL') FROM agents WHERE id = $1",
            &[agent],
        )
        .await
        .filter(|text| text != "NULL")
}

fn path(agent: &str) -> String {
    format!("/api/agents/{agent}")
}

/// The agent `id` as the first entry of `ws`'s list with that id.
async fn listed(ws: &Ws, id: &str) -> Value {
    let list = ws.get("/api/agents").await.expect(200);
    list.as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .cloned()
        .unwrap()
}

#[tokio::test]
async fn the_owner_writes_a_noisy_list_and_reads_it_normalised_with_empty_and_null_kept_apart() {
    // Spec §9 case 39 (AL1, AL2, AL5).
    let s = squad().await;
    let agent = s
        .member
        .create_agent(json!({"name": "Mailer", ALLOWLIST: [" Notion ", "NOTION", "github", ""]}))
        .await;
    let id = id_of(&agent);
    assert_eq!(agent[ALLOWLIST], json!(["github", "notion"]));
    assert!(agent.get(REDACTED).is_none());
    assert_eq!(
        stored(&s, &id).await.as_deref(),
        Some(r#"["github","notion"]"#)
    );
    assert_eq!(
        s.member.get(&path(&id)).await.expect(200)[ALLOWLIST],
        json!(["github", "notion"])
    );
    assert_eq!(
        listed(&s.member, &id).await[ALLOWLIST],
        json!(["github", "notion"])
    );

    let emptied = s
        .member
        .put(&path(&id), json!({ALLOWLIST: []}))
        .await
        .expect(200);
    assert_eq!(emptied[ALLOWLIST], json!([]));
    assert_eq!(stored(&s, &id).await.as_deref(), Some("[]"));

    let cleared = s
        .member
        .put(&path(&id), json!({ALLOWLIST: null}))
        .await
        .expect(200);
    assert!(cleared.get(ALLOWLIST).is_none(), "never set is omitted");
    assert_eq!(stored(&s, &id).await, None);

    let untouched = s.member.create_agent(json!({"name": "Plain"})).await;
    assert!(untouched.get(ALLOWLIST).is_none());
    assert_eq!(stored(&s, &id_of(&untouched)).await, None);
}

#[tokio::test]
async fn an_admin_never_sees_the_allowlist_and_their_change_of_it_is_refused_with_nothing_applied()
{
    // The issue replaces §9 case 40: a 403, not a silent drop.
    let s = squad().await;
    let agent = s
        .member
        .create_agent(json!({"name": "Mailer", ALLOWLIST: ["github"]}))
        .await;
    let id = id_of(&agent);
    for ws in [&s.admin, &s.owner] {
        let seen = ws.get(&path(&id)).await.expect(200);
        assert!(seen.get(ALLOWLIST).is_none(), "{seen}");
        assert_eq!(seen[REDACTED], true);
        let row = listed(ws, &id).await;
        assert!(row.get(ALLOWLIST).is_none());
        assert_eq!(row[REDACTED], true);
        for change in [json!(["github", "gmail"]), json!([]), Value::Null] {
            ws.put(&path(&id), json!({"name": "Renamed", ALLOWLIST: change}))
                .await
                .expect_error(403, "not_apps_owner");
        }
    }
    let after = s.member.get(&path(&id)).await.expect(200);
    assert_eq!(
        after["name"], "Mailer",
        "nothing in a refused request is applied"
    );
    assert_eq!(after[ALLOWLIST], json!(["github"]));
    assert_eq!(stored(&s, &id).await.as_deref(), Some(r#"["github"]"#));
}

#[tokio::test]
async fn an_admins_unchanged_resend_is_accepted_with_the_other_fields_and_answered_redacted() {
    let s = squad().await;
    let id = id_of(
        &s.member
            .create_agent(json!({"name": "Mailer", ALLOWLIST: ["github", "notion"]}))
            .await,
    );
    let saved = s
        .admin
        .put(
            &path(&id),
            json!({"description": "Sends mail", ALLOWLIST: ["Notion ", "GITHUB"]}),
        )
        .await
        .expect(200);
    assert_eq!(saved["description"], "Sends mail");
    assert!(saved.get(ALLOWLIST).is_none());
    assert_eq!(saved[REDACTED], true);
    let never_set = id_of(&s.member.create_agent(json!({"name": "Plain"})).await);
    s.admin
        .put(
            &path(&never_set),
            json!({"description": "x", ALLOWLIST: null}),
        )
        .await
        .expect(200);
    assert_eq!(stored(&s, &never_set).await, None);
}

#[tokio::test]
async fn another_member_of_the_workspace_can_neither_read_nor_write_the_allowlist() {
    let s = squad().await;
    let id = id_of(
        &s.member
            .create_agent(json!({
                "name": "Shared",
                "permission_mode": "public_to",
                "invocation_targets": [{"target_type": "workspace"}],
                ALLOWLIST: ["github"],
            }))
            .await,
    );
    let seen = s.other.get(&path(&id)).await.expect(200);
    assert!(seen.get(ALLOWLIST).is_none());
    assert_eq!(seen[REDACTED], true);
    assert!(listed(&s.other, &id).await.get(ALLOWLIST).is_none());
    s.other
        .put(&path(&id), json!({ALLOWLIST: ["gmail"]}))
        .await
        .expect_error(403, "not_agent_manager");
    assert_eq!(stored(&s, &id).await.as_deref(), Some(r#"["github"]"#));
}

#[tokio::test]
async fn an_empty_or_never_set_allowlist_is_simply_omitted_for_others() {
    // RD8: the flag only when something was withheld.
    let s = squad().await;
    for (name, body) in [
        ("Empty", json!({"name": "Empty", ALLOWLIST: []})),
        ("Unset", json!({"name": "Unset"})),
    ] {
        let id = id_of(&s.member.create_agent(body).await);
        let seen = s.admin.get(&path(&id)).await.expect(200);
        assert!(seen.get(ALLOWLIST).is_none(), "{name}");
        assert!(seen.get(REDACTED).is_none(), "{name}");
    }
}

#[tokio::test]
async fn while_connected_apps_are_off_the_allowlist_is_neither_shown_nor_written() {
    // RD4, AL4, spec §8.17.
    let s = Squad::on(apps_app(false).await).await;
    let agent = s
        .member
        .create_agent(json!({"name": "Mailer", ALLOWLIST: ["github"]}))
        .await;
    let id = id_of(&agent);
    assert!(agent.get(ALLOWLIST).is_none());
    assert_eq!(stored(&s, &id).await, None);
    s.crew
        .app
        .sql(
            "UPDATE agents SET composio_toolkit_allowlist = '[\"notion\"]' WHERE id = $1",
            &[&id],
        )
        .await;
    for ws in [&s.member, &s.admin] {
        let saved = ws
            .put(&path(&id), json!({ALLOWLIST: ["slack"]}))
            .await
            .expect(200);
        assert!(saved.get(ALLOWLIST).is_none());
        assert!(saved.get(REDACTED).is_none());
        let seen = ws.get(&path(&id)).await.expect(200);
        assert!(seen.get(ALLOWLIST).is_none() && seen.get(REDACTED).is_none());
    }
    assert_eq!(stored(&s, &id).await.as_deref(), Some(r#"["notion"]"#));
}

#[tokio::test]
async fn a_long_slug_odd_characters_or_too_many_entries_are_a_400_naming_the_field_and_nul_too() {
    let s = squad().await;
    let id = id_of(&s.member.create_agent(json!({"name": "Mailer"})).await);
    let longest = "a".repeat(64);
    s.member
        .put(&path(&id), json!({ALLOWLIST: [longest]}))
        .await
        .expect(200);
    // The body names the field; the kind of problem is `core::apps::check_allowlist`'s (its
    // unit tests hold the codes).
    for list in [
        json!(["a".repeat(65)]),
        json!(["google drive"]),
        json!(["../notion"]),
        json!(vec!["notion"; 101]),
    ] {
        for answer in [
            s.member
                .put(&path(&id), json!({ALLOWLIST: list.clone()}))
                .await,
            s.member
                .post(
                    "/api/agents",
                    json!({"name": "Other", ALLOWLIST: list.clone()}),
                )
                .await,
        ] {
            let body = answer.expect_error(400, "invalid_input");
            assert_eq!(body["field"], ALLOWLIST, "{list}");
        }
    }
    s.member
        .put(&path(&id), json!({ALLOWLIST: ["not\u{0}ion"]}))
        .await
        .expect_error(400, "nul_byte");
    s.member
        .put(&path(&id), json!({ALLOWLIST: "github"}))
        .await
        .expect_error(400, "invalid_input");
    s.member
        .client
        .request(
            Method::PUT,
            &path(&id),
            Some(json!({ALLOWLIST: ["github"]})),
            &[
                ("x-workspace-id", &s.crew.workspace),
                ("content-type", "text/plain"),
            ],
        )
        .await
        .expect_error(415, "unsupported_media_type");
    assert_eq!(
        stored(&s, &id).await.as_deref(),
        Some(format!(r#"["{}"]"#, "a".repeat(64)).as_str())
    );
}

#[tokio::test]
async fn a_change_of_the_allowlist_is_audited_for_the_owner_and_a_resend_is_not() {
    let s = squad().await;
    let id = id_of(
        &s.member
            .create_agent(json!({"name": "Mailer", ALLOWLIST: ["github"]}))
            .await,
    );
    let activity = format!("/api/agents/{id}/activity");
    s.member
        .put(&path(&id), json!({ALLOWLIST: ["github", "notion"]}))
        .await
        .expect(200);
    s.member
        .put(&path(&id), json!({ALLOWLIST: ["notion", "github"]}))
        .await
        .expect(200);
    let events = s.member.get(&activity).await.expect(200);
    let apps: Vec<&Value> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "apps_changed")
        .collect();
    assert_eq!(
        apps.len(),
        2,
        "creation and one change; the resend records nothing"
    );
    assert_eq!(apps[0]["before"], json!({ALLOWLIST: ["github"]}));
    assert_eq!(apps[0]["after"], json!({ALLOWLIST: ["github", "notion"]}));
    assert_eq!(apps[0]["actor_id"], s.crew.member_id.as_str());
    assert_eq!(apps[1]["before"], json!({ALLOWLIST: null}));

    let seen_by_admin = s.admin.get(&activity).await.expect(200);
    let text = seen_by_admin.to_string();
    assert!(
        !text.contains("notion") && !text.contains("github"),
        "{text}"
    );
    let entry = seen_by_admin
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "apps_changed")
        .unwrap();
    assert!(entry["before"].is_null() && entry["after"].is_null());
}

#[tokio::test]
async fn someone_who_may_run_a_shared_agent_is_told_whose_apps_its_runs_use_by_name_only() {
    let s = squad().await;
    let owner = &s.crew.member_id;
    connect(&s.crew.app, owner, "github", "ca_secret_1").await;
    connect(&s.crew.app, owner, "google_drive", "ca_secret_2").await;
    let gone = connect(&s.crew.app, owner, "notion", "ca_secret_3").await;
    let mut conn = s.crew.app.state.db.pool.acquire().await.unwrap();
    connections::mark_revoked(&mut conn, gone, owner.parse().unwrap(), 2_000)
        .await
        .unwrap();
    drop(conn);
    let body = |name: &str, targets: Value| {
        json!({"name": name, "permission_mode": "public_to", "invocation_targets": targets,
            ALLOWLIST: ["github", "google_drive", "notion", "slack"]})
    };
    let everyone = id_of(
        &s.member
            .create_agent(body("Everyone", json!([{"target_type": "workspace"}])))
            .await,
    );
    let just_other = id_of(
        &s.member
            .create_agent(body("Just other", json!([member_target(&s.other_id)])))
            .await,
    );
    let expected = json!({"owner_name": "member", "apps": ["GitHub", "Google Drive"]});
    for id in [&everyone, &just_other] {
        let seen = s.other.get(&path(id)).await.expect(200);
        assert_eq!(seen["apps_in_use"], expected);
        assert!(!seen.to_string().contains("ca_secret"));
        assert_eq!(listed(&s.other, id).await["apps_in_use"], expected);
        assert!(
            s.member
                .get(&path(id))
                .await
                .expect(200)
                .get("apps_in_use")
                .is_none(),
            "the owner knows"
        );
    }
    assert_eq!(
        s.admin.get(&path(&everyone)).await.expect(200)["apps_in_use"],
        expected
    );
    assert!(
        s.admin
            .get(&path(&just_other))
            .await
            .expect(200)
            .get("apps_in_use")
            .is_none(),
        "an admin who may not run it is not told"
    );
}

#[tokio::test]
async fn nobody_is_told_of_apps_when_none_allowed_is_connected_or_connected_apps_are_off() {
    for on in [true, false] {
        let s = Squad::on(apps_app(on).await).await;
        connect(&s.crew.app, &s.crew.member_id, "github", "ca_1").await;
        let id = id_of(
            &s.member
                .create_agent(json!({"name": "Shared", "permission_mode": "public_to",
                    "invocation_targets": [{"target_type": "workspace"}], ALLOWLIST: ["slack"]}))
                .await,
        );
        if !on {
            s.crew
                .app
                .sql(
                    "UPDATE agents SET composio_toolkit_allowlist = '[\"github\"]' WHERE id = $1",
                    &[&id],
                )
                .await;
        }
        let seen = s.other.get(&path(&id)).await.expect(200);
        assert!(seen.get("apps_in_use").is_none(), "on: {on}; {seen}");
    }
}
