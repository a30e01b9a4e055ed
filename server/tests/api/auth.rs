//! Accounts and browser sessions: register, login, logout, `/api/me` and the sign-in limits.

use crate::helpers::*;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use serde_json::{json, Value};
use std::net::SocketAddr;
use tower::ServiceExt;

fn register_body(email: &str) -> Value {
    json!({"email": email, "name": "Ada", "password": PASSWORD})
}

/// The `Set-Cookie` line that carries the session cookie.
fn session_set_cookie(answer: &Answer) -> String {
    answer
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("agentry_session="))
        .expect("a session Set-Cookie")
        .to_owned()
}

fn cookie_attributes(line: &str) -> Vec<String> {
    line.split(';')
        .skip(1)
        .map(|a| a.trim().to_owned())
        .collect()
}

fn is_hex(text: &str, len: usize) -> bool {
    text.len() == len && text.chars().all(|c| c.is_ascii_hexdigit())
}

#[tokio::test]
async fn registering_answers_201_with_the_user_a_csrf_token_and_an_http_only_lax_cookie() {
    let app = TestApp::new().await;
    let answer = app
        .anonymous()
        .post("/api/auth/register", register_body("ada@example.com"))
        .await;
    let set_cookie = session_set_cookie(&answer);
    let body = answer.expect(201);

    assert_eq!(keys(&body), ["csrf_token", "user"]);
    assert_eq!(
        keys(&body["user"]),
        ["created_at", "email", "id", "locale", "name"]
    );
    assert_eq!(body["user"]["email"], "ada@example.com");
    assert_eq!(body["user"]["name"], "Ada");
    assert_eq!(body["user"]["locale"], Value::Null);
    assert!(uuid::Uuid::parse_str(body["user"]["id"].as_str().unwrap()).is_ok());
    assert!((unix_seconds(&body["user"]["created_at"]) - now_seconds()).abs() < 60);
    assert!(
        is_hex(body["csrf_token"].as_str().unwrap(), 64),
        "csrf token: {}",
        body["csrf_token"]
    );

    let attributes = cookie_attributes(&set_cookie);
    let cookie = set_cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("agentry_session=");
    assert!(is_hex(cookie, 64), "cookie value: {cookie}");
    assert!(attributes.contains(&"HttpOnly".to_owned()), "{set_cookie}");
    assert!(
        attributes.contains(&"SameSite=Lax".to_owned()),
        "{set_cookie}"
    );
    assert!(attributes.contains(&"Path=/".to_owned()), "{set_cookie}");
    assert!(
        !attributes.contains(&"Secure".to_owned()),
        "plain http must not mark the cookie Secure: {set_cookie}"
    );
}

#[tokio::test]
async fn the_session_cookie_is_secure_when_the_public_url_is_https() {
    let app = TestApp::with_config(|c| c.public_url = Some("https://x".into())).await;
    let answer = app
        .anonymous()
        .post("/api/auth/register", register_body("ada@example.com"))
        .await;
    let set_cookie = session_set_cookie(&answer);
    let client = app.client_from_auth_answer(&answer);
    answer.expect(201);
    let attributes = cookie_attributes(&set_cookie);
    for expected in ["Secure", "HttpOnly", "SameSite=Lax"] {
        assert!(
            attributes.contains(&expected.to_owned()),
            "{expected} missing: {set_cookie}"
        );
    }

    let logout = client.post("/api/auth/logout", json!({})).await;
    let cleared = session_set_cookie(&logout);
    logout.expect(204);
    assert!(
        cookie_attributes(&cleared).contains(&"Secure".to_owned()),
        "{cleared}"
    );
}

#[tokio::test]
async fn emails_are_trimmed_lowercased_and_unique_after_normalising() {
    let app = TestApp::new().await;
    let body = app
        .anonymous()
        .post("/api/auth/register", register_body("  Ada@Example.COM "))
        .await
        .expect(201);
    assert_eq!(body["user"]["email"], "ada@example.com");

    let again = app
        .anonymous()
        .post("/api/auth/register", register_body("ADA@example.com"))
        .await
        .expect_error(409, "email_taken");
    assert!(again.get("field").is_none(), "{again}");

    let client = app
        .login(" ADA@EXAMPLE.com", PASSWORD)
        .await
        .expect("login with another casing");
    assert_eq!(
        client.get("/api/me").await.expect(200)["user"]["email"],
        "ada@example.com"
    );
}

#[tokio::test]
async fn a_password_shorter_than_ten_characters_is_refused_naming_the_password_field() {
    let app = TestApp::new().await;
    let body = app
        .anonymous()
        .post(
            "/api/auth/register",
            json!({"email": "ada@example.com", "name": "Ada", "password": "123456789"}),
        )
        .await
        .expect_error(400, "invalid_input");
    assert_eq!(body["field"], "password");
    // Nothing was created: the address is still free.
    app.anonymous()
        .post(
            "/api/auth/register",
            json!({"email": "ada@example.com", "name": "Ada", "password": "1234567890"}),
        )
        .await
        .expect(201);
}

