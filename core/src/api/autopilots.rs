//! Request and response bodies of autopilots (`/api/autopilots`): an instruction an agent
//! runs on a cron schedule or on demand, either straight away or through an issue it opens.

use crate::agents::Field;
use crate::work::{AutopilotStatus, ExecutionMode, RunSource};
use crate::{AgentId, AutopilotId, AutopilotRunId, AutopilotTriggerId, IssueId, TaskId, UserId};
use serde::{Deserialize, Serialize};

/// The longest autopilot title and issue title template, in characters.
pub const AUTOPILOT_TITLE_MAX: usize = 200;
/// The longest autopilot description (the run's instruction), in characters.
pub const AUTOPILOT_DESCRIPTION_MAX: usize = 20_000;

/// An autopilot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Autopilot {
    /// Autopilot id.
    pub id: AutopilotId,
    /// Title.
    pub title: String,
    /// The instruction each run is given (and a created issue's description).
    pub description: String,
    /// The agent that runs it.
    pub agent_id: AgentId,
    /// `active` (the schedule fires) or `paused`.
    pub status: AutopilotStatus,
    /// `create_issue` or `run_only`.
    pub execution_mode: ExecutionMode,
    /// The created issue's title; `{{date}}` becomes the fire's local date.
    pub issue_title_template: Option<String>,
    /// The member who created it; scheduled runs are allowed or refused as if they asked.
    pub created_by: Option<UserId>,
    /// Its schedule, if any (at most one).
    pub triggers: Vec<AutopilotTrigger>,
    /// When it was created.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

/// A schedule of an autopilot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AutopilotTrigger {
    /// Trigger id.
    pub id: AutopilotTriggerId,
    /// Always `schedule`.
    pub kind: String,
    /// Whether it fires.
    pub enabled: bool,
    /// Five cron fields: minute hour day-of-month month day-of-week.
    pub cron_expression: String,
    /// The IANA time zone the fields are read in.
    pub timezone: String,
    /// When the scheduler fires it next (`null` while disabled or never matching).
    pub next_run_at: Option<String>,
    /// The next five fire times (RFC 3339, UTC), for the schedule editor.
    pub next_fires: Vec<String>,
}

/// A schedule as sent on create and update.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleInput {
    /// Five cron fields (400 `invalid_cron` otherwise).
    pub cron_expression: String,
    /// An IANA time zone name such as `Europe/Paris` (400 `invalid_timezone` otherwise).
    pub timezone: String,
    /// Whether it fires; default `true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// `POST /api/autopilots`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateAutopilotRequest {
    /// Title.
    pub title: String,
    /// The instruction each run is given.
    pub description: String,
    /// The agent; the creator must be allowed to run it.
    pub agent_id: AgentId,
    /// `create_issue` or `run_only`.
    pub execution_mode: ExecutionMode,
    /// The created issue's title (`create_issue` mode); `{{date}}` is replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_title_template: Option<String>,
    /// A schedule; absent means "Run now" only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<ScheduleInput>,
}

/// `PATCH /api/autopilots/{id}`: only keys present change; `schedule: null` removes the
/// schedule, `issue_title_template: null` clears the template.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateAutopilotRequest {
    /// New title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// New instruction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `active` or `paused`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AutopilotStatus>,
    /// Another agent; the caller must be allowed to run it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<AgentId>,
    /// Another mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_mode: Option<ExecutionMode>,
    /// A new template, or `null` to clear it.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub issue_title_template: Field<String>,
    /// A new schedule (replacing the old one), or `null` to remove it.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ScheduleInput>))]
    pub schedule: Field<ScheduleInput>,
}

/// One firing of an autopilot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AutopilotRun {
    /// Run id.
    pub id: AutopilotRunId,
    /// `schedule` or `manual`.
    pub source: RunSource,
    /// `pending`, `issue_created`, `running`, `skipped`, `completed` or `failed`.
    pub status: String,
    /// The member who pressed "Run now"; `null` for scheduled runs.
    pub triggered_by: Option<UserId>,
    /// The fire time a scheduled run stands for.
    pub scheduled_for: Option<String>,
    /// The issue it created (`create_issue` mode).
    pub issue_id: Option<IssueId>,
    /// The run of the agent it queued.
    pub task_id: Option<TaskId>,
    /// The agent's result, once done.
    pub result: Option<String>,
    /// Why it was skipped or failed (e.g. `invocation_not_allowed`, `agent_archived`).
    pub failure_reason: Option<String>,
    /// When it was triggered.
    pub triggered_at: String,
    /// When it ended.
    pub completed_at: Option<String>,
}

/// `POST /api/autopilots/{id}/run`: what "Run now" started.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AutopilotRunStarted {
    /// The run.
    pub run_id: AutopilotRunId,
    /// The queued agent run.
    pub task_id: Option<TaskId>,
    /// The created issue (`create_issue` mode).
    pub issue_id: Option<IssueId>,
}
