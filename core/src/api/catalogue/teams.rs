//! Teams inside a workspace (`/api/workspaces/{id}/teams`).

use super::endpoint;
use crate::api::{CreateTeamRequest, SetTeamMembersRequest, Team, UpdateTeamRequest};
use crate::{TeamId, WorkspaceId};

endpoint! {
    /// The workspace's teams.
    List {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Get "/api/workspaces/{id}/teams", User, () => 200 Vec<Team>,
    errors ["unauthenticated", "not_found"],
    path |e| format!("/api/workspaces/{}/teams", e.workspace),
}

endpoint! {
    /// Creates a team (owners and admins).
    Create {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Post "/api/workspaces/{id}/teams", User, CreateTeamRequest => 201 Team,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "requires_admin", "team_name_taken"],
    path |e| format!("/api/workspaces/{}/teams", e.workspace),
}

endpoint! {
    /// One team.
    Show {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The team.
        pub id: TeamId,
    }
    Get "/api/workspaces/{id}/teams/{team_id}", User, () => 200 Team,
    errors ["unauthenticated", "not_found"],
    path |e| format!("/api/workspaces/{}/teams/{}", e.workspace, e.id),
}

endpoint! {
    /// Renames a team or changes its description; an empty description clears it.
    Update {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The team.
        pub id: TeamId,
    }
    Patch "/api/workspaces/{id}/teams/{team_id}", User, UpdateTeamRequest => 200 Team,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "requires_admin", "team_name_taken"],
    path |e| format!("/api/workspaces/{}/teams/{}", e.workspace, e.id),
}

endpoint! {
    /// Deletes a team.
    Delete {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The team.
        pub id: TeamId,
    }
    Delete "/api/workspaces/{id}/teams/{team_id}", User, () => 204 (),
    errors ["unauthenticated", "csrf_failed", "not_found", "requires_admin"],
    path |e| format!("/api/workspaces/{}/teams/{}", e.workspace, e.id),
}

endpoint! {
    /// Replaces a team's members with the given workspace members.
    SetMembers {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The team.
        pub id: TeamId,
    }
    Put "/api/workspaces/{id}/teams/{team_id}/members", User, SetTeamMembersRequest => 200 Team,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "unsupported_media_type",
        "not_found", "requires_admin"],
    path |e| format!("/api/workspaces/{}/teams/{}/members", e.workspace, e.id),
}
