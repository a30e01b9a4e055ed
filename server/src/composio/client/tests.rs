//! The client against a tiny in-test Composio that records what it was sent and answers
//! from a script.

use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::IntoResponse;
use axum::Router;

use super::*;

const KEY: &str = "ak_test_secret_123";

#[derive(Clone, Debug)]
struct Seen {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    api_key: Option<String>,
    body: String,
}

#[derive(Clone)]
struct Answer {
    status: u16,
    body: String,
    delay: Duration,
}

fn ok(body: serde_json::Value) -> Answer {
    Answer {
        status: 200,
        body: body.to_string(),
        delay: Duration::ZERO,
    }
}

fn status(status: u16, body: &str) -> Answer {
    Answer {
        status,
        body: body.to_owned(),
        delay: Duration::ZERO,
    }
}

#[derive(Clone, Default)]
struct Fake {
    seen: Arc<Mutex<Vec<Seen>>>,
    script: Arc<Mutex<VecDeque<Answer>>>,
}

impl Fake {
    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn record(
    State(fake): State<Fake>,
    method: Method,
    uri: axum::http::Uri,
    Query(query): Query<Vec<(String, String)>>,
    headers: HeaderMap,
    body: Bytes,
) -> impl IntoResponse {
    fake.seen.lock().unwrap().push(Seen {
        method,
        path: uri.path().to_owned(),
        query,
        api_key: headers
            .get("x-api-key")
            .map(|v| v.to_str().unwrap().to_owned()),
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    let answer = fake.script.lock().unwrap().pop_front();
    let answer = answer.unwrap_or_else(|| status(500, "script ran out"));
    tokio::time::sleep(answer.delay).await;
    (
        StatusCode::from_u16(answer.status).unwrap(),
        [
            ("content-type", "application/json"),
            ("x-request-id", "req_1"),
        ],
        answer.body,
    )
}

/// Starts the fake with a script and a client pointed at it with fast retries.
async fn start(script: Vec<Answer>) -> (Fake, ComposioClient) {
    let fake = Fake::default();
    fake.script.lock().unwrap().extend(script);
    let app = Router::new().fallback(record).with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let mut config = ClientConfig::new(format!("http://{addr}/"), Secret::from(KEY.to_owned()));
    config.retry_base_delay = Duration::from_millis(5);
    config.timeout = Duration::from_secs(5);
    (fake, ComposioClient::new(config).unwrap())
}

async fn within<F: Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), f)
        .await
        .expect("the test took too long")
}

fn page(items: serde_json::Value, next: Option<&str>) -> Answer {
    ok(serde_json::json!({
        "items": items, "next_cursor": next,
        "total_pages": 1, "current_page": 1, "total_items": 1
    }))
}

fn account(id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id, "user_id": "u1", "status": "ACTIVE", "is_disabled": false,
        "created_at": "2026-01-01T00:00:00.000Z", "updated_at": "2026-01-01T00:00:00.000Z",
        "data": {}, "toolkit": {"slug": "notion"},
        "auth_config": {"id": "ac_1", "auth_scheme": "OAUTH2", "is_composio_managed": true, "is_disabled": false},
        "state": {"authScheme": "OAUTH2", "val": {"status": "ACTIVE", "access_token": "x"}},
        "a_field_added_later": 1
    })
}

fn query_value<'a>(seen: &'a Seen, name: &str) -> Option<&'a str> {
    seen.query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn a_link_is_posted_with_the_key_header_and_its_answer_is_typed() {
    within(async {
        let (fake, client) = start(vec![ok(serde_json::json!({
            "connected_account_id": "ca_1", "redirect_url": "https://connect.example/lk_1",
            "link_token": "lt_1", "expires_at": "2026-01-01T00:00:00.000Z", "extra": true
        }))])
        .await;
        let link = client
            .create_link("ac_1", "u1", Some("https://app.example/cb?state=s"))
            .await
            .unwrap();
        assert_eq!(link.connected_account_id, "ca_1");
        assert_eq!(link.redirect_url, "https://connect.example/lk_1");
        let seen = &fake.seen()[0];
        assert_eq!(seen.method, Method::POST);
        assert_eq!(seen.path, "/api/v3.1/connected_accounts/link");
        assert_eq!(seen.api_key.as_deref(), Some(KEY));
        let body: serde_json::Value = serde_json::from_str(&seen.body).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"auth_config_id": "ac_1", "user_id": "u1",
                "callback_url": "https://app.example/cb?state=s"})
        );
    })
    .await;
}

