//! Runtimes (`/api/runtimes`): every request names its workspace in `X-Workspace-ID`.

use super::endpoint;
use crate::api::runtimes::{Runtime, UpdateRuntimeRequest};
use crate::{RuntimeId, WorkspaceId};
use serde_json::Value;

endpoint! {
    /// The workspace's runtimes the caller can see.
    List {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Get "/api/runtimes", User, () => 200 Vec<Runtime>,
    errors ["unauthenticated", "invalid_input", "not_found"],
    workspace |e| e.workspace,
}

endpoint! {
    /// Renames a runtime or changes who may use it.
    Update {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The runtime.
        pub id: RuntimeId,
    }
    Patch "/api/runtimes/{id}", User, UpdateRuntimeRequest => 200 Runtime,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "not_runtime_owner",
        "visibility_requires_runtime_owner"],
    path |e| format!("/api/runtimes/{}", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// Deletes a runtime no active agent uses (409 `runtime_has_active_agents` lists them).
    Delete {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The runtime.
        pub id: RuntimeId,
    }
    Delete "/api/runtimes/{id}", User, () => 200 Value,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "not_found",
        "not_runtime_owner", "runtime_has_active_agents",
        "runtime_profile_instance_delete_unsupported"],
    path |e| format!("/api/runtimes/{}", e.id),
    workspace |e| e.workspace,
}
