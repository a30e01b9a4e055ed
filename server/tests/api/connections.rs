//! The connected-apps tables on both databases: one row per connected account, the active
//! list, owner-scoped reads, revoking, and the connect flow's one-time nonces.

use crate::helpers::TestApp;
use agentry_core::{ConnectionId, UserId};
use agentry_server::db::connections::{self, NewConnection};

async fn person(app: &TestApp, email: &str) -> (UserId, String) {
    let client = app.register(email, "Person").await;
    let user: UserId = client.user_id().await.parse().unwrap();
    let session = app
        .sql_text(
            "SELECT id FROM sessions WHERE user_id = $1",
            &[&user.to_string()],
        )
        .await
        .unwrap();
    (user, session)
}

fn new<'a>(user: UserId, slug: &'a str, account: &'a str, now: i64) -> NewConnection<'a> {
    NewConnection {
        id: ConnectionId(uuid::Uuid::new_v4()),
        user_id: user,
        toolkit_slug: slug,
        auth_config_id: "ac_1",
        connected_account_id: account,
        now,
    }
}

#[tokio::test]
async fn connecting_the_same_account_again_reactivates_one_row_and_keeps_when_it_was_connected() {
    let app = TestApp::new().await;
    let (ann, _) = person(&app, "ann@example.com").await;
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    let first = connections::upsert(&mut conn, new(ann, "notion", "ca_1", 1_000))
        .await
        .unwrap();
    connections::mark_revoked(&mut conn, first, ann, 1_500)
        .await
        .unwrap();
    assert!(connections::list_active(&mut conn, ann)
        .await
        .unwrap()
        .is_empty());
    let again = connections::upsert(&mut conn, new(ann, "notion", "ca_1", 2_000))
        .await
        .unwrap();
    assert_eq!(again, first);
    let active = connections::list_active(&mut conn, ann).await.unwrap();
    assert_eq!(active.len(), 1);
    assert_eq!(
        (active[0].connected_at, active[0].status.as_str()),
        (1_000, "active")
    );
}

#[tokio::test]
async fn the_active_list_is_the_owners_newest_first_and_others_cannot_read_a_connection() {
    let app = TestApp::new().await;
    let (ann, _) = person(&app, "ann@example.com").await;
    let (bob, _) = person(&app, "bob@example.com").await;
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    connections::upsert(&mut conn, new(ann, "notion", "ca_1", 1_000))
        .await
        .unwrap();
    let github = connections::upsert(&mut conn, new(ann, "github", "ca_2", 2_000))
        .await
        .unwrap();
    connections::upsert(&mut conn, new(bob, "gmail", "ca_3", 3_000))
        .await
        .unwrap();
    let slugs: Vec<String> = connections::list_active(&mut conn, ann)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.toolkit_slug)
        .collect();
    assert_eq!(slugs, ["github", "notion"]);
    assert!(connections::get_owned(&mut conn, github, bob)
        .await
        .unwrap()
        .is_none());
    assert!(connections::get_owned(&mut conn, github, ann)
        .await
        .unwrap()
        .is_some());
    connections::mark_revoked(&mut conn, github, bob, 4_000)
        .await
        .unwrap();
    let still = connections::get_owned(&mut conn, github, ann)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        still.status, "active",
        "another person's revoke changes nothing"
    );
}

#[tokio::test]
async fn a_nonce_works_once_for_its_own_session_and_user_until_it_expires() {
    let app = TestApp::new().await;
    let (ann, ann_session) = person(&app, "ann@example.com").await;
    let (bob, bob_session) = person(&app, "bob@example.com").await;
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    for (hash, expiry) in [("h1", 100), ("h2", 100), ("h3", 100), ("h4", 100)] {
        connections::insert_nonce(&mut conn, hash, &ann_session, ann, expiry)
            .await
            .unwrap();
    }
    assert!(
        connections::consume_nonce(&mut conn, "h1", &ann_session, ann, 100)
            .await
            .unwrap()
    );
    assert!(
        !connections::consume_nonce(&mut conn, "h1", &ann_session, ann, 100)
            .await
            .unwrap()
    );
    assert!(
        !connections::consume_nonce(&mut conn, "h2", &bob_session, ann, 50)
            .await
            .unwrap()
    );
    assert!(
        !connections::consume_nonce(&mut conn, "h2", &ann_session, ann, 50)
            .await
            .unwrap(),
        "a nonce tried by another session is gone"
    );
    assert!(
        !connections::consume_nonce(&mut conn, "h3", &ann_session, bob, 50)
            .await
            .unwrap()
    );
    assert!(
        !connections::consume_nonce(&mut conn, "h4", &ann_session, ann, 101)
            .await
            .unwrap()
    );
    assert!(
        !connections::consume_nonce(&mut conn, "unknown", &ann_session, ann, 0)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn signing_out_deletes_the_sessions_nonces_and_expired_ones_are_purged() {
    let app = TestApp::new().await;
    let (ann, session) = person(&app, "ann@example.com").await;
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    connections::insert_nonce(&mut conn, "old", &session, ann, 10)
        .await
        .unwrap();
    connections::insert_nonce(&mut conn, "live", &session, ann, 1_000)
        .await
        .unwrap();
    assert_eq!(
        connections::purge_expired_nonces(&mut conn, 11)
            .await
            .unwrap(),
        1
    );
    app.sql("DELETE FROM sessions WHERE id = $1", &[&session])
        .await;
    let left = app
        .sql_text("SELECT nonce_hash FROM composio_connect_nonces", &[])
        .await;
    assert_eq!(left, None);
}

#[tokio::test]
async fn while_the_integration_is_off_listing_connections_is_503_after_the_caller_is_known() {
    let app = TestApp::with_config(|c| c.composio_api_key = None).await;
    app.anonymous()
        .get("/api/integrations/composio/connections")
        .await
        .expect_error(401, "unauthenticated");
    let ann = app.register("ann@example.com", "Ann").await;
    ann.get("/api/integrations/composio/connections")
        .await
        .expect_error(503, "composio_not_configured");
}

#[tokio::test]
async fn a_person_lists_only_their_own_active_connections_newest_first_without_composio_handles() {
    let app = TestApp::with_config(|c| {
        c.composio_api_key = Some("ck_test".parse().unwrap());
    })
    .await;
    let (ann, _) = person(&app, "ann@example.com").await;
    let (bob, _) = person(&app, "bob@example.com").await;
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    connections::upsert(&mut conn, new(ann, "notion", "ca_secret_1", 1_000))
        .await
        .unwrap();
    let gone = connections::upsert(&mut conn, new(ann, "slack", "ca_secret_2", 1_500))
        .await
        .unwrap();
    connections::mark_revoked(&mut conn, gone, ann, 1_600)
        .await
        .unwrap();
    connections::upsert(&mut conn, new(ann, "github", "ca_secret_3", 2_000))
        .await
        .unwrap();
    connections::upsert(&mut conn, new(bob, "gmail", "ca_secret_4", 3_000))
        .await
        .unwrap();
    drop(conn);
    let client = app
        .login("ann@example.com", crate::helpers::PASSWORD)
        .await
        .unwrap();
    let answer = client.get("/api/integrations/composio/connections").await;
    let text = format!("{answer:?}");
    assert!(
        !text.contains("ca_secret") && !text.contains("ac_1"),
        "{text}"
    );
    let body = answer.expect(200);
    let slugs: Vec<&str> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["toolkit_slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["github", "notion"]);
    assert_eq!(body[0]["status"], "active");
    assert_eq!(body[0]["connected_at"], "1970-01-01T00:00:02Z");
    assert!(body[0]["last_used_at"].is_null());
}
