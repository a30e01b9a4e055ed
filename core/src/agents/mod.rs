//! Agents and who may run, see, manage and re-share them (spec §3–§4, issue 3): pure rules the
//! server enforces and the browser asks to show, hide or explain controls. Team targets grant
//! their current members; member and team targets must belong to the workspace.

mod input;
mod model;
mod parse;
mod scope;

#[cfg(test)]
mod testing;

pub use input::{Field, PermissionInput, TargetInput};
pub use model::{InvocationTarget, PermissionMode, TargetType};
pub use parse::{
    check_targets_in_workspace, parse_permission_input, PermissionChange, PermissionError,
};
pub use scope::{
    derive_visibility, effective_scope, is_access_change_ready, AccessScope, AccessSetting,
    Visibility,
};
