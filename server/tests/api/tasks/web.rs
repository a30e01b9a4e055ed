//! Runs for people (`/api/tasks`): who sees which run, the transcript, and who may stop one.

use super::*;

impl Rig {
    /// `GET` as `client` in the rig's workspace.
    pub async fn web_get(&self, client: &Client, path: &str) -> Answer {
        client
            .request(
                Method::GET,
                path,
                None,
                &[("x-workspace-id", &self.crew.workspace)],
            )
            .await
    }

    /// Shares the agent with the whole workspace (everyone there may see and run it).
    pub async fn share(&self) {
        self.app()
            .sql(
                "UPDATE agents SET permission_mode = 'public_to' WHERE id = $1",
                &[&self.agent],
            )
            .await;
        self.app()
            .sql(
                "INSERT INTO agent_invocation_targets (id, agent_id, target_type, target_id, \
                 created_at) VALUES ($1, $2, 'workspace', $3, 1)",
                &[
                    &uuid::Uuid::new_v4().to_string(),
                    &self.agent,
                    &self.crew.workspace,
                ],
            )
            .await;
    }

    /// `POST /api/tasks/{id}/cancel` as `client`.
    pub async fn cancel(&self, client: &Client, task: &str) -> Answer {
        client
            .request(
                Method::POST,
                &format!("/api/tasks/{task}/cancel"),
                None,
                &[("x-workspace-id", &self.crew.workspace)],
            )
            .await
    }
}

#[tokio::test]
async fn members_who_may_view_the_agent_see_its_runs_newest_first_with_filters() {
    let rig = Rig::new().await;
    let issue = rig.issue("Listed").await;
    let older = rig.enqueue(Link::Autopilot, 0).await;
    let newer = rig.enqueue(Link::Issue(&issue), 0).await;

    // The agent is private to its owner, the member: the owner sees all, an admin too.
    let list = rig
        .web_get(&rig.crew.member, "/api/tasks")
        .await
        .expect(200);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [newer.as_str(), older.as_str()]);
    let by_issue = rig
        .web_get(&rig.crew.member, &format!("/api/tasks?issue_id={issue}"))
        .await
        .expect(200);
    assert_eq!(by_issue.as_array().unwrap().len(), 1);
    let queued = rig
        .web_get(
            &rig.crew.admin,
            &format!("/api/tasks?agent_id={}&status=queued&limit=1", rig.agent),
        )
        .await
        .expect(200);
    assert_eq!(queued.as_array().unwrap().len(), 1);
    rig.web_get(&rig.crew.member, "/api/tasks?status=sleeping")
        .await
        .expect_error(400, "invalid_input");
    rig.web_get(&rig.crew.member, "/api/tasks?limit=0")
        .await
        .expect_error(400, "invalid_input");
    rig.web_get(&rig.crew.member, "/api/tasks?agent_id=x")
        .await
        .expect_error(400, "invalid_input");

    let detail = rig
        .web_get(&rig.crew.member, &format!("/api/tasks/{older}"))
        .await
        .expect(200);
    assert_eq!(detail["status"], "queued");
    assert_eq!(detail["kind"], "autopilot");
    assert_eq!(detail["originator_user_id"], rig.crew.member_id);

    // Another workspace's member finds nothing (404 for the workspace itself).
    let (stranger, elsewhere) = rig
        .app()
        .owner_with_workspace("s@example.com", "else")
        .await;
    stranger
        .request(
            Method::GET,
            &format!("/api/tasks/{older}"),
            None,
            &[("x-workspace-id", &elsewhere)],
        )
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn a_run_of_an_agent_one_may_not_see_is_not_found_nor_listed() {
    let rig = Rig::new().await;
    // Make the agent private: only its owner (the member) and admins see it.
    rig.app()
        .sql(
            "UPDATE agents SET permission_mode = 'private' WHERE id = $1",
            &[&rig.agent],
        )
        .await;
    rig.app()
        .sql(
            "DELETE FROM agent_invocation_targets WHERE agent_id = $1",
            &[&rig.agent],
        )
        .await;
    let task = rig.enqueue(Link::Autopilot, 0).await;
    let other = rig
        .app()
        .join(
            &rig.crew.owner,
            &rig.crew.workspace,
            "other@example.com",
            "member",
        )
        .await;
    rig.web_get(&other, &format!("/api/tasks/{task}"))
        .await
        .expect_error(404, "not_found");
    rig.web_get(&other, &format!("/api/tasks/{task}/messages"))
        .await
        .expect_error(404, "not_found");
    let list = rig.web_get(&other, "/api/tasks").await.expect(200);
    assert_eq!(list, json!([]));
    rig.cancel(&other, &task)
        .await
        .expect_error(404, "not_found");
    rig.web_get(&rig.crew.member, &format!("/api/tasks/{task}"))
        .await
        .expect(200);
}

