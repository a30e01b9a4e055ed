//! Permission input parsing and normalisation for create and update (spec §4.1 P1–P10, with
//! P8 a 400), and the workspace check of member and team targets the server feeds facts to.

use super::input::{Field, PermissionInput, TargetInput};
use super::model::{InvocationTarget, PermissionMode, TargetType};
use super::scope::AccessSetting;
use crate::{TeamId, UserId, ValidationError, WorkspaceId};
use std::collections::BTreeSet;
use uuid::Uuid;

/// A permission input refused with 400; `field` names the JSON key at fault.
pub type PermissionError = ValidationError;

/// What a create or update asks for, once parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PermissionChange {
    /// Update only: nothing permission-related was sent; leave access as it is (P1).
    Keep,
    /// Replace the mode and the whole target set with this (P10).
    Set(AccessSetting),
}

const TARGETS: &str = "invocation_targets";

/// §4.1. On create an absent input yields the default, private (P1, P9), so create never gets
/// [`PermissionChange::Keep`]. Workspace targets are stored with `workspace_id`.
///
/// - P3 a present `permission_mode` wins and `visibility` is ignored, even if invalid; `null`
///   or `""` means private. On create a `null` mode counts as absent (P7).
/// - P2 otherwise `visibility` decides: `workspace` → the workspace; `private` or `""` →
///   private; else 400. Targets sent beside a legacy visibility are ignored.
/// - P8 targets sent without a mode or a visibility → 400.
pub fn parse_permission_input(
    input: &PermissionInput,
    workspace_id: WorkspaceId,
    is_create: bool,
) -> Result<PermissionChange, PermissionError> {
    let mode = match &input.permission_mode {
        Field::Null if is_create => Field::Absent,
        other => other.clone(),
    };
    let mode = match mode {
        Field::Absent => return parse_legacy(input, workspace_id, is_create),
        Field::Null => PermissionMode::Private,
        Field::Value(raw) if raw.is_empty() => PermissionMode::Private,
        Field::Value(raw) => PermissionMode::parse(&raw).ok_or_else(|| {
            ValidationError::new(
                "permission_mode",
                "invalid",
                "permission_mode must be private or public_to",
            )
        })?,
    };
    if mode == PermissionMode::Private {
        return Ok(PermissionChange::Set(AccessSetting::private()));
    }
    let submitted = input
        .invocation_targets
        .value()
        .map_or(&[][..], Vec::as_slice);
    let mut targets = parse_targets(submitted, workspace_id)?;
    if targets.is_empty() {
        targets.push(InvocationTarget::workspace(workspace_id));
    }
    Ok(PermissionChange::Set(AccessSetting {
        permission_mode: PermissionMode::PublicTo,
        invocation_targets: targets,
    }))
}

fn parse_legacy(
    input: &PermissionInput,
    workspace_id: WorkspaceId,
    is_create: bool,
) -> Result<PermissionChange, PermissionError> {
    match input.visibility.value().map(String::as_str) {
        Some("workspace") => Ok(PermissionChange::Set(AccessSetting::workspace(
            workspace_id,
        ))),
        Some("private" | "") => Ok(PermissionChange::Set(AccessSetting::private())),
        Some(_) => Err(ValidationError::new(
            "visibility",
            "invalid",
            "visibility must be private or workspace",
        )),
        None if input.invocation_targets.value().is_some() => Err(ValidationError::new(
            "permission_mode",
            "required",
            "permission_mode is required with invocation_targets",
        )),
        None if is_create => Ok(PermissionChange::Set(AccessSetting::private())),
        None => Ok(PermissionChange::Keep),
    }
}

/// P5: validates each target in order and drops repeats, keeping the first.
fn parse_targets(
    submitted: &[TargetInput],
    workspace_id: WorkspaceId,
) -> Result<Vec<InvocationTarget>, PermissionError> {
    let mut seen = BTreeSet::new();
    let mut targets = Vec::new();
    for (index, raw) in submitted.iter().enumerate() {
        let kind = raw.target_type.as_deref().unwrap_or_default();
        let target = match TargetType::parse(kind) {
            Some(TargetType::Workspace) => InvocationTarget::workspace(workspace_id),
            Some(target_type) => InvocationTarget {
                target_type,
                target_id: Some(target_id(raw, kind, index)?),
            },
            None => {
                return Err(ValidationError::new(
                    TARGETS,
                    "invalid_target_type",
                    format!("entry {index}: target_type must be workspace, member or team"),
                ))
            }
        };
        if seen.insert(target) {
            targets.push(target);
        }
    }
    Ok(targets)
}

fn target_id(raw: &TargetInput, kind: &str, index: usize) -> Result<Uuid, PermissionError> {
    let id = raw.target_id.as_deref().map(str::trim).unwrap_or_default();
    if id.is_empty() {
        return Err(ValidationError::new(
            TARGETS,
            "target_id_required",
            format!("entry {index}: a {kind} target needs a target_id"),
        ));
    }
    Uuid::parse_str(id).map_err(|_| {
        ValidationError::new(
            TARGETS,
            "invalid_target_id",
            format!("entry {index}: target_id must be a UUID"),
        )
    })
}

/// The workspace check of parsed targets (the rule, stricter than upstream P5):
/// member targets must name workspace members and team targets teams of the workspace. The
/// server passes lookups over the facts it loaded; the form passes its member and team lists.
pub fn check_targets_in_workspace(
    targets: &[InvocationTarget],
    is_member: impl Fn(UserId) -> bool,
    is_team: impl Fn(TeamId) -> bool,
) -> Result<(), PermissionError> {
    for target in targets {
        let Some(id) = target.target_id else { continue };
        match target.target_type {
            TargetType::Member if !is_member(UserId(id)) => {
                return Err(ValidationError::new(
                    TARGETS,
                    "target_not_member",
                    format!("{id} is not a member of this workspace"),
                ))
            }
            TargetType::Team if !is_team(TeamId(id)) => {
                return Err(ValidationError::new(
                    TARGETS,
                    "target_unknown_team",
                    format!("{id} is not a team of this workspace"),
                ))
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
