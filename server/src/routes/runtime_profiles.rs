//! `/api/workspaces/{id}/runtime-profiles`: custom runtime profiles (spec C.1–C.4). Members
//! read; owners and admins write. Every field goes through `core`'s validation, and every
//! successful write tells browsers and daemons of the workspace to refetch.

use crate::access::{Membership, WriteTx};
use crate::auth::Principal;
use crate::db::runtime_profiles::{self as profiles, NewProfile, ProfileChanges};
use crate::db::{new_id, now_ms};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdPath};
use crate::services::runtime_profiles as service;
use crate::state::AppState;
use agentry_core::api::runtimes::{
    CreateRuntimeProfileRequest, RuntimeProfile, RuntimeProfileList, ServerEvent,
    UpdateRuntimeProfileRequest,
};
use agentry_core::runtimes::{
    validate_command_name, validate_description, validate_display_name, validate_family,
    validate_fixed_args,
};
use agentry_core::{ProfileId, WorkspaceId};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

/// A profile id from the path. Malformed → 400 (spec rule 14), unlike other path ids: the
/// spec pins it, and a client sending one has a bug worth naming.
fn profile_id(raw: &str) -> Result<ProfileId, ApiError> {
    ProfileId::parse(raw)
        .ok_or_else(|| ApiError::invalid("profile_id", "invalid", "invalid profile id"))
}

fn args_json(args: &[String]) -> String {
    serde_json::Value::from(args).to_string()
}

/// Tells daemons to converge and runtime pages to refetch, once `tx` commits.
fn announce(tx: &mut WriteTx, member: &Membership, profile: ProfileId) {
    let workspace_id = member.workspace_id;
    tx.announce(ServerEvent::RuntimeProfilesChanged {
        workspace_id,
        runtime_profile_id: Some(profile),
    });
    tx.announce(ServerEvent::RuntimesChanged { workspace_id });
}

/// `GET …/runtime-profiles` → every profile of the workspace, oldest first, disabled ones
/// included (any member).
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<WorkspaceId>,
) -> ApiResult<Json<RuntimeProfileList>> {
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, id, &principal).await?;
    let rows = profiles::list(&mut conn, member.workspace_id).await?;
    Ok(Json(RuntimeProfileList {
        runtime_profiles: rows.into_iter().map(|row| row.into_api()).collect(),
    }))
}

/// `GET …/runtime-profiles/{profile_id}` → the profile (any member); unknown or another
/// workspace's → 404.
pub async fn show(
    State(state): State<AppState>,
    principal: Principal,
    IdPath((id, profile)): IdPath<(WorkspaceId, String)>,
) -> ApiResult<Json<RuntimeProfile>> {
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, id, &principal).await?;
    let profile = profile_id(&profile)?;
    let row = profiles::get(&mut conn, member.workspace_id, profile)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(row.into_api()))
}

/// `POST …/runtime-profiles` → 201 (owner/admin). `visibility` is always `workspace`;
/// duplicate display name → 409 `runtime_profile_name_taken`.
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<WorkspaceId>,
    ApiJson(body): ApiJson<CreateRuntimeProfileRequest>,
) -> ApiResult<(StatusCode, Json<RuntimeProfile>)> {
    let fixed_args = body.fixed_args.unwrap_or_default();
    validate_fixed_args(&fixed_args)?;
    let (mut tx, member) = Membership::begin_write(&state.db, id, &principal).await?;
    let writer = member.write_profiles()?;
    let profile = NewProfile {
        display_name: validate_display_name(&body.display_name)?,
        protocol_family: validate_family(&body.protocol_family)?,
        command_name: validate_command_name(&body.command_name)?,
        description: body
            .description
            .as_deref()
            .map(validate_description)
            .transpose()?,
        fixed_args: args_json(&fixed_args),
        enabled: body.enabled.unwrap_or(true),
    };
    let profile_id = ProfileId(new_id());
    profiles::insert(
        &mut tx,
        profile_id,
        writer.workspace_id,
        writer.user_id,
        &profile,
        now_ms(),
    )
    .await?;
    let created = profiles::get(&mut tx, writer.workspace_id, profile_id)
        .await?
        .ok_or(ApiError::NotFound)?
        .into_api();
    announce(&mut tx, &writer, created.id);
    tx.commit().await?;
    tracing::info!(workspace_id = %writer.workspace_id, profile_id = %created.id, "runtime profile created");
    Ok((StatusCode::CREATED, Json(created)))
}

/// `PATCH` and `PUT …/runtime-profiles/{profile_id}` → 200 (owner/admin), both partial: keys
/// absent or `null` keep the column, `protocol_family` is ignored, `fixed_args: []` clears,
/// an empty body only moves `updated_at`.
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    IdPath((id, profile)): IdPath<(WorkspaceId, String)>,
    ApiJson(body): ApiJson<Option<UpdateRuntimeProfileRequest>>,
) -> ApiResult<Json<RuntimeProfile>> {
    let body = body.unwrap_or_default();
    if let Some(args) = &body.fixed_args {
        validate_fixed_args(args)?;
    }
    let (mut tx, member) = Membership::begin_write(&state.db, id, &principal).await?;
    let writer = member.write_profiles()?;
    let profile = profile_id(&profile)?;
    let changes = ProfileChanges {
        display_name: body
            .display_name
            .as_deref()
            .map(validate_display_name)
            .transpose()?,
        command_name: body
            .command_name
            .as_deref()
            .map(validate_command_name)
            .transpose()?,
        description: body
            .description
            .as_deref()
            .map(validate_description)
            .transpose()?,
        fixed_args: body.fixed_args.as_deref().map(args_json),
        enabled: body.enabled,
    };
    let found = profiles::update(&mut tx, writer.workspace_id, profile, &changes, now_ms()).await?;
    if !found {
        return Err(ApiError::NotFound);
    }
    let updated = profiles::get(&mut tx, writer.workspace_id, profile)
        .await?
        .ok_or(ApiError::NotFound)?
        .into_api();
    announce(&mut tx, &writer, updated.id);
    tx.commit().await?;
    tracing::info!(workspace_id = %writer.workspace_id, profile_id = %updated.id, "runtime profile updated");
    Ok(Json(updated))
}

/// `DELETE …/runtime-profiles/{profile_id}` → 204 (owner/admin); 409 with the bound active
/// agents while any remain. See [`service::delete`].
pub async fn destroy(
    State(state): State<AppState>,
    principal: Principal,
    IdPath((id, profile)): IdPath<(WorkspaceId, String)>,
) -> ApiResult<StatusCode> {
    // The workspace lock first, as agent binding takes it: a binding to one of the instances
    // either commits before (and the delete sees the agent: 409) or waits and finds no runtime.
    let (mut tx, member) = Membership::begin_locked(&state.db, id, &principal).await?;
    let writer = member.write_profiles()?;
    let profile = profile_id(&profile)?;
    service::delete(&mut tx, state.db.backend, &writer, profile, now_ms()).await?;
    announce(&mut tx, &writer, profile);
    tx.commit().await?;
    tracing::info!(workspace_id = %writer.workspace_id, profile_id = %profile, "runtime profile deleted");
    Ok(StatusCode::NO_CONTENT)
}
