//! Invitations: owners and admins create single-use links for one email, never granting owner;
//! the link works once, within its lifetime, for the invited address only.

use crate::helpers::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

async fn invite(client: &Client, workspace: &str, email: &str, role: &str) -> Value {
    client
        .post(
            &format!("/api/workspaces/{workspace}/invitations"),
            json!({"email": email, "role": role}),
        )
        .await
        .expect(201)
}

fn token(invitation: &Value) -> &str {
    invitation["token"].as_str().unwrap()
}

fn accept_path(invitation: &Value) -> String {
    format!("/api/invitations/{}/accept", token(invitation))
}

#[tokio::test]
async fn an_owner_invites_with_a_link_that_is_shown_once() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let created = invite(&ada, &acme, "  New.Person@Example.COM ", "admin").await;

    assert_eq!(
        keys(&created),
        ["accept_url", "email", "expires_at", "id", "role", "token"]
    );
    assert_eq!(created["email"], "new.person@example.com");
    assert_eq!(created["role"], "admin");
    assert!(uuid::Uuid::parse_str(created["id"].as_str().unwrap()).is_ok());
    let token = token(&created);
    assert!(
        token.len() >= 32 && token.chars().all(|c| c.is_ascii_hexdigit()),
        "{token}"
    );
    assert_eq!(
        created["accept_url"],
        format!("http://agentry.test/invite/{token}")
    );
    let lifetime = unix_seconds(&created["expires_at"]) - now_seconds();
    assert!(
        (7 * 24 * 3600 - 60..=7 * 24 * 3600).contains(&lifetime),
        "lifetime {lifetime}s"
    );
}

#[tokio::test]
async fn admins_invite_too_and_the_link_follows_the_public_url() {
    let app =
        TestApp::with_config(|c| c.public_url = Some("https://agentry.example.org/".into())).await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let carol = app.join(&ada, &acme, "carol@example.com", "admin").await;
    let created = invite(&carol, &acme, "dave@example.com", "member").await;
    assert_eq!(
        created["accept_url"],
        format!("https://agentry.example.org/invite/{}", token(&created))
    );
}

#[tokio::test]
async fn an_invitation_cannot_grant_owner_or_an_unknown_role() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let path = format!("/api/workspaces/{acme}/invitations");
    ada.post(&path, json!({"email": "new@example.com", "role": "owner"}))
        .await
        .expect_error(400, "invitation_cannot_grant_owner");
    for (body, field) in [
        (json!({"email": "new@example.com", "role": "boss"}), "role"),
        (json!({"email": "new@example.com"}), "role"),
        (json!({"email": "not-an-email", "role": "member"}), "email"),
        (json!({"role": "member"}), "email"),
    ] {
        let answer = ada
            .post(&path, body.clone())
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(answer["field"], field, "{body}");
    }
    assert_eq!(ada.get(&path).await.expect(200), json!([]));
}

#[tokio::test]
async fn members_cannot_invite_list_or_revoke() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let dave = app.join(&ada, &acme, "dave@example.com", "member").await;
    let pending = invite(&ada, &acme, "eve@example.com", "member").await;
    let path = format!("/api/workspaces/{acme}/invitations");
    dave.post(
        &path,
        json!({"email": "friend@example.com", "role": "member"}),
    )
    .await
    .expect_error(403, "requires_admin");
    dave.post(
        &path,
        json!({"email": "friend@example.com", "role": "owner"}),
    )
    .await
    .expect_error(403, "requires_admin");
    dave.get(&path).await.expect_error(403, "requires_admin");
    dave.delete(&format!("{path}/{}", pending["id"].as_str().unwrap()))
        .await
        .expect_error(403, "requires_admin");
    let list = ada.get(&path).await.expect(200);
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    app.anonymous()
        .get(&format!("/api/invitations/{}", token(&pending)))
        .await
        .expect(200);
}

