//! The batch claim (spec G.3, G.4, D.2): validation, the payload, capacity, order,
//! serialisation per conversation, concurrency, and whose runtimes a daemon may claim for.

use super::*;
use agentry_core::api::tasks::ClaimedTask;
use agentry_core::brief::{brief_hash, build_brief, build_turn_prompt};

#[tokio::test]
async fn a_claim_dispatches_the_task_and_hands_over_its_payload_and_token_once() {
    let rig = Rig::new().await;
    let issue = rig.issue("Fix the login page").await;
    let task = rig.enqueue(Link::Issue(&issue), 2).await;

    let tasks = rig.claim(5).await;
    assert_eq!(tasks.len(), 1);
    let claimed: ClaimedTask = serde_json::from_value(tasks[0].clone()).expect("payload type");
    assert_eq!(claimed.id.to_string(), task);
    assert_eq!(claimed.status.as_str(), "dispatched");
    assert!(claimed.auth_token.starts_with("agk_") && claimed.auth_token.len() == 44);
    assert_eq!(claimed.agent.name, "Builder");
    assert_eq!(claimed.agent.instructions, "Build things.");
    assert_eq!(claimed.agent.custom_args, ["--verbose"]);
    assert!(claimed
        .agent
        .mcp_config
        .as_deref()
        .unwrap()
        .contains("git-mcp"));
    assert_eq!(claimed.runtime.command, "claude");
    assert_eq!(claimed.workspace.issue_key, "ACM");
    assert_eq!(claimed.turn.issue.as_ref().unwrap().identifier, "ACM-1");
    assert_eq!(claimed.initiator.as_ref().unwrap().name, "member");
    assert!(
        tasks[0].get("connected_apps").is_none(),
        "omitted when empty"
    );

    // The brief's hash and the turn prompt are recorded as the daemon will rebuild them.
    assert_eq!(
        rig.column(&task, "brief_hash").await.unwrap(),
        brief_hash(&build_brief(&claimed.brief))
    );
    assert_eq!(
        rig.column(&task, "turn_prompt").await.unwrap(),
        build_turn_prompt(&claimed.turn)
    );
    assert_eq!(rig.status(&task).await, "dispatched");
    assert_eq!(rig.column(&task, "daemon_id").await.unwrap(), DAEMON_ID);
    let dispatched: i64 = rig
        .column(&task, "dispatched_at")
        .await
        .unwrap()
        .parse()
        .unwrap();
    let lease: i64 = rig
        .column(&task, "prepare_lease_expires_at")
        .await
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(lease - dispatched, 45_000);
    assert_eq!(
        rig.count("SELECT COUNT(*) FROM task_tokens WHERE task_id = $1", &task)
            .await,
        1
    );
    assert!(
        rig.claim(5).await.is_empty(),
        "a claimed task is not claimed again"
    );
}

