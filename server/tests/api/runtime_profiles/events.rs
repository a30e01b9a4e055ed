//! The events profile writes publish (spec J 12) and the browser's stream of them,
//! `GET /api/events?workspace_id=…`, read in-process as server-sent events.

use super::*;
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::{ProfileId, WorkspaceId};
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use std::time::Duration;
use tokio::sync::broadcast::Receiver;
use tower::ServiceExt;

/// Everything published so far, without waiting.
fn drain(rx: &mut Receiver<ServerEvent>) -> Vec<ServerEvent> {
    std::iter::from_fn(|| rx.try_recv().ok()).collect()
}

fn changed(workspace: &str, profile: &str) -> Vec<ServerEvent> {
    let workspace_id = WorkspaceId::parse(workspace).unwrap();
    vec![
        ServerEvent::RuntimeProfilesChanged {
            workspace_id,
            runtime_profile_id: ProfileId::parse(profile),
        },
        ServerEvent::RuntimesChanged { workspace_id },
    ]
}

#[tokio::test]
async fn each_successful_write_publishes_one_profile_change_and_one_runtimes_change() {
    let c = Crew::new().await;
    let mut rx = c.app.state.events.subscribe();

    let (profile, path) = c.create_profile("Announced").await;
    let id = id_of(&profile);
    assert_eq!(drain(&mut rx), changed(&c.workspace, id));

    c.owner
        .patch(&path, json!({"enabled": false}))
        .await
        .expect(200);
    assert_eq!(drain(&mut rx), changed(&c.workspace, id));

    c.owner.delete(&path).await.expect(204);
    assert_eq!(drain(&mut rx), changed(&c.workspace, id));
}

#[tokio::test]
async fn refused_writes_publish_nothing() {
    let c = Crew::new().await;
    let (profile, path) = c.create_profile("Quiet").await;
    let instance = c
        .app
        .insert_runtime(&c.workspace, "laptop", Some(id_of(&profile)))
        .await;
    let agent = c.agent(&c.owner, "Busy").await;
    c.app.bind(&agent, &instance).await;
    let mut rx = c.app.state.events.subscribe();

    c.member
        .post(&c.profiles(), profile_body("Nope"))
        .await
        .expect(403);
    c.owner
        .post(&c.profiles(), profile_body("Quiet"))
        .await
        .expect(409);
    c.owner
        .patch(&path, json!({"display_name": ""}))
        .await
        .expect(400);
    c.owner.delete(&path).await.expect(409);
    assert_eq!(drain(&mut rx), []);
}

/// Opens `GET /api/events{query}` as `client`, like a browser's `EventSource` (which also
/// offers compressed encodings).
async fn open(c: &Crew, client: &Client, query: &str) -> axum::response::Response {
    let mut request = Request::get(format!("/api/events{query}"))
        .header("accept", "text/event-stream")
        .header("accept-encoding", "gzip, br");
    match &client.auth {
        Auth::Session { cookie, .. } => {
            request = request.header("cookie", format!("agentry_session={cookie}"))
        }
        Auth::Bearer(token) => request = request.header("authorization", format!("Bearer {token}")),
        Auth::None => {}
    }
    c.app
        .router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

/// Reads the stream into `text` until it contains `needle`; false after 5 s without it.
async fn read_until(body: &mut Body, text: &mut String, needle: &str) -> bool {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !text.contains(needle) {
        match tokio::time::timeout_at(deadline, body.frame()).await {
            Ok(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    text.push_str(&String::from_utf8_lossy(data));
                }
            }
            _ => return false,
        }
    }
    true
}

#[tokio::test]
async fn the_event_stream_carries_its_workspaces_events_and_not_another_ones() {
    let c = Crew::new().await;
    let (other, other_ws) = c
        .app
        .owner_with_workspace("other@example.com", "other")
        .await;
    let response = open(&c, &c.member, &format!("?workspace_id={}", c.workspace)).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "text/event-stream"
    );
    assert!(
        response.headers().get("content-encoding").is_none(),
        "a compressed stream would be buffered"
    );
    let mut body = response.into_body();

    other
        .post(&profiles_path(&other_ws), profile_body("Theirs"))
        .await
        .expect(201);
    let (profile, _) = c.create_profile("Ours").await;

    let mut text = String::new();
    assert!(
        read_until(&mut body, &mut text, "event: runtimes:changed").await,
        "no runtimes event in {text:?}"
    );
    let expected = format!(
        "event: daemon:runtime_profiles_changed\ndata: {}\n\n",
        serde_json::to_string(&changed(&c.workspace, id_of(&profile))[0]).unwrap()
    );
    assert!(text.starts_with(&expected), "{text:?}");
    assert!(
        !text.contains(&other_ws),
        "leaked another workspace: {text:?}"
    );
}

#[tokio::test]
async fn a_personal_access_token_may_open_the_stream() {
    let c = Crew::new().await;
    let token = c
        .member
        .post("/api/tokens", json!({"name": "script"}))
        .await
        .expect(201);
    let cli = c.member.with_bearer(token["token"].as_str().unwrap());
    let response = open(&c, &cli, &format!("?workspace_id={}", c.workspace)).await;
    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn the_stream_is_404_for_non_members_401_without_credentials_and_400_without_an_id() {
    let c = Crew::new().await;
    let stranger = c.app.register("stranger@example.com", "Stranger").await;
    let query = format!("?workspace_id={}", c.workspace);
    assert_eq!(open(&c, &stranger, &query).await.status().as_u16(), 404);
    assert_eq!(
        open(&c, &c.app.anonymous(), &query).await.status().as_u16(),
        401
    );
    for bad in ["", "?workspace_id=nope", "?workspace_id="] {
        assert_eq!(
            open(&c, &c.member, bad).await.status().as_u16(),
            400,
            "{bad}"
        );
    }
    let unknown = format!("?workspace_id={}", uuid::Uuid::new_v4());
    assert_eq!(open(&c, &c.member, &unknown).await.status().as_u16(), 404);
}
