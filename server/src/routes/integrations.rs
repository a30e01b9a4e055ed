//! `/api/integrations/composio`: a person's connected apps. Connections belong to the person,
//! not to a workspace, so no workspace is named. Every route answers 503
//! `composio_not_configured` while the integration is off, after checking who is asking.

use crate::auth::Principal;
use crate::composio::settings::ComposioSettings;
use crate::db::{self, rfc3339};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use agentry_core::api::integrations::ConnectedApp;
use axum::extract::State;
use axum::Json;

/// The integration's settings, or the 503 that says it is off.
fn integration(state: &AppState) -> ApiResult<&ComposioSettings> {
    state.composio.as_deref().ok_or_else(|| {
        ApiError::Unavailable(
            "composio_not_configured",
            "connected apps are not configured on this server".into(),
        )
    })
}

/// `GET /api/integrations/composio/connections` → the caller's active connections, newest
/// first; Composio's handles for them stay on the server.
pub async fn list_connections(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<Vec<ConnectedApp>>> {
    integration(&state)?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = db::connections::list_active(&mut conn, principal.user_id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|row| ConnectedApp {
                id: row.id,
                toolkit_slug: row.toolkit_slug,
                status: row.status,
                connected_at: rfc3339(row.connected_at),
                last_used_at: row.last_used_at.map(rfc3339),
            })
            .collect(),
    ))
}
