//! Request and response bodies of `/api/issues` (issues, their comments and mentions, their
//! metadata and reruns) and of `/api/workspace`, which people and running agents alike read.

use crate::agents::Field;
use crate::work::{IssuePriority, IssueStatus, TaskStatus};
use crate::{AgentId, CommentId, IssueId, TaskId, WorkspaceId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Who an issue is assigned to, or who a comment mentions: a person or an agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartyType {
    /// A member of the workspace (the id is their user id).
    Member,
    /// An agent of the workspace.
    Agent,
}

impl PartyType {
    /// The wire and database name.
    pub fn as_str(self) -> &'static str {
        match self {
            PartyType::Member => "member",
            PartyType::Agent => "agent",
        }
    }

    /// Parses a database name.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "member" => Some(PartyType::Member),
            "agent" => Some(PartyType::Agent),
            _ => None,
        }
    }
}

/// A person or agent named by id, in a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartyRef {
    /// `member` or `agent`.
    #[serde(rename = "type")]
    pub kind: PartyType,
    /// The user id or agent id.
    pub id: Uuid,
}

/// A person, agent or the system, with a display name, in a response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Party {
    /// `member`, `agent` or `system`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The user id or agent id; `null` for the system.
    pub id: Option<Uuid>,
    /// Display name; `null` when the person or agent is gone.
    pub name: Option<String>,
}

/// The issue above another, in short.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssueSummary {
    /// Issue id.
    pub id: IssueId,
    /// `KEY-N`.
    pub identifier: String,
    /// Title.
    pub title: String,
    /// Status.
    pub status: IssueStatus,
}

/// The assigned agent's current run on the issue (a pending or running one if there is one,
/// else its latest).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssueRun {
    /// The task.
    pub task_id: TaskId,
    /// Where it stands.
    pub status: TaskStatus,
}

/// An issue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Issue {
    /// Issue id.
    pub id: IssueId,
    /// Its workspace.
    pub workspace_id: WorkspaceId,
    /// Its number in the workspace.
    pub number: i64,
    /// `KEY-N`, how people name it.
    pub identifier: String,
    /// Title.
    pub title: String,
    /// Description (Markdown); `""` when none.
    pub description: String,
    /// Status.
    pub status: IssueStatus,
    /// Priority.
    pub priority: IssuePriority,
    /// Who works on it, if anyone.
    pub assignee: Option<Party>,
    /// Who made it.
    pub creator: Party,
    /// The issue above it, if any.
    pub parent: Option<IssueSummary>,
    /// How many issues sit directly below it.
    pub children_count: i64,
    /// A small bag of string keys and string values.
    pub metadata: BTreeMap<String, String>,
    /// What made it when not a person (`autopilot`, `quick_create`), and that row's id.
    pub origin_type: Option<String>,
    /// See `origin_type`.
    pub origin_id: Option<Uuid>,
    /// The assigned agent's current run, if it has had one.
    pub run: Option<IssueRun>,
    /// When it was created.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

/// `POST /api/issues`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateIssueRequest {
    /// Title (1..=500 characters).
    pub title: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Status; `todo` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<IssueStatus>,
    /// Priority; `none` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<IssuePriority>,
    /// Who works on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<PartyRef>,
    /// The issue above it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_issue_id: Option<IssueId>,
    /// Initial metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
    /// Assign an agent without asking it for a run.
    #[serde(default)]
    pub no_start: bool,
}

/// `PATCH /api/issues/{id}`: only keys present change; `null` clears the assignee or the
/// parent.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateIssueRequest {
    /// New title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<IssueStatus>,
    /// New priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<IssuePriority>,
    /// New assignee; `null` unassigns.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<PartyRef>))]
    pub assignee: Field<PartyRef>,
    /// New parent; `null` makes it top-level.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<IssueId>))]
    pub parent_issue_id: Field<IssueId>,
    /// Replaces the whole metadata bag (the metadata endpoints change one key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
    /// Change the assignee or status without asking the agent for a run.
    #[serde(default)]
    pub no_start: bool,
}

/// A mention stored on a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mention {
    /// `member` or `agent`.
    #[serde(rename = "type")]
    pub kind: PartyType,
    /// The user id or agent id.
    pub id: Uuid,
}

/// A comment on an issue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    /// Comment id.
    pub id: CommentId,
    /// Its issue.
    pub issue_id: IssueId,
    /// Who wrote it.
    pub author: Party,
    /// Its text (Markdown).
    pub content: String,
    /// `comment`, or `system` for the server's own notes.
    pub kind: String,
    /// The comment it answers, in a thread.
    pub parent_id: Option<CommentId>,
    /// Whom it mentions, as sent (never parsed from the text).
    pub mentions: Vec<Mention>,
    /// For an agent's comment: the run that wrote it.
    pub source_task_id: Option<TaskId>,
    /// When it was written.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

/// `POST /api/issues/{id}/comments`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateCommentRequest {
    /// The text.
    pub content: String,
    /// Whom it mentions (at most 50): each must be a member or agent of the workspace.
    #[serde(default)]
    pub mentions: Vec<PartyRef>,
    /// The comment it answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<CommentId>,
}

/// What a comment did to one agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TriggerResult {
    /// A new run was queued.
    Queued,
    /// Folded into the agent's queued run on this issue (the comment is its new trigger).
    Coalesced,
    /// The agent already has a claimed run on this issue; nothing new was queued.
    AlreadyPending,
    /// Not asked: see `reason_code`.
    Blocked,
}

/// One agent a comment asked for work, and what came of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Triggered {
    /// The agent.
    pub agent_id: AgentId,
    /// What happened.
    pub result: TriggerResult,
    /// The run carrying it, unless blocked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<TaskId>,
    /// Why it was blocked: `invocation_not_allowed` (also for an agent that does not exist
    /// here), `agent_archived` or `agent_has_no_runtime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
}

/// The answer to posting a comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentCreated {
    /// The comment.
    pub comment: Comment,
    /// The agents it asked for work.
    pub triggered: Vec<Triggered>,
}

/// `PUT /api/issues/{id}/metadata/{key}`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetMetadataRequest {
    /// The value (at most 4096 characters).
    pub value: String,
}

/// `POST /api/issues/{id}/rerun`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RerunRequest {
    /// Rerun this earlier run's agent instead of the current assignee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<TaskId>,
}

/// The run a rerun queued (or the agent's run already pending on the issue).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RerunResponse {
    /// The task.
    pub task_id: TaskId,
}

/// `GET /api/workspace`: the workspace as any caller of the work API sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkspaceInfo {
    /// Workspace id.
    pub id: WorkspaceId,
    /// Display name.
    pub name: String,
    /// Slug.
    pub slug: String,
    /// The key of its issue identifiers (`KEY-N`).
    pub issue_key: String,
}

/// `GET /api/workspace/assignees`: who the caller may name as an issue's assignee or in a
/// mention: every member, and the agents the caller may ask for work (the invoke gate, so a
/// picker never offers an agent the server would refuse).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignees {
    /// The workspace's members, by name.
    pub members: Vec<AssignableMember>,
    /// The unarchived agents the caller may run, by name.
    pub agents: Vec<AssignableAgent>,
}

/// A member, as a picker shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignableMember {
    /// Their id.
    pub id: crate::UserId,
    /// Display name.
    pub name: String,
    /// E-mail.
    pub email: String,
}

/// An agent, as a picker shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignableAgent {
    /// Its id.
    pub id: AgentId,
    /// Its name.
    pub name: String,
    /// Whether it is bound to a runtime (without one, assigning it cannot start a run).
    pub has_runtime: bool,
}
