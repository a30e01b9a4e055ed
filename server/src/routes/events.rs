//! `GET /api/events?workspace_id=…`: the browser's live channel. Members (session cookie or
//! personal access token) receive their workspace's events as server-sent events; see
//! [`crate::events::sse_for_workspace`] for the stream itself.

use crate::access::Membership;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::events::sse_for_workspace;
use crate::extract::QueryMap;
use crate::state::AppState;
use agentry_core::WorkspaceId;
use axum::extract::State;
use axum::response::IntoResponse;

/// Streams the workspace's events. Missing or malformed `workspace_id` → 400 (it is a query
/// parameter the client chose, not a path that cannot exist); non-member → 404. Membership is
/// checked when the stream opens; every event only says "refetch", and the refetch itself is
/// authorised, so a member removed mid-stream learns nothing but that something changed.
pub async fn stream(
    State(state): State<AppState>,
    principal: Principal,
    query: QueryMap,
) -> ApiResult<impl IntoResponse> {
    let raw = query.0.get("workspace_id").map(String::as_str);
    let workspace_id = raw.and_then(WorkspaceId::parse).ok_or_else(|| {
        ApiError::invalid(
            "workspace_id",
            "invalid",
            "workspace_id must be a workspace's id",
        )
    })?;
    let mut conn = state.db.pool.acquire().await?;
    Membership::load(&mut conn, workspace_id, &principal).await?;
    drop(conn);
    Ok(sse_for_workspace(&state.events, workspace_id))
}