#[tokio::test]
async fn a_claim_needs_a_daemon_id_and_a_non_negative_count_and_zero_claims_nothing() {
    let rig = Rig::new().await;
    rig.enqueue(Link::Autopilot, 0).await;
    let claim = |body: Value| rig.daemon.post("/api/daemon/tasks/claim", body);
    claim(json!({"runtime_ids": [rig.runtime], "max_tasks": 1}))
        .await
        .expect_error(400, "invalid_input");
    claim(json!({"daemon_id": "  ", "runtime_ids": [rig.runtime], "max_tasks": 1}))
        .await
        .expect_error(400, "invalid_input");
    claim(json!({"daemon_id": DAEMON_ID, "runtime_ids": [rig.runtime], "max_tasks": -1}))
        .await
        .expect_error(400, "invalid_input");
    let none = claim(json!({"daemon_id": DAEMON_ID, "runtime_ids": [rig.runtime], "max_tasks": 0}))
        .await
        .expect(200);
    assert_eq!(none, json!({"tasks": []}));
    rig.daemon
        .send_typed(
            Method::POST,
            "/api/daemon/tasks/claim",
            Some(r#"{"daemon_id":"x"}"#),
            Some("text/plain"),
        )
        .await
        .expect_error(415, "unsupported_media_type");
    claim(json!({"daemon_id": "a\u{0}b", "runtime_ids": [], "max_tasks": 1}))
        .await
        .expect_error(400, "nul_byte");
    // Malformed and unknown runtime ids are skipped, never named.
    let skipped = claim(json!({"daemon_id": DAEMON_ID,
        "runtime_ids": ["nope", uuid::Uuid::new_v4().to_string()], "max_tasks": 3}))
    .await
    .expect(200);
    assert_eq!(skipped, json!({"tasks": []}));
}

#[tokio::test]
async fn the_highest_priority_then_the_oldest_task_is_claimed_first_within_the_agents_capacity() {
    let rig = Rig::with_capacity(2).await;
    let low_old = rig.enqueue(Link::Autopilot, 0).await;
    let high_young = rig.enqueue(Link::Autopilot, 3).await;
    let low_young = rig.enqueue(Link::Autopilot, 0).await;
    let high_younger = rig.enqueue(Link::Autopilot, 3).await;

    let first = rig.claim(10).await;
    let ids: Vec<&str> = first.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [&high_young, &high_younger],
        "capacity 2, priority first"
    );
    assert!(rig.claim(10).await.is_empty(), "the agent is at capacity");

    // One finishes: one more may go, the oldest of the rest.
    rig.report(&high_young, "start", Value::Null)
        .await
        .expect(200);
    rig.report(&high_young, "complete", json!({"output": "done"}))
        .await
        .expect(200);
    let next = rig.claim(10).await;
    assert_eq!(next.len(), 1);
    assert_eq!(next[0]["id"], low_old);
    assert_eq!(rig.status(&low_young).await, "queued");
}

#[tokio::test]
async fn one_run_at_a_time_per_issue_and_per_chat_session() {
    let rig = Rig::new().await;
    let issue = rig.issue("One at a time").await;
    let first = rig.enqueue(Link::Issue(&issue), 0).await;
    assert_eq!(rig.claim(1).await.len(), 1);
    rig.report(&first, "start", Value::Null).await.expect(200);
    // The one-pending slot is free again once the run is running: a second run may queue,
    // but it waits for the first to end.
    let second = rig.enqueue(Link::Issue(&issue), 0).await;
    assert!(
        rig.claim(5).await.is_empty(),
        "the issue has a run in flight"
    );
    rig.report(&first, "complete", json!({"output": "ok"}))
        .await
        .expect(200);
    assert_eq!(rig.claim(5).await[0]["id"], second);

    let chat = rig.chat("hello").await;
    let turn = rig.enqueue(Link::Chat(&chat), 0).await;
    let next_turn = rig.enqueue(Link::Chat(&chat), 0).await;
    let claimed = rig.claim(5).await;
    assert_eq!(claimed.len(), 1, "one turn of a chat at a time");
    assert_eq!(claimed[0]["id"], turn);
    assert_eq!(claimed[0]["chat_message"], "hello");
    assert_eq!(rig.status(&next_turn).await, "queued");
}

