//! `/api/daemon/*`: what a daemon calls. Authenticated by [`DaemonCaller`] (daemon token or
//! personal token, never a cookie); every workspace or runtime named is checked against the
//! caller with [`DaemonCaller::access`], and anything out of reach is a 404 (spec D.2).

mod events;
mod tasks;

pub use events::events;
pub use tasks::{
    cancel_ack, claim, complete, fail, messages, prepare_lease, progress, recover_orphans, start,
    status,
};

use crate::auth::DaemonCaller;
use crate::db::{self, now_ms};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdPath};
use crate::services::registration;
use crate::state::AppState;
use agentry_core::api::daemon::{
    DaemonProfiles, DeregisterRequest, HeartbeatRequest, RegisterRequest, RegisterResponse,
    StatusOk,
};
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::work::redact_secrets;
use agentry_core::{limits, WorkspaceId};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// `runtimes:changed` for the workspace: runtime pages refetch.
pub(crate) fn runtimes_changed(workspace_id: WorkspaceId) -> ServerEvent {
    ServerEvent::RuntimesChanged { workspace_id }
}

/// The `X-Client-Capabilities` header as a list (comma-separated, blanks dropped).
fn capabilities(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all("x-client-capabilities")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// SHA-256 hex of the sorted repository URLs joined by newlines (spec C.5 rule 42).
fn repos_version(urls: &[String]) -> String {
    let mut sorted = urls.to_vec();
    sorted.sort();
    hex::encode(Sha256::digest(sorted.join("\n").as_bytes()))
}

/// `POST /api/daemon/register` → 200 `RegisterResponse`.
pub async fn register(
    State(state): State<AppState>,
    caller: DaemonCaller,
    headers: HeaderMap,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> ApiResult<Json<RegisterResponse>> {
    let capabilities = capabilities(&headers);
    limits::capabilities(&capabilities)?;
    limits::register_request(&body)?;
    let checked = registration::check(&body, capabilities)?;
    let access = {
        let mut conn = state.db.pool.acquire().await?;
        caller.access(&mut conn, checked.workspace_id).await?
    };
    // Each entry commits (and announces) on its own: those before a refused one stay.
    let ids = registration::register(&state.db, &access, &checked, now_ms()).await?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = db::runtimes::get_many(&mut conn, &ids).await?;
    tracing::info!(
        workspace_id = %access.workspace_id,
        daemon_id = %checked.daemon_id,
        runtimes = rows.len(),
        "daemon registered"
    );
    Ok(Json(RegisterResponse {
        runtimes: rows.into_iter().map(|row| row.into_api()).collect(),
        repos: Vec::new(),
        repos_version: repos_version(&[]),
        settings: Value::Object(Map::new()),
    }))
}

/// `POST /api/daemon/heartbeat {runtime_id, running?, capacity?, last_error?}` →
/// `{"status":"ok"}`; the load, when reported and changed, is stored and announced (the
/// Runtimes page shows it); 404 when the runtime is gone
/// or out of the caller's reach (the daemon then forgets it); 403 `runtime_of_another_member`
/// for a runtime another member's daemon registered.
pub async fn heartbeat(
    State(state): State<AppState>,
    caller: DaemonCaller,
    ApiJson(body): ApiJson<HeartbeatRequest>,
) -> ApiResult<Json<StatusOk>> {
    let id = body.runtime_id;
    let mut conn = state.db.pool.acquire().await?;
    let row = db::runtimes::get(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    caller
        .access(&mut conn, row.workspace_id)
        .await?
        .may_touch(row.facts())?;
    db::runtimes::heartbeat(&mut conn, id, now_ms()).await?;
    let load = reported_load(&body);
    let load_changed = load.is_some() && load != row.load();
    if let Some(load) = &load {
        if load_changed {
            db::runtimes::set_load(&mut conn, id, load).await?;
        }
    }
    if row.status != "online" || load_changed {
        state
            .db
            .announce_committed(runtimes_changed(row.workspace_id));
    }
    Ok(ok())
}

/// The longest last error kept, in characters.
const MAX_LAST_ERROR: usize = 500;
/// A capacity or run count beyond this is not a real daemon's.
const MAX_LOAD: u32 = 100_000;

/// The load a heartbeat reports: `running` and `capacity` together (an older daemon sends
/// neither, and the stored load stays), the error masked and cut to [`MAX_LAST_ERROR`].
fn reported_load(body: &HeartbeatRequest) -> Option<db::runtimes::RuntimeLoad> {
    let (running, capacity) = (body.running?, body.capacity?);
    let last_error = body
        .last_error
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|e| redact_secrets(e).chars().take(MAX_LAST_ERROR).collect());
    Some(db::runtimes::RuntimeLoad {
        running: i64::from(running.min(MAX_LOAD)),
        capacity: i64::from(capacity.min(MAX_LOAD)),
        last_error,
    })
}

/// `POST /api/daemon/deregister {runtime_ids, offline_reasons?}` → `{"status":"ok"}`. Unknown
/// and out-of-reach ids are skipped; an empty list is a 400; a runtime of another member of
/// the workspace refuses the whole request (403 `runtime_of_another_member`, nothing written).
pub async fn deregister(
    State(state): State<AppState>,
    caller: DaemonCaller,
    ApiJson(body): ApiJson<DeregisterRequest>,
) -> ApiResult<Json<StatusOk>> {
    if body.runtime_ids.is_empty() {
        return Err(ApiError::invalid(
            "runtime_ids",
            "required",
            "runtime_ids must not be empty",
        ));
    }
    limits::deregister_request(&body)?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    for runtime_id in &body.runtime_ids {
        let id = *runtime_id;
        let Some(row) = db::runtimes::get(&mut tx, id).await? else {
            continue;
        };
        match caller.access(&mut tx, row.workspace_id).await {
            Ok(access) => access.may_touch(row.facts())?,
            Err(ApiError::NotFound) => continue,
            Err(err) => return Err(err),
        }
        let mut metadata: Map<String, Value> =
            serde_json::from_str(&row.metadata).unwrap_or_default();
        if let Some(reason) = body.offline_reasons.get(runtime_id) {
            metadata.insert("offline_reason".into(), reason.clone());
        }
        db::runtimes::set_offline(&mut tx, id, &Value::Object(metadata).to_string(), now).await?;
        tx.announce(runtimes_changed(row.workspace_id));
    }
    tx.commit().await?;
    Ok(ok())
}

/// `GET /api/daemon/workspaces/{id}/runtime-profiles` → the enabled profiles, oldest first.
pub async fn runtime_profiles(
    State(state): State<AppState>,
    caller: DaemonCaller,
    IdPath(id): IdPath<WorkspaceId>,
) -> ApiResult<Json<DaemonProfiles>> {
    let mut conn = state.db.pool.acquire().await?;
    let access = caller.access(&mut conn, id).await?;
    let rows = db::runtime_profiles::list_enabled(&mut conn, access.workspace_id).await?;
    Ok(Json(DaemonProfiles {
        workspace_id: access.workspace_id,
        runtime_profiles: rows.into_iter().map(|row| row.into_api()).collect(),
    }))
}

fn ok() -> Json<StatusOk> {
    Json(StatusOk {
        status: "ok".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repos_version_of_no_repositories_is_the_hash_of_the_empty_string() {
        assert_eq!(
            repos_version(&[]),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            repos_version(&["b".into(), "a".into()]),
            hex::encode(Sha256::digest(b"a\nb"))
        );
    }
}
