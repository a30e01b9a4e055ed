//! Runtimes and custom runtime profiles: the protocol-family whitelist, the command-line
//! splitter, the fixed-argument filter, profile validation, the daemon's profile signature,
//! registration naming, and the rules for who may edit, delete and bind a runtime. Shared by
//! the server, the browser and the `agentry` CLI/daemon so none of them can disagree.

pub mod command;
pub mod family;
pub mod prefix;
pub mod profile;
pub mod register;
pub mod rules;
pub mod signature;

pub use command::{join_command_line, split_command_line, CommandLine, SplitError};
pub use family::{builtin_families, family, family_list, is_supported_family, Family, FAMILIES};
pub use prefix::filter_fixed_args;
pub use profile::{
    validate_command_name, validate_description, validate_display_name, validate_family,
    validate_fixed_args,
};
pub use rules::{
    can_bind_runtime, can_change_runtime_visibility, can_daemon_touch_runtime, can_delete_bound,
    can_delete_runtime, can_edit_runtime, can_see_runtime_error, can_write_profiles,
    daemon_token_scope, RuntimeDenial, RuntimeFacts, TokenScope,
};
pub use signature::{profile_signature, EMPTY_SIGNATURE};

use serde::{Deserialize, Serialize};

/// Who may bind agents to a runtime: only its owner (`private`, the default) or every member.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RuntimeVisibility {
    /// Only the runtime's owner may bind agents to it.
    #[default]
    Private,
    /// Any member may bind their agents to it.
    Public,
}

impl RuntimeVisibility {
    /// The wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RuntimeVisibility::Private => "private",
            RuntimeVisibility::Public => "public",
        }
    }

    /// Reads a stored value; anything unknown reads as private (fail closed).
    pub fn parse_lenient(raw: &str) -> Self {
        if raw == "public" {
            RuntimeVisibility::Public
        } else {
            RuntimeVisibility::Private
        }
    }
}

/// Whether a daemon reports a runtime as usable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RuntimeStatus {
    /// Heartbeating.
    Online,
    /// Deregistered, swept, or failed to register.
    #[default]
    Offline,
}

impl RuntimeStatus {
    /// The wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RuntimeStatus::Online => "online",
            RuntimeStatus::Offline => "offline",
        }
    }

    /// Reads a stored value; anything but `online` reads as offline.
    pub fn parse_lenient(raw: &str) -> Self {
        if raw == "online" {
            RuntimeStatus::Online
        } else {
            RuntimeStatus::Offline
        }
    }
}

/// Seconds without a heartbeat after which the server marks a runtime offline.
pub const OFFLINE_AFTER_SECS: i64 = 150;
/// How often a daemon heartbeats each runtime, in seconds.
pub const HEARTBEAT_EVERY_SECS: u64 = 15;
/// Metadata key set on the offline row of a profile a daemon could not resolve.
pub const META_REGISTRATION_ERROR: &str = "runtime_profile_registration_error";
/// Metadata key carrying why a profile could not be resolved.
pub const META_FAILURE_REASON: &str = "runtime_profile_failure_reason";
/// The reason stored when a daemon reports a failed profile without one.
pub const DEFAULT_FAILURE_REASON: &str = "custom runtime command could not be resolved";