#[tokio::test]
async fn a_second_pending_run_of_the_same_issue_and_agent_is_refused_by_the_unique_index() {
    let rig = Rig::new().await;
    let issue = rig.issue("Pending once").await;
    rig.enqueue(Link::Issue(&issue), 0).await;
    let second = sqlx::query(
        "INSERT INTO agent_task_queue (id, workspace_id, agent_id, runtime_id, issue_id, kind, \
         status, originator_source, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'issue', 'queued', 'assignment', 1, 1)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(&rig.crew.workspace)
    .bind(&rig.agent)
    .bind(&rig.runtime)
    .bind(&issue)
    .execute(&rig.app().state.db.pool)
    .await;
    assert!(second.is_err(), "the partial unique index refuses it");
}

#[tokio::test]
async fn eight_concurrent_claimers_never_claim_a_task_twice_nor_exceed_capacity() {
    let rig = Rig::with_capacity(50).await;
    let mut queued = Vec::new();
    for _ in 0..40 {
        queued.push(rig.enqueue(Link::Autopilot, 0).await);
    }
    // Rounds of 8 concurrent claims until the queue is empty. A claimer passes over an agent
    // another claimer holds (no claimer waits on another), so one round need not cover all.
    let mut ids: Vec<String> = Vec::new();
    for _round in 0..40 {
        let claims = (0..8).map(|_| claim_as(&rig.daemon, &rig.runtime, 7));
        let got: Vec<String> = futures_util::future::join_all(claims)
            .await
            .iter()
            .flatten()
            .map(|t| t["id"].as_str().unwrap().to_owned())
            .collect();
        if got.is_empty() {
            break;
        }
        ids.extend(got);
    }
    let total = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "no task handed out twice");
    assert_eq!(total, 40, "the rounds of claims cover the 40 tasks");
    assert_eq!(
        rig.count(
            "SELECT COUNT(*) FROM agent_task_queue WHERE agent_id = $1 AND status = 'dispatched'",
            &rig.agent
        )
        .await,
        40
    );

    // Capacity holds under concurrency too.
    let small = Rig::with_capacity(3).await;
    for _ in 0..12 {
        small.enqueue(Link::Autopilot, 0).await;
    }
    // Several rounds, so capacity (not a passed-over agent) is what stops the claims.
    let mut got = 0;
    for _round in 0..4 {
        let claims = (0..8).map(|_| claim_as(&small.daemon, &small.runtime, 4));
        got += futures_util::future::join_all(claims)
            .await
            .iter()
            .map(Vec::len)
            .sum::<usize>();
    }
    assert_eq!(got, 3);
    assert_eq!(
        small
            .count(
                "SELECT COUNT(*) FROM agent_task_queue WHERE agent_id = $1 AND status = 'dispatched'",
                &small.agent
            )
            .await,
        3
    );
}

#[tokio::test]
async fn another_member_of_the_workspace_cannot_claim_or_report_on_my_runtimes_tasks() {
    let rig = Rig::new().await;
    let task = rig.enqueue(Link::Autopilot, 0).await;
    let ws = &rig.crew.workspace;
    // The admin's daemon, and the owner's personal token, name my runtime and my daemon id.
    let admins = daemon(&rig.crew.admin, ws).await;
    assert!(claim_as(&admins, &rig.runtime, 5).await.is_empty());
    let pat = crate::daemon::personal_token(&rig.crew.owner).await;
    let owners = rig.crew.owner.with_bearer(&pat);
    assert!(claim_as(&owners, &rig.runtime, 5).await.is_empty());
    assert_eq!(rig.status(&task).await, "queued");

    // A different daemon id of mine is another machine: it does not serve this runtime.
    let other_machine = rig
        .daemon
        .post(
            "/api/daemon/tasks/claim",
            json!({"daemon_id": "elsewhere", "runtime_ids": [rig.runtime], "max_tasks": 5}),
        )
        .await
        .expect(200);
    assert_eq!(other_machine["tasks"], json!([]));

    assert_eq!(rig.claim(1).await.len(), 1);
    for what in ["start", "prepare-lease", "cancel-ack"] {
        admins
            .request(
                Method::POST,
                &format!("/api/daemon/tasks/{task}/{what}"),
                None,
                &[],
            )
            .await
            .expect_error(404, "not_found");
    }
    for (what, body) in [
        (
            "messages",
            json!({"messages": [{"seq": 1, "type": "text", "content": "x"}]}),
        ),
        ("progress", json!({"summary": "x"})),
        ("complete", json!({"output": "x"})),
        ("fail", json!({"error": "x"})),
    ] {
        admins
            .post(&format!("/api/daemon/tasks/{task}/{what}"), body)
            .await
            .expect_error(404, "not_found");
    }
    admins
        .get(&format!("/api/daemon/tasks/{task}/status"))
        .await
        .expect_error(404, "not_found");
    admins
        .request(
            Method::POST,
            &format!("/api/daemon/runtimes/{}/recover-orphans", rig.runtime),
            None,
            &[],
        )
        .await
        .expect_error(404, "not_found");
    assert_eq!(rig.status(&task).await, "dispatched");
}

