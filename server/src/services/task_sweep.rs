//! The task sweeper (spec G.6, G.7): what no request will do by itself. A claim whose daemon
//! went quiet before starting goes back to the queue; a run whose runtime stayed silent past
//! the reconnect grace fails (`runtime_offline`, retried deferred), as does a long run of a
//! vanished runtime (`timeout`); work nobody claimed for two hours expires
//! (`queued_expired`); a deferred retry is queued again once its runtime is back, or fails
//! (`runtime_reconnect_timeout`) when it never came. A run someone asked to cancel whose
//! daemon is gone is cancelled, not failed.

use crate::db::queue::{self, TaskRow};
use crate::db::Write;
use crate::error::ApiResult;
use crate::services::claim::announce_changed;
use crate::services::task_reports::fail_task;
use crate::state::AppState;
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::runtimes::OFFLINE_AFTER_SECS;
use agentry_core::work::{FailureReason, TaskStatus};

/// Rows handled per pass and tick.
const BATCH: i64 = 500;
/// A claim not started this long after dispatch, with its lease run out, goes back.
const REDELIVER_AFTER_MS: i64 = 90_000;
/// A claim older than this whose runtime vanished fails (`timeout`).
const DISPATCH_TIMEOUT_MS: i64 = 300_000;
/// A run older than this whose runtime vanished fails (`timeout`).
const RUN_TIMEOUT_MS: i64 = 9_000_000;
/// Work nobody claimed for this long expires.
const QUEUED_EXPIRY_MS: i64 = 2 * 3600 * 1000;

/// What one sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Held tasks with a cancel request whose daemon is gone, cancelled.
    pub cancelled: u64,
    /// Stale claims put back in the queue.
    pub requeued: u64,
    /// Held tasks failed because their runtime stayed away (`runtime_offline`).
    pub offline: u64,
    /// Claims or runs of a vanished runtime failed (`timeout`).
    pub timed_out: u64,
    /// Queued tasks expired (`queued_expired`).
    pub expired: u64,
    /// Deferred retries queued again.
    pub promoted: u64,
    /// Deferred retries whose runtime never came back.
    pub abandoned: u64,
}

impl SweepReport {
    /// Whether anything happened.
    pub fn any(&self) -> bool {
        *self != SweepReport::default()
    }
}