#[tokio::test]
async fn invalid_emails_and_blank_names_are_refused_naming_the_field() {
    let app = TestApp::new().await;
    for (email, name, field) in [
        ("not-an-email", "Ada", "email"),
        ("ada@example", "Ada", "email"),
        ("ada@example.com", "   ", "name"),
    ] {
        let body = app
            .anonymous()
            .post(
                "/api/auth/register",
                json!({"email": email, "name": name, "password": PASSWORD}),
            )
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(body["field"], field, "{email:?} {name:?}");
    }
}

#[tokio::test]
async fn a_missing_field_is_a_400_naming_it() {
    let app = TestApp::new().await;
    let cases = [
        (
            "/api/auth/register",
            json!({"name": "Ada", "password": PASSWORD}),
            "email",
        ),
        (
            "/api/auth/register",
            json!({"email": "ada@example.com", "password": PASSWORD}),
            "name",
        ),
        (
            "/api/auth/register",
            json!({"email": "ada@example.com", "name": "Ada"}),
            "password",
        ),
        ("/api/auth/login", json!({"password": PASSWORD}), "email"),
        (
            "/api/auth/login",
            json!({"email": "ada@example.com"}),
            "password",
        ),
    ];
    for (path, body, field) in cases {
        let answer = app
            .anonymous()
            .post(path, body)
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(answer["field"], field, "{path}: {answer}");
    }
}

#[tokio::test]
async fn malformed_or_missing_json_is_a_400() {
    let app = TestApp::new().await;
    for raw in ["{\"email\": ", "not json", "", "[1, 2]"] {
        for path in ["/api/auth/register", "/api/auth/login"] {
            let body = app
                .anonymous()
                .post_raw(path, raw)
                .await
                .expect_error(400, "invalid_input");
            assert!(body["field"].is_string(), "{path} {raw:?}: {body}");
        }
    }
}

