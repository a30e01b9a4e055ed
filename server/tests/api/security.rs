//! Cross-cutting protections: CSRF on cookie requests, headers on every response, credentials
//! on every route that needs them (both route lists come from the router's own), JSON 404s and
//! 400s (never 500s) for bad input.

use crate::authorization::{Caller, Cast, World};
use crate::endpoints::{access, call, name, routes, Access, Ids, PUBLIC};
use crate::helpers::*;
use axum::http::Method;
use serde_json::{json, Value};

/// A crew whose workspace has a team, for routes that need real ids.
async fn crew_with_team() -> (Crew, String) {
    let crew = Crew::new().await;
    let team = crew
        .owner
        .post(
            &format!("/api/workspaces/{}/teams", crew.workspace),
            json!({"name": "Core"}),
        )
        .await
        .expect(201);
    let team = team["id"].as_str().unwrap().to_owned();
    (crew, team)
}

/// What every signed-in person of `cast` sees on every GET route that is not the daemon API
/// (whose reads are the same data), with each route's status.
async fn everything_visible(cast: &Cast, world: &World) -> Vec<(String, String, u16, String)> {
    let mut seen = Vec::new();
    for route in routes() {
        if route.method != Method::GET || access(&route) == Access::Daemon {
            continue;
        }
        let request = call(&route, &world.ids, 0);
        for caller in [
            Caller::Outsider,
            Caller::Member,
            Caller::Admin,
            Caller::Owner,
            Caller::ObjectOwner,
        ] {
            let (status, body) = cast.send(&cast.auth(caller, world), &request).await;
            seen.push((format!("{caller:?}"), name(&route), status, body));
        }
    }
    seen
}

#[tokio::test]
async fn every_cookie_route_that_changes_state_refuses_a_request_without_the_csrf_header_and_changes_nothing(
) {
    let cast = Cast::new().await;
    let world = cast.world(0).await;
    let before = everything_visible(&cast, &world).await;
    let people = [
        &cast.owner,
        &cast.admin,
        &cast.member,
        &cast.olivia,
        &cast.outsider,
    ];
    for (n, route) in routes().iter().enumerate() {
        if route.method == Method::GET {
            continue;
        }
        let request = call(route, &world.ids, n);
        let headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        match access(route) {
            // Signing up and in needs no session (login CSRF is closed by the JSON content type).
            Access::Public => continue,
            // The daemon API takes no cookie at all, CSRF header or not.
            Access::Daemon => {
                for person in people {
                    person
                        .request(
                            request.method.clone(),
                            &request.path,
                            request.body.clone(),
                            &headers,
                        )
                        .await
                        .expect_error(401, "unauthenticated");
                }
            }
            Access::User => {
                for person in people {
                    let answer = person
                        .without_csrf()
                        .request(
                            request.method.clone(),
                            &request.path,
                            request.body.clone(),
                            &headers,
                        )
                        .await;
                    assert_eq!(
                        answer.status.as_u16(),
                        403,
                        "{} {}: {}",
                        request.method,
                        request.path,
                        answer.body
                    );
                    answer.expect_error(403, "csrf_failed");
                }
            }
        }
    }
    assert_eq!(everything_visible(&cast, &world).await, before);
}

#[tokio::test]
async fn a_wrong_csrf_token_or_another_sessions_token_is_403() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    let second = app.login("ada@example.com", PASSWORD).await.expect("login");
    let Auth::Session { cookie, csrf } = ada.auth.clone() else {
        panic!("a session client")
    };
    let Auth::Session {
        csrf: second_csrf, ..
    } = second.auth.clone()
    else {
        panic!("a session client")
    };
    assert_ne!(csrf, second_csrf);

    for wrong in [
        "0".repeat(64),
        second_csrf,
        format!("{csrf}0"),
        csrf[..63].to_owned(),
    ] {
        let mut forged = ada.clone();
        forged.auth = Auth::Session {
            cookie: cookie.clone(),
            csrf: wrong.clone(),
        };
        forged
            .patch("/api/me", json!({"name": "Pwned"}))
            .await
            .expect_error(403, "csrf_failed");
    }
    assert_eq!(ada.get("/api/me").await.expect(200)["user"]["name"], "Ada");
    ada.patch("/api/me", json!({"name": "Ada L"}))
        .await
        .expect(200);
}