#[tokio::test]
async fn the_transcript_reads_in_order_and_after_a_sequence_number() {
    let rig = Rig::new().await;
    let task = rig.enqueue(Link::Autopilot, 0).await;
    rig.running().await;
    rig.report(
        &task,
        "messages",
        json!({"messages": [
            {"seq": 2, "type": "text", "content": "second"},
            {"seq": 1, "type": "thinking", "content": "first"},
            {"seq": 3, "type": "tool_result", "tool": "bash", "output": {"code": 0}},
        ]}),
    )
    .await
    .expect(200);
    let all = rig
        .web_get(&rig.crew.member, &format!("/api/tasks/{task}/messages"))
        .await
        .expect(200);
    let seqs: Vec<i64> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, [1, 2, 3]);
    assert_eq!(all[2]["output"], r#"{"code":0}"#);
    let after = rig
        .web_get(
            &rig.crew.member,
            &format!("/api/tasks/{task}/messages?after_seq=2"),
        )
        .await
        .expect(200);
    assert_eq!(after.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_originator_the_agents_owner_and_admins_may_cancel_and_a_finished_run_is_a_conflict() {
    let rig = Rig::new().await;
    rig.share().await;
    // The run is for the admin (originator) on the member's agent.
    let queued = rig.enqueue(Link::Autopilot, 0).await;
    rig.app()
        .sql(
            "UPDATE agent_task_queue SET originator_user_id = $1 WHERE id = $2",
            &[&rig.crew.admin_id, &queued],
        )
        .await;
    let bystander = rig
        .app()
        .join(
            &rig.crew.owner,
            &rig.crew.workspace,
            "by@example.com",
            "member",
        )
        .await;
    rig.cancel(&bystander, &queued)
        .await
        .expect_error(403, "not_task_canceller");
    let cancelled = rig.cancel(&rig.crew.admin, &queued).await.expect(200);
    assert_eq!(cancelled["status"], "cancelled");
    assert!(cancelled["completed_at"].is_string());
    rig.cancel(&rig.crew.member, &queued)
        .await
        .expect_error(409, "task_finished");

    // A held run: its daemon is told, the status poll says so, and the run stays as it is
    // until the daemon acknowledges the process group gone.
    let held = rig.enqueue(Link::Autopilot, 0).await;
    rig.running().await;
    let mut events = rig.app().state.db.events.subscribe();
    let stopping = rig.cancel(&rig.crew.member, &held).await.expect(200);
    assert_eq!(stopping["status"], "running");
    assert!(stopping["cancel_requested_at"].is_string(), "{stopping}");
    assert!(stopping["completed_at"].is_null(), "{stopping}");
    let mut told = false;
    while let Ok(event) = events.try_recv() {
        if let agentry_core::api::runtimes::ServerEvent::TaskCancelled { task_id, .. } = event {
            told |= task_id.to_string() == held;
        }
    }
    assert!(told, "daemon:task_cancelled was announced");
    let status = rig
        .daemon
        .get(&format!("/api/daemon/tasks/{held}/status"))
        .await
        .expect(200);
    assert_eq!(
        status,
        json!({"status": "running", "cancel_requested": true})
    );
    let acked = rig
        .report(&held, "cancel-ack", Value::Null)
        .await
        .expect(200);
    assert_eq!(acked["status"], "cancelled");
    assert!(acked["completed_at"].is_string());
    assert_eq!(
        rig.count("SELECT COUNT(*) FROM task_tokens WHERE task_id = $1", &held)
            .await,
        0
    );
    // The daemon's late reports are idempotent no-ops.
    let late = rig
        .report(&held, "complete", json!({"output": "x"}))
        .await
        .expect(200);
    assert_eq!(late["status"], "cancelled");
}
