//! Background work: loops around testable steps, spawned from `main`.

use crate::db::{self, now_ms};
use crate::state::AppState;
use std::time::Duration;

/// Deletes expired sessions once; returns how many went.
pub async fn purge_expired_sessions_once(state: &AppState) -> Result<u64, sqlx::Error> {
    let mut conn = state.db.pool.acquire().await?;
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
