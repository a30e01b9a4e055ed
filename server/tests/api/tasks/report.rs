//! The run's reports (spec G.5, G.7): start, transcript, progress, complete, fail and its
//! retry, status, lease, cancel-ack and recover-orphans.

use super::*;

#[tokio::test]
async fn a_run_starts_reports_its_transcript_and_completes_once() {
    let rig = Rig::new().await;
    let issue = rig.issue("Ship it").await;
    let task = rig.enqueue(Link::Issue(&issue), 0).await;
    rig.report(&task, "start", Value::Null)
        .await
        .expect_error(400, "invalid_transition");
    rig.running().await;
    assert_eq!(rig.status(&task).await, "running");
    assert_eq!(rig.column(&task, "prepare_lease_expires_at").await, None);
    rig.report(&task, "start", Value::Null)
        .await
        .expect_error(400, "invalid_transition");

    // Transcripts: NUL stripped (never refused), a resent batch inserts nothing twice.
    let batch = json!({"messages": [
        {"seq": 1, "type": "text", "content": "hel\u{0}lo"},
        {"seq": 2, "type": "tool_use", "tool": "bash", "input": {"cmd": "ls\u{0}"}},
    ]});
    let first = rig
        .report(&task, "messages", batch.clone())
        .await
        .expect(200);
    assert_eq!(first["inserted"], 2);
    let again = rig.report(&task, "messages", batch).await.expect(200);
    assert_eq!(again["inserted"], 0);
    rig.report(
        &task,
        "messages",
        json!({"messages": [{"seq": 3, "type": "shout"}]}),
    )
    .await
    .expect_error(400, "invalid_input");
    assert_eq!(
        rig.count(
            "SELECT COUNT(*) FROM task_messages WHERE task_id = $1",
            &task
        )
        .await,
        2
    );
    let content = rig
        .app()
        .sql_text(
            "SELECT content FROM task_messages WHERE task_id = $1 AND seq = 1",
            &[&task],
        )
        .await;
    assert_eq!(content.as_deref(), Some("hello"));
    rig.report(
        &task,
        "progress",
        json!({"summary": "halfway", "step": 1, "total": 2}),
    )
    .await
    .expect(200);
    rig.report(&task, "progress", json!({"summary": "a\u{0}b"}))
        .await
        .expect_error(400, "nul_byte");
    let status = rig
        .daemon
        .get(&format!("/api/daemon/tasks/{task}/status"))
        .await
        .expect(200);
    assert_eq!(
        status,
        json!({"status": "running", "cancel_requested": false})
    );

    let done = rig
        .report(
            &task,
            "complete",
            json!({"output": "all\u{0} done", "session_id": "sess-1", "work_dir": "/w"}),
        )
        .await
        .expect(200);
    assert_eq!(done["status"], "completed");
    assert_eq!(done["result"]["output"], "all done");
    assert!(done["completed_at"].is_string());
    assert_eq!(
        rig.column(&task, "session_id").await.as_deref(),
        Some("sess-1")
    );
    assert_eq!(
        rig.count("SELECT COUNT(*) FROM task_tokens WHERE task_id = $1", &task)
            .await,
        0,
        "the task token dies with the task"
    );
    // Resent reports on a finished task are idempotent: the task as it is, nothing changed.
    let again = rig
        .report(&task, "complete", json!({"output": "other"}))
        .await
        .expect(200);
    assert_eq!(again["result"]["output"], "all done");
    let failed = rig
        .report(&task, "fail", json!({"error": "late"}))
        .await
        .expect(200);
    assert_eq!(failed["status"], "completed");
    assert_eq!(failed["error"], Value::Null);
}

#[tokio::test]
async fn complete_before_start_is_refused_and_fail_from_dispatched_is_allowed() {
    let rig = Rig::new().await;
    let task = rig.enqueue(Link::Autopilot, 0).await;
    rig.claim(1).await;
    rig.report(&task, "complete", json!({"output": "x"}))
        .await
        .expect_error(400, "invalid_transition");
    let lease = rig
        .report(&task, "prepare-lease", Value::Null)
        .await
        .expect(200);
    assert_eq!(lease["status"], "dispatched");
    let failed = rig
        .report(
            &task,
            "fail",
            json!({"error": "boom", "failure_reason": "Not A Reason"}),
        )
        .await
        .expect(200);
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["failure_reason"], "agent_error");
    rig.report(&task, "prepare-lease", Value::Null)
        .await
        .expect_error(400, "invalid_transition");
}

