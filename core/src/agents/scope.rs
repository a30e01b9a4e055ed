//! What an agent's access amounts to: the stored setting, the derived legacy visibility and the
//! three-state scope shown in lists and the picker (spec §3.1–§3.3).

use super::model::{InvocationTarget, PermissionMode, TargetType};
use crate::WorkspaceId;
use serde::{Deserialize, Serialize};

/// The legacy two-valued visibility, always derived, never an authorisation source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// `public_to` with a workspace target.
    Workspace,
    /// Everything else, including member-only and team-only `public_to` agents.
    Private,
}

/// The three access states shown in the agents list and the access picker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccessScope {
    /// Everyone in the workspace may run it.
    Workspace,
    /// Only the owner and the listed people and teams.
    SpecificPeople,
    /// Only the owner.
    OwnerOnly,
}

impl AccessScope {
    /// Every scope in display order.
    pub const ALL: [AccessScope; 3] = [
        AccessScope::Workspace,
        AccessScope::SpecificPeople,
        AccessScope::OwnerOnly,
    ];

    /// The wire form, also the UI's translation key suffix.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessScope::Workspace => "workspace",
            AccessScope::SpecificPeople => "specific_people",
            AccessScope::OwnerOnly => "owner_only",
        }
    }

    /// Parses the wire form exactly (for a list filter in a query string).
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|scope| scope.as_str() == raw)
    }
}

/// An agent's complete access: what a write stores and what a change asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessSetting {
    /// The mode.
    pub permission_mode: PermissionMode,
    /// The targets, deduplicated, in first-seen order; empty when private.
    pub invocation_targets: Vec<InvocationTarget>,
}

impl AccessSetting {
    /// Only the owner.
    pub fn private() -> Self {
        Self {
            permission_mode: PermissionMode::Private,
            invocation_targets: Vec::new(),
        }
    }

    /// The whole workspace.
    pub fn workspace(id: WorkspaceId) -> Self {
        Self {
            permission_mode: PermissionMode::PublicTo,
            invocation_targets: vec![InvocationTarget::workspace(id)],
        }
    }

    /// The legacy visibility stored beside it (P10).
    pub fn visibility(&self) -> Visibility {
        derive_visibility(self.permission_mode, &self.invocation_targets)
    }

    /// The setting once the targets `gone` matches are removed (a member left, a team was
    /// deleted). A `public_to` agent left without any target becomes private: pruning only
    /// ever narrows who may run an agent, and "specific people" with nobody in it would be a
    /// label that lies.
    pub fn without_targets(&self, gone: impl Fn(&InvocationTarget) -> bool) -> AccessSetting {
        let invocation_targets: Vec<InvocationTarget> = self
            .invocation_targets
            .iter()
            .filter(|t| !gone(t))
            .copied()
            .collect();
        if invocation_targets.is_empty() {
            AccessSetting::private()
        } else {
            AccessSetting {
                permission_mode: self.permission_mode,
                invocation_targets,
            }
        }
    }
}

fn has_workspace_target(targets: &[InvocationTarget]) -> bool {
    targets
        .iter()
        .any(|t| t.target_type == TargetType::Workspace)
}

/// §3.1: `workspace` iff the mode is `public_to` and some target is the workspace.
pub fn derive_visibility(mode: PermissionMode, targets: &[InvocationTarget]) -> Visibility {
    if mode == PermissionMode::PublicTo && has_workspace_target(targets) {
        Visibility::Workspace
    } else {
        Visibility::Private
    }
}

/// §3.2: the list's access state. A `public_to` agent without any target (a phantom the
/// parser never stores, see P6, and pruning no longer leaves) admits only its owner, so it
/// shows as owner-only, never as "specific people".
pub fn effective_scope(mode: PermissionMode, targets: &[InvocationTarget]) -> AccessScope {
    match mode {
        PermissionMode::Private => AccessScope::OwnerOnly,
        PermissionMode::PublicTo if targets.is_empty() => AccessScope::OwnerOnly,
        PermissionMode::PublicTo if has_workspace_target(targets) => AccessScope::Workspace,
        PermissionMode::PublicTo => AccessScope::SpecificPeople,
    }
}

/// §3.3: whether a drafted change may be saved: private always, `public_to` only with targets.
pub fn is_access_change_ready(change: Option<&AccessSetting>) -> bool {
    match change {
        None => false,
        Some(setting) => match setting.permission_mode {
            PermissionMode::Private => true,
            PermissionMode::PublicTo => !setting.invocation_targets.is_empty(),
        },
    }
}

#[cfg(test)]
mod tests;
