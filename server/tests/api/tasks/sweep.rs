//! The task sweeper (spec G.6, G.7), driven one step at a time with a chosen clock.

use super::*;
use agentry_server::db::now_ms;
use agentry_server::services::task_sweep::sweep_tasks_once;

impl Rig {
    async fn sweep(&self, now: i64) -> agentry_server::services::task_sweep::SweepReport {
        sweep_tasks_once(&self.app().state, now).await.unwrap()
    }

    async fn set(&self, task: &str, assignments: &str) {
        self.app()
            .sql(
                &format!("UPDATE agent_task_queue SET {assignments} WHERE id = $1"),
                &[task],
            )
            .await;
    }

    async fn runtime_seen(&self, at: i64, status: &str) {
        self.app()
            .sql(
                &format!(
                    "UPDATE agent_runtimes SET last_seen_at = {at}, status = '{status}' WHERE id = $1"
                ),
                &[&self.runtime],
            )
            .await;
    }
}

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

#[tokio::test]
async fn a_claim_never_started_goes_back_to_the_queue_with_its_token_revoked() {
    let rig = Rig::new().await;
    let task = rig.enqueue(Link::Autopilot, 0).await;
    let first = rig.claim(1).await;
    assert_eq!(first.len(), 1);
    let now = now_ms();
    assert_eq!(rig.sweep(now).await.requeued, 0, "the lease still runs");
    // Two minutes later, the lease ran out and the daemon never started it; the runtime is
    // healthy.
    let later = now + 2 * MINUTE;
    rig.runtime_seen(later, "online").await;
    let report = rig.sweep(later).await;
    assert_eq!(report.requeued, 1);
    assert_eq!(rig.status(&task).await, "queued");
    assert_eq!(
        rig.count("SELECT COUNT(*) FROM task_tokens WHERE task_id = $1", &task)
            .await,
        0
    );
    let again = rig.claim(1).await;
    assert_eq!(again[0]["id"], task);
    assert_ne!(again[0]["auth_token"], first[0]["auth_token"]);
}

#[tokio::test]
async fn work_nobody_claims_for_two_hours_expires() {
    let rig = Rig::new().await;
    let issue = rig.issue("Stale").await;
    let task = rig.enqueue(Link::Issue(&issue), 0).await;
    let now = now_ms();
    rig.set(&task, &format!("created_at = {}", now - 3 * HOUR))
        .await;
    let fresh = rig.enqueue(Link::Autopilot, 0).await;
    rig.set(&fresh, &format!("created_at = {}", now - HOUR))
        .await;
    let report = rig.sweep(now).await;
    assert_eq!(report.expired, 1);
    assert_eq!(rig.status(&task).await, "failed");
    assert_eq!(
        rig.column(&task, "failure_reason").await.as_deref(),
        Some("queued_expired")
    );
    assert!(rig.column(&task, "completed_at").await.is_some());
    assert_eq!(rig.status(&fresh).await, "queued");
}

#[tokio::test]
async fn a_runtime_silent_past_the_grace_fails_its_runs_and_the_retry_waits_for_a_heartbeat() {
    let rig = Rig::new().await;
    let issue = rig.issue("Offline").await;
    let task = rig.enqueue(Link::Issue(&issue), 0).await;
    rig.running().await;
    let now = now_ms();
    // Silent for an hour: within the grace, the run is kept.
    rig.runtime_seen(now - HOUR, "offline").await;
    assert_eq!(rig.sweep(now).await.offline, 0);
    assert_eq!(rig.status(&task).await, "running");
    // Silent for four hours: it fails, and a deferred retry is queued.
    rig.runtime_seen(now - 4 * HOUR, "offline").await;
    assert_eq!(rig.sweep(now).await.offline, 1);
    assert_eq!(
        rig.column(&task, "failure_reason").await.as_deref(),
        Some("runtime_offline")
    );
    let child = rig
        .app()
        .sql_text(
            "SELECT id FROM agent_task_queue WHERE parent_task_id = $1",
            &[&task],
        )
        .await
        .unwrap();
    assert_eq!(rig.status(&child).await, "deferred");
    // Due, but the runtime is still away: it waits.
    let later = now + MINUTE;
    assert_eq!(rig.sweep(later).await.promoted, 0);
    // The daemon is back: the retry is queued and claimable.
    rig.runtime_seen(later, "online").await;
    assert_eq!(rig.sweep(later).await.promoted, 1);
    assert_eq!(rig.status(&child).await, "queued");
    assert_eq!(rig.claim(1).await[0]["id"], child);
}