#[tokio::test]
async fn list_filters_are_sent_comma_joined_in_one_parameter() {
    within(async {
        let (fake, client) = start(vec![page(serde_json::json!([account("ca_1")]), None)]).await;
        let filter = AccountFilter {
            ids: vec!["ca_1".into(), "ca_2".into()],
            user_ids: vec!["u1".into(), "u2".into()],
            statuses: vec![AccountStatus::Active, AccountStatus::Initiated],
        };
        let accounts = client.list_connected_accounts(&filter).await.unwrap();
        assert_eq!(accounts.len(), 1);
        assert_eq!(accounts[0].auth_config.id, "ac_1");
        assert_eq!(accounts[0].toolkit.slug, "notion");
        assert_eq!(accounts[0].status, AccountStatus::Active);
        let seen = &fake.seen()[0];
        assert_eq!(seen.path, "/api/v3.1/connected_accounts");
        assert_eq!(query_value(seen, "user_ids"), Some("u1,u2"));
        assert_eq!(
            query_value(seen, "connected_account_ids"),
            Some("ca_1,ca_2")
        );
        assert_eq!(query_value(seen, "statuses"), Some("ACTIVE,INITIATED"));
        assert_eq!(
            seen.query.iter().filter(|(k, _)| k == "user_ids").count(),
            1
        );
    })
    .await;
}

#[tokio::test]
async fn an_empty_filter_sends_no_filter_parameters() {
    within(async {
        let (fake, client) = start(vec![page(serde_json::json!([]), None)]).await;
        client
            .list_connected_accounts(&AccountFilter::default())
            .await
            .unwrap();
        assert!(fake.seen()[0].query.is_empty());
    })
    .await;
}

#[tokio::test]
async fn pagination_follows_next_cursor_until_it_is_empty() {
    within(async {
        let toolkit = |slug: &str| {
            serde_json::json!({"slug": slug, "name": slug, "meta": {
                "logo": format!("https://logo.example/{slug}"),
                "categories": [{"id": "productivity", "name": "Productivity"}]}})
        };
        let (fake, client) = start(vec![
            page(serde_json::json!([toolkit("notion")]), Some("c1")),
            page(serde_json::json!([toolkit("github")]), Some("")),
        ])
        .await;
        let toolkits = client.list_toolkits().await.unwrap();
        let slugs: Vec<_> = toolkits.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs, ["notion", "github"]);
        assert_eq!(toolkits[0].meta.categories[0].name, "Productivity");
        let seen = fake.seen();
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].path, "/api/v3.1/toolkits");
        assert_eq!(query_value(&seen[0], "sort_by"), Some("usage"));
        assert_eq!(query_value(&seen[0], "limit"), Some("1000"));
        assert_eq!(query_value(&seen[0], "cursor"), None);
        assert_eq!(query_value(&seen[1], "cursor"), Some("c1"));
    })
    .await;
}

#[tokio::test]
async fn pagination_stops_at_the_page_cap_even_if_more_is_offered() {
    within(async {
        let config = |slug: &str| {
            serde_json::json!({"id": slug, "status": "ENABLED",
                "toolkit": {"slug": "notion", "logo": "https://logo.example/notion"}})
        };
        let script = (0..30)
            .map(|i| {
                page(
                    serde_json::json!([config(&format!("ac_{i}"))]),
                    Some("more"),
                )
            })
            .collect();
        let (fake, client) = start(script).await;
        let configs = client.list_auth_configs().await.unwrap();
        assert_eq!(configs.len(), 20);
        assert_eq!(fake.seen().len(), 20);
        assert_eq!(fake.seen()[0].path, "/api/v3.1/auth_configs");
    })
    .await;
}

#[tokio::test]
async fn a_get_answered_503_is_retried_and_then_succeeds() {
    within(async {
        let (fake, client) = start(vec![
            status(503, "{}"),
            status(429, "{}"),
            page(serde_json::json!([]), None),
        ])
        .await;
        let toolkits = client.list_toolkits().await.unwrap();
        assert!(toolkits.is_empty());
        assert_eq!(fake.seen().len(), 3);
    })
    .await;
}

#[tokio::test]
async fn a_get_gives_up_after_three_attempts() {
    within(async {
        let (fake, client) = start(vec![status(502, "{}"); 5]).await;
        let err = client.list_toolkits().await.unwrap_err();
        assert_eq!(err.status(), Some(502));
        assert_eq!(fake.seen().len(), 3);
    })
    .await;
}

#[tokio::test]
async fn a_post_answered_503_is_not_retried() {
    within(async {
        let (fake, client) =
            start(vec![status(503, "{}"), page(serde_json::json!([]), None)]).await;
        let err = client.revoke("ca_1").await.unwrap_err();
        assert_eq!(err.status(), Some(503));
        let seen = fake.seen();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].method, Method::POST);
        assert_eq!(seen[0].path, "/api/v3.1/connected_accounts/ca_1/revoke");
    })
    .await;
}

#[tokio::test]
async fn a_delete_uses_the_account_path_and_is_not_retried() {
    within(async {
        let (fake, client) = start(vec![
            status(500, "{}"),
            ok(serde_json::json!({"success": true})),
        ])
        .await;
        assert_eq!(client.delete("ca_1").await.unwrap_err().status(), Some(500));
        let seen = fake.seen();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].method, Method::DELETE);
        assert_eq!(seen[0].path, "/api/v3.1/connected_accounts/ca_1");
    })
    .await;
}

