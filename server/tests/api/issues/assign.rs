//! Assignment asks the agent for a run (spec G.2 path 1), through the invoke gate (§4.6);
//! reruns (path 7).

use super::{text, Board};
use serde_json::json;

#[tokio::test]
async fn assigning_an_agent_queues_a_run_originated_by_the_member_who_assigned() {
    let b = Board::new().await;
    let issue = b
        .issue(
            &b.crew.member,
            json!({"title": "Do it", "assignee": {"type": "agent", "id": b.helper}}),
        )
        .await;
    let id = text(&issue, "id");
    let runs = b.runs(&id, &b.helper).await;
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["status"], "queued");
    assert_eq!(runs[0]["originator"], b.crew.member_id.as_str());
    assert_eq!(issue["run"]["task_id"], runs[0]["id"]);
    assert_eq!(issue["run"]["status"], "queued");
    assert_eq!(issue["assignee"]["type"], "agent");
    assert!(issue["assignee"]["name"]
        .as_str()
        .unwrap()
        .starts_with("Agent "));
    // The same assignee again, or another edit, asks for nothing new.
    b.patch(
        &b.crew.admin,
        &format!("/api/issues/{id}"),
        json!({"title": "Do it now",
        "assignee": {"type": "agent", "id": b.helper}}),
    )
    .await
    .expect(200);
    assert_eq!(b.runs(&id, &b.helper).await.len(), 1);
}

#[tokio::test]
async fn a_backlog_issue_or_no_start_asks_for_no_run_until_it_leaves_the_backlog() {
    let b = Board::new().await;
    let m = &b.crew.member;
    let agent = json!({"type": "agent", "id": b.helper});
    let waiting = b
        .issue(
            m,
            json!({"title": "Later", "status": "backlog", "assignee": agent}),
        )
        .await;
    let quiet = b
        .issue(
            m,
            json!({"title": "Quiet", "no_start": true, "assignee": agent}),
        )
        .await;
    let done = b
        .issue(
            m,
            json!({"title": "Done", "status": "done", "assignee": agent}),
        )
        .await;
    for issue in [&waiting, &quiet, &done] {
        assert!(b.runs(&text(issue, "id"), &b.helper).await.is_empty());
        assert_eq!(issue["run"], json!(null));
    }
    let started = b
        .patch(
            m,
            &format!("/api/issues/{}", text(&waiting, "id")),
            json!({"status": "todo"}),
        )
        .await
        .expect(200);
    assert_eq!(started["run"]["status"], "queued");
    b.patch(
        m,
        &format!("/api/issues/{}", text(&done, "id")),
        json!({"status": "todo"}),
    )
    .await
    .expect(200);
    assert!(
        b.runs(&text(&done, "id"), &b.helper).await.is_empty(),
        "reopening asks nobody"
    );
}

#[tokio::test]
async fn a_member_allowed_to_run_the_agent_may_assign_it_and_another_member_may_not() {
    // Spec §9 case 16: an agent offered to the admin alone.
    let b = Board::new().await;
    let agent = b
        .agent(json!({"permission_mode": "public_to",
            "invocation_targets": [{"target_type": "member", "target_id": b.crew.admin_id}]}))
        .await;
    let assign = json!({"title": "For you", "assignee": {"type": "agent", "id": agent}});
    b.post(&b.crew.member, "/api/issues", assign.clone())
        .await
        .expect_error(403, "invocation_not_allowed");
    assert_eq!(b.issue_count().await, 0, "nothing written");
    let plain = b.issue(&b.crew.member, json!({"title": "Plain"})).await;
    b.patch(
        &b.crew.member,
        &format!("/api/issues/{}", text(&plain, "id")),
        json!({"assignee": {"type": "agent", "id": agent}, "title": "Changed"}),
    )
    .await
    .expect_error(403, "invocation_not_allowed");
    let unchanged = b
        .get(
            &b.crew.member,
            &format!("/api/issues/{}", text(&plain, "id")),
        )
        .await
        .expect(200);
    assert_eq!(unchanged["title"], "Plain");
    assert_eq!(unchanged["assignee"], json!(null));
    let made = b.issue(&b.crew.admin, assign).await;
    assert_eq!(made["number"], 2, "the refused create used no number");
    assert_eq!(b.runs(&text(&made, "id"), &agent).await.len(), 1);
    // An agent id of nowhere is refused alike, and enumerates nothing.
    let nowhere = uuid::Uuid::new_v4().to_string();
    b.post(
        &b.crew.admin,
        "/api/issues",
        json!({"title": "x", "assignee": {"type": "agent", "id": nowhere}}),
    )
    .await
    .expect_error(403, "invocation_not_allowed");
}

#[tokio::test]
async fn a_rerun_queues_a_fresh_run_and_is_refused_to_whoever_may_not_run_the_agent() {
    let b = Board::new().await;
    let private = b.agent(json!({"permission_mode": "private"})).await;
    let issue = b
        .issue(
            &b.crew.owner,
            json!({"title": "Again", "assignee": {"type": "agent", "id": private}}),
        )
        .await;
    let id = text(&issue, "id");
    let first = text(&b.runs(&id, &private).await[0], "id");
    b.crew
        .app
        .sql(
            "UPDATE agent_task_queue SET status = 'completed', completed_at = 1 WHERE id = $1",
            &[&first],
        )
        .await;
    b.post(&b.crew.admin, &format!("/api/issues/{id}/rerun"), json!({}))
        .await
        .expect_error(403, "invocation_not_allowed");
    let rerun = b
        .post(
            &b.crew.owner,
            &format!("/api/issues/{id}/rerun"),
            json!({"task_id": first}),
        )
        .await
        .expect(202);
    let runs = b.runs(&id, &private).await;
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[1]["id"], rerun["task_id"]);
    assert_eq!(runs[1]["fresh"], true);
    assert_eq!(runs[1]["originator"], b.crew.owner_id.as_str());
    let unassigned = b.issue(&b.crew.owner, json!({"title": "Nobody"})).await;
    b.post(
        &b.crew.owner,
        &format!("/api/issues/{}/rerun", text(&unassigned, "id")),
        json!({}),
    )
    .await
    .expect_error(409, "issue_has_no_agent");
    let stranger = uuid::Uuid::new_v4().to_string();
    b.post(
        &b.crew.owner,
        &format!("/api/issues/{id}/rerun"),
        json!({"task_id": stranger}),
    )
    .await
    .expect_error(404, "not_found");
}
