//! Newtype identifiers, so a team id can never be passed where a user id is expected. With the
//! `sqlx` feature (the server's), each binds and reads as the TEXT column that stores it.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

#[cfg(feature = "sqlx")]
mod sql;

macro_rules! id_type {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// Parses the canonical hyphenated or simple form of a UUID.
            pub fn parse(raw: &str) -> Option<Self> {
                Uuid::from_str(raw.trim()).ok().map(Self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(raw: &str) -> Result<Self, Self::Err> {
                Uuid::from_str(raw.trim()).map(Self)
            }
        }

        #[cfg(feature = "sqlx")]
        sql::any_text!($name);
    )*};
}

id_type!(
    /// A person's account.
    UserId,
    /// A workspace.
    WorkspaceId,
    /// A team inside a workspace.
    TeamId,
    /// A pending invitation to a workspace.
    InvitationId,
    /// A personal access token (the row, never the secret).
    TokenId,
    /// An AI agent configured in a workspace.
    AgentId,
    /// A runtime: one agent CLI or custom profile on one daemon's machine.
    RuntimeId,
    /// A custom runtime profile defined by a workspace's admins.
    ProfileId,
    /// A daemon token (the row, never the secret).
    DaemonTokenId,
    /// A person's connected app (a Composio connected account, by our own id).
    ConnectionId,
    /// An issue of a workspace (shown as `KEY-N`).
    IssueId,
    /// A comment on an issue.
    CommentId,
    /// A chat session with one agent.
    ChatSessionId,
    /// One message of a chat session.
    ChatMessageId,
    /// A saved instruction for an agent, run by hand or on a schedule.
    AutopilotId,
    /// An autopilot's schedule.
    AutopilotTriggerId,
    /// One firing of an autopilot.
    AutopilotRunId,
    /// A run of an agent: one row of the task queue.
    TaskId,
    /// A task token (the row, never the secret).
    TaskTokenId,
);