#[tokio::test]
async fn the_error_envelope_is_parsed_and_the_status_kept() {
    within(async {
        let (_fake, client) = start(vec![status(
            404,
            r#"{"error":{"message":"Connected account not found","code":404,"slug":"ConnectedAccount_NotFound","status":404}}"#,
        )])
        .await;
        match client.revoke("ca_9").await.unwrap_err() {
            ComposioError::Status {
                status,
                code,
                slug,
                message,
                request_id,
            } => {
                assert_eq!(status, 404);
                assert_eq!(code, Some(404));
                assert_eq!(slug.as_deref(), Some("ConnectedAccount_NotFound"));
                assert_eq!(message, "Connected account not found");
                assert_eq!(request_id.as_deref(), Some("req_1"));
            }
            other => panic!("expected a status error, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn a_malformed_error_body_still_keeps_the_status() {
    within(async {
        let (_fake, client) = start(vec![status(409, "<html>conflict</html>")]).await;
        let err = client.revoke("ca_1").await.unwrap_err();
        assert_eq!(err.status(), Some(409));
        assert!(err.to_string().contains("conflict"));
    })
    .await;
}

#[tokio::test]
async fn the_key_never_appears_in_an_error_even_when_upstream_echoes_it() {
    within(async {
        let echoed =
            format!(r#"{{"error":{{"message":"bad key {KEY}","slug":"{KEY}","status":401}}}}"#);
        let (_fake, client) = start(vec![
            status(401, &echoed),
            status(200, &format!("\"{KEY}\"")),
        ])
        .await;
        let err = client.revoke("ca_1").await.unwrap_err();
        assert_eq!(err.status(), Some(401));
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains(KEY), "{text}");
            assert!(text.contains("[redacted]"), "{text}");
        }
        let err = client.delete("ca_1").await.unwrap_err();
        assert!(matches!(err, ComposioError::Decode(_)), "{err:?}");
        assert!(!format!("{err} {err:?}").contains(KEY));
        assert!(!format!("{client:?}").contains(KEY));
    })
    .await;
}

#[tokio::test]
async fn a_slow_answer_becomes_a_timeout() {
    within(async {
        let fake = Fake::default();
        fake.script.lock().unwrap().push_back(Answer {
            delay: Duration::from_secs(3),
            ..status(200, "{}")
        });
        let app = Router::new().fallback(record).with_state(fake.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let mut config = ClientConfig::new(format!("http://{addr}"), Secret::from(KEY.to_owned()));
        config.timeout = Duration::from_millis(100);
        let client = ComposioClient::new(config).unwrap();
        let err = client.delete("ca_1").await.unwrap_err();
        assert!(matches!(err, ComposioError::Timeout), "{err:?}");
        assert_eq!(err.status(), None);
    })
    .await;
}

#[tokio::test]
async fn a_session_asks_for_the_enabled_toolkits_and_accounts_and_returns_the_mcp_url() {
    within(async {
        let (fake, client) = start(vec![ok(serde_json::json!({
            "session_id": "trs_1", "mcp": {"type": "http", "url": "http://fake/tool_router/trs_1/mcp"},
            "tool_router_tools": [], "config_version": 1, "config": {"user_id": "u1"}
        }))])
        .await;
        let accounts = BTreeMap::from([("notion".to_owned(), vec!["ca_1".to_owned()])]);
        let session = client
            .create_session("u1", &["notion".to_owned()], &accounts)
            .await
            .unwrap();
        assert_eq!(session.session_id, "trs_1");
        assert_eq!(session.mcp.kind, "http");
        assert_eq!(session.mcp.url, "http://fake/tool_router/trs_1/mcp");
        let seen = &fake.seen()[0];
        assert_eq!(seen.path, "/api/v3.1/tool_router/session");
        let body: serde_json::Value = serde_json::from_str(&seen.body).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"user_id": "u1", "toolkits": {"enable": ["notion"]},
                "connected_accounts": {"notion": ["ca_1"]}})
        );
    })
    .await;
}

#[test]
fn the_key_debug_is_redacted() {
    assert!(!format!("{:?}", Secret::from(KEY.to_owned())).contains(KEY));
}

#[test]
fn ids_with_path_characters_are_escaped() {
    assert_eq!(segment("ca_1").unwrap(), "ca_1");
    assert_eq!(segment("../x y").unwrap(), "..%2Fx%20y");
}

#[tokio::test]
async fn an_empty_or_dots_only_id_is_refused_before_sending() {
    within(async {
        let (fake, client) = start(vec![]).await;
        for id in ["", ".", ".."] {
            let err = client.delete(id).await.unwrap_err();
            assert!(matches!(err, ComposioError::Transport(_)), "{err:?}");
            let err = client.revoke(id).await.unwrap_err();
            assert!(matches!(err, ComposioError::Transport(_)), "{err:?}");
        }
        assert!(fake.seen().is_empty());
    })
    .await;
}
