//! `GET /api/me` and `PATCH /api/me`: the caller, their CSRF token and their workspaces.

use crate::auth::Principal;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::state::AppState;
use agentry_core::api::{MeResponse, UpdateMeRequest, User};
use agentry_core::validate;
use axum::extract::State;
use axum::Json;

/// `GET /api/me` → `{user, csrf_token, workspaces: [{id, name, slug, role}]}`.
pub async fn show(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<MeResponse>> {
    let mut conn = state.db.pool.acquire().await?;
    let user = db::users::by_id(&mut conn, principal.user_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let workspaces = db::workspaces::list_for_member(&mut conn, principal.user_id).await?;
    Ok(Json(MeResponse {
        user: user.into_api(),
        csrf_token: principal.csrf_token().map(str::to_owned),
        workspaces: workspaces.into_iter().map(|w| w.into_summary()).collect(),
    }))
}

/// `PATCH /api/me {name?, locale?}` → the updated user.
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<UpdateMeRequest>,
) -> ApiResult<Json<User>> {
    let name = body
        .name
        .as_deref()
        .map(|n| validate::name("name", n, validate::NAME_MAX))
        .transpose()?;
    let mut tx = state.db.begin_write().await?;
    if let Some(name) = &name {
        db::users::set_name(&mut tx, principal.user_id, name).await?;
    }
    if let Some(locale) = body.locale {
        db::users::set_locale(&mut tx, principal.user_id, locale).await?;
    }
    let user = db::users::by_id(&mut tx, principal.user_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    tx.commit().await?;
    Ok(Json(user.into_api()))
}
