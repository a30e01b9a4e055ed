//! Cancel verified by the daemon (issue 12): a run a daemon holds is cancelled only at the
//! daemon's cancel-ack; when no ack can come (the claim was never started, the daemon
//! restarted, went silent or its runtime vanished) the task is cancelled — never failed and
//! retried.

use super::*;
use agentry_server::db::now_ms;
use agentry_server::services::task_sweep::sweep_tasks_once;

const MINUTE: i64 = 60_000;

impl Rig {
    /// The owner of the agent asks to cancel `task`.
    async fn ask_cancel(&self, task: &str) -> Value {
        self.crew
            .member
            .request(
                Method::POST,
                &format!("/api/tasks/{task}/cancel"),
                None,
                &[("x-workspace-id", &self.crew.workspace)],
            )
            .await
            .expect(200)
    }

    async fn children(&self, task: &str) -> i64 {
        self.count(
            "SELECT COUNT(*) FROM agent_task_queue WHERE parent_task_id = $1",
            task,
        )
        .await
    }
}

#[tokio::test]
async fn a_claim_cancelled_while_being_prepared_is_cancelled_at_start_and_not_started() {
    let rig = Rig::new().await;
    let issue = rig.issue("Prepare").await;
    let task = rig.enqueue(Link::Issue(&issue), 0).await;
    assert_eq!(rig.claim(1).await.len(), 1);
    let asked = rig.ask_cancel(&task).await;
    assert_eq!(asked["status"], "dispatched");
    rig.report(&task, "start", Value::Null)
        .await
        .expect_error(400, "invalid_transition");
    assert_eq!(rig.status(&task).await, "cancelled");
    assert!(rig.column(&task, "started_at").await.is_none());
    assert_eq!(rig.children(&task).await, 0);
}

#[tokio::test]
async fn asking_twice_keeps_the_first_request_time_and_tells_the_daemon_again() {
    let rig = Rig::new().await;
    let task = rig.enqueue(Link::Autopilot, 0).await;
    rig.running().await;
    let first = rig.ask_cancel(&task).await;
    let mut events = rig.app().state.db.events.subscribe();
    let again = rig.ask_cancel(&task).await;
    assert_eq!(again["status"], "running");
    assert_eq!(again["cancel_requested_at"], first["cancel_requested_at"]);
    let mut told = false;
    while let Ok(event) = events.try_recv() {
        if let agentry_core::api::runtimes::ServerEvent::TaskCancelled { task_id, .. } = event {
            told |= task_id.to_string() == task;
        }
    }
    assert!(told, "the second request re-sends daemon:task_cancelled");
}

#[tokio::test]
async fn a_cancel_requested_run_whose_daemon_went_silent_is_cancelled_by_the_sweeper_not_retried() {
    let rig = Rig::new().await;
    let issue = rig.issue("Silent").await;
    let task = rig.enqueue(Link::Issue(&issue), 0).await;
    rig.running().await;
    rig.ask_cancel(&task).await;
    let now = now_ms();
    // The daemon still heartbeats: the sweeper waits for its ack.
    let report = sweep_tasks_once(&rig.app().state, now).await.unwrap();
    assert_eq!(report.cancelled, 0);
    assert_eq!(rig.status(&task).await, "running");
    // Unheard from for five minutes: no ack will come.
    rig.app()
        .sql(
            &format!(
                "UPDATE agent_runtimes SET last_seen_at = {} WHERE id = $1",
                now - 5 * MINUTE
            ),
            &[&rig.runtime],
        )
        .await;
    let report = sweep_tasks_once(&rig.app().state, now).await.unwrap();
    assert_eq!(report.cancelled, 1);
    assert_eq!(report.offline, 0);
    assert_eq!(rig.status(&task).await, "cancelled");
    assert!(rig.column(&task, "failure_reason").await.is_none());
    assert_eq!(rig.children(&task).await, 0);
    // The daemon's late ack changes nothing.
    let late = rig
        .report(&task, "cancel-ack", Value::Null)
        .await
        .expect(200);
    assert_eq!(late["status"], "cancelled");
}

#[tokio::test]
async fn a_cancel_requested_claim_whose_prepare_lease_ran_out_is_cancelled_not_requeued() {
    let rig = Rig::new().await;
    let task = rig.enqueue(Link::Autopilot, 0).await;
    assert_eq!(rig.claim(1).await.len(), 1);
    rig.ask_cancel(&task).await;
    let later = now_ms() + 2 * MINUTE;
    rig.app()
        .sql(
            &format!("UPDATE agent_runtimes SET last_seen_at = {later} WHERE id = $1"),
            &[&rig.runtime],
        )
        .await;
    let report = sweep_tasks_once(&rig.app().state, later).await.unwrap();
    assert_eq!((report.cancelled, report.requeued), (1, 0));
    assert_eq!(rig.status(&task).await, "cancelled");
}

#[tokio::test]
async fn recover_orphans_cancels_a_run_someone_asked_to_stop_instead_of_retrying_it() {
    let rig = Rig::new().await;
    let issue = rig.issue("Restart").await;
    let task = rig.enqueue(Link::Issue(&issue), 0).await;
    rig.running().await;
    rig.ask_cancel(&task).await;
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
    assert_eq!(answer, json!({"orphaned": 1, "retried": 0}));
    assert_eq!(rig.status(&task).await, "cancelled");
    assert_eq!(rig.children(&task).await, 0);
}

#[tokio::test]
async fn a_queued_run_is_cancelled_at_once_and_its_daemon_is_not_told() {
    let rig = Rig::new().await;
    let task = rig.enqueue(Link::Autopilot, 0).await;
    let mut events = rig.app().state.db.events.subscribe();
    let cancelled = rig.ask_cancel(&task).await;
    assert_eq!(cancelled["status"], "cancelled");
    while let Ok(event) = events.try_recv() {
        assert!(
            !matches!(
                event,
                agentry_core::api::runtimes::ServerEvent::TaskCancelled { .. }
            ),
            "nothing runs it"
        );
    }
}
