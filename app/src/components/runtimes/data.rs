//! The runtimes, runtime-profile and daemon-token endpoints as the pages call them.

use crate::api::{self, ApiError, Method};
use crate::components::agents::data as agents_data;
use crate::components::workspace::context::get_in;
use agentry_core::api::runtimes::{
    CreateDaemonTokenRequest, CreateRuntimeProfileRequest, CreatedDaemonToken, DaemonToken,
    Runtime, RuntimeProfile, RuntimeProfileList, UpdateRuntimeProfileRequest, UpdateRuntimeRequest,
};
use agentry_core::{DaemonTokenId, ProfileId, RuntimeId, WorkspaceId};
use std::future::Future;

/// `GET /api/runtimes` in workspace `ws` (the server names the workspace by header).
pub fn list_runtimes(
    ws: Option<WorkspaceId>,
) -> impl Future<Output = Result<Vec<Runtime>, ApiError>> + Send + 'static {
    agents_data::get(ws, "/api/runtimes".into())
}

/// `PATCH /api/runtimes/{id}`: rename or re-share.
pub fn update_runtime(
    ws: WorkspaceId,
    id: RuntimeId,
    body: &UpdateRuntimeRequest,
) -> impl Future<Output = Result<Runtime, ApiError>> + Send + 'static {
    agents_data::send(Method::Patch, ws, format!("/api/runtimes/{id}"), Some(body))
}

/// `DELETE /api/runtimes/{id}`.
pub fn delete_runtime(
    ws: WorkspaceId,
    id: RuntimeId,
) -> impl Future<Output = Result<(), ApiError>> + Send + 'static {
    agents_data::act(Method::Delete, ws, format!("/api/runtimes/{id}"))
}

/// `GET /api/workspaces/{id}/runtime-profiles`, disabled ones included.
pub fn list_profiles(
    ws: Option<WorkspaceId>,
) -> impl Future<Output = Result<Vec<RuntimeProfile>, ApiError>> + Send + 'static {
    let request = get_in::<RuntimeProfileList>(ws, "/runtime-profiles");
    async move { Ok(request.await?.runtime_profiles) }
}

/// `POST /api/workspaces/{id}/runtime-profiles`.
pub fn create_profile(
    ws: WorkspaceId,
    body: &CreateRuntimeProfileRequest,
) -> impl Future<Output = Result<RuntimeProfile, ApiError>> + Send + 'static {
    api::send(
        Method::Post,
        format!("/api/workspaces/{ws}/runtime-profiles"),
        body,
    )
}

/// `PATCH /api/workspaces/{id}/runtime-profiles/{profile_id}`.
pub fn update_profile(
    ws: WorkspaceId,
    id: ProfileId,
    body: &UpdateRuntimeProfileRequest,
) -> impl Future<Output = Result<RuntimeProfile, ApiError>> + Send + 'static {
    api::send(
        Method::Patch,
        format!("/api/workspaces/{ws}/runtime-profiles/{id}"),
        body,
    )
}

/// `DELETE /api/workspaces/{id}/runtime-profiles/{profile_id}`.
pub fn delete_profile(
    ws: WorkspaceId,
    id: ProfileId,
) -> impl Future<Output = Result<(), ApiError>> + Send + 'static {
    api::send_empty::<()>(
        Method::Delete,
        format!("/api/workspaces/{ws}/runtime-profiles/{id}"),
        None,
    )
}

/// `GET /api/workspaces/{id}/daemon-tokens`.
pub fn list_daemon_tokens(
    ws: Option<WorkspaceId>,
) -> impl Future<Output = Result<Vec<DaemonToken>, ApiError>> + Send + 'static {
    get_in(ws, "/daemon-tokens")
}

/// `POST /api/workspaces/{id}/daemon-tokens`; the answer carries the secret, once.
pub fn create_daemon_token(
    ws: WorkspaceId,
    body: &CreateDaemonTokenRequest,
) -> impl Future<Output = Result<CreatedDaemonToken, ApiError>> + Send + 'static {
    api::send(
        Method::Post,
        format!("/api/workspaces/{ws}/daemon-tokens"),
        body,
    )
}

/// The path a daemon token is revoked at (`DELETE`, through the shared token row).
pub fn daemon_token_path(ws: WorkspaceId, id: DaemonTokenId) -> String {
    format!("/api/workspaces/{ws}/daemon-tokens/{id}")
}
