//! `/api/integrations/composio`: a person's connected apps. Connections belong to the person,
//! not to a workspace, so no workspace is named. Every route answers 503
//! `composio_not_configured` while the integration is off, after checking who is asking (the
//! public callback has no one to check).

use crate::auth::principal::MaybePrincipal;
use crate::auth::{Credential, Principal};
use crate::composio::integration::Composio;
use crate::db::{self, rfc3339};
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::services::connections::{self as service, Callback};
use crate::state::AppState;
use agentry_core::api::integrations::{
    connected_landing, ConnectLink, ConnectRequest, ConnectedApp, Toolkit, FAILED_LANDING,
};
use agentry_core::{ConnectionId, ValidationError};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::collections::HashMap;
use std::sync::Arc;

/// The integration, or the 503 that says it is off.
fn integration(state: &AppState) -> ApiResult<&Composio> {
    state.composio.as_deref().ok_or_else(|| {
        ApiError::Unavailable(
            "composio_not_configured",
            "connected apps are not configured on this server".into(),
        )
    })
}

/// `GET /api/integrations/composio/toolkits` → the apps that can be connected (cached five
/// minutes; 502 when Composio cannot be asked and nothing is cached).
pub async fn list_toolkits(
    State(state): State<AppState>,
    _principal: Principal,
) -> ApiResult<Json<Arc<Vec<Toolkit>>>> {
    let composio = integration(&state)?;
    let catalog = composio.catalog().await.map_err(|error| {
        tracing::warn!(%error, "the Composio catalog could not be loaded");
        ApiError::Upstream(
            "composio_unavailable",
            "the list of apps could not be loaded from Composio; try again in a moment".into(),
        )
    })?;
    Ok(Json(catalog))
}

/// `POST /api/integrations/composio/connect/init {toolkit_slug}` → `{redirect_url}`. Only a
/// browser session can start one: the callback must come back to that same session.
pub async fn connect_init(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<ConnectRequest>,
) -> ApiResult<Json<ConnectLink>> {
    let composio = integration(&state)?;
    let Credential::Session { session_id, .. } = &principal.credential else {
        return Err(ApiError::InvalidWithCode(
            "session_required",
            ValidationError::new(
                "toolkit_slug",
                "session_required",
                "connecting an app must start in a signed-in browser",
            ),
        ));
    };
    let redirect_url = service::begin(
        &state.db,
        composio,
        principal.user_id,
        session_id,
        &body.toolkit_slug,
    )
    .await?;
    Ok(Json(ConnectLink { redirect_url }))
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

/// `DELETE /api/integrations/composio/connections/{id}` → 204. The id is parsed here rather
/// than by the shared extractor: this API answers a malformed one with 400, as its spec says.
pub async fn disconnect(
    State(state): State<AppState>,
    principal: Principal,
    Path(raw): Path<String>,
) -> ApiResult<StatusCode> {
    let composio = integration(&state)?;
    let id = ConnectionId::parse(&raw)
        .ok_or_else(|| ApiError::invalid("id", "invalid", "not a connection id"))?;
    service::disconnect(&state.db, composio, principal.user_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/integrations/composio/callback?state&status&connected_account_id` → 302 to
/// Settings → Integrations: `connected=<slug>` on success, the one generic error otherwise
/// (the reason is logged, never told).
pub async fn callback(
    State(state): State<AppState>,
    MaybePrincipal(principal): MaybePrincipal,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult<Response> {
    let composio = integration(&state)?;
    // An unreadable query is one more failure, answered with the same redirect.
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let text = |key: &str| query.get(key).map_or("", String::as_str);
    let account_id = match text("connected_account_id") {
        "" => text("connectedAccountId"),
        id => id,
    };
    let session = principal.as_ref().and_then(|p| match &p.credential {
        Credential::Session { session_id, .. } => Some((session_id.as_str(), p.user_id)),
        Credential::Token { .. } => None,
    });
    let outcome = service::finish(
        &state.db,
        composio,
        Callback {
            state: text("state"),
            status: text("status"),
            account_id,
            session,
        },
    )
    .await;
    let landing = match outcome {
        Ok(slug) => connected_landing(&slug),
        Err(refusal) => {
            tracing::warn!(%refusal, "a Composio connect callback was refused");
            FAILED_LANDING.to_owned()
        }
    };
    Ok((
        StatusCode::FOUND,
        [
            (header::LOCATION, landing),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
    )
        .into_response())
}