#[tokio::test]
async fn strangers_get_404_on_a_workspaces_invitations() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let pending = invite(&ada, &acme, "eve@example.com", "member").await;
    let (bob, bobs) = app.owner_with_workspace("bob@example.com", "bobs").await;
    let path = format!("/api/workspaces/{acme}/invitations");
    bob.post(&path, json!({"email": "x@example.com", "role": "member"}))
        .await
        .expect_error(404, "not_found");
    bob.get(&path).await.expect_error(404, "not_found");
    bob.delete(&format!("{path}/{}", pending["id"].as_str().unwrap()))
        .await
        .expect_error(404, "not_found");
    // Bob's own workspace does not reach Ada's invitation either.
    bob.delete(&format!(
        "/api/workspaces/{bobs}/invitations/{}",
        pending["id"].as_str().unwrap()
    ))
    .await
    .expect_error(404, "not_found");
    app.anonymous()
        .get(&format!("/api/invitations/{}", token(&pending)))
        .await
        .expect(200);
}

#[tokio::test]
async fn pending_invitations_are_listed_without_their_token() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let carol = app.join(&ada, &acme, "carol@example.com", "admin").await;
    let first = invite(&ada, &acme, "eve@example.com", "member").await;
    let second = invite(&carol, &acme, "frank@example.com", "admin").await;

    let list = carol
        .get(&format!("/api/workspaces/{acme}/invitations"))
        .await
        .expect(200);
    let list = list.as_array().unwrap();
    assert_eq!(
        list.len(),
        2,
        "accepted invitations are not pending: {list:?}"
    );
    for entry in list {
        assert_eq!(
            keys(entry),
            [
                "created_at",
                "email",
                "expires_at",
                "id",
                "invited_by_name",
                "role"
            ]
        );
    }
    let find = |id: &Value| list.iter().find(|e| &e["id"] == id).unwrap().clone();
    let eve = find(&first["id"]);
    assert_eq!(
        (
            &eve["email"],
            &eve["role"],
            &eve["invited_by_name"],
            &eve["expires_at"]
        ),
        (
            &json!("eve@example.com"),
            &json!("member"),
            &json!("Owner"),
            &first["expires_at"]
        )
    );
    let frank = find(&second["id"]);
    assert_eq!(
        (&frank["role"], &frank["invited_by_name"]),
        (&json!("admin"), &json!("carol"))
    );
    let text = Value::Array(list.clone()).to_string();
    assert!(
        !text.contains(token(&first)) && !text.contains(token(&second)),
        "a token leaked: {text}"
    );
}

#[tokio::test]
async fn a_revoked_invitation_link_is_404() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let pending = invite(&ada, &acme, "eve@example.com", "member").await;
    let revoke = format!(
        "/api/workspaces/{acme}/invitations/{}",
        pending["id"].as_str().unwrap()
    );
    assert_eq!(ada.delete(&revoke).await.expect(204), Value::Null);

    app.anonymous()
        .get(&format!("/api/invitations/{}", token(&pending)))
        .await
        .expect_error(404, "invitation_invalid");
    let eve = app.register("eve@example.com", "Eve").await;
    eve.post(&accept_path(&pending), json!({}))
        .await
        .expect_error(404, "invitation_invalid");
    eve.get(&format!("/api/workspaces/{acme}"))
        .await
        .expect_error(404, "not_found");
    assert_eq!(
        ada.get(&format!("/api/workspaces/{acme}/invitations"))
            .await
            .expect(200),
        json!([])
    );
    ada.delete(&revoke).await.expect_error(404, "not_found");
    ada.delete(&format!("/api/workspaces/{acme}/invitations/not-a-uuid"))
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn anyone_with_the_link_can_preview_it() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let pending = invite(&ada, &acme, "eve@example.com", "admin").await;
    let preview = app
        .anonymous()
        .get(&format!("/api/invitations/{}", token(&pending)))
        .await
        .expect(200);
    assert_eq!(
        preview,
        json!({
            "workspace_name": "Acme",
            "workspace_slug": "acme",
            "role": "admin",
            "email": "eve@example.com",
            "invited_by_name": "Owner",
            "expires_at": pending["expires_at"],
        })
    );
    let unknown = app
        .anonymous()
        .get(&format!("/api/invitations/{}", "0".repeat(64)))
        .await
        .expect_error(404, "invitation_invalid");
    assert_eq!(
        app.anonymous()
            .get("/api/invitations/short")
            .await
            .expect_error(404, "invitation_invalid"),
        unknown
    );
}

