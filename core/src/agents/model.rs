//! The vocabulary of agent access: the permission mode and invocation targets, with their
//! wire forms (spec §2.1–§2.2, §4.2).

use crate::{TeamId, UserId, WorkspaceId};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who may run an agent: only its owner, or the owner plus the listed targets. Authoritative.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PermissionMode {
    /// Only the agent's owner may run it.
    #[default]
    Private,
    /// The owner and whoever an invocation target admits.
    PublicTo,
}

impl PermissionMode {
    /// The wire and database form (`private`, `public_to`).
    pub fn as_str(self) -> &'static str {
        match self {
            PermissionMode::Private => "private",
            PermissionMode::PublicTo => "public_to",
        }
    }

    /// Parses the wire form exactly.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "private" => Some(PermissionMode::Private),
            "public_to" => Some(PermissionMode::PublicTo),
            _ => None,
        }
    }

    /// Reads a stored or received mode where a missing or unknown value must fail closed: it
    /// is treated as `private` (spec §3.2, §4.3 I3, §9 case 20).
    pub fn parse_lenient(raw: Option<&str>) -> Self {
        raw.and_then(Self::parse).unwrap_or(PermissionMode::Private)
    }
}

/// What an invocation target names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum TargetType {
    /// Everyone in the agent's workspace.
    Workspace,
    /// One workspace member.
    Member,
    /// Everyone in one team of the workspace, as the team is now.
    Team,
}

impl TargetType {
    /// The wire and database form (`workspace`, `member`, `team`).
    pub fn as_str(self) -> &'static str {
        match self {
            TargetType::Workspace => "workspace",
            TargetType::Member => "member",
            TargetType::Team => "team",
        }
    }

    /// Parses the wire form exactly.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "workspace" => Some(TargetType::Workspace),
            "member" => Some(TargetType::Member),
            "team" => Some(TargetType::Team),
            _ => None,
        }
    }
}

/// One grant of a `public_to` agent: `{"target_type": …, "target_id": …}`. Stored workspace
/// targets carry the workspace id; `target_id` may be `null` or missing in input and in
/// responses from older servers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvocationTarget {
    /// What the target names.
    pub target_type: TargetType,
    /// The workspace, user or team id.
    #[serde(default)]
    pub target_id: Option<Uuid>,
}

impl InvocationTarget {
    /// The whole workspace, stored with its id.
    pub fn workspace(id: WorkspaceId) -> Self {
        Self::new(TargetType::Workspace, id.0)
    }

    /// One member.
    pub fn member(id: UserId) -> Self {
        Self::new(TargetType::Member, id.0)
    }

    /// One team.
    pub fn team(id: TeamId) -> Self {
        Self::new(TargetType::Team, id.0)
    }

    fn new(target_type: TargetType, id: Uuid) -> Self {
        Self {
            target_type,
            target_id: Some(id),
        }
    }

    /// Whether this target names `user` as a member target.
    pub fn is_member(&self, user: UserId) -> bool {
        self.target_type == TargetType::Member && self.target_id == Some(user.0)
    }

    /// Whether this is a team target naming one of `teams`.
    pub fn is_team_in(&self, teams: &[TeamId]) -> bool {
        self.target_type == TargetType::Team
            && self.target_id.is_some_and(|id| teams.contains(&TeamId(id)))
    }
}

#[cfg(test)]
mod tests;
