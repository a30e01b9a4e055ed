//! Owner-only access change on update (§4.8 M2): the owner's input is parsed and applied; a
//! non-owner's is compared with the stored access and either dropped (no change) or refused.

use super::gates::can_change_access;
use super::input::PermissionInput;
use super::model::{InvocationTarget, PermissionMode, TargetType};
use super::parse::{parse_permission_input, PermissionChange, PermissionError};
use super::scope::{derive_visibility, AccessSetting, Visibility};
use crate::{UserId, WorkspaceId};
use std::collections::BTreeSet;

/// §4.8 M2b: would a non-owner's `input` leave the agent's access as it is?
/// - legacy-only (`visibility` sent, neither `permission_mode` nor `invocation_targets` key
///   present): the submitted value (`workspace`, anything else read as `private`) against the
///   agent's **derived** visibility;
/// - otherwise the input is parsed as an update: an invalid input or no input is no change;
///   a different mode is a change; else the `type:id` target sets are compared.
pub fn access_change_is_noop(
    current_mode: PermissionMode,
    current_targets: &[InvocationTarget],
    input: &PermissionInput,
    workspace_id: WorkspaceId,
) -> bool {
    if let (Some(raw), true, true) = (
        input.visibility.value(),
        input.permission_mode.is_absent(),
        input.invocation_targets.is_absent(),
    ) {
        let submitted = if raw == "workspace" {
            Visibility::Workspace
        } else {
            Visibility::Private
        };
        return submitted == derive_visibility(current_mode, current_targets);
    }
    match parse_permission_input(input, workspace_id, false) {
        Err(_) | Ok(PermissionChange::Keep) => true,
        Ok(PermissionChange::Set(new)) => {
            new.permission_mode == current_mode
                && keys(&new.invocation_targets) == keys(current_targets)
        }
    }
}

/// The `type:id` set of targets. Workspace targets compare by type alone: a stored one always
/// carries the agent's workspace id, and older rows may carry none.
fn keys(targets: &[InvocationTarget]) -> BTreeSet<InvocationTarget> {
    targets
        .iter()
        .map(|t| match t.target_type {
            TargetType::Workspace => InvocationTarget {
                target_id: None,
                ..*t
            },
            _ => *t,
        })
        .collect()
}

/// What an update does about access, decided by [`plan_access_update`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccessUpdate {
    /// Leave access as it is (nothing sent, or a non-owner's unchanged resubmit); apply the
    /// request's other fields.
    Keep,
    /// The owner's change: replace mode and targets in the same transaction as the other fields.
    Apply(AccessSetting),
}

/// Why an update's access part stops the whole request.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccessUpdateError {
    /// 400: the owner sent an invalid permission input.
    #[error(transparent)]
    Invalid(#[from] PermissionError),
    /// 403: a non-owner asked for a real change; nothing in the request may be applied.
    #[error("only the agent's owner can change who can run it")]
    NotAgentOwner,
}

/// §4.8 M2 for `PUT /api/agents/{id}`, after the manage gate passed: `user` is the caller.
pub fn plan_access_update(
    user: UserId,
    owner_id: Option<UserId>,
    current_mode: PermissionMode,
    current_targets: &[InvocationTarget],
    input: &PermissionInput,
    workspace_id: WorkspaceId,
) -> Result<AccessUpdate, AccessUpdateError> {
    if !input.touches_access() {
        return Ok(AccessUpdate::Keep);
    }
    if can_change_access(Some(user), owner_id).allowed {
        return Ok(match parse_permission_input(input, workspace_id, false)? {
            PermissionChange::Keep => AccessUpdate::Keep,
            PermissionChange::Set(setting) => AccessUpdate::Apply(setting),
        });
    }
    if access_change_is_noop(current_mode, current_targets, input, workspace_id) {
        Ok(AccessUpdate::Keep)
    } else {
        Err(AccessUpdateError::NotAgentOwner)
    }
}

#[cfg(test)]
mod tests;
