//! Quick-create: gated on the requester (spec §4.6), who is the run's originator (§4.5).

use super::Setup;
use serde_json::{json, Value};

#[tokio::test]
async fn quick_create_queues_a_run_carrying_the_request_with_the_requester_as_originator() {
    let setup = Setup::new().await;
    let accepted = setup
        .member()
        .post(
            "/api/quick-create",
            json!({"agent_id": setup.shared, "prompt": "Login page is slow", "priority": "high"}),
        )
        .await
        .expect(202);
    let task_id = accepted["task_id"].as_str().unwrap();
    assert_eq!(
        setup.task_text(task_id, "kind").await.as_deref(),
        Some("quick_create")
    );
    assert_eq!(
        setup
            .task_text(task_id, "originator_user_id")
            .await
            .as_deref(),
        Some(setup.crew.member_id.as_str())
    );
    assert_eq!(
        setup
            .task_text(task_id, "originator_source")
            .await
            .as_deref(),
        Some("quick_create")
    );
    let context: Value =
        serde_json::from_str(&setup.task_text(task_id, "context").await.unwrap()).unwrap();
    assert_eq!(
        context,
        json!({
            "type": "quick_create", "prompt": "Login page is slow",
            "requester_id": setup.crew.member_id, "workspace_id": setup.crew.workspace,
            "priority": "high",
        })
    );
    for column in ["issue_id", "chat_session_id", "autopilot_run_id"] {
        assert_eq!(setup.task_text(task_id, column).await, None, "{column}");
    }
}

#[tokio::test]
async fn quick_create_with_an_agent_one_may_not_run_is_refused_and_queues_nothing() {
    let setup = Setup::new().await;
    for agent in [setup.private.clone(), uuid::Uuid::new_v4().to_string()] {
        setup
            .member()
            .post(
                "/api/quick-create",
                json!({"agent_id": agent, "prompt": "Do it"}),
            )
            .await
            .expect_error(403, "invocation_not_allowed");
    }
    assert_eq!(setup.count("agent_task_queue", None).await, 0);
}

#[tokio::test]
async fn quick_create_refuses_nul_blank_oversized_prompts_and_bodies_not_sent_as_json() {
    let setup = Setup::new().await;
    let member = setup.member();
    let body = |prompt: &str| json!({"agent_id": setup.shared, "prompt": prompt});
    member
        .post("/api/quick-create", body("a\u{0}"))
        .await
        .expect_error(400, "nul_byte");
    member
        .post("/api/quick-create", body(" "))
        .await
        .expect_error(400, "invalid_input");
    let long = "p".repeat(agentry_core::api::chat::QUICK_CREATE_PROMPT_MAX + 1);
    member
        .post("/api/quick-create", body(&long))
        .await
        .expect_error(400, "invalid_input");
    member
        .post_as("/api/quick-create", body("ok"), "text/plain")
        .await
        .expect_error(415, "unsupported_media_type");
    member
        .post(
            "/api/quick-create",
            json!({"agent_id": setup.shared, "prompt": "ok", "priority": "whenever"}),
        )
        .await
        .expect_error(400, "invalid_input");
    assert_eq!(setup.count("agent_task_queue", None).await, 0);
}
