//! Autopilots: their modes, statuses and run vocabulary, who may change one, and how a run's
//! issue is titled.

use crate::{Role, UserId};
use serde::{Deserialize, Serialize};

/// What a firing does (spec G.2 path 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExecutionMode {
    /// Creates an issue assigned to the agent, which then runs on it.
    CreateIssue,
    /// Runs the agent with the description as its instruction; no issue.
    RunOnly,
}

impl ExecutionMode {
    /// The database name.
    pub fn as_str(self) -> &'static str {
        match self {
            ExecutionMode::CreateIssue => "create_issue",
            ExecutionMode::RunOnly => "run_only",
        }
    }

    /// From the database name.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "create_issue" => Some(ExecutionMode::CreateIssue),
            "run_only" => Some(ExecutionMode::RunOnly),
            _ => None,
        }
    }
}

/// Whether an autopilot's schedule fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AutopilotStatus {
    /// Its schedule fires.
    Active,
    /// Kept, but the schedule does not fire ("Run now" still works).
    Paused,
}

impl AutopilotStatus {
    /// The database name.
    pub fn as_str(self) -> &'static str {
        match self {
            AutopilotStatus::Active => "active",
            AutopilotStatus::Paused => "paused",
        }
    }

    /// From the database name (`archived` rows are not listed, so read as paused).
    pub fn parse(raw: &str) -> Self {
        match raw {
            "active" => AutopilotStatus::Active,
            _ => AutopilotStatus::Paused,
        }
    }
}

/// Where a run came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RunSource {
    /// The schedule fired.
    Schedule,
    /// A member pressed "Run now".
    Manual,
}

impl RunSource {
    /// The database name.
    pub fn as_str(self) -> &'static str {
        match self {
            RunSource::Schedule => "schedule",
            RunSource::Manual => "manual",
        }
    }

    /// From the database name.
    pub fn parse(raw: &str) -> Self {
        match raw {
            "schedule" => RunSource::Schedule,
            _ => RunSource::Manual,
        }
    }
}

/// Why a member may change (edit, pause, delete) an autopilot, or why not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AutopilotEditReason {
    /// They created it.
    Creator,
    /// They are a workspace owner or admin.
    WorkspaceAdmin,
    /// Neither: refused (403 `not_autopilot_editor`).
    DeniedNotCreatorOrAdmin,
}

impl AutopilotEditReason {
    /// Whether the change is allowed.
    pub fn allowed(self) -> bool {
        !matches!(self, AutopilotEditReason::DeniedNotCreatorOrAdmin)
    }
}

/// Who may change an autopilot: its creator, or a workspace owner or admin. Anyone else in
/// the workspace may read it and press "Run now" (which the invoke gate judges on its own).
pub fn can_edit_autopilot(
    caller: UserId,
    role: Role,
    created_by: Option<UserId>,
) -> AutopilotEditReason {
    if created_by == Some(caller) {
        AutopilotEditReason::Creator
    } else if role.is_admin_like() {
        AutopilotEditReason::WorkspaceAdmin
    } else {
        AutopilotEditReason::DeniedNotCreatorOrAdmin
    }
}

/// The placeholder in an issue title template replaced by the fire's local date.
pub const DATE_PLACEHOLDER: &str = "{{date}}";

/// The title of the issue a `create_issue` run opens: the template with `{{date}}` replaced by
/// `local_date` (`YYYY-MM-DD` in the schedule's zone, or UTC), else the autopilot's title.
pub fn issue_title(title: &str, template: Option<&str>, local_date: &str) -> String {
    match template.map(str::trim).filter(|t| !t.is_empty()) {
        Some(template) => template.replace(DATE_PLACEHOLDER, local_date),
        None => title.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn the_creator_and_workspace_admins_may_edit_and_no_one_else() {
        let creator = UserId(Uuid::from_u128(1));
        let other = UserId(Uuid::from_u128(2));
        let table = [
            (creator, Role::Member, AutopilotEditReason::Creator),
            (other, Role::Owner, AutopilotEditReason::WorkspaceAdmin),
            (other, Role::Admin, AutopilotEditReason::WorkspaceAdmin),
            (
                other,
                Role::Member,
                AutopilotEditReason::DeniedNotCreatorOrAdmin,
            ),
        ];
        for (caller, role, expected) in table {
            assert_eq!(can_edit_autopilot(caller, role, Some(creator)), expected);
        }
        assert!(!can_edit_autopilot(other, Role::Member, None).allowed());
    }

    #[test]
    fn the_issue_title_comes_from_the_template_with_the_date_or_else_the_title() {
        assert_eq!(
            issue_title("Triage", Some("Triage for {{date}}"), "2026-03-01"),
            "Triage for 2026-03-01"
        );
        assert_eq!(issue_title("Triage", None, "2026-03-01"), "Triage");
        assert_eq!(issue_title("Triage", Some("  "), "2026-03-01"), "Triage");
    }
}
