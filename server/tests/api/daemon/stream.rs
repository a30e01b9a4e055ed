//! `GET /api/daemon/events`: a daemon hears its workspace's events, and only those.

use super::*;
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use std::time::Duration;
use tower::ServiceExt;

/// Reads the SSE body until a chunk contains `needle`, or panics after a few seconds.
async fn read_until(body: &mut Body, needle: &str) -> String {
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !seen.contains(needle) {
        let frame = tokio::time::timeout_at(deadline, body.frame())
            .await
            .unwrap_or_else(|_| panic!("no {needle} in: {seen}"))
            .expect("stream ended")
            .unwrap();
        if let Ok(data) = frame.into_data() {
            seen.push_str(&String::from_utf8_lossy(&data));
        }
    }
    seen
}

#[tokio::test]
async fn a_daemon_subscribed_to_its_workspace_hears_runtime_changes_there_only() {
    let crew = Crew::new().await;
    let token = daemon_token(&crew.member, &crew.workspace).await;
    let request = Request::builder()
        .uri(format!(
            "/api/daemon/events?workspace_id={}",
            crew.workspace
        ))
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let response = crew.app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let mut body = response.into_body();

    let (stranger, other_ws) = crew
        .app
        .owner_with_workspace("stranger@example.com", "other")
        .await;
    register_builtin(
        &daemon(&stranger, &other_ws).await,
        &other_ws,
        "m9",
        "codex",
    )
    .await;
    let d = crew.member.with_bearer(&token);
    register_builtin(&d, &crew.workspace, "m1", "codex").await;
    let text = read_until(&mut body, "runtimes:changed").await;
    assert!(text.contains("event: runtimes:changed"), "{text}");
    assert!(text.contains(&crew.workspace), "{text}");
    assert!(
        !text.contains(&other_ws),
        "another workspace's event leaked: {text}"
    );

    crew.app
        .anonymous()
        .with_bearer(&token)
        .get(&format!("/api/daemon/events?workspace_id={other_ws}"))
        .await
        .expect_error(404, "not_found");
    crew.app
        .anonymous()
        .with_bearer(&token)
        .get("/api/daemon/events")
        .await
        .expect_error(400, "invalid_input");
}