#[tokio::test]
async fn logging_in_answers_200_with_the_same_shape_and_a_new_session() {
    let app = TestApp::new().await;
    let registered = app.register("ada@example.com", "Ada").await;
    let answer = app
        .anonymous()
        .post(
            "/api/auth/login",
            json!({"email": "ada@example.com", "password": PASSWORD}),
        )
        .await;
    let set_cookie = session_set_cookie(&answer);
    let client = app.client_from_auth_answer(&answer);
    let body = answer.expect(200);

    assert_eq!(keys(&body), ["csrf_token", "user"]);
    assert_eq!(
        keys(&body["user"]),
        ["created_at", "email", "id", "locale", "name"]
    );
    assert_eq!(body["user"]["email"], "ada@example.com");
    let attributes = cookie_attributes(&set_cookie);
    assert!(
        attributes.contains(&"HttpOnly".to_owned())
            && attributes.contains(&"SameSite=Lax".to_owned()),
        "{set_cookie}"
    );

    let me = client.get("/api/me").await.expect(200);
    assert_eq!(me["user"]["id"], body["user"]["id"]);
    assert_eq!(me["csrf_token"], body["csrf_token"]);
    // Each sign-in is its own session with its own CSRF token.
    let first = registered.get("/api/me").await.expect(200);
    assert_ne!(first["csrf_token"], me["csrf_token"]);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_401() {
    let app = TestApp::new().await;
    app.register("ada@example.com", "Ada").await;
    let wrong_password = app
        .login("ada@example.com", "wrong horse battery")
        .await
        .err()
        .expect("refused");
    let unknown_email = app
        .login("nobody@example.com", PASSWORD)
        .await
        .err()
        .expect("refused");
    let malformed_email = app.login("nobody", PASSWORD).await.err().expect("refused");

    assert!(session_cookie(&wrong_password.headers).is_none());
    let wrong_password = wrong_password.expect_error(401, "invalid_credentials");
    assert_eq!(
        wrong_password,
        unknown_email.expect_error(401, "invalid_credentials")
    );
    assert_eq!(
        wrong_password,
        malformed_email.expect_error(401, "invalid_credentials")
    );
}

#[tokio::test]
async fn logging_out_revokes_the_session_on_the_server() {
    let app = TestApp::new().await;
    let client = app.register("ada@example.com", "Ada").await;
    let other_session = app.login("ada@example.com", PASSWORD).await.expect("login");

    let answer = client.post("/api/auth/logout", json!({})).await;
    let cleared = session_set_cookie(&answer);
    assert_eq!(answer.expect(204), Value::Null);
    assert!(cleared.starts_with("agentry_session=;"), "{cleared}");
    assert!(
        cookie_attributes(&cleared).contains(&"Max-Age=0".to_owned()),
        "{cleared}"
    );

    // Replaying the old cookie does not work: the session is gone, not just the cookie.
    client
        .get("/api/me")
        .await
        .expect_error(401, "unauthenticated");
    client
        .post("/api/workspaces", json!({"name": "Acme", "slug": "acme"}))
        .await
        .expect_error(401, "unauthenticated");
    // Only that session ended.
    other_session.get("/api/me").await.expect(200);
}

#[tokio::test]
async fn the_session_cookie_slides_with_the_server_side_expiry_at_most_once_a_day() {
    let app = TestApp::new().await;
    let answer = app
        .anonymous()
        .post("/api/auth/register", register_body("ada@example.com"))
        .await;
    let issued = session_set_cookie(&answer);
    let client = app.client_from_auth_answer(&answer);
    let token = issued
        .split(';')
        .next()
        .and_then(|pair| pair.strip_prefix("agentry_session="))
        .unwrap()
        .to_owned();

    // A fresh session is not extended: no cookie on an ordinary request.
    let fresh = client.get("/api/me").await;
    assert!(
        fresh.headers.get("set-cookie").is_none(),
        "{:?}",
        fresh.headers
    );

    // Two days later the server extends the session and re-issues the same cookie for the
    // full lifetime, with the sign-in cookie's attributes.
    let two_days_ago = (now_seconds() - 2 * 86_400) * 1000;
    app.sql(
        &format!("UPDATE sessions SET last_seen_at = {two_days_ago}"),
        &[],
    )
    .await;
    let extended = client.get("/api/me").await;
    let renewed = session_set_cookie(&extended);
    extended.expect(200);
    assert_eq!(cookie_attributes(&renewed), cookie_attributes(&issued));
    assert!(renewed.starts_with(&format!("agentry_session={token};")));
    let expires_ms: i64 = app
        .sql_text("SELECT CAST(expires_at AS TEXT) FROM sessions", &[])
        .await
        .unwrap()
        .parse()
        .unwrap();
    assert!((expires_ms / 1000 - (now_seconds() + 30 * 86_400)).abs() < 60);

    // Right after, it is not re-issued again.
    let again = client.get("/api/me").await;
    assert!(again.headers.get("set-cookie").is_none());
}

#[tokio::test]
async fn logging_out_needs_a_session() {
    let app = TestApp::new().await;
    app.anonymous()
        .post("/api/auth/logout", json!({}))
        .await
        .expect_error(401, "unauthenticated");
}

#[tokio::test]
async fn me_shows_the_user_the_csrf_token_and_every_workspace_with_the_callers_role() {
    let app = TestApp::new().await;
    let answer = app
        .anonymous()
        .post("/api/auth/register", register_body("ada@example.com"))
        .await;
    let ada = app.client_from_auth_answer(&answer);
    let registered = answer.expect(201);

    let empty = ada.get("/api/me").await.expect(200);
    assert_eq!(keys(&empty), ["csrf_token", "user", "workspaces"]);
    assert_eq!(empty["user"], registered["user"]);
    assert_eq!(empty["csrf_token"], registered["csrf_token"]);
    assert_eq!(empty["workspaces"], json!([]));

    let own = ada
        .post("/api/workspaces", json!({"name": "Acme", "slug": "acme"}))
        .await
        .expect(201);
    let (bob, bobs) = app.owner_with_workspace("bob@example.com", "bobs").await;
    let invitation = bob
        .post(
            &format!("/api/workspaces/{bobs}/invitations"),
            json!({"email": "ada@example.com", "role": "member"}),
        )
        .await
        .expect(201);
    ada.post(
        &format!(
            "/api/invitations/{}/accept",
            invitation["token"].as_str().unwrap()
        ),
        json!({}),
    )
    .await
    .expect(200);

    let me = ada.get("/api/me").await.expect(200);
    let workspaces = me["workspaces"].as_array().unwrap();
    assert_eq!(workspaces.len(), 2, "{me}");
    for workspace in workspaces {
        assert_eq!(keys(workspace), ["id", "name", "role", "slug"]);
    }
    let find = |slug: &str| {
        workspaces
            .iter()
            .find(|w| w["slug"] == slug)
            .unwrap()
            .clone()
    };
    assert_eq!(
        find("acme"),
        json!({"id": own["id"], "name": "Acme", "slug": "acme", "role": "owner"})
    );
    assert_eq!(
        find("bobs"),
        json!({"id": bobs, "name": "Acme", "slug": "bobs", "role": "member"})
    );
}

#[tokio::test]
async fn patching_me_changes_the_name_and_the_locale_persists() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    let updated = ada
        .patch(
            "/api/me",
            json!({"name": "  Ada Lovelace ", "locale": "ja"}),
        )
        .await
        .expect(200);
    assert_eq!(updated["name"], "Ada Lovelace");
    assert_eq!(updated["locale"], "ja");
    assert_eq!(updated["email"], "ada@example.com");

    // Keys left out stay as they are.
    let same = ada.patch("/api/me", json!({})).await.expect(200);
    assert_eq!(same, updated);
    let renamed = ada
        .patch("/api/me", json!({"name": "Countess"}))
        .await
        .expect(200);
    assert_eq!(renamed["locale"], "ja");

    let fresh = app.login("ada@example.com", PASSWORD).await.expect("login");
    let me = fresh.get("/api/me").await.expect(200);
    assert_eq!(me["user"]["locale"], "ja");
    assert_eq!(me["user"]["name"], "Countess");
}

