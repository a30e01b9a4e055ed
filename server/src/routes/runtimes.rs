//! `/api/runtimes`: the workspace's runtimes for people: list, rename or re-share, delete.
//! Who may do what is `core`'s `can_edit_runtime`, `can_change_runtime_visibility` and
//! `can_delete_runtime`; a runtime outside the caller's workspaces is 404.

use crate::access::{Membership, WriteTx};
use crate::auth::Principal;
use crate::db::runtimes::RuntimeRow;
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdPath, WorkspaceHeader};
use crate::services::runtimes as service;
use crate::state::AppState;
use agentry_core::agents::Field;
use agentry_core::api::runtimes::{Runtime, UpdateRuntimeRequest};
use agentry_core::runtimes::can_see_runtime_error;
use agentry_core::{validate, RuntimeId};
use axum::extract::State;
use axum::Json;
use serde_json::json;

/// `GET /api/runtimes` (workspace from `X-Workspace-ID`) → its runtimes, oldest first.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
) -> ApiResult<Json<Vec<Runtime>>> {
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, workspace, &principal).await?;
    let rows = db::runtimes::list(&mut conn, member.workspace_id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|row| {
                let may_see_error =
                    can_see_runtime_error(member.user_id, member.role, row.facts()).is_ok();
                let mut runtime = row.into_api();
                if !may_see_error {
                    runtime.last_error = None;
                }
                runtime
            })
            .collect(),
    ))
}

/// The write transaction, holding the workspace lock, with the runtime and the caller's
/// membership; 404 for either missing. A missing runtime or an outsider is refused with plain
/// reads before the transaction begins ([`Membership::begin_locked`]); the row the write
/// decides on is read again under the lock, so a concurrent rename, re-share or binding cannot
/// slip between the check and the write.
async fn begin_locked(
    database: &Db,
    principal: &Principal,
    id: RuntimeId,
) -> ApiResult<(WriteTx, RuntimeRow, Membership)> {
    let workspace_id = {
        let mut conn = database.pool.acquire().await?;
        db::runtimes::get(&mut conn, id)
            .await?
            .ok_or(ApiError::NotFound)?
            .workspace_id
    };
    let (mut tx, member) = Membership::begin_locked(database, workspace_id, principal).await?;
    let row = db::runtimes::get_in(&mut tx, member.workspace_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((tx, row, member))
}

/// `PATCH /api/runtimes/{id} {custom_name?, visibility?}` → the runtime. A rename needs the
/// runtime's owner or a workspace owner/admin; a visibility change the runtime's owner alone.
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<RuntimeId>,
    ApiJson(body): ApiJson<UpdateRuntimeRequest>,
) -> ApiResult<Json<Runtime>> {
    let (mut tx, row, member) = begin_locked(&state.db, &principal, id).await?;
    let facts = row.facts();
    let custom_name = match &body.custom_name {
        Field::Absent => row.custom_name.clone(),
        Field::Null => None,
        Field::Value(name) if name.trim().is_empty() => None,
        Field::Value(name) => Some(validate::name("custom_name", name, validate::NAME_MAX)?),
    };
    let visibility = body.visibility.unwrap_or(facts.visibility);
    let renaming = !body.custom_name.is_absent();
    let sharing = visibility != facts.visibility;
    let actor = member.edit_runtime(row.id, facts, renaming, sharing)?;
    let updated = service::update(&mut tx, &actor, custom_name.as_deref(), visibility).await?;
    tx.commit().await?;
    Ok(Json(updated.into_api()))
}

/// `DELETE /api/runtimes/{id}` → `{"status":"ok"}` (spec C.6). 409
/// `runtime_profile_instance_delete_unsupported` for an instance of a profile that still
/// exists (the daemon would re-register it; delete the profile instead); 409
/// `runtime_has_active_agents` listing the non-archived agents bound to it. Archived agents
/// are unbound and survive. The workspace lock keeps an agent from being bound meanwhile.
pub async fn destroy(
    State(state): State<AppState>,
    principal: Principal,
    IdPath(id): IdPath<RuntimeId>,
) -> ApiResult<Json<serde_json::Value>> {
    let (mut tx, row, member) = begin_locked(&state.db, &principal, id).await?;
    let actor = member.delete_runtime(row.id, row.facts())?;
    service::delete(&mut tx, &actor, &row).await?;
    tx.commit().await?;
    tracing::info!(workspace_id = %row.workspace_id, runtime_id = %row.id, "runtime deleted");
    Ok(Json(json!({"status": "ok"})))
}
