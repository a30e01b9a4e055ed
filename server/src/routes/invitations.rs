//! Invitations: owners and admins create shareable links; the invited person accepts one once,
//! within 7 days, signed in with the invited email.

use crate::access::Membership;
use crate::auth::{secret, Principal};
use crate::db::{self, now_ms, rfc3339};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdPath};
use crate::services::invitations as service;
use crate::state::AppState;
use agentry_core::api::{
    CreateInvitationRequest, CreatedInvitation, Invitation, InvitationPreview, Workspace,
};
use agentry_core::{validate, InvitationId, WorkspaceId};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;

/// `POST /api/workspaces/{id}/invitations {email, role}` → 201 with the link (shown once).
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<WorkspaceId>,
    ApiJson(body): ApiJson<CreateInvitationRequest>,
) -> ApiResult<(StatusCode, Json<CreatedInvitation>)> {
    let (mut tx, member) = Membership::begin_write(&state.db, id, &principal).await?;
    let actor = member.invite(body.role)?;
    let email = validate::email(&body.email)?;
    let created = service::create(&mut tx, &actor, &email).await?;
    tx.commit().await?;
    tracing::info!(workspace_id = %actor.workspace_id, invitation_id = %created.id, "invitation created");
    let accept_url = format!("{}/invite/{}", state.config.public_url(), created.token);
    Ok((
        StatusCode::CREATED,
        Json(CreatedInvitation {
            id: created.id,
            token: created.token,
            email,
            role: body.role,
            expires_at: rfc3339(created.expires_at),
            accept_url,
        }),
    ))
}

/// `GET /api/workspaces/{id}/invitations` → pending invitations (owner/admin).
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<WorkspaceId>,
) -> ApiResult<Json<Vec<Invitation>>> {
    let mut conn = state.db.pool.acquire().await?;
    let actor = Membership::load(&mut conn, id, &principal)
        .await?
        .manage_invitations()?;
    let rows = db::invitations::list_pending(&mut conn, actor.workspace_id, now_ms()).await?;
    Ok(Json(rows.into_iter().map(|r| r.into_api()).collect()))
}

/// `DELETE /api/workspaces/{id}/invitations/{invitation_id}` → 204 (owner/admin).
pub async fn revoke(
    State(state): State<AppState>,
    principal: Principal,
    IdPath((id, invitation_id)): IdPath<(WorkspaceId, InvitationId)>,
) -> ApiResult<StatusCode> {
    let mut conn = state.db.pool.acquire().await?;
    let actor = Membership::load(&mut conn, id, &principal)
        .await?
        .manage_invitations()?;
    service::revoke(&mut conn, &actor, invitation_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn usable_link(state: &AppState, token: &str) -> ApiResult<db::invitations::LinkRow> {
    let mut conn = state.db.pool.acquire().await?;
    let link = db::invitations::by_token_hash(&mut conn, &secret::hash(token))
        .await?
        .ok_or(ApiError::InvitationInvalid)?;
    if !link.is_usable(now_ms()) {
        return Err(ApiError::InvitationInvalid);
    }
    Ok(link)
}

/// `GET /api/invitations/{token}` → what the link offers. Needs no account: the token is the
/// proof; unknown, used and expired links all answer the same 404.
pub async fn preview(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> ApiResult<Json<InvitationPreview>> {
    Ok(Json(usable_link(&state, &token).await?.preview()))
}

/// `POST /api/invitations/{token}/accept` → the joined workspace. The signed-in account's
/// email must be the invited one (else 403); each link works once.
pub async fn accept(
    State(state): State<AppState>,
    principal: Principal,
    Path(token): Path<String>,
) -> ApiResult<Json<Workspace>> {
    let link = usable_link(&state, &token).await?;
    let mut tx = state.db.begin_write().await?;
    service::accept(&mut tx, &link, principal.user_id).await?;
    let workspace = db::workspaces::for_member(&mut tx, link.workspace_id, principal.user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    tracing::info!(workspace_id = %link.workspace_id, invitation_id = %link.id, "invitation accepted");
    Ok(Json(workspace.into_api()))
}
