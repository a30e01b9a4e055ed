//! Chat sessions: private to their creator, gated when started and on every message (spec
//! §4.6, §9 case 21), closed to new messages once archived.

use super::{id, Setup};
use crate::helpers::*;
use serde_json::{json, Value};

async fn start(setup: &Setup, agent: &str) -> String {
    let session = setup
        .member()
        .post(
            "/api/chat/sessions",
            json!({"agent_id": agent, "title": "Plans"}),
        )
        .await
        .expect(201);
    id(&session)
}

#[tokio::test]
async fn a_member_starts_a_chat_sends_a_message_and_a_chat_task_is_queued_on_their_behalf() {
    let setup = Setup::new().await;
    let member = setup.member();
    let session = member
        .post("/api/chat/sessions", json!({"agent_id": setup.shared}))
        .await
        .expect(201);
    assert_eq!(
        keys(&session),
        [
            "agent_id",
            "created_at",
            "creator_id",
            "id",
            "status",
            "title",
            "updated_at"
        ]
    );
    assert_eq!(session["title"], "New chat");
    assert_eq!(session["status"], "active");
    assert_eq!(session["creator_id"], setup.crew.member_id.as_str());
    let session_id = id(&session);
    let sent = member
        .post(
            &format!("/api/chat/sessions/{session_id}/messages"),
            json!({"content": "What is on the roadmap?\n"}),
        )
        .await
        .expect(201);
    let task_id = sent["task_id"].as_str().unwrap().to_owned();
    assert_eq!(sent["message"]["role"], "user");
    assert_eq!(sent["message"]["content"], "What is on the roadmap?\n");
    assert_eq!(sent["message"]["author_id"], setup.crew.member_id.as_str());
    assert_eq!(sent["message"]["task_id"], task_id.as_str());
    assert_eq!(
        setup.task_text(&task_id, "kind").await.as_deref(),
        Some("chat")
    );
    assert_eq!(
        setup.task_text(&task_id, "status").await.as_deref(),
        Some("queued")
    );
    assert_eq!(
        setup
            .task_text(&task_id, "chat_session_id")
            .await
            .as_deref(),
        Some(session_id.as_str())
    );
    assert_eq!(
        setup
            .task_text(&task_id, "originator_user_id")
            .await
            .as_deref(),
        Some(setup.crew.member_id.as_str())
    );
    assert_eq!(
        setup
            .task_text(&task_id, "originator_source")
            .await
            .as_deref(),
        Some("chat")
    );

    let detail = member
        .get(&format!("/api/chat/sessions/{session_id}"))
        .await
        .expect(200);
    assert_eq!(keys(&detail), ["latest_task", "messages", "session"]);
    assert_eq!(detail["messages"].as_array().unwrap().len(), 1);
    assert_eq!(detail["latest_task"]["task_id"], task_id.as_str());
    assert_eq!(detail["latest_task"]["status"], "queued");
}

#[tokio::test]
async fn messages_are_listed_oldest_first_and_sessions_by_latest_activity() {
    let setup = Setup::new().await;
    let member = setup.member();
    let first = start(&setup, &setup.shared).await;
    let second = start(&setup, &setup.shared).await;
    // Timestamps are milliseconds: make the activity strictly later than the second start.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    for text in ["one", "two"] {
        member
            .post(
                &format!("/api/chat/sessions/{first}/messages"),
                json!({"content": text}),
            )
            .await
            .expect(201);
    }
    let detail = member
        .get(&format!("/api/chat/sessions/{first}"))
        .await
        .expect(200);
    let contents: Vec<&str> = detail["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["content"].as_str().unwrap())
        .collect();
    assert_eq!(contents, ["one", "two"]);
    let list = member.get("/api/chat/sessions").await.expect(200);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [first.as_str(), second.as_str()]);
}

#[tokio::test]
async fn starting_a_chat_with_an_agent_one_may_not_run_is_refused_and_stores_nothing() {
    let setup = Setup::new().await;
    setup
        .member()
        .post("/api/chat/sessions", json!({"agent_id": setup.private}))
        .await
        .expect_error(403, "invocation_not_allowed");
    // An agent that does not exist is refused the same way (nothing is enumerated).
    setup
        .member()
        .post(
            "/api/chat/sessions",
            json!({"agent_id": uuid::Uuid::new_v4().to_string()}),
        )
        .await
        .expect_error(403, "invocation_not_allowed");
    assert_eq!(setup.count("chat_sessions", None).await, 0);
}

