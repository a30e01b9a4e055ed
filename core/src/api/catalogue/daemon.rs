//! The daemon API (`/api/daemon`): daemon or personal tokens only.

use super::endpoint;
use crate::api::daemon::{
    DaemonProfiles, DeregisterRequest, HeartbeatRequest, RegisterRequest, RegisterResponse,
    StatusOk,
};
use crate::api::runtimes::ServerEvent;
use crate::WorkspaceId;

endpoint! {
    /// Registers the daemon's runtimes (built-in CLIs and resolved profiles) in a workspace.
    Register;
    Post "/api/daemon/register", Daemon, RegisterRequest => 200 RegisterResponse,
    errors ["unauthenticated", "invalid_input", "nul_byte", "unsupported_media_type",
        "not_found", "unknown_runtime_profile", "runtime_profile_disabled"],
}

endpoint! {
    /// Keeps a runtime online.
    Heartbeat;
    Post "/api/daemon/heartbeat", Daemon, HeartbeatRequest => 200 StatusOk,
    errors ["unauthenticated", "invalid_input", "unsupported_media_type", "not_found",
        "runtime_of_another_member"],
}

endpoint! {
    /// Takes runtimes offline; unknown or foreign ids are skipped.
    Deregister;
    Post "/api/daemon/deregister", Daemon, DeregisterRequest => 200 StatusOk,
    errors ["unauthenticated", "invalid_input", "unsupported_media_type",
        "runtime_of_another_member"],
}

endpoint! {
    /// Server-sent events of one workspace (`?workspace_id=`) for its daemons.
    Events {
        /// The workspace whose events to receive.
        pub workspace: WorkspaceId,
    }
    Get "/api/daemon/events", Daemon, () => 200 ServerEvent,
    errors ["unauthenticated", "invalid_input", "not_found"],
    media EventStream,
    query ["workspace_id"],
    path |e| format!("/api/daemon/events?workspace_id={}", e.workspace),
}

endpoint! {
    /// The workspace's enabled runtime profiles, oldest first, for a daemon to resolve.
    Profiles {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Get "/api/daemon/workspaces/{id}/runtime-profiles", Daemon, () => 200 DaemonProfiles,
    errors ["unauthenticated", "not_found"],
    path |e| format!("/api/daemon/workspaces/{}/runtime-profiles", e.workspace),
}
