//! Request and response bodies of the REST API under `/api`: the one contract between the
//! server, the browser, CLIs and tests. Timestamps are RFC 3339 strings in UTC.

pub mod agents;
pub mod autopilots;
pub mod catalogue;
pub mod chat;
pub mod config;
pub mod daemon;
pub mod integrations;
pub mod issues;
pub mod runtimes;
pub mod tasks;

use crate::{InvitationId, Locale, Role, TeamId, TokenId, UserId, WorkspaceId};
use serde::{Deserialize, Serialize};

/// Every error response: `{"error": "...", "code": "..."}`, plus the offending field for 400s.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Human-readable English message.
    pub error: String,
    /// Stable machine code (`invalid_input`, `not_found`, `last_owner`, …).
    pub code: String,
    /// For validation errors: the request field at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// A person's public profile, as they and their workspace peers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    /// Account id.
    pub id: UserId,
    /// Normalised (trimmed, lower-case) email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Preferred UI locale; `None` until chosen, then the browser's language applies.
    pub locale: Option<Locale>,
    /// When the account was created.
    pub created_at: String,
}

/// `POST /api/auth/register`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    /// Email; normalised before storing.
    pub email: String,
    /// Display name.
    pub name: String,
    /// At least 10 characters.
    pub password: String,
}

/// `POST /api/auth/login`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// Email, matched after normalisation.
    pub email: String,
    /// Password.
    pub password: String,
}

/// Response to register and login: the user and the session's CSRF token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthResponse {
    /// The signed-in user.
    pub user: User,
    /// Send as `X-CSRF-Token` on every state-changing cookie-authenticated request.
    pub csrf_token: String,
}

/// `GET /api/me`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeResponse {
    /// The caller.
    pub user: User,
    /// The session's CSRF token; `null` when authenticated by a bearer token.
    pub csrf_token: Option<String>,
    /// Workspaces the caller belongs to, with their role in each.
    pub workspaces: Vec<WorkspaceSummary>,
}

/// `PATCH /api/me`: only keys present change.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateMeRequest {
    /// New display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New preferred locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
}

/// A workspace as listed for one caller, with that caller's role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkspaceSummary {
    /// Workspace id.
    pub id: WorkspaceId,
    /// Display name.
    pub name: String,
    /// URL-safe unique slug.
    pub slug: String,
    /// The caller's role here.
    pub role: Role,
}

/// A workspace in full, with the caller's role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Workspace {
    /// Workspace id.
    pub id: WorkspaceId,
    /// Display name.
    pub name: String,
    /// URL-safe unique slug.
    pub slug: String,
    /// The caller's role here.
    pub role: Role,
    /// How many people belong to it.
    pub member_count: i64,
    /// When it was created.
    pub created_at: String,
}

/// `POST /api/workspaces`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateWorkspaceRequest {
    /// Display name.
    pub name: String,
    /// Slug, validated by [`crate::validate::slug`].
    pub slug: String,
}

/// `PATCH /api/workspaces/{id}`: only keys present change.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateWorkspaceRequest {
    /// New display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New slug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
}

/// `DELETE /api/workspaces/{id}`: the caller retypes the slug to confirm.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeleteWorkspaceRequest {
    /// Must equal the workspace's slug.
    pub confirm_slug: String,
}

/// A member of a workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    /// The member's account.
    pub user_id: UserId,
    /// Display name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Role in this workspace.
    pub role: Role,
    /// When they joined.
    pub joined_at: String,
}

/// `PATCH /api/workspaces/{id}/members/{user_id}`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateMemberRequest {
    /// The new role.
    pub role: Role,
}

/// `POST /api/workspaces/{id}/invitations`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateInvitationRequest {
    /// Who may accept it (their account email must match).
    pub email: String,
    /// `admin` or `member`.
    pub role: Role,
}

/// The response to creating an invitation: the only time the token is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedInvitation {
    /// Invitation id (for revoking).
    pub id: InvitationId,
    /// The secret in the link.
    pub token: String,
    /// Invited email.
    pub email: String,
    /// Role granted on acceptance.
    pub role: Role,
    /// After this, the link no longer works.
    pub expires_at: String,
    /// Full link to share.
    pub accept_url: String,
}

/// A pending invitation as listed to owners and admins (never with its token).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    /// Invitation id.
    pub id: InvitationId,
    /// Invited email.
    pub email: String,
    /// Role granted on acceptance.
    pub role: Role,
    /// Who sent it.
    pub invited_by_name: String,
    /// When it was created.
    pub created_at: String,
    /// When it lapses.
    pub expires_at: String,
}

/// `GET /api/invitations/{token}`: what the link offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationPreview {
    /// Workspace name.
    pub workspace_name: String,
    /// Workspace slug.
    pub workspace_slug: String,
    /// Role granted on acceptance.
    pub role: Role,
    /// The email the invitation is for.
    pub email: String,
    /// Who sent it.
    pub invited_by_name: String,
    /// When it lapses.
    pub expires_at: String,
}

/// A team of people inside a workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Team {
    /// Team id.
    pub id: TeamId,
    /// Display name, unique per workspace.
    pub name: String,
    /// Optional description.
    pub description: Option<String>,
    /// Members, by account id.
    pub member_ids: Vec<UserId>,
    /// When it was created.
    pub created_at: String,
}

/// `POST /api/workspaces/{id}/teams`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTeamRequest {
    /// Display name.
    pub name: String,
    /// Optional description.
    #[serde(default)]
    pub description: Option<String>,
}

/// `PATCH /api/workspaces/{id}/teams/{team_id}`: only keys present change; an empty
/// description clears it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateTeamRequest {
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `PUT /api/workspaces/{id}/teams/{team_id}/members`: the complete new member set.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetTeamMembersRequest {
    /// Workspace members to be in the team.
    pub user_ids: Vec<UserId>,
}

/// `POST /api/tokens`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTokenRequest {
    /// A label, e.g. the machine it is for.
    pub name: String,
    /// Lifetime; absent means it never expires.
    #[serde(default)]
    pub expires_in_days: Option<i64>,
}

/// The response to creating a token: the only time the secret is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedToken {
    /// Token id.
    pub id: TokenId,
    /// Label.
    pub name: String,
    /// The secret: `agt_` followed by 40 hex digits.
    pub token: String,
    /// The first characters, to recognise it later.
    pub prefix: String,
    /// When it was created.
    pub created_at: String,
    /// When it stops working, if ever.
    pub expires_at: Option<String>,
}

/// A personal access token as listed (never with its secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenInfo {
    /// Token id.
    pub id: TokenId,
    /// Label.
    pub name: String,
    /// The first characters, to recognise it.
    pub prefix: String,
    /// When it was created.
    pub created_at: String,
    /// When it stops working, if ever.
    pub expires_at: Option<String>,
    /// Last time it authenticated a request (updated at most once a minute).
    pub last_used_at: Option<String>,
}