/// Spec §9 case 21.
#[tokio::test]
async fn revoking_access_refuses_the_very_next_message_and_persists_nothing() {
    let setup = Setup::new().await;
    let session = start(&setup, &setup.shared).await;
    let path = format!("/api/chat/sessions/{session}/messages");
    setup
        .member()
        .post(&path, json!({"content": "hello"}))
        .await
        .expect(201);
    setup.revoke_shared().await;
    setup
        .member()
        .post(&path, json!({"content": "are you there?"}))
        .await
        .expect_error(403, "invocation_not_allowed");
    let filter = Some(("chat_session_id = $1", session.as_str()));
    assert_eq!(setup.count("chat_messages", filter).await, 1);
    assert_eq!(setup.count("agent_task_queue", filter).await, 1);
}

#[tokio::test]
async fn an_archived_session_stays_readable_and_refuses_new_messages_with_409() {
    let setup = Setup::new().await;
    let member = setup.member();
    let session = start(&setup, &setup.shared).await;
    let archived = member
        .post_empty(&format!("/api/chat/sessions/{session}/archive"))
        .await
        .expect(200);
    assert_eq!(archived["status"], "archived");
    member
        .post(
            &format!("/api/chat/sessions/{session}/messages"),
            json!({"content": "hello"}),
        )
        .await
        .expect_error(409, "chat_session_archived");
    assert_eq!(setup.count("chat_messages", None).await, 0);
    assert_eq!(setup.count("agent_task_queue", None).await, 0);
    member
        .get(&format!("/api/chat/sessions/{session}"))
        .await
        .expect(200);
}

#[tokio::test]
async fn another_members_session_is_not_found_to_anyone_else_even_the_owner() {
    let setup = Setup::new().await;
    let session = start(&setup, &setup.shared).await;
    for other in [setup.owner(), setup.admin()] {
        other
            .get(&format!("/api/chat/sessions/{session}"))
            .await
            .expect_error(404, "not_found");
        other
            .post(
                &format!("/api/chat/sessions/{session}/messages"),
                json!({"content": "hi"}),
            )
            .await
            .expect_error(404, "not_found");
        other
            .post_empty(&format!("/api/chat/sessions/{session}/archive"))
            .await
            .expect_error(404, "not_found");
        let list = other.get("/api/chat/sessions").await.expect(200);
        assert_eq!(list, json!([]));
    }
    assert_eq!(setup.count("chat_messages", None).await, 0);
}

#[tokio::test]
async fn a_session_of_another_workspace_is_not_found_through_ones_own() {
    let setup = Setup::new().await;
    let session = start(&setup, &setup.shared).await;
    // The member's own workspace elsewhere: the session's id does not reach across.
    let elsewhere = setup
        .crew
        .member
        .post("/api/workspaces", json!({"name": "Side", "slug": "side"}))
        .await
        .expect(201);
    let side = setup.crew.member.at(elsewhere["id"].as_str().unwrap());
    side.get(&format!("/api/chat/sessions/{session}"))
        .await
        .expect_error(404, "not_found");
    side.post(
        &format!("/api/chat/sessions/{session}/messages"),
        json!({"content": "hi"}),
    )
    .await
    .expect_error(404, "not_found");
    // And a workspace one is not in is not found at all.
    let outsider = setup.crew.app.register("out@example.com", "Out").await;
    outsider
        .at(&setup.crew.workspace)
        .get("/api/chat/sessions")
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn chat_bodies_with_nul_bytes_blank_or_oversized_content_or_no_json_type_are_refused() {
    let setup = Setup::new().await;
    let member = setup.member();
    let session = start(&setup, &setup.shared).await;
    let path = format!("/api/chat/sessions/{session}/messages");
    let nul = member.post(&path, json!({"content": "a\u{0}b"})).await;
    assert_eq!(nul.expect_error(400, "nul_byte")["field"], "content");
    member
        .post(&path, json!({"content": "  \n "}))
        .await
        .expect_error(400, "invalid_input");
    let long = "x".repeat(agentry_core::api::chat::CHAT_MESSAGE_MAX + 1);
    let too_long = member.post(&path, json!({"content": long})).await;
    assert_eq!(
        too_long.expect_error(400, "invalid_input")["field"],
        "content"
    );
    member
        .post_as(&path, json!({"content": "hi"}), "text/plain")
        .await
        .expect_error(415, "unsupported_media_type");
    member
        .post(
            "/api/chat/sessions",
            json!({"agent_id": setup.shared, "title": "a\u{0}"}),
        )
        .await
        .expect_error(400, "nul_byte");
    member
        .post_as(
            "/api/chat/sessions",
            json!({"agent_id": setup.shared}),
            "text/plain",
        )
        .await
        .expect_error(415, "unsupported_media_type");
    assert_eq!(setup.count("chat_messages", None).await, 0);
    let _: Value = member.get(&path.replace("/messages", "")).await.expect(200);
}
