//! Daemon tokens (`/api/workspaces/{id}/daemon-tokens`): each member's machine credentials.

use super::endpoint;
use crate::api::runtimes::{CreateDaemonTokenRequest, CreatedDaemonToken, DaemonToken};
use crate::{DaemonTokenId, WorkspaceId};

endpoint! {
    /// The caller's daemon tokens in the workspace (all of them for owners and admins).
    List {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Get "/api/workspaces/{id}/daemon-tokens", User, () => 200 Vec<DaemonToken>,
    errors ["unauthenticated", "not_found"],
    path |e| format!("/api/workspaces/{}/daemon-tokens", e.workspace),
}

endpoint! {
    /// Mints a daemon token; the answer is the only time the secret is shown.
    Create {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Post "/api/workspaces/{id}/daemon-tokens", User, CreateDaemonTokenRequest => 201 CreatedDaemonToken,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found"],
    path |e| format!("/api/workspaces/{}/daemon-tokens", e.workspace),
}

endpoint! {
    /// Revokes a daemon token.
    Revoke {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The token.
        pub id: DaemonTokenId,
    }
    Delete "/api/workspaces/{id}/daemon-tokens/{token_id}", User, () => 204 (),
    errors ["unauthenticated", "csrf_failed", "not_found"],
    path |e| format!("/api/workspaces/{}/daemon-tokens/{}", e.workspace, e.id),
}
