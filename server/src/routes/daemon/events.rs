//! `GET /api/daemon/events?workspace_id=`: the workspace's live events as server-sent events,
//! so a running daemon hears of a new or changed profile without polling.

use crate::auth::DaemonCaller;
use crate::error::{ApiError, ApiResult};
use crate::events::sse_for_workspace;
use crate::extract::QueryMap;
use crate::state::AppState;
use agentry_core::WorkspaceId;
use axum::extract::State;
use axum::response::sse::{Event, Sse};
use futures_util::stream::Stream;
use std::convert::Infallible;

/// `GET /api/daemon/events?workspace_id=` → an SSE stream of that workspace's events. A
/// daemon token for another workspace gets 404, a missing `workspace_id` 400.
pub async fn events(
    State(state): State<AppState>,
    caller: DaemonCaller,
    query: QueryMap,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let raw = query
        .0
        .get("workspace_id")
        .ok_or_else(|| ApiError::invalid("workspace_id", "required", "workspace_id is required"))?;
    // A malformed id names no workspace this caller reaches: 404, like any other.
    let workspace_id = WorkspaceId::parse(raw).ok_or(ApiError::NotFound)?;
    let access = {
        let mut conn = state.db.pool.acquire().await?;
        caller.access(&mut conn, workspace_id).await?
    };
    Ok(sse_for_workspace(&state.events, access.workspace_id))
}
