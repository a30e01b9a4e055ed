//! Agents and who may run, see, manage and re-share them (spec §3–§4, issue 3): pure rules the
//! server enforces and the browser asks to show, hide or explain controls. Team targets grant
//! their current members; member and team targets must belong to the workspace.

mod change;
mod client;
mod draft;
mod facts;
pub mod fields;
mod gates;
mod input;
mod invoke;
mod model;
mod parse;
mod reason;
mod redact;
mod scope;

#[cfg(test)]
mod props;
#[cfg(test)]
mod testing;

pub use change::{access_change_is_noop, plan_access_update, AccessUpdate, AccessUpdateError};
pub use client::{
    can_assign_agent, can_edit_agent, can_explain_access, ClientDecision, ClientReason, RoleState,
};
pub use draft::AccessDraft;
pub use facts::{Actor, AgentAccess, Caller};
pub use gates::{agent_permissions, can_change_access, can_manage, can_view, Permissions};
pub use input::{Field, PermissionInput, TargetInput};
pub use invoke::{can_invoke, explain_invoke, InvokeExplanation};
pub use model::{InvocationTarget, PermissionMode, TargetType};
pub use parse::{
    check_targets_in_workspace, parse_permission_input, PermissionChange, PermissionError,
};
pub use reason::{AccessDecision, AccessReason};
pub use redact::should_redact_mcp_config;
pub use scope::{
    derive_visibility, effective_scope, is_access_change_ready, AccessScope, AccessSetting,
    Visibility,
};
