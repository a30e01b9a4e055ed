//! Invitations: owners and admins create shareable links; the invited person accepts one once,
//! within 7 days, signed in with the invited email.

use crate::access::Membership;
use crate::auth::{secret, Principal};
use crate::db::{self, new_id, now_ms, rfc3339};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdPath};
use crate::state::AppState;
use agentry_core::api::{
    CreateInvitationRequest, CreatedInvitation, Invitation, InvitationPreview, Workspace,
};
use agentry_core::{roles, validate, InvitationId, WorkspaceId};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;

/// How long an invitation link works.
pub const INVITATION_TTL_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// `POST /api/workspaces/{id}/invitations {email, role}` → 201 with the link (shown once).
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<WorkspaceId>,
    ApiJson(body): ApiJson<CreateInvitationRequest>,
) -> ApiResult<(StatusCode, Json<CreatedInvitation>)> {
    let (mut tx, actor) = Membership::begin_write(&state.db, id, &principal).await?;
    actor.require(roles::can_invite(actor.role, body.role))?;
    let email = validate::email(&body.email)?;
    if let Some(existing) = db::users::id_by_email(&mut tx, &email).await? {
        if db::members::role(&mut tx, actor.workspace_id, existing)
            .await?
            .is_some()
        {
            return Err(ApiError::Conflict(
                "already_member",
                "this person is already a member".into(),
            ));
        }
    }
    let token = secret::invitation_token();
    let invitation_id = InvitationId(new_id());
    let now = now_ms();
    let expires_at = now + INVITATION_TTL_MS;
    db::invitations::insert(
        &mut tx,
        invitation_id,
        actor.workspace_id,
        &email,
        body.role,
        &secret::hash(&token),
        actor.user_id,
        now,
        expires_at,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(workspace_id = %actor.workspace_id, invitation_id = %invitation_id, "invitation created");
    let accept_url = format!("{}/invite/{token}", state.config.public_url());
    Ok((
        StatusCode::CREATED,
        Json(CreatedInvitation {
            id: invitation_id,
            token,
            email,
            role: body.role,
            expires_at: rfc3339(expires_at),
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
    let actor = Membership::load(&mut conn, id, &principal).await?;
    actor.require(roles::can_manage_invitations(actor.role))?;
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
    let actor = Membership::load(&mut conn, id, &principal).await?;
    actor.require(roles::can_manage_invitations(actor.role))?;
    if db::invitations::delete(&mut conn, actor.workspace_id, invitation_id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
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
    let user = db::users::by_id(&mut tx, principal.user_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    roles::can_accept_invitation(&user.email, &link.email)?;
    if !db::invitations::mark_accepted(&mut tx, link.id, principal.user_id, now_ms()).await? {
        return Err(ApiError::InvitationInvalid);
    }
    if db::members::role(&mut tx, link.workspace_id, principal.user_id)
        .await?
        .is_some()
    {
        return Err(ApiError::Conflict(
            "already_member",
            "you are already a member of this workspace".into(),
        ));
    }
    db::members::insert(
        &mut tx,
        link.workspace_id,
        principal.user_id,
        link.role(),
        now_ms(),
    )
    .await?;
    let workspace = db::workspaces::for_member(&mut tx, link.workspace_id, principal.user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    tracing::info!(workspace_id = %link.workspace_id, invitation_id = %link.id, "invitation accepted");
    Ok(Json(workspace.into_api()))
}
