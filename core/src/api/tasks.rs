//! Request and response bodies of the task queue: what a daemon claims and reports under
//! `/api/daemon/tasks`, and what people read and cancel under `/api/tasks` (spec G, D.2).
//! The daemon deserialises [`ClaimedTask`] and rebuilds the brief from its `brief` and `turn`.

use crate::brief::{BriefInputs, TurnInputs};
use crate::work::{TaskKind, TaskStatus};
use crate::{
    AgentId, AutopilotRunId, ChatSessionId, CommentId, IssueId, RuntimeId, TaskId, UserId,
    WorkspaceId,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The most tasks one claim hands out, whatever `max_tasks` asks.
pub const MAX_CLAIM: i64 = 32;

/// `POST /api/daemon/tasks/claim`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimRequest {
    /// The machine's persistent daemon id; only runtimes registered under it are served.
    #[serde(default)]
    pub daemon_id: String,
    /// The runtimes to claim for, as strings: malformed, unknown and foreign ids are skipped.
    #[serde(default)]
    pub runtime_ids: Vec<String>,
    /// How many tasks at most (0 → none; capped at [`MAX_CLAIM`]; negative → 400).
    #[serde(default = "one")]
    pub max_tasks: i64,
}

fn one() -> i64 {
    1
}

/// The answer to a claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimResponse {
    /// The tasks now dispatched to the caller, each with its task token.
    pub tasks: Vec<ClaimedTask>,
}

/// A claimed task: everything the daemon needs to launch the run (spec G.4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimedTask {
    pub id: TaskId,
    pub agent_id: AgentId,
    pub runtime_id: RuntimeId,
    pub workspace_id: WorkspaceId,
    #[serde(default)]
    pub issue_id: Option<IssueId>,
    #[serde(default)]
    pub chat_session_id: Option<ChatSessionId>,
    #[serde(default)]
    pub autopilot_run_id: Option<AutopilotRunId>,
    pub kind: TaskKind,
    pub status: TaskStatus,
    pub priority: i64,
    pub attempt: i64,
    pub max_attempts: i64,
    pub created_at: String,
    #[serde(default)]
    pub dispatched_at: Option<String>,
    #[serde(default)]
    pub trigger_comment_id: Option<CommentId>,
    #[serde(default)]
    pub coalesced_comment_ids: Vec<CommentId>,
    #[serde(default)]
    pub trigger_comment_content: Option<String>,
    #[serde(default)]
    pub trigger_summary: Option<String>,
    #[serde(default)]
    pub handoff_note: Option<String>,
    /// The provider session to resume (G.4), unless a fresh session was asked for.
    #[serde(default)]
    pub prior_session_id: Option<String>,
    #[serde(default)]
    pub prior_work_dir: Option<String>,
    /// The latest message the person wrote, for a chat turn.
    #[serde(default)]
    pub chat_message: Option<String>,
    #[serde(default)]
    pub autopilot_title: Option<String>,
    #[serde(default)]
    pub autopilot_description: Option<String>,
    #[serde(default)]
    pub quick_create_prompt: Option<String>,
    pub workspace: TaskWorkspace,
    /// The person on whose behalf it runs, if any.
    #[serde(default)]
    pub initiator: Option<TaskInitiator>,
    pub agent: TaskAgent,
    pub runtime: TaskRuntime,
    /// What the brief is built from; `build_brief(&brief)` gives the bytes the server hashed.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub brief: BriefInputs,
    /// What the turn prompt is built from.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub turn: TurnInputs,
    /// Slugs of the apps connected for this run; absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub connected_apps: Vec<String>,
    /// The run's own credential (`agk_…`), shown only here: it acts as the agent, in this
    /// workspace, until the task ends.
    pub auth_token: String,
}

/// The workspace of a claimed task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskWorkspace {
    pub id: WorkspaceId,
    pub name: String,
    pub issue_key: String,
}

/// The person a run acts for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskInitiator {
    pub id: UserId,
    pub name: String,
    pub email: String,
}

/// The agent of a claimed task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskAgent {
    pub id: AgentId,
    pub name: String,
    pub instructions: String,
    /// Appended last to the command line.
    #[serde(default)]
    pub custom_args: Vec<String>,
    /// The agent's MCP configuration merged with the task's overlay (raw JSON text).
    #[serde(default)]
    pub mcp_config: Option<String>,
    #[serde(default)]
    pub model: Option<String>,
}

/// How to launch the run (spec C.9): for a custom profile, its command and its fixed
/// arguments after the family's filter; for a built-in, the family's command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskRuntime {
    pub id: RuntimeId,
    /// The protocol family (`claude`, `codex`, …).
    pub provider: String,
    pub command: String,
    #[serde(default)]
    pub fixed_args: Vec<String>,
    /// Whether the command is a custom profile's, not the vendor's own binary.
    #[serde(default)]
    pub custom: bool,
}

