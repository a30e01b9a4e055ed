//! `POST /api/quick-create`: hand an agent a prompt to turn into an issue, in the workspace
//! named by `X-Workspace-ID`.

use crate::access::Membership;
use crate::auth::Principal;
use crate::error::ApiResult;
use crate::extract::{ApiJson, WorkspaceHeader};
use crate::services;
use crate::state::AppState;
use agentry_core::api::chat::{QuickCreateAccepted, QuickCreateRequest, QUICK_CREATE_PROMPT_MAX};
use agentry_core::validate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

/// `POST /api/quick-create` → 202 `{task_id}`; 403 `invocation_not_allowed` for an agent the
/// caller may not run.
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    ApiJson(body): ApiJson<QuickCreateRequest>,
) -> ApiResult<(StatusCode, Json<QuickCreateAccepted>)> {
    validate::required_text("prompt", &body.prompt, QUICK_CREATE_PROMPT_MAX)?;
    let (mut tx, member) = Membership::begin_write(&state.db, workspace, &principal).await?;
    let task_id = services::quick_create::request(
        &mut tx,
        &member,
        body.agent_id,
        &body.prompt,
        body.priority.unwrap_or_default(),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(%task_id, "quick-create queued");
    Ok((StatusCode::ACCEPTED, Json(QuickCreateAccepted { task_id })))
}
