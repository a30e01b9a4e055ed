//! Request and response bodies of the daemon endpoints under `/api/daemon`.

use crate::api::runtimes::{Runtime, RuntimeProfile};
use crate::{RuntimeId, WorkspaceId};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// One runtime a daemon offers: a built-in CLI (no `profile_id`) or a resolved profile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRuntime {
    /// Proposed name; blank becomes `provider (device)`.
    #[serde(default)]
    pub name: String,
    /// Protocol family; ignored for profile instances (the profile's stored family wins).
    #[serde(default, rename = "type")]
    pub kind: String,
    /// The CLI's reported version.
    #[serde(default)]
    pub version: String,
    /// `online` unless `offline` is sent.
    #[serde(default)]
    pub status: String,
    /// The profile this is an instance of, as a string (a malformed id is a 400).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_id: Option<String>,
}

/// A profile the daemon could not resolve on its machine.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FailedProfile {
    /// The profile id; blank entries are skipped.
    #[serde(default)]
    pub profile_id: String,
    /// The command it looked for.
    #[serde(default)]
    pub command_name: String,
    /// Why; a default reason is stored when blank.
    #[serde(default)]
    pub reason: String,
}

/// `POST /api/daemon/register`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    /// The workspace to register in.
    #[serde(default)]
    pub workspace_id: String,
    /// The machine's persistent daemon id.
    #[serde(default)]
    pub daemon_id: String,
    /// Earlier ids of this machine whose built-in rows should be merged into the new ones.
    #[serde(default)]
    pub legacy_daemon_ids: Vec<String>,
    /// The machine's name.
    #[serde(default)]
    pub device_name: String,
    /// The `agentry` CLI's version.
    #[serde(default)]
    pub cli_version: String,
    /// What started the daemon (`cli`, `service`, …).
    #[serde(default)]
    pub launched_by: String,
    /// Runtimes offered.
    #[serde(default)]
    pub runtimes: Vec<RegisterRuntime>,
    /// Profiles that failed to resolve.
    #[serde(default)]
    pub failed_profiles: Vec<FailedProfile>,
}

/// The answer to a registration. Failed-profile rows are not in `runtimes`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterResponse {
    /// The registered (online or offline-by-request) runtimes, in request order.
    pub runtimes: Vec<Runtime>,
    /// Repositories the workspace works on (none yet).
    pub repos: Vec<Value>,
    /// SHA-256 hex of the sorted repository URLs.
    pub repos_version: String,
    /// Workspace settings.
    pub settings: Value,
}

/// `POST /api/daemon/heartbeat`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeartbeatRequest {
    /// The runtime.
    pub runtime_id: RuntimeId,
    /// Runs the daemon has in flight on this runtime. Daemons that report their load send
    /// `running` and `capacity` together; an older daemon sends neither and the stored load
    /// is left as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running: Option<u32>,
    /// How many runs the daemon takes at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    /// The daemon's last error starting a run on this runtime; absent when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

impl HeartbeatRequest {
    /// A heartbeat that reports no load (what older daemons send).
    pub fn bare(runtime_id: RuntimeId) -> Self {
        HeartbeatRequest {
            runtime_id,
            running: None,
            capacity: None,
            last_error: None,
        }
    }
}

/// The answer to a heartbeat: `{"status": "ok"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusOk {
    /// Always `ok`.
    pub status: String,
}

/// `POST /api/daemon/deregister`: unknown or foreign ids are skipped.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeregisterRequest {
    /// Runtimes going offline; must not be empty.
    pub runtime_ids: Vec<RuntimeId>,
    /// Why, per runtime (stored as `offline_reason` in its metadata).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub offline_reasons: BTreeMap<RuntimeId, Value>,
}

/// `GET /api/daemon/workspaces/{id}/runtime-profiles`: enabled profiles, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DaemonProfiles {
    /// The workspace.
    pub workspace_id: WorkspaceId,
    /// Enabled profiles only.
    pub runtime_profiles: Vec<RuntimeProfile>,
}