#[tokio::test]
async fn an_offline_runtime_is_not_claimed_for() {
    let rig = Rig::new().await;
    rig.enqueue(Link::Autopilot, 0).await;
    rig.app()
        .sql(
            "UPDATE agent_runtimes SET status = 'offline' WHERE id = $1",
            &[&rig.runtime],
        )
        .await;
    assert!(rig.claim(5).await.is_empty());
    rig.app()
        .sql(
            "UPDATE agent_runtimes SET status = 'online', last_seen_at = 1 WHERE id = $1",
            &[&rig.runtime],
        )
        .await;
    assert!(rig.claim(5).await.is_empty(), "not heard from recently");
}

#[tokio::test]
async fn the_task_overlay_is_merged_into_the_payload_and_wiped_when_the_task_ends() {
    let app = TestApp::with_config(|c| {
        c.composio_api_key = Some("ck_test".parse().unwrap());
        c.composio_base_url = "http://127.0.0.1:9".into();
    })
    .await;
    let rig = Rig::on(Crew::on(app).await, 10).await;
    let task = rig.enqueue(Link::Autopilot, 0).await;
    rig.set_overlay(
        &task,
        r#"{"mcpServers":{"composio":{"url":"https://mcp.example/x"}}}"#,
        r#"["notion"]"#,
    )
    .await;
    let claimed = rig.running().await;
    let mcp = claimed["agent"]["mcp_config"].as_str().unwrap();
    assert!(mcp.contains("git-mcp") && mcp.contains("composio"), "{mcp}");
    assert_eq!(claimed["connected_apps"], json!(["notion"]));
    rig.report(&task, "complete", json!({"output": "ok"}))
        .await
        .expect(200);
    assert_eq!(rig.column(&task, "runtime_mcp_overlay").await, None);
    assert_eq!(rig.column(&task, "runtime_connected_apps").await, None);
}

#[tokio::test]
async fn a_full_agents_backlog_does_not_hide_another_agents_task_on_the_same_runtime() {
    let rig = Rig::with_capacity(1).await;
    for _ in 0..12 {
        rig.enqueue(Link::Autopilot, 0).await;
    }
    let ws = rig.crew.workspace.clone();
    let second = rig
        .crew
        .member
        .request(
            Method::POST,
            "/api/agents",
            Some(json!({"name": "Reviewer", "runtime_id": rig.runtime, "max_concurrent_tasks": 1})),
            &[("x-workspace-id", &ws)],
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let late = uuid::Uuid::new_v4().to_string();
    rig.app()
        .sql(
            "INSERT INTO agent_task_queue (id, workspace_id, agent_id, runtime_id, kind, status, \
             priority, originator_user_id, originator_source, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'autopilot', 'queued', 0, $5, 'assignment', \
             1800000000000, 1800000000000)",
            &[&late, &ws, &second, &rig.runtime, &rig.crew.member_id],
        )
        .await;

    let first = rig.claim(1).await;
    assert_eq!(first.len(), 1);
    assert_eq!(
        first[0]["agent_id"],
        rig.agent.as_str(),
        "the oldest task first"
    );
    // The first agent is full and its eleven older tasks lead the queue: the newer task of the
    // agent with room is still found.
    let next = rig.claim(1).await;
    assert_eq!(next.len(), 1, "the second agent's task is claimable");
    assert_eq!(next[0]["id"], late.as_str());
    assert!(rig.claim(5).await.is_empty(), "both agents are at capacity");
}

#[tokio::test]
async fn while_connected_apps_are_off_a_stored_overlay_and_its_apps_are_not_handed_out() {
    let rig = Rig::new().await;
    let task = rig.enqueue(Link::Autopilot, 0).await;
    rig.set_overlay(
        &task,
        r#"{"mcpServers":{"composio":{"url":"https://mcp.example/x"}}}"#,
        r#"["notion"]"#,
    )
    .await;
    let claimed = rig.running().await;
    let mcp = claimed["agent"]["mcp_config"].as_str().unwrap();
    assert!(
        mcp.contains("git-mcp") && !mcp.contains("composio"),
        "{mcp}"
    );
    assert!(claimed.get("connected_apps").is_none());
}
