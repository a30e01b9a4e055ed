//! The task queue's rules: statuses and the transitions between them (spec G.1), the kind of
//! a run (F.1), where its originator came from (§4.5), and when a failed run is retried (G.7).

use serde::{Deserialize, Serialize};

/// Where a task stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// Waiting for a daemon to claim it.
    Queued,
    /// Claimed by a daemon, not yet started.
    Dispatched,
    /// The agent CLI is running.
    Running,
    /// Claimed, waiting for the member's local directory to be free.
    WaitingLocalDirectory,
    /// Waiting for `fire_at` (a retry after the runtime went offline).
    Deferred,
    /// Finished with a result.
    Completed,
    /// Finished with an error.
    Failed,
    /// Stopped by a person.
    Cancelled,
}

/// The change a request asks of a task's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    /// A daemon claims it.
    Claim,
    /// The daemon starts the agent CLI.
    Start,
    /// The daemon waits for the local directory.
    WaitLocalDirectory,
    /// The run finished well.
    Complete,
    /// The run failed.
    Fail,
    /// A person stops it.
    Cancel,
    /// Its `fire_at` came.
    Promote,
}

impl TaskStatus {
    /// Every status.
    pub const ALL: [TaskStatus; 8] = [
        TaskStatus::Queued,
        TaskStatus::Dispatched,
        TaskStatus::Running,
        TaskStatus::WaitingLocalDirectory,
        TaskStatus::Deferred,
        TaskStatus::Completed,
        TaskStatus::Failed,
        TaskStatus::Cancelled,
    ];

    /// The statuses a daemon holds a task in: they count against the agent's capacity.
    pub const ACTIVE: [TaskStatus; 3] = [
        TaskStatus::Dispatched,
        TaskStatus::Running,
        TaskStatus::WaitingLocalDirectory,
    ];

    /// The wire and database name.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Queued => "queued",
            TaskStatus::Dispatched => "dispatched",
            TaskStatus::Running => "running",
            TaskStatus::WaitingLocalDirectory => "waiting_local_directory",
            TaskStatus::Deferred => "deferred",
            TaskStatus::Completed => "completed",
            TaskStatus::Failed => "failed",
            TaskStatus::Cancelled => "cancelled",
        }
    }

    /// Parses a wire name.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// Completed, failed or cancelled: nothing changes it any more.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            TaskStatus::Completed | TaskStatus::Failed | TaskStatus::Cancelled
        )
    }

    /// Held by a daemon (counts against capacity).
    pub fn is_active(self) -> bool {
        Self::ACTIVE.contains(&self)
    }

    /// The status `transition` leads to from this one, or `None` when G.1 has no such edge.
    /// Complete and fail on a terminal task are not edges: the server answers them as
    /// idempotent successes without calling this.
    pub fn after(self, transition: Transition) -> Option<TaskStatus> {
        use TaskStatus::*;
        match (self, transition) {
            (Queued, Transition::Claim) => Some(Dispatched),
            (Dispatched | WaitingLocalDirectory, Transition::Start) => Some(Running),
            (Dispatched, Transition::WaitLocalDirectory) => Some(WaitingLocalDirectory),
            (Running, Transition::Complete) => Some(Completed),
            (Dispatched | Running | WaitingLocalDirectory, Transition::Fail) => Some(Failed),
            (
                Queued | Dispatched | Running | WaitingLocalDirectory | Deferred,
                Transition::Cancel,
            ) => Some(Cancelled),
            (Deferred, Transition::Promote) => Some(Queued),
            _ => None,
        }
    }
}

impl Transition {
    /// The statuses G.1 allows this transition from, in [`TaskStatus::ALL`] order.
    pub fn sources(self) -> Vec<TaskStatus> {
        TaskStatus::ALL
            .into_iter()
            .filter(|status| status.after(self).is_some())
            .collect()
    }

    /// The status it leads to (each transition has one, whatever it starts from).
    pub fn target(self) -> TaskStatus {
        match self {
            Transition::Claim => TaskStatus::Dispatched,
            Transition::Start => TaskStatus::Running,
            Transition::WaitLocalDirectory => TaskStatus::WaitingLocalDirectory,
            Transition::Complete => TaskStatus::Completed,
            Transition::Fail => TaskStatus::Failed,
            Transition::Cancel => TaskStatus::Cancelled,
            Transition::Promote => TaskStatus::Queued,
        }
    }
}

/// What a run is for (spec F.1), fixed at enqueue from which link the task carries, never
/// from trigger fields: it decides which of the four briefs the run gets. A comment-triggered
/// and an assignment-triggered issue run are the same kind on purpose: the brief opens the
/// provider conversation, so any difference between a first run and a resumed one would throw
/// away the provider's prompt cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// Work on an issue (assignment, mention, comment).
    Issue,
    /// One turn of a chat.
    Chat,
    /// Turn a prompt into an issue.
    QuickCreate,
    /// A run-only autopilot firing (no issue).
    Autopilot,
}

