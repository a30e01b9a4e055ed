//! `GET /api/workspace/assignees`: every member, and only the agents the caller may run, for
//! people (pickers) and running agents (the CLI's `--assignee <name>`) alike.

use super::{text, Board};
use axum::http::Method;
use serde_json::{json, Value};

fn agent_ids(body: &Value) -> Vec<String> {
    body["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| text(a, "id"))
        .collect()
}

#[tokio::test]
async fn assignees_are_every_member_and_only_the_agents_the_caller_may_run() {
    let b = Board::new().await;
    let private = b.agent(json!({"permission_mode": "private"})).await;
    let for_member = b
        .agent(json!({"permission_mode": "public_to",
            "invocation_targets": [{"target_type": "member", "target_id": b.crew.member_id}]}))
        .await;
    let path = "/api/workspace/assignees";

    let as_owner = b
        .call(&b.crew.owner, Method::GET, path, None)
        .await
        .expect(200);
    let owner_sees = agent_ids(&as_owner);
    for agent in [&b.helper, &private, &for_member] {
        assert!(
            owner_sees.contains(agent),
            "the owner runs their own agents: {as_owner}"
        );
    }
    assert_eq!(as_owner["members"].as_array().unwrap().len(), 3);

    // An admin may see every agent but never run someone else's private one.
    let as_admin = b
        .call(&b.crew.admin, Method::GET, path, None)
        .await
        .expect(200);
    assert_eq!(agent_ids(&as_admin), vec![b.helper.clone()]);
    let as_member = b
        .call(&b.crew.member, Method::GET, path, None)
        .await
        .expect(200);
    let member_sees = agent_ids(&as_member);
    assert!(member_sees.contains(&b.helper) && member_sees.contains(&for_member));
    assert!(!member_sees.contains(&private));
    assert!(as_member["members"][0]["email"].is_string());
}

#[tokio::test]
async fn a_running_agent_reads_the_assignees_of_its_own_workspace_judged_by_its_originator() {
    let b = Board::new().await;
    let private = b.agent(json!({"permission_mode": "private"})).await;
    let (token, _task) = b.task_token(&b.helper, Some(&b.crew.member_id)).await;
    let agent = b.crew.app.anonymous().with_bearer(&token);
    let seen = agent.get("/api/workspace/assignees").await.expect(200);
    let agents = agent_ids(&seen);
    assert!(agents.contains(&b.helper));
    assert!(
        !agents.contains(&private),
        "the member behind the run may not run it: {seen}"
    );
}