#[tokio::test]
async fn an_unsupported_locale_or_a_blank_name_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    for (body, field) in [
        (json!({"locale": "fr"}), "locale"),
        (json!({"locale": "JA"}), "locale"),
        (json!({"name": "   "}), "name"),
        (json!({"name": "x".repeat(101)}), "name"),
        (json!({"name": "Eve", "locale": "xx"}), "locale"),
    ] {
        let answer = ada
            .patch("/api/me", body.clone())
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(answer["field"], field, "{body}: {answer}");
    }
    let me = ada.get("/api/me").await.expect(200);
    assert_eq!(me["user"]["name"], "Ada");
    assert_eq!(me["user"]["locale"], Value::Null);
}

#[tokio::test]
async fn the_eleventh_login_attempt_for_one_email_within_a_minute_is_429_with_retry_after() {
    let app = TestApp::new().await;
    for attempt in 1..=10 {
        let answer = app
            .login("victim@example.com", "wrong horse battery")
            .await
            .err()
            .expect("refused");
        assert_eq!(
            answer.status.as_u16(),
            401,
            "attempt {attempt}: {}",
            answer.body
        );
    }
    let limited = app
        .login("victim@example.com", "wrong horse battery")
        .await
        .err()
        .expect("refused");
    let retry_after: u64 = limited
        .header("retry-after")
        .parse()
        .expect("a Retry-After in seconds");
    assert!((1..=60).contains(&retry_after), "Retry-After {retry_after}");
    limited.expect_error(429, "rate_limited");

    // The limit is per address (spelled any way): another address from the same client still gets an answer.
    app.login(" VICTIM@example.com", PASSWORD)
        .await
        .err()
        .expect("refused")
        .expect_error(429, "rate_limited");
    app.login("other@example.com", PASSWORD)
        .await
        .err()
        .expect("refused")
        .expect_error(401, "invalid_credentials");
}

#[tokio::test]
async fn the_per_email_limit_is_configurable_and_refuses_even_the_right_password() {
    let app = TestApp::with_config(|c| c.auth_rate_per_email = 2).await;
    app.register("ada@example.com", "Ada").await; // attempt 1
    app.login("ada@example.com", PASSWORD)
        .await
        .expect("attempt 2");
    app.login("ada@example.com", PASSWORD)
        .await
        .err()
        .expect("refused")
        .expect_error(429, "rate_limited");
    // Sign-up counts too.
    app.anonymous()
        .post("/api/auth/register", register_body("ada@example.com"))
        .await
        .expect_error(429, "rate_limited");
}

#[tokio::test]
async fn one_client_ip_is_limited_across_emails() {
    let app = TestApp::with_config(|c| {
        c.auth_rate_per_ip = 3;
        c.auth_rate_per_email = 100;
    })
    .await;
    for i in 0..3 {
        app.login(&format!("user{i}@example.com"), PASSWORD)
            .await
            .err()
            .expect("refused")
            .expect_error(401, "invalid_credentials");
    }
    app.login("user9@example.com", PASSWORD)
        .await
        .err()
        .expect("refused")
        .expect_error(429, "rate_limited");
    app.anonymous()
        .post("/api/auth/register", register_body("new@example.com"))
        .await
        .expect_error(429, "rate_limited");

    // Another address is counted separately.
    let login = |ip: [u8; 4]| {
        let mut request = Request::builder()
            .method("POST")
            .uri("/api/auth/login")
            .header("content-type", "application/json")
            .body(Body::from(
                json!({"email": "user9@example.com", "password": PASSWORD}).to_string(),
            ))
            .unwrap();
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from((ip, 40000))));
        app.router.clone().oneshot(request)
    };
    for _ in 0..3 {
        assert_eq!(login([10, 0, 0, 2]).await.unwrap().status(), 401);
    }
    assert_eq!(login([10, 0, 0, 2]).await.unwrap().status(), 429);
    assert_eq!(login([10, 0, 0, 3]).await.unwrap().status(), 401);
}
