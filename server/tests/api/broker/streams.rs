//! Event streams through the broker, against a stand-in Composio whose session answers a tool
//! call as a server-sent event stream and then keeps it open (the fake answers JSON): the
//! answer inside the stream is recorded, and an open stream is cut when the owner disconnects
//! the app or the task ends.

use super::{Apps, KEY};
use agentry_core::UserId;
use agentry_server::db::connections;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The event stream every session request gets: the answer to a call (when there is one),
/// then a keep-alive comment every 100 ms, forever.
fn endless(answer: Option<Value>) -> Response {
    let first = answer
        .map(|a| format!("event: message\ndata: {a}\n\n"))
        .unwrap_or_default();
    let pings = futures_util::stream::unfold(Some(first), |first| async move {
        let chunk = match first {
            Some(first) if !first.is_empty() => first,
            _ => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                ": ping\n\n".to_owned()
            }
        };
        Some((Ok::<_, std::io::Error>(chunk), None))
    });
    (
        [("content-type", "text/event-stream")],
        Body::from_stream(pings),
    )
        .into_response()
}

/// A stand-in Composio on a port of its own: the session create, and the session's MCP path.
async fn stand_in() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let mcp_url = format!("{origin}/mcp");
    let keyed = |headers: &HeaderMap| headers.get("x-api-key").is_some_and(|k| k == KEY);
    let router = Router::new()
        .route(
            "/api/v3.1/tool_router/session",
            post(move |headers: HeaderMap| {
                let url = mcp_url.clone();
                async move {
                    if !keyed(&headers) {
                        return StatusCode::UNAUTHORIZED.into_response();
                    }
                    Json(json!({"session_id": "trs_1", "mcp": {"type": "http", "url": url}}))
                        .into_response()
                }
            }),
        )
        .route(
            "/mcp",
            post(move |request: Request| async move {
                if !keyed(request.headers()) {
                    return StatusCode::UNAUTHORIZED.into_response();
                }
                let body = axum::body::to_bytes(request.into_body(), 1 << 20)
                    .await
                    .unwrap();
                let call: Value = serde_json::from_slice(&body).unwrap();
                endless(Some(json!({"jsonrpc": "2.0", "id": call["id"],
                    "result": {"content": [{"type": "text", "text": "streamed"}]}})))
            })
            .get(move |headers: HeaderMap| async move {
                if !keyed(&headers) {
                    return StatusCode::UNAUTHORIZED.into_response();
                }
                endless(None)
            }),
        );
    tokio::spawn(async move { axum::serve(listener, router).await });
    origin
}

/// Reads the answer until it ends; how long that took (the test fails after `limit`).
async fn until_cut(answer: &mut reqwest::Response, limit: Duration) -> Duration {
    let started = Instant::now();
    loop {
        match tokio::time::timeout_at((started + limit).into(), answer.chunk()).await {
            Ok(Ok(Some(_))) => continue,
            Ok(Ok(None) | Err(_)) => return started.elapsed(),
            Err(_) => panic!("the stream was not cut within {limit:?}"),
        }
    }
}

#[tokio::test]
async fn an_answer_in_an_event_stream_is_recorded_and_the_open_stream_is_cut_on_disconnect() {
    let apps = Apps::with_composio(Some(stand_in().await)).await;
    let task = apps.enqueue().await;
    let token = apps.run().await["auth_token"].as_str().unwrap().to_owned();
    let mut answer = reqwest::Client::new()
        .post(apps.broker(&task))
        .bearer_auth(&token)
        .header("accept", "application/json, text/event-stream")
        .header("content-type", "application/json")
        .body(
            json!({"jsonrpc": "2.0", "id": "c1", "method": "tools/call",
                "params": {"name": "GITHUB_LIST_REPOSITORIES", "arguments": {}}})
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    assert_eq!(answer.headers()["content-type"], "text/event-stream");
    let first = tokio::time::timeout(Duration::from_secs(10), answer.chunk())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&first).contains("streamed"));
    let calls = apps.tool_calls(&task).await;
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0]["tool_name"], "GITHUB_LIST_REPOSITORIES");
    assert_eq!(calls[0]["toolkit"], "github");
    assert_eq!(calls[0]["status"], "ok");

    // Still open (pings); the owner disconnects github: cut within about a second.
    let (_, github, _) = apps.connections[1].clone();
    let member: UserId = apps.rig.crew.member_id.parse().unwrap();
    let mut conn = apps.app().state.db.pool.acquire().await.unwrap();
    connections::mark_revoked(&mut conn, github, member, 1)
        .await
        .unwrap();
    let took = until_cut(&mut answer, Duration::from_secs(5)).await;
    assert!(took <= Duration::from_secs(3), "cut after {took:?}");
}

#[tokio::test]
async fn an_open_listening_stream_is_cut_when_the_task_ends() {
    let apps = Apps::with_composio(Some(stand_in().await)).await;
    let task = apps.enqueue().await;
    let token = apps.run().await["auth_token"].as_str().unwrap().to_owned();
    let mut answer = reqwest::Client::new()
        .get(apps.broker(&task))
        .bearer_auth(&token)
        .header("accept", "text/event-stream")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    let ping = tokio::time::timeout(Duration::from_secs(10), answer.chunk())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&ping).contains("ping"));
    apps.rig
        .report(&task, "complete", json!({"output": "done"}))
        .await
        .expect(200);
    let took = until_cut(&mut answer, Duration::from_secs(5)).await;
    assert!(took <= Duration::from_secs(3), "cut after {took:?}");
    assert!(apps.tool_calls(&task).await.is_empty());
}
