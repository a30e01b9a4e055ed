//! Personal access tokens: created once with their secret, listed without it, stored hashed,
//! revocable and optionally expiring.

use crate::helpers::*;
use axum::http::Method;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

async fn create_token(client: &Client, body: Value) -> Value {
    client.post("/api/tokens", body).await.expect(201)
}

#[tokio::test]
async fn creating_a_token_answers_201_with_the_secret_shown_once() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    let created = create_token(&ada, json!({"name": "  laptop "})).await;

    assert_eq!(
        keys(&created),
        ["created_at", "expires_at", "id", "name", "prefix", "token"]
    );
    assert_eq!(created["name"], "laptop");
    assert_eq!(created["expires_at"], Value::Null);
    assert!(uuid::Uuid::parse_str(created["id"].as_str().unwrap()).is_ok());
    assert!((unix_seconds(&created["created_at"]) - now_seconds()).abs() < 60);
    let token = created["token"].as_str().unwrap();
    let secret = token
        .strip_prefix("agt_")
        .unwrap_or_else(|| panic!("no agt_ prefix: {token}"));
    assert_eq!(secret.len(), 40, "{token}");
    assert!(secret.chars().all(|c| c.is_ascii_hexdigit()), "{token}");
    assert!(token.starts_with(created["prefix"].as_str().unwrap()));
    assert!(
        created["prefix"].as_str().unwrap().len() < token.len() / 2,
        "the prefix must not reveal the secret"
    );

    let other = create_token(&ada, json!({"name": "laptop"})).await;
    assert_ne!(other["token"], created["token"]);
}

#[tokio::test]
async fn a_token_with_a_lifetime_expires_that_many_days_later() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    let created = create_token(&ada, json!({"name": "ci", "expires_in_days": 30})).await;
    let lifetime = unix_seconds(&created["expires_at"]) - unix_seconds(&created["created_at"]);
    assert_eq!(lifetime, 30 * 24 * 60 * 60);
    create_token(&ada, json!({"name": "long", "expires_in_days": 3650})).await;
}

#[tokio::test]
async fn invalid_lifetimes_are_refused_naming_expires_in_days() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    for days in [json!(0), json!(-1), json!(3651), json!("30"), json!(1.5)] {
        let body = ada
            .post(
                "/api/tokens",
                json!({"name": "ci", "expires_in_days": days}),
            )
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(body["field"], "expires_in_days", "{days}: {body}");
    }
    let body = ada
        .post("/api/tokens", json!({"name": "  "}))
        .await
        .expect_error(400, "invalid_input");
    assert_eq!(body["field"], "name");
    let body = ada
        .post("/api/tokens", json!({}))
        .await
        .expect_error(400, "invalid_input");
    assert_eq!(body["field"], "name");
    assert_eq!(ada.get("/api/tokens").await.expect(200), json!([]));
}

#[tokio::test]
async fn listing_tokens_never_shows_the_secret_and_records_last_use() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    let created = create_token(&ada, json!({"name": "laptop", "expires_in_days": 7})).await;
    let token = created["token"].as_str().unwrap();

    let list = ada.get("/api/tokens").await.expect(200);
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    let listed = &list[0];
    assert_eq!(
        keys(listed),
        [
            "created_at",
            "expires_at",
            "id",
            "last_used_at",
            "name",
            "prefix"
        ]
    );
    for field in ["id", "name", "prefix", "created_at", "expires_at"] {
        assert_eq!(listed[field], created[field], "{field}");
    }
    assert_eq!(listed["last_used_at"], Value::Null);
    let text = list.to_string();
    assert!(
        !text.contains(token) && !text.contains(&token[4..]),
        "the secret leaked: {text}"
    );

    ada.with_bearer(token).get("/api/me").await.expect(200);
    let list = ada.get("/api/tokens").await.expect(200);
    assert!(
        (unix_seconds(&list[0]["last_used_at"]) - now_seconds()).abs() < 60,
        "{list}"
    );
    assert!(!list.to_string().contains(&token[4..]));
}

#[tokio::test]
async fn a_bearer_token_authenticates_as_its_owner_without_a_csrf_token() {
    let app = TestApp::new().await;
    let (ada, workspace) = app.owner_with_workspace("ada@example.com", "acme").await;
    let token = create_token(&ada, json!({"name": "cli"})).await;
    let cli = ada.with_bearer(token["token"].as_str().unwrap());
    let me = cli.get("/api/me").await.expect(200);
    assert_eq!(me["user"]["id"], ada.user_id().await);
    assert_eq!(me["csrf_token"], Value::Null);
    assert_eq!(me["workspaces"][0]["id"], workspace);
    assert_eq!(me["workspaces"][0]["role"], "owner");
    // The scheme name is case-insensitive.
    let lower = app
        .anonymous()
        .request(
            Method::GET,
            "/api/me",
            None,
            &[(
                "authorization",
                &format!("bearer {}", token["token"].as_str().unwrap()),
            )],
        )
        .await
        .expect(200);
    assert_eq!(lower["user"]["id"], me["user"]["id"]);
}