#[tokio::test]
async fn a_retryable_failure_queues_exactly_one_retry_and_the_last_failure_comments_on_the_issue() {
    let rig = Rig::new().await;
    let issue = rig.issue("Flaky").await;
    let task = rig.enqueue(Link::Issue(&issue), 2).await;
    rig.running().await;
    rig.report(
        &task,
        "fail",
        json!({"error": "lease ran out", "failure_reason": "timeout",
        "session_id": "s1"}),
    )
    .await
    .expect(200);
    let children = rig
        .count(
            "SELECT COUNT(*) FROM agent_task_queue WHERE parent_task_id = $1",
            &task,
        )
        .await;
    assert_eq!(children, 1);
    let child = rig
        .app()
        .sql_text(
            "SELECT id FROM agent_task_queue WHERE parent_task_id = $1",
            &[&task],
        )
        .await
        .unwrap();
    assert_eq!(rig.status(&child).await, "queued");
    assert_eq!(rig.column(&child, "attempt").await.as_deref(), Some("2"));
    assert_eq!(
        rig.column(&child, "originator_source").await.as_deref(),
        Some("retry")
    );
    assert_eq!(
        rig.column(&child, "originator_user_id").await,
        Some(rig.crew.member_id.clone())
    );
    assert_eq!(rig.column(&child, "priority").await.as_deref(), Some("2"));
    // A resent fail changes nothing and queues no second retry.
    rig.report(
        &task,
        "fail",
        json!({"error": "again", "failure_reason": "timeout"}),
    )
    .await
    .expect(200);
    assert_eq!(
        rig.count(
            "SELECT COUNT(*) FROM agent_task_queue WHERE parent_task_id = $1",
            &task
        )
        .await,
        1
    );
    assert_eq!(
        rig.count(
            "SELECT COUNT(*) FROM issue_comments WHERE issue_id = $1",
            &issue
        )
        .await,
        0,
        "a retried failure posts no comment"
    );

    // The retry resumes the first attempt's session, then fails for good.
    let claimed = rig.running().await;
    assert_eq!(claimed["id"], child);
    assert_eq!(claimed["prior_session_id"], "s1");
    assert_eq!(claimed["attempt"], 2);
    rig.report(
        &child,
        "fail",
        json!({"error": "token agk_0123456789abcdef0123 rejected",
        "failure_reason": "timeout"}),
    )
    .await
    .expect(200);
    assert_eq!(
        rig.count(
            "SELECT COUNT(*) FROM agent_task_queue WHERE parent_task_id = $1",
            &child
        )
        .await,
        0,
        "the second attempt was the last"
    );
    let comment = rig
        .app()
        .sql_text(
            "SELECT content FROM issue_comments WHERE issue_id = $1 AND kind = 'system'",
            &[&issue],
        )
        .await
        .unwrap();
    assert!(
        comment.contains("timeout") && comment.contains("[redacted]"),
        "{comment}"
    );
    assert!(!comment.contains("0123456789abcdef"), "{comment}");
}

#[tokio::test]
async fn a_runtime_offline_failure_retries_deferred_and_an_agent_error_does_not_retry() {
    let rig = Rig::new().await;
    let issue = rig.issue("Offline").await;
    let task = rig.enqueue(Link::Issue(&issue), 0).await;
    rig.running().await;
    rig.report(
        &task,
        "fail",
        json!({"error": "gone", "failure_reason": "runtime_offline"}),
    )
    .await
    .expect(200);
    let child = rig
        .app()
        .sql_text(
            "SELECT id FROM agent_task_queue WHERE parent_task_id = $1",
            &[&task],
        )
        .await
        .unwrap();
    assert_eq!(rig.status(&child).await, "deferred");
    assert!(rig.column(&child, "fire_at").await.is_some());

    let other = rig.issue("Broken").await;
    let task = rig.enqueue(Link::Issue(&other), 0).await;
    // The deferred retry is not claimable; the new task is.
    rig.running().await;
    rig.report(&task, "fail", json!({"error": "bad code"}))
        .await
        .expect(200);
    assert_eq!(
        rig.count(
            "SELECT COUNT(*) FROM agent_task_queue WHERE parent_task_id = $1",
            &task
        )
        .await,
        0
    );
}

