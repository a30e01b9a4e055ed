//! Workspaces (`/api/workspaces`).

use super::endpoint;
use crate::api::{
    CreateWorkspaceRequest, DeleteWorkspaceRequest, UpdateWorkspaceRequest, Workspace,
};
use crate::WorkspaceId;

endpoint! {
    /// The caller's workspaces.
    List;
    Get "/api/workspaces", User, () => 200 Vec<Workspace>,
    errors ["unauthenticated"],
}

endpoint! {
    /// Creates a workspace owned by the caller.
    Create;
    Post "/api/workspaces", User, CreateWorkspaceRequest => 201 Workspace,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "slug_taken"],
}

endpoint! {
    /// One workspace the caller belongs to.
    Show {
        /// The workspace.
        pub id: WorkspaceId,
    }
    Get "/api/workspaces/{id}", User, () => 200 Workspace,
    errors ["unauthenticated", "not_found"],
    path |e| format!("/api/workspaces/{}", e.id),
}

endpoint! {
    /// Renames a workspace or changes its slug (owners and admins).
    Update {
        /// The workspace.
        pub id: WorkspaceId,
    }
    Patch "/api/workspaces/{id}", User, UpdateWorkspaceRequest => 200 Workspace,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "requires_admin", "slug_taken"],
    path |e| format!("/api/workspaces/{}", e.id),
}

endpoint! {
    /// Deletes a workspace (owners), confirmed by its slug.
    Delete {
        /// The workspace.
        pub id: WorkspaceId,
    }
    Delete "/api/workspaces/{id}", User, DeleteWorkspaceRequest => 204 (),
    errors ["unauthenticated", "csrf_failed", "invalid_input", "unsupported_media_type",
        "not_found", "requires_owner"],
    path |e| format!("/api/workspaces/{}", e.id),
}
