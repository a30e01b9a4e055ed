//! `/api/chat/sessions`: a member's private conversations with agents, in the workspace named
//! by `X-Workspace-ID`. Someone else's session is not found, whoever asks.

use crate::access::Membership;
use crate::auth::Principal;
use crate::db::{self, now_ms};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdPath, WorkspaceHeader};
use crate::services;
use crate::state::AppState;
use agentry_core::api::chat::{
    ChatSession, ChatSessionDetail, CreateChatSessionRequest, SendChatMessageRequest,
    SentChatMessage, CHAT_MESSAGE_MAX, CHAT_TITLE_MAX, DEFAULT_CHAT_TITLE,
};
use agentry_core::validate;
use agentry_core::ChatSessionId;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

/// `POST /api/chat/sessions` → 201; 403 `invocation_not_allowed` for an agent the caller may
/// not run (or that is not in the workspace).
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    ApiJson(body): ApiJson<CreateChatSessionRequest>,
) -> ApiResult<(StatusCode, Json<ChatSession>)> {
    let title = match body.title.as_deref().map(str::trim) {
        None | Some("") => DEFAULT_CHAT_TITLE.to_owned(),
        Some(title) => validate::name("title", title, CHAT_TITLE_MAX)?,
    };
    let (mut tx, member) = Membership::begin_write(&state.db, workspace, &principal).await?;
    let now = now_ms();
    let id = services::chat::start(&mut tx, &member, body.agent_id, &title, now).await?;
    let session = db::chat::get_own(&mut tx, member.workspace_id, member.user_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(session.into_api())))
}

/// `GET /api/chat/sessions` → the caller's sessions, most recent activity first.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
) -> ApiResult<Json<Vec<ChatSession>>> {
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, workspace, &principal).await?;
    let sessions = db::chat::list_own(&mut conn, member.workspace_id, member.user_id).await?;
    Ok(Json(sessions.into_iter().map(|s| s.into_api()).collect()))
}

/// `GET /api/chat/sessions/{id}` → the session, its messages and its latest run.
pub async fn show(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<ChatSessionId>,
) -> ApiResult<Json<ChatSessionDetail>> {
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, workspace, &principal).await?;
    let session = db::chat::get_own(&mut conn, member.workspace_id, member.user_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let messages = db::chat::messages(&mut conn, id).await?;
    let latest_task = db::chat::latest_task(&mut conn, id).await?;
    Ok(Json(ChatSessionDetail {
        session: session.into_api(),
        messages: messages.into_iter().map(|m| m.into_api()).collect(),
        latest_task,
    }))
}

/// `POST /api/chat/sessions/{id}/messages` → 201 with the message and its queued run. The
/// invoke gate runs on every message before anything is stored (spec §9 case 21).
pub async fn send(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<ChatSessionId>,
    ApiJson(body): ApiJson<SendChatMessageRequest>,
) -> ApiResult<(StatusCode, Json<SentChatMessage>)> {
    validate::required_text("content", &body.content, CHAT_MESSAGE_MAX)?;
    let (mut tx, member) = Membership::begin_write(&state.db, workspace, &principal).await?;
    let session = db::chat::get_own(&mut tx, member.workspace_id, member.user_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let now = now_ms();
    let (message_id, task_id) =
        services::chat::send(&mut tx, &member, &session, &body.content, now).await?;
    let message = db::chat::get_message(&mut tx, message_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    tracing::info!(chat_session_id = %id, %task_id, "chat message queued");
    Ok((
        StatusCode::CREATED,
        Json(SentChatMessage {
            message: message.into_api(),
            task_id,
        }),
    ))
}

/// `POST /api/chat/sessions/{id}/archive` → 200 with the archived session (again: 200).
pub async fn archive(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<ChatSessionId>,
) -> ApiResult<Json<ChatSession>> {
    let (mut tx, member) = Membership::begin_write(&state.db, workspace, &principal).await?;
    db::chat::get_own(&mut tx, member.workspace_id, member.user_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    db::chat::archive(&mut tx, id, now_ms()).await?;
    let session = db::chat::get_own(&mut tx, member.workspace_id, member.user_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    Ok(Json(session.into_api()))
}