#[tokio::test]
async fn a_deferred_retry_whose_runtime_never_returns_is_abandoned() {
    let rig = Rig::new().await;
    let issue = rig.issue("Gone").await;
    let task = rig.enqueue(Link::Issue(&issue), 0).await;
    let now = now_ms();
    rig.set(
        &task,
        &format!("status = 'deferred', fire_at = {}", now - 4 * HOUR),
    )
    .await;
    rig.runtime_seen(now - 5 * HOUR, "offline").await;
    assert_eq!(rig.sweep(now).await.abandoned, 1);
    assert_eq!(
        rig.column(&task, "failure_reason").await.as_deref(),
        Some("runtime_reconnect_timeout")
    );
}

#[tokio::test]
async fn a_claim_of_a_deleted_runtime_times_out() {
    let rig = Rig::new().await;
    let task = rig.enqueue(Link::Autopilot, 0).await;
    rig.claim(1).await;
    let now = now_ms();
    rig.app()
        .sql("DELETE FROM agent_runtimes WHERE id = $1", &[&rig.runtime])
        .await;
    assert_eq!(rig.sweep(now).await.timed_out, 0, "not yet 5 minutes");
    assert_eq!(rig.sweep(now + 6 * MINUTE).await.timed_out, 1);
    assert_eq!(
        rig.column(&task, "failure_reason").await.as_deref(),
        Some("timeout")
    );
}

#[tokio::test]
async fn a_claim_whose_lease_ran_out_while_its_daemon_went_silent_is_failed_and_retried_once_the_grace_is_over(
) {
    let rig = Rig::new().await;
    let issue = rig.issue("Lease").await;
    let task = rig.enqueue(Link::Issue(&issue), 0).await;
    assert_eq!(rig.claim(1).await.len(), 1);
    let now = now_ms();
    // The daemon stopped renewing the prepare lease and stopped heartbeating ten minutes ago:
    // merely disconnected, so the claim is neither handed out again nor failed.
    rig.set(
        &task,
        &format!(
            "prepare_lease_expires_at = {}, dispatched_at = {}",
            now - 9 * MINUTE,
            now - 10 * MINUTE
        ),
    )
    .await;
    rig.runtime_seen(now - 10 * MINUTE, "offline").await;
    let report = rig.sweep(now).await;
    assert_eq!(
        (report.requeued, report.offline, report.timed_out),
        (0, 0, 0)
    );
    assert_eq!(rig.status(&task).await, "dispatched");
    // Silent past the reconnect grace: failed (`runtime_offline`), and a retry waits for the
    // daemon's next heartbeat.
    rig.runtime_seen(now - 4 * HOUR, "offline").await;
    assert_eq!(rig.sweep(now).await.offline, 1);
    assert_eq!(rig.status(&task).await, "failed");
    assert_eq!(
        rig.column(&task, "failure_reason").await.as_deref(),
        Some("runtime_offline")
    );
    let child = rig
        .app()
        .sql_text(
            "SELECT id FROM agent_task_queue WHERE parent_task_id = $1",
            &[&task],
        )
        .await
        .unwrap();
    assert_eq!(rig.status(&child).await, "deferred");
    rig.runtime_seen(now, "online").await;
    assert_eq!(rig.sweep(now + MINUTE).await.promoted, 1);
    assert_eq!(rig.claim(1).await[0]["id"], child);
}
