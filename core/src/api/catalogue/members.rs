//! The members of a workspace (`/api/workspaces/{id}/members`, `/leave`).

use super::endpoint;
use crate::api::{Member, UpdateMemberRequest};
use crate::{UserId, WorkspaceId};

endpoint! {
    /// Everyone in the workspace.
    List {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Get "/api/workspaces/{id}/members", User, () => 200 Vec<Member>,
    errors ["unauthenticated", "not_found"],
    path |e| format!("/api/workspaces/{}/members", e.workspace),
}

endpoint! {
    /// Changes a member's role.
    Update {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The member.
        pub user: UserId,
    }
    Patch "/api/workspaces/{id}/members/{user_id}", User, UpdateMemberRequest => 200 Member,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "unsupported_media_type",
        "not_found", "requires_admin", "owner_role_requires_owner", "last_owner"],
    path |e| format!("/api/workspaces/{}/members/{}", e.workspace, e.user),
}

endpoint! {
    /// Removes a member.
    Remove {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The member.
        pub user: UserId,
    }
    Delete "/api/workspaces/{id}/members/{user_id}", User, () => 204 (),
    errors ["unauthenticated", "csrf_failed", "not_found", "requires_admin",
        "admin_cannot_remove_owner", "last_owner"],
    path |e| format!("/api/workspaces/{}/members/{}", e.workspace, e.user),
}

endpoint! {
    /// The caller leaves the workspace (not its only owner).
    Leave {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Post "/api/workspaces/{id}/leave", User, () => 204 (),
    errors ["unauthenticated", "csrf_failed", "not_found", "last_owner"],
    path |e| format!("/api/workspaces/{}/leave", e.workspace),
}
