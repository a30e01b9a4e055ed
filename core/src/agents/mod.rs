//! Agents and who may run, see, manage and re-share them (spec §3–§4, issue 3): pure rules the
//! server enforces and the browser asks to show, hide or explain controls. Team targets grant
//! their current members; member and team targets must belong to the workspace.

mod facts;
mod gates;
mod input;
mod invoke;
mod model;
mod parse;
mod reason;
mod scope;

#[cfg(test)]
mod testing;

pub use facts::{Actor, AgentAccess, Caller};
pub use gates::{agent_permissions, can_change_access, can_manage, can_view};
pub use input::{Field, PermissionInput, TargetInput};
pub use invoke::{can_invoke, explain_invoke};
pub use model::{InvocationTarget, PermissionMode, TargetType};
pub use parse::{
    check_targets_in_workspace, parse_permission_input, PermissionChange, PermissionError,
};
pub use reason::{AccessDecision, AccessReason};
pub use scope::{
    derive_visibility, effective_scope, is_access_change_ready, AccessScope, AccessSetting,
    Visibility,
};
