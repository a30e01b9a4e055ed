//! Custom runtime profiles (`/api/workspaces/{id}/runtime-profiles`).

use super::endpoint;
use crate::api::runtimes::{
    CreateRuntimeProfileRequest, RuntimeProfile, RuntimeProfileList, UpdateRuntimeProfileRequest,
};
use crate::{ProfileId, WorkspaceId};

endpoint! {
    /// The workspace's profiles, oldest first, disabled ones included.
    List {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Get "/api/workspaces/{id}/runtime-profiles", User, () => 200 RuntimeProfileList,
    errors ["unauthenticated", "not_found"],
    path |e| format!("/api/workspaces/{}/runtime-profiles", e.workspace),
}

endpoint! {
    /// Creates a profile (owners and admins).
    Create {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Post "/api/workspaces/{id}/runtime-profiles", User, CreateRuntimeProfileRequest => 201 RuntimeProfile,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "requires_admin", "runtime_profile_name_taken"],
    path |e| format!("/api/workspaces/{}/runtime-profiles", e.workspace),
}

endpoint! {
    /// One profile.
    Show {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The profile.
        pub id: ProfileId,
    }
    Get "/api/workspaces/{id}/runtime-profiles/{profile_id}", User, () => 200 RuntimeProfile,
    errors ["unauthenticated", "not_found"],
    path |e| format!("/api/workspaces/{}/runtime-profiles/{}", e.workspace, e.id),
}

endpoint! {
    /// Changes a profile: keys absent or `null` keep their value.
    Update {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The profile.
        pub id: ProfileId,
    }
    Patch "/api/workspaces/{id}/runtime-profiles/{profile_id}", User, UpdateRuntimeProfileRequest => 200 RuntimeProfile,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "requires_admin", "runtime_profile_name_taken"],
    path |e| format!("/api/workspaces/{}/runtime-profiles/{}", e.workspace, e.id),
}

endpoint! {
    /// The same change as `PATCH`, for clients that send `PUT`.
    Replace {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The profile.
        pub id: ProfileId,
    }
    Put "/api/workspaces/{id}/runtime-profiles/{profile_id}", User, UpdateRuntimeProfileRequest => 200 RuntimeProfile,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "requires_admin", "runtime_profile_name_taken"],
    path |e| format!("/api/workspaces/{}/runtime-profiles/{}", e.workspace, e.id),
}

endpoint! {
    /// Deletes a profile no active agent uses (409 `runtime_has_active_agents` lists them).
    Delete {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The profile.
        pub id: ProfileId,
    }
    Delete "/api/workspaces/{id}/runtime-profiles/{profile_id}", User, () => 204 (),
    errors ["unauthenticated", "csrf_failed", "not_found", "requires_admin",
        "runtime_has_active_agents"],
    path |e| format!("/api/workspaces/{}/runtime-profiles/{}", e.workspace, e.id),
}