impl TaskKind {
    /// Every kind, in the column order of the brief's section matrix.
    pub const ALL: [TaskKind; 4] = [
        TaskKind::Issue,
        TaskKind::Autopilot,
        TaskKind::QuickCreate,
        TaskKind::Chat,
    ];

    /// Whether the run works on an issue, which is what the brief's comment, metadata,
    /// precedence, mention and attachment sections are about.
    pub fn has_issue_context(self) -> bool {
        self == TaskKind::Issue
    }

    /// The wire and database name.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskKind::Issue => "issue",
            TaskKind::Chat => "chat",
            TaskKind::QuickCreate => "quick_create",
            TaskKind::Autopilot => "autopilot",
        }
    }

    /// Parses a wire name.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

/// Which enqueue path set a task's originator (spec §4.5), kept for audit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OriginatorSource {
    /// A member assigned the issue or moved it out of the backlog.
    Assignment,
    /// A comment's author (or, for an agent's comment, its run's originator).
    Comment,
    /// The issue's creator.
    IssueCreator,
    /// The person who sent the chat message.
    Chat,
    /// The person who asked for a quick-create.
    QuickCreate,
    /// A person pressed "Run now".
    AutopilotManual,
    /// The schedule fired (no human originator).
    AutopilotSchedule,
    /// Inherited from the failed task this one retries.
    Retry,
    /// A person asked for a rerun.
    Rerun,
}

impl OriginatorSource {
    /// The database name.
    pub fn as_str(self) -> &'static str {
        match self {
            OriginatorSource::Assignment => "assignment",
            OriginatorSource::Comment => "comment",
            OriginatorSource::IssueCreator => "issue_creator",
            OriginatorSource::Chat => "chat",
            OriginatorSource::QuickCreate => "quick_create",
            OriginatorSource::AutopilotManual => "autopilot_manual",
            OriginatorSource::AutopilotSchedule => "autopilot_schedule",
            OriginatorSource::Retry => "retry",
            OriginatorSource::Rerun => "rerun",
        }
    }
}

/// Why a run failed: a dotted taxonomy (`agent_error.*` for the agent CLI's own failures,
/// plain words for the platform's). Unknown or absent reasons read as `agent_error`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FailureReason(String);

impl FailureReason {
    /// The default when a daemon gives none.
    pub const AGENT_ERROR: &'static str = "agent_error";
    /// The runtime went away for longer than the reconnect grace.
    pub const RUNTIME_OFFLINE: &'static str = "runtime_offline";
    /// The daemon restarted and no longer runs it.
    pub const RUNTIME_RECOVERY: &'static str = "runtime_recovery";
    /// A lease or the run itself outlived its time.
    pub const TIMEOUT: &'static str = "timeout";
    /// Queued too long without any daemon claiming it.
    pub const QUEUED_EXPIRED: &'static str = "queued_expired";
    /// The agent CLI could not reach its provider.
    pub const PROVIDER_NETWORK: &'static str = "agent_error.provider_network";

    /// Normalises what a daemon sent: trimmed, lower-case ASCII letters, digits, `_` and `.`
    /// only, at most 64 bytes; anything else (or nothing) is `agent_error`.
    pub fn parse(raw: Option<&str>) -> Self {
        let raw = raw.map(str::trim).unwrap_or_default();
        let valid = !raw.is_empty()
            && raw.len() <= 64
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.');
        Self(if valid { raw } else { Self::AGENT_ERROR }.to_owned())
    }

    /// The reason's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// G.7: a platform failure the queue retries by itself.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.0.as_str(),
            Self::RUNTIME_OFFLINE
                | Self::RUNTIME_RECOVERY
                | Self::TIMEOUT
                | "codex_semantic_inactivity"
                | Self::PROVIDER_NETWORK
                | "skill_bundle_unavailable"
        )
    }
}

/// What to do after a failure (spec G.7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryPlan {
    /// No retry.
    None,
    /// A child task, queued at once.
    Now,
    /// A child task, deferred until the runtime is back (`runtime_offline`).
    Deferred,
}

