//! The autopilot scheduler: every tick, each due schedule is fired by exactly one server,
//! however many share the database. A fire is claimed by a compare-and-set on the trigger's
//! `next_run_at` (moved from the value read to the next fire time after now); the unique
//! (trigger, fire time) key of `autopilot_runs` is the second safety net. All state is in the
//! database, so a restart resumes where it stopped. Fires missed while no server ran are
//! fired once, not once per missed slot: the next fire time is counted from now.

use crate::db::{self, autopilots::DueTrigger};
use crate::services::autopilots::{fire, record_unfired, Firing};
use crate::state::AppState;
use agentry_core::work::Schedule;
use std::time::Duration;

/// How many due triggers one tick takes on; the rest wait for the next tick.
const DUE_PER_TICK: i64 = 100;

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TickReport {
    /// Fires this call claimed (started, skipped or failed alike).
    pub claimed: u64,
    /// Of those, how many queued a run.
    pub started: u64,
}

/// Fires every schedule due at `now` that this call wins the claim for. One failing fire is
/// recorded (`skipped` or `failed` with its reason) and never stops the others.
pub async fn fire_due_autopilots_once(
    state: &AppState,
    now: i64,
) -> Result<TickReport, sqlx::Error> {
    let due = {
        let mut conn = state.db.pool.acquire().await?;
        db::autopilots::due(&mut conn, now, DUE_PER_TICK).await?
    };
    let mut report = TickReport::default();
    for trigger in due {
        match fire_one(state, &trigger, now).await {
            Ok(Some(started)) => {
                report.claimed += 1;
                report.started += u64::from(started);
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(
                error = %e, trigger_id = %trigger.id, "autopilot fire could not be recorded"
            ),
        }
    }
    Ok(report)
}

/// Claims and fires one due trigger. `None`: another server claimed it first; `Some(true)`:
/// a run was queued; `Some(false)`: the fire was recorded as skipped or failed.
async fn fire_one(
    state: &AppState,
    due: &DueTrigger,
    now: i64,
) -> Result<Option<bool>, sqlx::Error> {
    let schedule = Schedule::parse(&due.cron_expression, &due.timezone).ok();
    // Counted from now, not from the slot: a backlog of missed slots fires once.
    let next = schedule
        .as_ref()
        .and_then(|s| s.next_after(now.max(due.next_run_at)));
    let local_date = schedule
        .as_ref()
        .map(|s| s.local_date(due.next_run_at))
        .unwrap_or_default();
    let firing = Firing::Schedule {
        trigger_id: due.id,
        scheduled_for: due.next_run_at,
    };
    let mut tx = state.db.begin_write().await?;
    if !db::autopilots::claim_fire(&mut tx, due.id, due.next_run_at, next, now).await? {
        return Ok(None);
    }
    let Some(autopilot) = db::autopilots::get(&mut tx, due.workspace_id, due.autopilot_id).await?
    else {
        tx.commit().await?;
        return Ok(Some(false));
    };
    let reason = match fire(&mut tx, &autopilot, firing, &local_date, now).await {
        Ok(fired) => {
            tx.commit().await?;
            tracing::info!(
                autopilot_id = %autopilot.id, run_id = %fired.run_id, task_id = %fired.task_id,
                "autopilot fired"
            );
            return Ok(Some(true));
        }
        Err(e) => e.code(),
    };
    // The fire's writes roll back; the claim and the record of why are written anew, so the
    // slot is not fired again. Losing that second claim means another server recorded it.
    tx.rollback().await?;
    let mut tx = state.db.begin_write().await?;
    if !db::autopilots::claim_fire(&mut tx, due.id, due.next_run_at, next, now).await? {
        return Ok(None);
    }
    record_unfired(&mut tx, &autopilot, firing, reason, now).await?;
    tx.commit().await?;
    tracing::info!(autopilot_id = %autopilot.id, reason, "autopilot fire did not run");
    Ok(Some(false))
}

/// Runs [`fire_due_autopilots_once`] every `--autopilot-tick-secs`, forever.
pub async fn autopilot_scheduler(state: AppState) {
    let every = Duration::from_secs(state.config.autopilot_tick_secs.max(1));
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match fire_due_autopilots_once(&state, db::now_ms()).await {
            Ok(report) if report.claimed > 0 => tracing::info!(
                fired = report.claimed,
                started = report.started,
                "autopilot tick"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "autopilot tick failed"),
        }
    }
}