#[tokio::test]
async fn a_revoked_token_stops_working_at_once() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    let created = create_token(&ada, json!({"name": "cli"})).await;
    let kept = create_token(&ada, json!({"name": "kept"})).await;
    let cli = ada.with_bearer(created["token"].as_str().unwrap());
    cli.get("/api/me").await.expect(200);

    assert_eq!(
        ada.delete(&format!("/api/tokens/{}", created["id"].as_str().unwrap()))
            .await
            .expect(204),
        Value::Null
    );
    cli.get("/api/me")
        .await
        .expect_error(401, "unauthenticated");
    let list = ada.get("/api/tokens").await.expect(200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], kept["id"]);
    ada.delete(&format!("/api/tokens/{}", created["id"].as_str().unwrap()))
        .await
        .expect_error(404, "not_found");
    ada.with_bearer(kept["token"].as_str().unwrap())
        .get("/api/me")
        .await
        .expect(200);
}

#[tokio::test]
async fn a_token_can_revoke_itself() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    let created = create_token(&ada, json!({"name": "cli"})).await;
    let cli = ada.with_bearer(created["token"].as_str().unwrap());
    cli.delete(&format!("/api/tokens/{}", created["id"].as_str().unwrap()))
        .await
        .expect(204);
    cli.get("/api/tokens")
        .await
        .expect_error(401, "unauthenticated");
}

#[tokio::test]
async fn an_expired_token_is_401() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    let created = create_token(&ada, json!({"name": "ci", "expires_in_days": 1})).await;
    let ci = ada.with_bearer(created["token"].as_str().unwrap());
    ci.get("/api/me").await.expect(200);

    app.sql(
        "UPDATE api_tokens SET expires_at = 0 WHERE id = $1",
        &[created["id"].as_str().unwrap()],
    )
    .await;
    ci.get("/api/me").await.expect_error(401, "unauthenticated");
    ci.post("/api/workspaces", json!({"name": "Acme", "slug": "acme"}))
        .await
        .expect_error(401, "unauthenticated");
    assert_eq!(ada.get("/api/workspaces").await.expect(200), json!([]));
}

#[tokio::test]
async fn garbage_bearer_credentials_are_401_even_with_a_valid_cookie() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    let created = create_token(&ada, json!({"name": "cli"})).await;
    let token = created["token"].as_str().unwrap();
    let mut flipped = token.to_owned();
    let last = if flipped.ends_with('0') { "1" } else { "0" };
    flipped.replace_range(flipped.len() - 1.., last);
    let headers = [
        "Bearer nonsense".to_owned(),
        format!("Bearer agt_{}", "0".repeat(40)),
        format!("Bearer {flipped}"),
        format!("Bearer {}", &token[4..]),
        format!("Basic {token}"),
        token.to_owned(),
        "Bearer".to_owned(),
        "Bearer ".to_owned(),
    ];
    for header in &headers {
        app.anonymous()
            .request(Method::GET, "/api/me", None, &[("authorization", header)])
            .await
            .expect_error(401, "unauthenticated");
        // A bad bearer header is not rescued by a good session cookie.
        ada.request(Method::GET, "/api/me", None, &[("authorization", header)])
            .await
            .expect_error(401, "unauthenticated");
    }
}

#[tokio::test]
async fn another_users_token_id_is_404_and_the_token_keeps_working() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    let bob = app.register("bob@example.com", "Bob").await;
    let created = create_token(&ada, json!({"name": "cli"})).await;
    let id = created["id"].as_str().unwrap();
    let not_found = bob
        .delete(&format!("/api/tokens/{id}"))
        .await
        .expect_error(404, "not_found");
    assert_eq!(
        bob.delete(&format!("/api/tokens/{}", uuid::Uuid::new_v4()))
            .await
            .expect_error(404, "not_found"),
        not_found
    );
    assert_eq!(
        bob.delete("/api/tokens/not-a-uuid")
            .await
            .expect_error(404, "not_found"),
        not_found
    );
    assert_eq!(bob.get("/api/tokens").await.expect(200), json!([]));
    ada.with_bearer(created["token"].as_str().unwrap())
        .get("/api/me")
        .await
        .expect(200);
    assert_eq!(
        ada.get("/api/tokens")
            .await
            .expect(200)
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn the_database_stores_only_the_sha256_of_a_token() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    let created = create_token(&ada, json!({"name": "cli"})).await;
    let token = created["token"].as_str().unwrap();
    let id = created["id"].as_str().unwrap();

    let stored = app
        .sql_text("SELECT token_hash FROM api_tokens WHERE id = $1", &[id])
        .await
        .expect("a stored token");
    assert_ne!(stored, token);
    assert_eq!(stored, hex::encode(Sha256::digest(token.as_bytes())));
    for column in ["id", "user_id", "name", "token_hash", "prefix"] {
        let value = app
            .sql_text(
                &format!("SELECT {column} FROM api_tokens WHERE id = $1"),
                &[id],
            )
            .await
            .unwrap();
        assert!(!value.contains(&token[4..]), "{column} holds the secret");
    }
}