/// G.7: whether a failed task of `kind` at `attempt` of `max_attempts` is retried, and how.
/// Autopilot runs never are (the schedule owns their cadence), nor quick-creates (no issue or
/// chat to come back to); a provider-network failure gets a third attempt.
pub fn retry_plan(
    reason: &FailureReason,
    kind: TaskKind,
    attempt: i64,
    max_attempts: i64,
) -> RetryPlan {
    if !reason.is_retryable() || !matches!(kind, TaskKind::Issue | TaskKind::Chat) {
        return RetryPlan::None;
    }
    if max_attempts <= 1 {
        return RetryPlan::None;
    }
    let ceiling = if reason.as_str() == FailureReason::PROVIDER_NETWORK {
        max_attempts.max(3)
    } else {
        max_attempts
    };
    if attempt >= ceiling {
        return RetryPlan::None;
    }
    if reason.as_str() == FailureReason::RUNTIME_OFFLINE {
        RetryPlan::Deferred
    } else {
        RetryPlan::Now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transition_leads_to_its_target_from_each_of_its_sources() {
        for transition in [
            Transition::Claim,
            Transition::Start,
            Transition::WaitLocalDirectory,
            Transition::Complete,
            Transition::Fail,
            Transition::Cancel,
            Transition::Promote,
        ] {
            assert!(!transition.sources().is_empty(), "{transition:?}");
            for source in transition.sources() {
                assert_eq!(source.after(transition), Some(transition.target()));
            }
        }
    }

    #[test]
    fn a_cancel_is_allowed_from_every_status_that_is_not_terminal() {
        let open: Vec<_> = TaskStatus::ALL
            .into_iter()
            .filter(|s| !s.is_terminal())
            .collect();
        assert_eq!(Transition::Cancel.sources(), open);
    }

    #[test]
    fn only_a_queued_task_can_be_claimed() {
        for status in TaskStatus::ALL {
            let claimed = status.after(Transition::Claim);
            assert_eq!(
                claimed.is_some(),
                status == TaskStatus::Queued,
                "{status:?}"
            );
        }
    }

    #[test]
    fn start_is_allowed_only_from_dispatched_or_waiting() {
        let startable: Vec<_> = TaskStatus::ALL
            .into_iter()
            .filter(|s| s.after(Transition::Start).is_some())
            .collect();
        assert_eq!(
            startable,
            [TaskStatus::Dispatched, TaskStatus::WaitingLocalDirectory]
        );
    }

    #[test]
    fn complete_only_from_running_and_fail_only_from_held_statuses() {
        for status in TaskStatus::ALL {
            assert_eq!(
                status.after(Transition::Complete).is_some(),
                status == TaskStatus::Running
            );
            assert_eq!(status.after(Transition::Fail).is_some(), status.is_active());
        }
    }

    #[test]
    fn every_non_terminal_status_can_be_cancelled_and_no_terminal_one_can() {
        for status in TaskStatus::ALL {
            assert_eq!(
                status.after(Transition::Cancel).is_some(),
                !status.is_terminal()
            );
        }
    }

    #[test]
    fn statuses_and_kinds_round_trip_through_their_wire_names() {
        for s in TaskStatus::ALL {
            assert_eq!(TaskStatus::parse(s.as_str()), Some(s));
        }
        for k in TaskKind::ALL {
            assert_eq!(TaskKind::parse(k.as_str()), Some(k));
        }
    }

    #[test]
    fn an_unknown_or_malformed_failure_reason_reads_as_agent_error() {
        assert_eq!(FailureReason::parse(None).as_str(), "agent_error");
        assert_eq!(FailureReason::parse(Some("  ")).as_str(), "agent_error");
        assert_eq!(
            FailureReason::parse(Some("Bad Reason!")).as_str(),
            "agent_error"
        );
        assert_eq!(FailureReason::parse(Some(" timeout ")).as_str(), "timeout");
    }

    #[test]
    fn platform_failures_of_issue_runs_are_retried_once_by_default() {
        let timeout = FailureReason::parse(Some("timeout"));
        assert_eq!(retry_plan(&timeout, TaskKind::Issue, 1, 2), RetryPlan::Now);
        assert_eq!(retry_plan(&timeout, TaskKind::Issue, 2, 2), RetryPlan::None);
        assert_eq!(retry_plan(&timeout, TaskKind::Chat, 1, 2), RetryPlan::Now);
    }

    #[test]
    fn agent_errors_autopilot_runs_and_a_ceiling_of_one_are_never_retried() {
        let agent = FailureReason::parse(Some("agent_error"));
        assert_eq!(retry_plan(&agent, TaskKind::Issue, 1, 2), RetryPlan::None);
        let timeout = FailureReason::parse(Some("timeout"));
        assert_eq!(
            retry_plan(&timeout, TaskKind::Autopilot, 1, 2),
            RetryPlan::None
        );
        assert_eq!(
            retry_plan(&timeout, TaskKind::QuickCreate, 1, 2),
            RetryPlan::None
        );
        assert_eq!(retry_plan(&timeout, TaskKind::Issue, 1, 1), RetryPlan::None);
    }

    #[test]
    fn a_runtime_offline_retry_waits_deferred_and_provider_network_gets_a_third_try() {
        let offline = FailureReason::parse(Some("runtime_offline"));
        assert_eq!(
            retry_plan(&offline, TaskKind::Issue, 1, 2),
            RetryPlan::Deferred
        );
        let network = FailureReason::parse(Some("agent_error.provider_network"));
        assert_eq!(retry_plan(&network, TaskKind::Issue, 2, 2), RetryPlan::Now);
        assert_eq!(retry_plan(&network, TaskKind::Issue, 3, 2), RetryPlan::None);
    }
}
