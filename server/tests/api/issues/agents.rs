//! Running agents calling with their task tokens: confined to their workspace, acting as the
//! agent, judged by their run's originator (spec §9 cases 18 and 19).

use super::{text, Board};
use axum::http::Method;
use serde_json::json;

#[tokio::test]
async fn a_running_agent_works_on_issues_of_its_own_workspace_only() {
    let b = Board::new().await;
    let (token, task) = b.task_token(&b.helper, Some(&b.crew.member_id)).await;
    let agent = b.crew.app.anonymous().with_bearer(&token);
    // No header needed: the token names its workspace.
    let made = agent
        .post("/api/issues", json!({"title": "Found a bug"}))
        .await
        .expect(201);
    assert_eq!(made["creator"]["type"], "agent");
    assert_eq!(made["creator"]["id"], b.helper.as_str());
    let id = text(&made, "id");
    agent.get(&format!("/api/issues/{id}")).await.expect(200);
    agent.get("/api/issues").await.expect(200);
    agent
        .patch(
            &format!("/api/issues/{id}"),
            json!({"status": "in_progress"}),
        )
        .await
        .expect(200);
    agent
        .put(
            &format!("/api/issues/{id}/metadata/branch"),
            json!({"value": "fix/1"}),
        )
        .await
        .expect(200);
    let comment = agent
        .post(
            &format!("/api/issues/{id}/comments"),
            json!({"content": "done, see branch"}),
        )
        .await
        .expect(201);
    assert_eq!(comment["comment"]["author"]["type"], "agent");
    assert_eq!(comment["comment"]["author"]["id"], b.helper.as_str());
    assert_eq!(comment["comment"]["source_task_id"], task.as_str());
    let ws = agent.get("/api/workspace").await.expect(200);
    assert_eq!(ws["issue_key"], "ACM");
    assert_eq!(ws["id"], b.ws());
    // Another workspace is the 401 of a dead token.
    let (_, theirs) = b
        .crew
        .app
        .owner_with_workspace("out@example.com", "other")
        .await;
    agent
        .request(
            Method::GET,
            "/api/issues",
            None,
            &[("x-workspace-id", theirs.as_str())],
        )
        .await
        .expect_error(401, "unauthenticated");
    agent
        .request(
            Method::GET,
            "/api/workspace",
            None,
            &[("x-workspace-id", theirs.as_str())],
        )
        .await
        .expect_error(401, "unauthenticated");
    // Once the run ends, the token is dead.
    b.crew
        .app
        .sql(
            "UPDATE agent_task_queue SET status = 'completed', completed_at = 2 WHERE id = $1",
            &[&task],
        )
        .await;
    agent
        .get("/api/issues")
        .await
        .expect_error(401, "unauthenticated");
}

#[tokio::test]
async fn an_agents_comment_asks_only_the_agents_it_mentions() {
    let b = Board::new().await;
    let other = b
        .agent(json!({"permission_mode": "public_to",
        "invocation_targets": [{"target_type": "workspace"}]}))
        .await;
    let issue = b
        .issue(
            &b.crew.member,
            json!({"title": "Shared", "no_start": true,
            "assignee": {"type": "agent", "id": b.helper}}),
        )
        .await;
    let id = text(&issue, "id");
    let (token, _) = b.task_token(&b.helper, Some(&b.crew.member_id)).await;
    let agent = b.crew.app.anonymous().with_bearer(&token);
    let path = format!("/api/issues/{id}/comments");
    let quiet = agent
        .post(&path, json!({"content": "progress"}))
        .await
        .expect(201);
    assert_eq!(quiet["triggered"], json!([]));
    let handed = agent
        .post(
            &path,
            json!({"content": "over to you", "mentions": [
            {"type": "agent", "id": other}, {"type": "agent", "id": b.helper}]}),
        )
        .await
        .expect(201);
    assert_eq!(
        handed["triggered"].as_array().unwrap().len(),
        1,
        "never itself"
    );
    assert_eq!(handed["triggered"][0]["result"], "queued");
    let runs = b.runs(&id, &other).await;
    assert_eq!(
        runs[0]["originator"],
        b.crew.member_id.as_str(),
        "the chain's human carries on"
    );
}

#[tokio::test]
async fn an_agent_without_an_originator_may_run_workspace_agents_only() {
    // Spec §9 case 18: workspace → allow; member X → deny; originator X → allow.
    let b = Board::new().await;
    let for_admin = b
        .agent(json!({"permission_mode": "public_to",
            "invocation_targets": [{"target_type": "member", "target_id": b.crew.admin_id}]}))
        .await;
    let (token, _) = b.task_token(&b.helper, None).await;
    let orphan = b.crew.app.anonymous().with_bearer(&token);
    let other = b
        .agent(json!({"permission_mode": "public_to",
        "invocation_targets": [{"target_type": "workspace"}]}))
        .await;
    let made = orphan
        .post(
            "/api/issues",
            json!({"title": "a", "assignee": {"type": "agent", "id": other}}),
        )
        .await
        .expect(201);
    assert_eq!(
        b.runs(&text(&made, "id"), &other).await[0]["originator"],
        json!(null)
    );
    orphan
        .post(
            "/api/issues",
            json!({"title": "b", "assignee": {"type": "agent", "id": for_admin}}),
        )
        .await
        .expect_error(403, "invocation_not_allowed");
    let (token, _) = b.task_token(&b.helper, Some(&b.crew.admin_id)).await;
    let on_behalf = b.crew.app.anonymous().with_bearer(&token);
    let made = on_behalf
        .post(
            "/api/issues",
            json!({"title": "c", "assignee": {"type": "agent", "id": for_admin}}),
        )
        .await
        .expect(201);
    assert_eq!(
        b.runs(&text(&made, "id"), &for_admin).await[0]["originator"],
        b.crew.admin_id.as_str()
    );
}

#[tokio::test]
async fn an_agent_acting_for_the_owner_may_assign_the_owners_private_agent() {
    // Spec §9 case 19.
    let b = Board::new().await;
    let private = b.agent(json!({"permission_mode": "private"})).await;
    let (token, _) = b.task_token(&b.helper, Some(&b.crew.owner_id)).await;
    let agent = b.crew.app.anonymous().with_bearer(&token);
    agent
        .post(
            "/api/issues",
            json!({"title": "x", "assignee": {"type": "agent", "id": private}}),
        )
        .await
        .expect(201);
    let (token, _) = b.task_token(&b.helper, Some(&b.crew.member_id)).await;
    b.crew
        .app
        .anonymous()
        .with_bearer(&token)
        .post(
            "/api/issues",
            json!({"title": "y", "assignee": {"type": "agent", "id": private}}),
        )
        .await
        .expect_error(403, "invocation_not_allowed");
}

#[tokio::test]
async fn an_agent_assigning_itself_starts_no_second_run() {
    let b = Board::new().await;
    let (token, _) = b.task_token(&b.helper, Some(&b.crew.member_id)).await;
    let agent = b.crew.app.anonymous().with_bearer(&token);
    let made = agent
        .post(
            "/api/issues",
            json!({"title": "mine", "assignee": {"type": "agent", "id": b.helper}}),
        )
        .await
        .expect(201);
    assert!(b.runs(&text(&made, "id"), &b.helper).await.is_empty());
}