#[tokio::test]
async fn accepting_with_the_invited_email_joins_with_the_invited_role() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let pending = invite(&ada, &acme, "eve@example.com", "admin").await;
    // The account was registered with another casing: addresses compare normalised.
    let eve = app.register(" Eve@Example.com", "Eve").await;
    let joined = eve
        .post(&accept_path(&pending), json!({}))
        .await
        .expect(200);
    assert_eq!(
        keys(&joined),
        ["created_at", "id", "member_count", "name", "role", "slug"]
    );
    assert_eq!(
        (&joined["id"], &joined["role"], &joined["member_count"]),
        (&json!(acme), &json!("admin"), &json!(2))
    );

    let members = ada
        .get(&format!("/api/workspaces/{acme}/members"))
        .await
        .expect(200);
    let eve_id = eve.user_id().await;
    let entry = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user_id"] == eve_id)
        .expect("eve is a member");
    assert_eq!(
        (&entry["role"], &entry["email"]),
        (&json!("admin"), &json!("eve@example.com"))
    );
    assert_eq!(
        eve.get("/api/me").await.expect(200)["workspaces"][0]["role"],
        "admin"
    );
    // The admin role works at once.
    invite(&eve, &acme, "frank@example.com", "member").await;
}

#[tokio::test]
async fn accepting_with_another_email_is_403_and_the_link_stays_usable() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let pending = invite(&ada, &acme, "eve@example.com", "member").await;
    let mallory = app.register("mallory@example.com", "Mallory").await;
    mallory
        .post(&accept_path(&pending), json!({}))
        .await
        .expect_error(403, "email_mismatch");
    mallory
        .get(&format!("/api/workspaces/{acme}"))
        .await
        .expect_error(404, "not_found");
    // The owner cannot use it for themselves either.
    ada.post(&accept_path(&pending), json!({}))
        .await
        .expect_error(403, "email_mismatch");

    let eve = app.register("eve@example.com", "Eve").await;
    eve.post(&accept_path(&pending), json!({}))
        .await
        .expect(200);
}

#[tokio::test]
async fn accepting_needs_a_signed_in_account() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let pending = invite(&ada, &acme, "eve@example.com", "member").await;
    app.anonymous()
        .post(&accept_path(&pending), json!({}))
        .await
        .expect_error(401, "unauthenticated");
    app.anonymous()
        .get(&format!("/api/invitations/{}", token(&pending)))
        .await
        .expect(200);
}

#[tokio::test]
async fn a_link_works_only_once() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let pending = invite(&ada, &acme, "eve@example.com", "member").await;
    let eve = app.register("eve@example.com", "Eve").await;
    eve.post(&accept_path(&pending), json!({}))
        .await
        .expect(200);

    eve.post(&accept_path(&pending), json!({}))
        .await
        .expect_error(404, "invitation_invalid");
    app.anonymous()
        .get(&format!("/api/invitations/{}", token(&pending)))
        .await
        .expect_error(404, "invitation_invalid");
    // Even after leaving, the used link cannot bring Eve back.
    eve.post(&format!("/api/workspaces/{acme}/leave"), json!({}))
        .await
        .expect(204);
    eve.post(&accept_path(&pending), json!({}))
        .await
        .expect_error(404, "invitation_invalid");
    eve.get(&format!("/api/workspaces/{acme}"))
        .await
        .expect_error(404, "not_found");
    // A used invitation is no longer pending and cannot be revoked.
    assert_eq!(
        ada.get(&format!("/api/workspaces/{acme}/invitations"))
            .await
            .expect(200),
        json!([])
    );
    ada.delete(&format!(
        "/api/workspaces/{acme}/invitations/{}",
        pending["id"].as_str().unwrap()
    ))
    .await
    .expect_error(404, "not_found");
}