/// One sweep at `now` (ms). Each pass commits on its own.
pub async fn sweep_tasks_once(state: &AppState, now: i64) -> ApiResult<SweepReport> {
    let grace = state
        .config
        .runtime_reconnect_grace_secs
        .saturating_mul(1000);
    let fresh = now - OFFLINE_AFTER_SECS * 1000;
    let silent = now - grace;
    // A cancel request whose daemon is gone (runtime deleted, offline or unheard from, or a
    // claim whose prepare lease ran out): no cancel-ack will come, so the task is cancelled
    // here, never failed and retried. A daemon that comes back stops the run at its next
    // status poll (a cancelled task must stop) and its late ack changes nothing.
    let mut tx = state.db.begin_write().await?;
    let asked = queue::sweep_candidates(
        &mut tx,
        queue::ACTIVE,
        &format!(
            "t.cancel_requested_at IS NOT NULL AND (r.id IS NULL OR r.status <> 'online' \
             OR COALESCE(r.last_seen_at, 0) < $1 \
             OR (t.started_at IS NULL AND t.prepare_lease_expires_at < {now}))"
        ),
        fresh,
        BATCH,
    )
    .await?;
    let mut cancelled = 0;
    for task in asked {
        if queue::mark_cancelled(&mut tx, task.id, now).await? {
            announce_changed(&mut tx, &task);
            cancelled += 1;
        }
    }
    tx.commit().await?;

    // A runtime silent past the grace: its held tasks fail and are retried deferred.
    let offline = fail_pass(
        state,
        now,
        queue::ACTIVE,
        "r.id IS NOT NULL AND COALESCE(r.last_seen_at, 0) < $1",
        silent,
        "the runtime stayed offline past the reconnect grace",
        FailureReason::RUNTIME_OFFLINE,
        &TaskStatus::ACTIVE,
    )
    .await?;

    let mut report = SweepReport {
        cancelled,
        offline,
        ..SweepReport::default()
    };

    // A vanished runtime: old claims and very long runs time out.
    report.timed_out = fail_pass(
        state,
        now,
        "('dispatched', 'waiting_local_directory')",
        "r.id IS NULL AND t.dispatched_at < $1",
        now - DISPATCH_TIMEOUT_MS,
        "task timed out",
        FailureReason::TIMEOUT,
        &TaskStatus::ACTIVE,
    )
    .await?;
    report.timed_out += fail_pass(
        state,
        now,
        "('running')",
        "r.id IS NULL AND t.started_at < $1",
        now - RUN_TIMEOUT_MS,
        "task timed out",
        FailureReason::TIMEOUT,
        &TaskStatus::ACTIVE,
    )
    .await?;

    // Never claimed in two hours (a runtime_offline retry waits as long as its runtime may).
    report.expired = fail_pass(
        state,
        now,
        "('queued')",
        "t.dispatched_at IS NULL AND t.originator_source <> 'retry' AND t.created_at < $1",
        now - QUEUED_EXPIRY_MS,
        "nobody claimed the task in time",
        FailureReason::QUEUED_EXPIRED,
        &[TaskStatus::Queued],
    )
    .await?;

    // Deferred retries whose runtime never came back within the grace.
    report.abandoned = fail_pass(
        state,
        now,
        "('deferred')",
        "t.fire_at < $1",
        silent,
        "the runtime did not come back in time",
        "runtime_reconnect_timeout",
        &[TaskStatus::Deferred],
    )
    .await?;

    // A claim whose daemon went quiet before starting: back to the queue, token revoked,
    // while its runtime is healthy (the next claim hands it out again).
    let mut tx = state.db.begin_write().await?;
    let stale = queue::sweep_candidates(
        &mut tx,
        "('dispatched')",
        &format!(
            "t.started_at IS NULL AND t.prepare_lease_expires_at < $1 \
             AND t.dispatched_at < $1 - {REDELIVER_AFTER_MS} AND r.status = 'online' \
             AND r.last_seen_at >= $1 - {}",
            OFFLINE_AFTER_SECS * 1000
        ),
        now,
        BATCH,
    )
    .await?;
    for task in stale {
        if queue::requeue(&mut tx, task.id, now).await? {
            wake(&mut tx, &task);
            report.requeued += 1;
        }
    }
    tx.commit().await?;

    // Deferred retries that are due, once their runtime is heard from again.
    let mut tx = state.db.begin_write().await?;
    let due = queue::sweep_candidates(
        &mut tx,
        "('deferred')",
        "t.fire_at <= $1 AND r.status = 'online'",
        now,
        BATCH,
    )
    .await?;
    for task in due {
        let heard =
            queue::runtime_seen_since(&mut tx, task.runtime_id, fresh.max(task.created_at)).await?;
        let slot_free = match task.issue_id {
            Some(issue) => !queue::slot_taken(&mut tx, issue, task.agent_id).await?,
            None => true,
        };
        if heard && slot_free && queue::promote(&mut tx, task.id, now).await? {
            wake(&mut tx, &task);
            report.promoted += 1;
        }
    }
    tx.commit().await?;
    Ok(report)
}

/// Fails the tasks of `statuses` matching `condition` (over task `t` and runtime `r`, `$1`
/// bound to `bound`) with `reason`, each with its retry; returns how many.
#[allow(clippy::too_many_arguments)]
async fn fail_pass(
    state: &AppState,
    now: i64,
    statuses: &str,
    condition: &str,
    bound: i64,
    error: &str,
    reason: &str,
    from: &[TaskStatus],
) -> ApiResult<u64> {
    let mut tx = state.db.begin_write().await?;
    let rows = queue::sweep_candidates(&mut tx, statuses, condition, bound, BATCH).await?;
    let reason = FailureReason::parse(Some(reason));
    let mut n = 0;
    for task in rows {
        if fail_task(&mut tx, &task, from, error, &reason, None, None, now)
            .await?
            .is_some()
        {
            n += 1;
        }
    }
    tx.commit().await?;
    Ok(n)
}

/// `task:changed`, and `daemon:task_available` to its runtime.
fn wake(tx: &mut Write, task: &TaskRow) {
    announce_changed(tx, task);
    if let Some(runtime_id) = task.runtime_id {
        tx.announce(ServerEvent::TaskAvailable {
            workspace_id: task.workspace_id,
            runtime_id,
            task_id: task.id,
        });
    }
}