/// One transcript entry a daemon reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskMessageInput {
    /// Its order in the run; a resent `seq` is ignored.
    pub seq: i64,
    /// `text`, `thinking`, `tool_use`, `tool_result`, `status`, `error` or `log`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub tool: Option<String>,
    #[serde(default)]
    pub content: Option<String>,
    /// Tool input, as JSON or text.
    #[serde(default)]
    pub input: Option<Value>,
    /// Tool output, as JSON or text.
    #[serde(default)]
    pub output: Option<Value>,
}

/// `POST /api/daemon/tasks/{id}/messages`: NUL characters are stripped, not refused.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessagesRequest {
    pub messages: Vec<TaskMessageInput>,
}

/// The answer to a transcript batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessagesAccepted {
    /// How many were new (a resent batch counts 0).
    pub inserted: u64,
}

/// `POST /api/daemon/tasks/{id}/progress`: broadcast only, never stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressRequest {
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub step: Option<i64>,
    #[serde(default)]
    pub total: Option<i64>,
}

/// `POST /api/daemon/tasks/{id}/complete`: the whole body is kept as the result.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompleteRequest {
    #[serde(default)]
    pub output: String,
    #[serde(default)]
    pub session_id: Option<String>,
    #[serde(default)]
    pub work_dir: Option<String>,
    #[serde(default)]
    pub pr_url: Option<String>,
    #[serde(default)]
    pub branch_name: Option<String>,
}

/// `POST /api/daemon/tasks/{id}/fail`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FailRequest {
    #[serde(default)]
    pub error: String,
    /// Dotted reason (`timeout`, `agent_error.provider_network`, …); unknown → `agent_error`.
    #[serde(default)]
    pub failure_reason: Option<String>,
    #[serde(default)]
    pub session_id: Option<String>,
    #[serde(default)]
    pub work_dir: Option<String>,
}

/// `GET /api/daemon/tasks/{id}/status`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskStatusAnswer {
    pub status: TaskStatus,
    /// A person asked to stop it: the daemon stops the run and acknowledges.
    pub cancel_requested: bool,
}

/// `POST /api/daemon/runtimes/{id}/recover-orphans`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveredOrphans {
    /// Tasks the restarted daemon held, now failed (`runtime_recovery`).
    pub orphaned: u64,
    /// Of those, how many got a retry.
    pub retried: u64,
}

/// A task as people see it (and as the daemon's report endpoints answer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Task {
    pub id: TaskId,
    pub workspace_id: WorkspaceId,
    pub agent_id: AgentId,
    #[serde(default)]
    pub runtime_id: Option<RuntimeId>,
    #[serde(default)]
    pub issue_id: Option<IssueId>,
    #[serde(default)]
    pub chat_session_id: Option<ChatSessionId>,
    #[serde(default)]
    pub autopilot_run_id: Option<AutopilotRunId>,
    pub kind: TaskKind,
    pub status: TaskStatus,
    pub priority: i64,
    pub attempt: i64,
    pub max_attempts: i64,
    #[serde(default)]
    pub parent_task_id: Option<TaskId>,
    #[serde(default)]
    pub failure_reason: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    /// The completion report as the daemon sent it.
    #[serde(default)]
    pub result: Option<Value>,
    #[serde(default)]
    pub originator_user_id: Option<UserId>,
    pub originator_source: String,
    #[serde(default)]
    pub trigger_comment_id: Option<CommentId>,
    #[serde(default)]
    pub trigger_summary: Option<String>,
    /// SHA-256 of the brief the run was given (set at claim).
    #[serde(default)]
    pub brief_hash: Option<String>,
    /// The turn prompt the run was given (set at claim).
    #[serde(default)]
    pub turn_prompt: Option<String>,
    pub created_at: String,
    #[serde(default)]
    pub dispatched_at: Option<String>,
    #[serde(default)]
    pub started_at: Option<String>,
    #[serde(default)]
    pub completed_at: Option<String>,
    #[serde(default)]
    pub cancel_requested_at: Option<String>,
    #[serde(default)]
    pub fire_at: Option<String>,
}

/// One tool call a run made through the server's MCP broker to a connected app: the audit of
/// whose apps a run used. Arguments and results are never recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskToolCall {
    /// The tool's name (`GITHUB_CREATE_AN_ISSUE`).
    pub tool_name: String,
    /// The toolkit it belongs to, when its name tells (`github`); Composio's own tools have
    /// none.
    #[serde(default)]
    pub toolkit: Option<String>,
    /// `ok`, `tool_error` (the tool answered with an error), `error` (the call failed),
    /// `refused` (the broker refused it) or `no_answer`.
    pub status: String,
    /// From the request reaching the broker to its answer.
    pub duration_ms: i64,
    pub created_at: String,
}

/// One transcript entry, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskMessage {
    pub seq: i64,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub tool: Option<String>,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub input: Option<String>,
    #[serde(default)]
    pub output: Option<String>,
    pub created_at: String,
}