#[tokio::test]
async fn reads_need_no_csrf_token() {
    let Crew {
        owner, workspace, ..
    } = Crew::new().await;
    let reader = owner.without_csrf();
    reader.get("/api/me").await.expect(200);
    reader.get("/api/workspaces").await.expect(200);
    reader
        .get(&format!("/api/workspaces/{workspace}/members"))
        .await
        .expect(200);
    reader
        .get(&format!("/api/workspaces/{workspace}/teams"))
        .await
        .expect(200);
}

#[tokio::test]
async fn bearer_requests_need_no_csrf_token() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    let token = ada
        .post("/api/tokens", json!({"name": "cli"}))
        .await
        .expect(201);
    let cli = ada.with_bearer(token["token"].as_str().unwrap());
    let created = cli
        .post("/api/workspaces", json!({"name": "Acme", "slug": "acme"}))
        .await
        .expect(201);
    assert_eq!(created["role"], "owner");
    cli.patch("/api/me", json!({"name": "Ada CLI"}))
        .await
        .expect(200);
    assert_eq!(
        ada.get("/api/me").await.expect(200)["user"]["name"],
        "Ada CLI"
    );
}

#[track_caller]
fn assert_security_headers(answer: &Answer, what: &str) {
    let csp = answer.header("content-security-policy");
    assert!(
        csp.contains("frame-ancestors 'none'"),
        "{what}: CSP {csp:?}"
    );
    assert_eq!(answer.header("x-content-type-options"), "nosniff", "{what}");
    let referrer = answer.header("referrer-policy");
    assert!(
        [
            "no-referrer",
            "same-origin",
            "strict-origin",
            "strict-origin-when-cross-origin"
        ]
        .contains(&referrer.as_str()),
        "{what}: referrer policy {referrer:?}"
    );
    assert!(
        !answer.header("x-request-id").is_empty(),
        "{what}: no x-request-id"
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_a_request_id() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    let answers = [
        ("GET /api/me", ada.get("/api/me").await),
        (
            "GET /api/me anonymously",
            app.anonymous().get("/api/me").await,
        ),
        ("GET an unknown API path", ada.get("/api/nope").await),
        (
            "POST a bad body",
            ada.post_raw("/api/workspaces", "{").await,
        ),
        ("GET /healthz", app.anonymous().get("/healthz").await),
        ("GET /readyz", app.anonymous().get("/readyz").await),
        ("GET /", app.anonymous().get("/").await),
        (
            "GET a missing asset",
            app.anonymous().get("/pkg/missing.js").await,
        ),
        (
            "POST /api/auth/login",
            app.anonymous()
                .post(
                    "/api/auth/login",
                    json!({"email": "ada@example.com", "password": "nope nope nope"}),
                )
                .await,
        ),
    ];
    let mut ids = std::collections::HashSet::new();
    for (what, answer) in &answers {
        assert_security_headers(answer, what);
        assert!(
            ids.insert(answer.header("x-request-id")),
            "{what}: request ids must differ"
        );
    }
    let api = &answers[0].1;
    assert_eq!(
        api.header("content-security-policy"),
        "default-src 'none'; frame-ancestors 'none'"
    );
    assert_eq!(api.header("cache-control"), "no-store");
}

#[tokio::test]
async fn a_well_formed_incoming_request_id_is_echoed_and_anything_else_replaced() {
    let app = TestApp::new().await;
    let echoed = app
        .anonymous()
        .request(
            Method::GET,
            "/healthz",
            None,
            &[("x-request-id", "trace-123-abc")],
        )
        .await;
    assert_eq!(echoed.header("x-request-id"), "trace-123-abc");
    let replaced = app
        .anonymous()
        .request(
            Method::GET,
            "/healthz",
            None,
            &[("x-request-id", "evil id\twith junk")],
        )
        .await;
    let id = replaced.header("x-request-id");
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    for (method, path) in [
        (Method::GET, "/api/nope"),
        (Method::POST, "/api/nope/deeper"),
        (Method::DELETE, "/api/workspaces/x/y/z/w"),
        (Method::GET, "/api/"),
        (Method::GET, "/api"),
        (Method::POST, "/api"),
    ] {
        let answer = ada.request(method.clone(), path, None, &[]).await;
        assert!(
            answer
                .header("content-type")
                .starts_with("application/json"),
            "{method} {path}"
        );
        answer.expect_error(404, "not_found");
    }
    app.anonymous()
        .get("/api/nope")
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn every_route_that_needs_credentials_without_them_is_401() {
    let app = TestApp::new().await;
    let anonymous = app.anonymous();
    let expired_cookie = {
        let ada = app.register("ada@example.com", "Ada").await;
        ada.post("/api/auth/logout", json!({})).await.expect(204);
        ada
    };
    let garbage_bearer = anonymous.with_bearer("agt_0000000000000000000000000000000000000000");
    let garbage_daemon = anonymous.with_bearer("agd_0000000000000000000000000000000000000000");
    let ids = Ids::random();
    let mut checked = 0;
    for route in routes() {
        if access(&route) == Access::Public {
            continue;
        }
        let request = call(&route, &ids, 0);
        let headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        for (how, client) in [
            ("anonymous", &anonymous),
            ("revoked cookie", &expired_cookie),
            ("unknown token", &garbage_bearer),
            ("unknown daemon token", &garbage_daemon),
        ] {
            let answer = client
                .request(
                    request.method.clone(),
                    &request.path,
                    request.body.clone(),
                    &headers,
                )
                .await;
            assert_eq!(
                answer.status.as_u16(),
                401,
                "{how} {} {}: {}",
                request.method,
                request.path,
                answer.body
            );
            answer.expect_error(401, "unauthenticated");
        }
        checked += 1;
    }
    assert_eq!(checked, routes().len() - PUBLIC.len());
}

#[tokio::test]
async fn public_endpoints_answer_without_credentials() {
    let app = TestApp::new().await;
    assert_eq!(
        app.anonymous().get("/healthz").await.expect(200),
        json!({"status": "ok"})
    );
    assert_eq!(
        app.anonymous().get("/readyz").await.expect(200),
        json!({"status": "ready"})
    );
    // The invitation preview is public: an unknown token is the invitation's 404, not a 401.
    app.anonymous()
        .get(&format!("/api/invitations/{}", "a".repeat(64)))
        .await
        .expect_error(404, "invitation_invalid");
}

#[tokio::test]
async fn the_home_page_renders_html_with_a_nonce_based_csp() {
    let app = TestApp::new().await;
    let page = app.anonymous().get("/").await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.body);
    assert!(
        page.header("content-type").starts_with("text/html"),
        "{}",
        page.header("content-type")
    );
    let csp = page.header("content-security-policy");
    let nonce = csp
        .split_whitespace()
        .find_map(|part| part.strip_prefix("'nonce-"))
        .map(|n| n.trim_end_matches(['\'', ';']).to_owned())
        .unwrap_or_else(|| panic!("no nonce in CSP {csp:?}"));
    assert!(nonce.len() >= 16, "a short nonce: {nonce:?}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let html = page.body.as_str().expect("an HTML body");
    assert!(html.to_lowercase().contains("<html"), "{html}");
    // Each page view gets a fresh nonce.
    let again = app
        .anonymous()
        .get("/")
        .await
        .header("content-security-policy");
    assert_ne!(again, csp);
}

#[tokio::test]
async fn wrong_typed_json_on_every_write_endpoint_is_a_400_naming_the_field() {
    let (
        Crew {
            app,
            owner,
            workspace,
            member_id,
            ..
        },
        team,
    ) = crew_with_team().await;
    let ws = format!("/api/workspaces/{workspace}");
    let cases: Vec<(Method, String, Value, &str)> = vec![
        (
            Method::POST,
            "/api/auth/register".into(),
            json!({"email": 1, "name": "A", "password": PASSWORD}),
            "email",
        ),
        (
            Method::POST,
            "/api/auth/register".into(),
            json!({"email": "a@example.com", "name": ["A"], "password": PASSWORD}),
            "name",
        ),
        (
            Method::POST,
            "/api/auth/register".into(),
            json!({"email": "a@example.com", "name": "A", "password": 1234567890}),
            "password",
        ),
        (
            Method::POST,
            "/api/auth/login".into(),
            json!({"email": true, "password": PASSWORD}),
            "email",
        ),
        (
            Method::POST,
            "/api/auth/login".into(),
            json!({"email": "a@example.com", "password": null}),
            "password",
        ),
        (Method::PATCH, "/api/me".into(), json!({"name": 5}), "name"),
        (
            Method::PATCH,
            "/api/me".into(),
            json!({"locale": 5}),
            "locale",
        ),
        (
            Method::POST,
            "/api/tokens".into(),
            json!({"name": {"a": 1}}),
            "name",
        ),
        (
            Method::POST,
            "/api/tokens".into(),
            json!({"name": "cli", "expires_in_days": "thirty"}),
            "expires_in_days",
        ),
        (
            Method::POST,
            "/api/tokens".into(),
            json!({"name": "cli", "expires_in_days": 1e30}),
            "expires_in_days",
        ),
        (
            Method::POST,
            "/api/tokens".into(),
            json!({"name": "cli", "expires_in_days": i64::MAX}),
            "expires_in_days",
        ),
        (
            Method::POST,
            "/api/workspaces".into(),
            json!({"name": 1, "slug": "abc"}),
            "name",
        ),
        (
            Method::POST,
            "/api/workspaces".into(),
            json!({"name": "A", "slug": false}),
            "slug",
        ),
        (Method::PATCH, ws.clone(), json!({"slug": 5}), "slug"),
        (Method::PATCH, ws.clone(), json!({"name": []}), "name"),
        (
            Method::DELETE,
            ws.clone(),
            json!({"confirm_slug": 1}),
            "confirm_slug",
        ),
        (
            Method::PATCH,
            format!("{ws}/members/{member_id}"),
            json!({"role": 1}),
            "role",
        ),
        (
            Method::PATCH,
            format!("{ws}/members/{member_id}"),
            json!({"role": "Owner"}),
            "role",
        ),
        (
            Method::POST,
            format!("{ws}/invitations"),
            json!({"email": 1, "role": "member"}),
            "email",
        ),
        (
            Method::POST,
            format!("{ws}/invitations"),
            json!({"email": "x@example.com", "role": ["member"]}),
            "role",
        ),
        (
            Method::POST,
            format!("{ws}/teams"),
            json!({"name": 1}),
            "name",
        ),
        (
            Method::POST,
            format!("{ws}/teams"),
            json!({"name": "T", "description": 5}),
            "description",
        ),
        (
            Method::PATCH,
            format!("{ws}/teams/{team}"),
            json!({"description": 1}),
            "description",
        ),
        (
            Method::PATCH,
            format!("{ws}/teams/{team}"),
            json!({"name": true}),
            "name",
        ),
        (
            Method::PUT,
            format!("{ws}/teams/{team}/members"),
            json!({"user_ids": "everyone"}),
            "user_ids",
        ),
        (
            Method::PUT,
            format!("{ws}/teams/{team}/members"),
            json!({"user_ids": ["not-a-uuid"]}),
            "user_ids[0]",
        ),
        (
            Method::PUT,
            format!("{ws}/teams/{team}/members"),
            json!({"user_ids": [member_id, 7]}),
            "user_ids[1]",
        ),
    ];
    for (method, path, body, field) in cases {
        let client = if path.starts_with("/api/auth/") {
            app.anonymous()
        } else {
            owner.clone()
        };
        let answer = client
            .request(method.clone(), &path, Some(body.clone()), &[])
            .await;
        assert_eq!(
            answer.status.as_u16(),
            400,
            "{method} {path} {body}: {}",
            answer.body
        );
        let answer = answer.expect_error(400, "invalid_input");
        assert_eq!(answer["field"], field, "{method} {path} {body}: {answer}");
    }
    // Bodies that are not objects at all.
    let writes: Vec<(Method, String)> = vec![
        (Method::POST, "/api/auth/register".into()),
        (Method::POST, "/api/auth/login".into()),
        (Method::PATCH, "/api/me".into()),
        (Method::POST, "/api/tokens".into()),
        (Method::POST, "/api/workspaces".into()),
        (Method::PATCH, ws.clone()),
        (Method::DELETE, ws.clone()),
        (Method::PATCH, format!("{ws}/members/{member_id}")),
        (Method::POST, format!("{ws}/invitations")),
        (Method::POST, format!("{ws}/teams")),
        (Method::PATCH, format!("{ws}/teams/{team}")),
        (Method::PUT, format!("{ws}/teams/{team}/members")),
    ];
    for (method, path) in writes {
        for body in [json!([1, 2]), json!(42), json!("text"), Value::Null] {
            let answer = owner
                .request(method.clone(), &path, Some(body.clone()), &[])
                .await;
            assert_eq!(
                answer.status.as_u16(),
                400,
                "{method} {path} {body}: {}",
                answer.body
            );
            answer.expect_error(400, "invalid_input");
        }
    }
    // And nothing changed on the way.
    let shown = owner.get(&ws).await.expect(200);
    assert_eq!(
        (shown["name"].as_str(), shown["slug"].as_str()),
        (Some("Acme"), Some("acme"))
    );
}

#[tokio::test]
async fn an_internal_error_says_only_internal_error() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    // Break the database under the running app: the next token query fails inside sqlx.
    app.sql("DROP TABLE api_tokens", &[]).await;
    let answer = ada.get("/api/tokens").await;
    assert_security_headers(&answer, "a 500");
    assert_eq!(
        answer.expect(500),
        json!({"error": "internal error", "code": "internal"})
    );
}

#[tokio::test]
async fn concurrent_writes_to_one_workspace_wait_their_turn_instead_of_failing() {
    let (
        Crew {
            owner,
            admin,
            workspace,
            ..
        },
        team,
    ) = crew_with_team().await;
    let ws = format!("/api/workspaces/{workspace}");
    let (teams, team_path, invitations) = (
        format!("{ws}/teams"),
        format!("{ws}/teams/{team}"),
        format!("{ws}/invitations"),
    );
    // Each of these reads before it writes; on SQLite a transaction that read cannot always
    // become a writer after another one committed, unless it took the write lock up front.
    for round in 0..8 {
        let (rename, reslug, team_rename, invite, new_team) = tokio::join!(
            owner.patch(&ws, json!({"name": format!("Owner {round}")})),
            admin.patch(&ws, json!({"slug": format!("acme-{round}")})),
            owner.patch(&team_path, json!({"name": format!("Core {round}")})),
            admin.post(
                &invitations,
                json!({"email": format!("guest{round}@example.com"), "role": "member"})
            ),
            owner.post(&teams, json!({"name": format!("Team {round}")})),
        );
        rename.expect(200);
        reslug.expect(200);
        team_rename.expect(200);
        invite.expect(201);
        new_team.expect(201);
    }
    let shown = owner.get(&ws).await.expect(200);
    assert_eq!(
        (&shown["name"], &shown["slug"]),
        (&json!("Owner 7"), &json!("acme-7"))
    );
    assert_eq!(
        owner
            .get(&invitations)
            .await
            .expect(200)
            .as_array()
            .unwrap()
            .len(),
        8
    );
}
