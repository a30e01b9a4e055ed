//! Background work: loops around testable steps, spawned from `main`.

mod autopilots;

pub use autopilots::{autopilot_scheduler, fire_due_autopilots_once, TickReport};

use crate::db::{self, now_ms};
use crate::state::AppState;
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::WorkspaceId;
use std::collections::BTreeSet;
use std::time::Duration;

/// Deletes expired sessions, and connect-flow nonces nobody came back with, once; returns how
/// many sessions went. (The nonces go here rather than on each connect, which keeps one write
/// off that request.)
pub async fn purge_expired_sessions_once(state: &AppState) -> Result<u64, sqlx::Error> {
    let mut conn = state.db.pool.acquire().await?;
    db::connections::purge_expired_nonces(&mut conn, now_ms()).await?;
    db::sessions::delete_expired(&mut conn, now_ms()).await
}

/// Runs [`purge_expired_sessions_once`] every hour, forever.
pub async fn housekeeping(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        match purge_expired_sessions_once(&state).await {
            Ok(n) if n > 0 => tracing::info!(sessions = n, "purged expired sessions"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "session purge failed"),
        }
    }
}

/// Marks offline every online runtime whose last heartbeat is older than the configured
/// threshold at `now_ms` (one UPDATE), then tells each affected workspace. Returns how many
/// runtimes went offline.
pub async fn sweep_offline_runtimes_once(
    state: &AppState,
    now_ms: i64,
) -> Result<u64, sqlx::Error> {
    let threshold_ms = state.config.runtime_offline_after_secs.saturating_mul(1000);
    let mut conn = state.db.pool.acquire().await?;
    let workspaces = db::runtimes::sweep_offline(&mut conn, now_ms - threshold_ms, now_ms).await?;
    let swept = workspaces.len() as u64;
    let unique: BTreeSet<WorkspaceId> = workspaces.into_iter().collect();
    for workspace_id in unique {
        state
            .db
            .announce_committed(ServerEvent::RuntimesChanged { workspace_id });
    }
    Ok(swept)
}

/// Runs [`sweep_offline_runtimes_once`] every `--runtime-sweep-every-secs`, forever.
pub async fn runtime_sweeper(state: AppState) {
    let every = Duration::from_secs(state.config.runtime_sweep_every_secs.max(1));
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match sweep_offline_runtimes_once(&state, now_ms()).await {
            Ok(n) if n > 0 => tracing::info!(runtimes = n, "marked silent runtimes offline"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "runtime sweep failed"),
        }
    }
}

/// Runs [`crate::services::task_sweep::sweep_tasks_once`] every `--task-sweep-every-secs`,
/// forever.
pub async fn task_sweeper(state: AppState) {
    let every = Duration::from_secs(state.config.task_sweep_every_secs.max(1));
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match crate::services::task_sweep::sweep_tasks_once(&state, now_ms()).await {
            Ok(report) if report.any() => tracing::info!(?report, "swept the task queue"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "task sweep failed"),
        }
    }
}
