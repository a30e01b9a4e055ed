//! Work for agents: the vocabulary of issues and of the task queue (statuses, priorities,
//! kinds, the state machine and the retry rule), shared by the server, the CLI and the UI.

mod assignment;
mod autopilot;
mod cancel;
pub mod comments;
pub mod fields;
mod issue;
mod redact;
mod schedule;
mod task;

pub use assignment::{run_for, IssueState};
pub use cancel::{can_cancel_task, CancelDenial, CancelGrant, TaskCanceller};

pub use autopilot::{
    can_edit_autopilot, issue_title, AutopilotEditReason, AutopilotStatus, ExecutionMode,
    RunSource, DATE_PLACEHOLDER,
};
pub use schedule::{Schedule, ScheduleError, NEXT_FIRES_SHOWN, SCHEDULE_TEXT_MAX};

pub use issue::{issue_identifier, issue_key_from_name, IssuePriority, IssueStatus, ISSUE_KEY_MAX};
pub use redact::{redact_secrets, REDACTED};
pub use task::{
    retry_plan, FailureReason, OriginatorSource, RetryPlan, TaskKind, TaskStatus, Transition,
};