#[tokio::test]
async fn an_expired_link_is_404_and_no_longer_pending() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let pending = invite(&ada, &acme, "eve@example.com", "member").await;
    app.sql(
        "UPDATE invitations SET expires_at = 0 WHERE id = $1",
        &[pending["id"].as_str().unwrap()],
    )
    .await;

    app.anonymous()
        .get(&format!("/api/invitations/{}", token(&pending)))
        .await
        .expect_error(404, "invitation_invalid");
    let eve = app.register("eve@example.com", "Eve").await;
    eve.post(&accept_path(&pending), json!({}))
        .await
        .expect_error(404, "invitation_invalid");
    eve.get(&format!("/api/workspaces/{acme}"))
        .await
        .expect_error(404, "not_found");
    assert_eq!(
        ada.get(&format!("/api/workspaces/{acme}/invitations"))
            .await
            .expect(200),
        json!([])
    );
}

#[tokio::test]
async fn inviting_an_existing_member_is_409() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    app.join(&ada, &acme, "dave@example.com", "member").await;
    let path = format!("/api/workspaces/{acme}/invitations");
    ada.post(
        &path,
        json!({"email": "DAVE@example.com ", "role": "admin"}),
    )
    .await
    .expect_error(409, "already_member");
    ada.post(&path, json!({"email": "ada@example.com", "role": "member"}))
        .await
        .expect_error(409, "already_member");
    assert_eq!(ada.get(&path).await.expect(200), json!([]));
    // Someone with an account who is not a member can be invited.
    app.register("erin@example.com", "Erin").await;
    invite(&ada, &acme, "erin@example.com", "member").await;
}

#[tokio::test]
async fn a_second_link_for_someone_who_already_joined_is_409_and_stays_unused() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let first = invite(&ada, &acme, "eve@example.com", "member").await;
    let second = invite(&ada, &acme, "eve@example.com", "admin").await;
    let eve = app.register("eve@example.com", "Eve").await;
    eve.post(&accept_path(&first), json!({})).await.expect(200);
    eve.post(&accept_path(&second), json!({}))
        .await
        .expect_error(409, "already_member");
    assert_eq!(
        eve.get(&format!("/api/workspaces/{acme}"))
            .await
            .expect(200)["role"],
        "member"
    );
    // The refused acceptance was rolled back: the second link is still pending.
    let list = ada
        .get(&format!("/api/workspaces/{acme}/invitations"))
        .await
        .expect(200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], second["id"]);
}

#[tokio::test]
async fn the_database_stores_only_the_hash_of_an_invitation_token() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let created = invite(&ada, &acme, "eve@example.com", "member").await;
    let id = created["id"].as_str().unwrap();
    let token = token(&created);
    let stored = app
        .sql_text("SELECT token_hash FROM invitations WHERE id = $1", &[id])
        .await
        .expect("a stored invitation");
    assert_ne!(stored, token);
    assert_eq!(stored, hex::encode(Sha256::digest(token.as_bytes())));
    for column in [
        "id",
        "workspace_id",
        "email",
        "role",
        "token_hash",
        "invited_by",
    ] {
        let value = app
            .sql_text(
                &format!("SELECT {column} FROM invitations WHERE id = $1"),
                &[id],
            )
            .await
            .unwrap();
        assert!(!value.contains(token), "{column} holds the token");
    }
}
