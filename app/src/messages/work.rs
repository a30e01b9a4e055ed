//! Texts of the work area: issue statuses and priorities, run statuses and kinds, what a
//! comment did to each agent it asked, and the work endpoints' own refusals.

use super::validation_error_text;
use crate::i18n::{fill, Key};
use agentry_core::api::chat::QUICK_CREATE_PROMPT_MAX;
use agentry_core::api::issues::TriggerResult;
use agentry_core::limits::{
    COMMENT_MAX, ISSUE_DESCRIPTION_MAX, ISSUE_TITLE_MAX, METADATA_KEY_MAX, METADATA_VALUE_MAX,
};
use agentry_core::work::{IssuePriority, IssueStatus, TaskKind, TaskStatus};
use agentry_core::{Locale, ValidationError};

/// A validation error of a work field (issue, comment, metadata, quick-create prompt), with
/// that field's own limits.
pub fn work_validation_text(err: &ValidationError, locale: Locale) -> String {
    let max = match (err.field.as_str(), err.code.as_str()) {
        ("title", "too_long") => ISSUE_TITLE_MAX,
        ("description", "too_long") => ISSUE_DESCRIPTION_MAX,
        ("content", "too_long") => COMMENT_MAX,
        ("key", "too_long") => METADATA_KEY_MAX,
        ("value", "too_long") => METADATA_VALUE_MAX,
        ("prompt", "too_long") => QUICK_CREATE_PROMPT_MAX,
        ("key", "invalid_characters" | "invalid") => {
            return Key::ValMetadataKey.text(locale).to_owned()
        }
        _ => return validation_error_text(err, locale),
    };
    fill(Key::ValTooLong.text(locale), &[&max.to_string()])
}

/// An issue status's name.
pub fn issue_status_key(status: IssueStatus) -> Key {
    match status {
        IssueStatus::Backlog => Key::IssueBacklog,
        IssueStatus::Todo => Key::IssueTodo,
        IssueStatus::InProgress => Key::IssueInProgress,
        IssueStatus::InReview => Key::IssueInReview,
        IssueStatus::Done => Key::IssueDone,
        IssueStatus::Cancelled => Key::IssueCancelled,
    }
}

/// A priority's name.
pub fn priority_key(priority: IssuePriority) -> Key {
    match priority {
        IssuePriority::Urgent => Key::PriorityUrgent,
        IssuePriority::High => Key::PriorityHigh,
        IssuePriority::Medium => Key::PriorityMedium,
        IssuePriority::Low => Key::PriorityLow,
        IssuePriority::None => Key::PriorityNone,
    }
}

/// A run status's name.
pub fn task_status_key(status: TaskStatus) -> Key {
    match status {
        TaskStatus::Queued => Key::RunQueued,
        TaskStatus::Dispatched => Key::RunDispatched,
        TaskStatus::Running => Key::RunRunning,
        TaskStatus::WaitingLocalDirectory => Key::RunWaitingDirectory,
        TaskStatus::Deferred => Key::RunDeferred,
        TaskStatus::Completed => Key::RunCompleted,
        TaskStatus::Failed => Key::RunFailed,
        TaskStatus::Cancelled => Key::RunCancelled,
    }
}

/// The CSS modifier of a run status's badge.
pub fn task_status_class(status: TaskStatus) -> &'static str {
    match status {
        TaskStatus::Completed => "run-status run-ok",
        TaskStatus::Failed => "run-status run-failed",
        TaskStatus::Cancelled => "run-status run-ended",
        TaskStatus::Running | TaskStatus::Dispatched => "run-status run-active",
        TaskStatus::Queued | TaskStatus::WaitingLocalDirectory | TaskStatus::Deferred => {
            "run-status run-waiting"
        }
    }
}

/// What started a run.
pub fn task_kind_key(kind: TaskKind) -> Key {
    match kind {
        TaskKind::Issue => Key::KindIssue,
        TaskKind::Chat => Key::KindChat,
        TaskKind::QuickCreate => Key::KindQuickCreate,
        TaskKind::Autopilot => Key::KindAutopilot,
    }
}

/// What a comment did to an agent it asked; `{}` is the agent's name.
pub fn trigger_key(result: TriggerResult) -> Key {
    match result {
        TriggerResult::Queued => Key::TriggerQueued,
        TriggerResult::Coalesced => Key::TriggerCoalesced,
        TriggerResult::AlreadyPending => Key::TriggerAlreadyPending,
        TriggerResult::Blocked => Key::TriggerBlocked,
    }
}

/// The work endpoints' own refusal codes (a blocked trigger's `reason_code` too).
pub fn work_error_key(code: &str) -> Option<Key> {
    Some(match code {
        "invocation_not_allowed" => Key::ErrInvocationNotAllowed,
        "agent_archived" => Key::ErrAgentArchived,
        "agent_has_no_runtime" => Key::ErrAgentNoRuntime,
        "issue_parent_cycle" => Key::ErrIssueParentCycle,
        "issue_has_no_agent" => Key::ErrIssueNoAgent,
        "chat_session_archived" => Key::ErrChatArchived,
        "invalid_cron" => Key::ErrInvalidCron,
        "invalid_timezone" => Key::ErrInvalidTimezone,
        "invalid_transition" | "task_finished" => Key::ErrRunEnded,
        "not_task_canceller" => Key::ErrNotTaskCanceller,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_priority_and_run_state_has_its_own_name() {
        let mut keys: Vec<Key> = IssueStatus::ALL.into_iter().map(issue_status_key).collect();
        keys.extend(IssuePriority::ALL.into_iter().map(priority_key));
        keys.extend(TaskStatus::ALL.into_iter().map(task_status_key));
        let count = keys.len();
        keys.sort_by_key(|k| format!("{k:?}"));
        keys.dedup();
        assert_eq!(keys.len(), count);
    }

    #[test]
    fn a_refused_request_for_work_is_explained_not_left_generic() {
        for code in [
            "invocation_not_allowed",
            "agent_archived",
            "agent_has_no_runtime",
        ] {
            assert!(work_error_key(code).is_some(), "{code}");
        }
    }
}