#[tokio::test]
async fn a_chat_turn_answers_in_the_chat_and_keeps_the_session_for_the_next_turn() {
    let rig = Rig::new().await;
    let chat = rig.chat("what is 2+2?").await;
    let turn = rig.enqueue(Link::Chat(&chat), 0).await;
    let claimed = rig.running().await;
    assert_eq!(claimed["turn"]["chat_message"], "what is 2+2?");
    rig.report(
        &turn,
        "complete",
        json!({"output": "4", "session_id": "chat-s"}),
    )
    .await
    .expect(200);
    let answer = rig
        .app()
        .sql_text(
            "SELECT content FROM chat_messages WHERE chat_session_id = $1 AND role = 'assistant'",
            &[&chat],
        )
        .await;
    assert_eq!(answer.as_deref(), Some("4"));
    let session = rig
        .app()
        .sql_text(
            "SELECT session_id FROM chat_sessions WHERE id = $1",
            &[&chat],
        )
        .await;
    assert_eq!(session.as_deref(), Some("chat-s"));
    let next = rig.enqueue(Link::Chat(&chat), 0).await;
    let claimed = rig.claim(1).await;
    assert_eq!(claimed[0]["id"], next);
    assert_eq!(claimed[0]["prior_session_id"], "chat-s");
}

#[tokio::test]
async fn recover_orphans_fails_the_held_tasks_and_retries_those_that_qualify() {
    let rig = Rig::new().await;
    let issue = rig.issue("Orphan").await;
    let task = rig.enqueue(Link::Issue(&issue), 0).await;
    let run = rig.enqueue(Link::Autopilot, 0).await;
    let idle = rig.enqueue(Link::Autopilot, 0).await;
    assert_eq!(rig.claim(2).await.len(), 2);
    let answer = rig
        .daemon
        .request(
            Method::POST,
            &format!("/api/daemon/runtimes/{}/recover-orphans", rig.runtime),
            None,
            &[],
        )
        .await
        .expect(200);
    assert_eq!(answer, json!({"orphaned": 2, "retried": 1}));
    assert_eq!(rig.status(&task).await, "failed");
    assert_eq!(
        rig.column(&task, "failure_reason").await.as_deref(),
        Some("runtime_recovery")
    );
    assert_eq!(rig.status(&run).await, "failed");
    assert_eq!(rig.status(&idle).await, "queued");
}

#[tokio::test]
async fn a_cancel_request_is_seen_by_the_daemon_and_acknowledged() {
    let rig = Rig::new().await;
    let task = rig.enqueue(Link::Autopilot, 0).await;
    rig.running().await;
    rig.report(&task, "cancel-ack", Value::Null)
        .await
        .expect(200);
    assert_eq!(rig.status(&task).await, "running", "nothing was asked");
    rig.app()
        .sql(
            "UPDATE agent_task_queue SET cancel_requested_at = 5 WHERE id = $1",
            &[&task],
        )
        .await;
    let status = rig
        .daemon
        .get(&format!("/api/daemon/tasks/{task}/status"))
        .await
        .expect(200);
    assert_eq!(status["cancel_requested"], true);
    let acked = rig
        .report(&task, "cancel-ack", Value::Null)
        .await
        .expect(200);
    assert_eq!(acked["status"], "cancelled");
    assert!(acked["completed_at"].is_string());
}

#[tokio::test]
async fn the_task_token_stands_for_its_task_in_its_workspace_only_until_the_task_ends() {
    use agentry_server::auth::secret;
    use agentry_server::db::{now_ms, tasks::token_identity};
    let rig = Rig::new().await;
    let task = rig.enqueue(Link::Autopilot, 0).await;
    let claimed = rig.running().await;
    let token = claimed["auth_token"].as_str().unwrap();
    let mut conn = rig.app().state.db.pool.acquire().await.unwrap();
    let identity = token_identity(&mut conn, &secret::hash(token), now_ms())
        .await
        .unwrap()
        .expect("a live task token");
    assert_eq!(identity.task_id.to_string(), task);
    assert_eq!(identity.agent_id.to_string(), rig.agent);
    assert_eq!(identity.workspace_id.to_string(), rig.crew.workspace);
    assert_eq!(identity.runner_id.to_string(), rig.crew.member_id);
    assert_eq!(
        identity.originator.map(|u| u.to_string()),
        Some(rig.crew.member_id.clone())
    );
    // It is refused on the user API, and on the daemon API it is no credential at all.
    rig.crew
        .member
        .with_bearer(token)
        .post(
            "/api/daemon/tasks/claim",
            json!({"daemon_id": DAEMON_ID, "runtime_ids": [], "max_tasks": 1}),
        )
        .await
        .expect_error(401, "unauthenticated");
    rig.report(&task, "complete", json!({"output": "ok"}))
        .await
        .expect(200);
    assert!(
        token_identity(&mut conn, &secret::hash(token), now_ms())
            .await
            .unwrap()
            .is_none(),
        "the task ended: the token is dead"
    );
}
