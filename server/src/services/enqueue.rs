//! The one way work reaches an agent: every path that starts a run (assignment, mention,
//! comment, chat, quick-create, autopilot, rerun) asks [`authorize_invoke`] before it writes
//! anything and then [`enqueue`]s, which folds a comment into a queued run of the same
//! (issue, agent) instead of queueing a second one (spec G.2), and wakes the right daemon.

use crate::access::WriteTx;
use crate::db::{self, agents::AgentRecord, new_id, now_ms, tasks::NewTask};
use crate::error::ApiError;
use crate::services::task_apps;
use agentry_core::agents::{can_invoke, AccessReason, Actor, Caller};
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::work::{OriginatorSource, TaskKind};
use agentry_core::{
    AgentId, AutopilotRunId, ChatSessionId, CommentId, IssueId, Refusal, Role, RuntimeId, TaskId,
    TeamId, UserId, WorkspaceId,
};
use sqlx::AnyConnection;

/// What a run is attached to; it fixes the run's kind (spec F.1).
#[derive(Clone, Debug)]
pub enum TaskLink {
    /// Work on an issue; `priority` is the queue rank of the issue's priority.
    Issue {
        issue_id: IssueId,
        priority: i64,
        trigger_comment_id: Option<CommentId>,
    },
    /// One chat turn.
    Chat { session_id: ChatSessionId },
    /// A prompt to turn into an issue; `context` is the request as JSON.
    QuickCreate { context: String },
    /// A run-only autopilot firing.
    Autopilot { run_id: AutopilotRunId },
}

impl TaskLink {
    /// The run's kind.
    pub fn kind(&self) -> TaskKind {
        match self {
            TaskLink::Issue { .. } => TaskKind::Issue,
            TaskLink::Chat { .. } => TaskKind::Chat,
            TaskLink::QuickCreate { .. } => TaskKind::QuickCreate,
            TaskLink::Autopilot { .. } => TaskKind::Autopilot,
        }
    }
}

/// A request for a run.
#[derive(Clone, Debug)]
pub struct WorkRequest {
    pub workspace_id: WorkspaceId,
    pub agent_id: AgentId,
    /// Who asks, for the invoke gate (an agent actor counts as its originator).
    pub actor: Actor,
    /// Stored on the task (spec §4.5); may differ from the actor's effective user only for
    /// system paths.
    pub originator: Option<UserId>,
    pub source: OriginatorSource,
    pub link: TaskLink,
    pub trigger_summary: Option<String>,
    pub handoff_note: Option<String>,
    pub force_fresh_session: bool,
}

/// What [`enqueue`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enqueued {
    /// A new `queued` task.
    Queued(TaskId),
    /// The comment was folded into this queued task.
    Coalesced(TaskId),
    /// The (issue, agent) already has a pending run (claimed, or queued with nothing to fold
    /// in); nothing new was queued.
    AlreadyPending(TaskId),
}

impl Enqueued {
    /// The task that will carry the request.
    pub fn task_id(self) -> TaskId {
        match self {
            Enqueued::Queued(id) | Enqueued::Coalesced(id) | Enqueued::AlreadyPending(id) => id,
        }
    }
}

/// The refusal of a request for work: spec §4.6's generic 403, whatever the reason.
pub fn refused(reason: AccessReason) -> ApiError {
    ApiError::Refused(Refusal::Invoke(reason))
}

/// Spec §4.3: may `actor` ask agent `agent_id` of `workspace_id` for work? The effective
/// user's role and teams are read now. An agent that is not in the workspace is refused the
/// same way as one the actor may not run, so the answer enumerates nothing. Returns the agent.
pub async fn authorize_invoke(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    agent_id: AgentId,
    actor: Actor,
) -> Result<AgentRecord, ApiError> {
    let Some(agent) = db::agents::get(&mut *conn, workspace_id, agent_id).await? else {
        return Err(refused(AccessReason::DeniedNotTargeted));
    };
    let facts = InvokerFacts::load(conn, workspace_id, actor).await?;
    can_invoke(&agent.access(), &facts.caller())
        .into_result()
        .map_err(refused)?;
    Ok(agent)
}

/// What the invoke gate needs to know about who asks, read now: the actor, and their effective
/// user's role and teams in the workspace (none without an effective user or membership).
#[derive(Clone, Debug)]
pub struct InvokerFacts {
    actor: Actor,
    role: Option<Role>,
    teams: Vec<TeamId>,
}

impl InvokerFacts {
    /// Reads the effective user's role and teams.
    pub async fn load(
        conn: &mut AnyConnection,
        workspace_id: WorkspaceId,
        actor: Actor,
    ) -> Result<Self, sqlx::Error> {
        let user = actor.effective_user();
        let role = match user {
            Some(user) => db::members::role(&mut *conn, workspace_id, user).await?,
            None => None,
        };
        let teams = match (user, role) {
            (Some(user), Some(_)) => db::teams::of_user(&mut *conn, workspace_id, user).await?,
            _ => Vec::new(),
        };
        Ok(Self { actor, role, teams })
    }

    /// The caller as core's gate takes it.
    pub fn caller(&self) -> Caller<'_> {
        Caller {
            actor: self.actor,
            role: self.role,
            teams: &self.teams,
        }
    }
}

/// Asks the invoke gate, then queues the run (or folds it into the pending one) and
/// announces it: `task:changed` to pages, then `daemon:task_available` to the runtime's
/// daemon, both after the commit. Refused → nothing written. An archived agent or one with no
/// runtime → 409, after the gate (so the refusal does not say whether the agent exists).
pub async fn enqueue(tx: &mut WriteTx, req: WorkRequest) -> Result<Enqueued, ApiError> {
    let agent = authorize_invoke(tx, req.workspace_id, req.agent_id, req.actor).await?;
    if agent.row.archived_at.is_some() {
        return Err(ApiError::Conflict(
            "agent_archived",
            "this agent is archived and takes no new work".into(),
        ));
    }
    let Some(runtime_id) = agent.row.runtime_id else {
        return Err(ApiError::Conflict(
            "agent_has_no_runtime",
            "this agent has no runtime to run on".into(),
        ));
    };
    let now = now_ms();
    let (issue_id, priority, trigger_comment_id) = match &req.link {
        TaskLink::Issue {
            issue_id,
            priority,
            trigger_comment_id,
        } => (Some(*issue_id), *priority, *trigger_comment_id),
        _ => (None, 0, None),
    };
    if let Some(issue_id) = issue_id {
        if let Some(folded) =
            fold_into_pending(tx, issue_id, req.agent_id, trigger_comment_id, now).await?
        {
            announce(tx, &req, runtime_id, folded.task_id(), Some(issue_id));
            return Ok(folded);
        }
    }
    let id = TaskId(new_id());
    let (chat_session_id, autopilot_run_id, context) = match &req.link {
        TaskLink::Chat { session_id } => (Some(*session_id), None, None),
        TaskLink::Autopilot { run_id } => (None, Some(*run_id), None),
        TaskLink::QuickCreate { context } => (None, None, Some(context.as_str())),
        TaskLink::Issue { .. } => (None, None, None),
    };
    db::tasks::insert_queued(
        tx,
        NewTask {
            id,
            workspace_id: req.workspace_id,
            agent_id: req.agent_id,
            runtime_id,
            issue_id,
            chat_session_id,
            autopilot_run_id,
            kind: req.link.kind().as_str(),
            priority,
            trigger_comment_id,
            trigger_summary: req.trigger_summary.as_deref(),
            handoff_note: req.handoff_note.as_deref(),
            context,
            originator_user_id: req.originator,
            originator_source: req.source.as_str(),
            force_fresh_session: req.force_fresh_session,
            now,
        },
    )
    .await?;
    // In the same transaction as the insert, so no daemon can claim the task without them.
    task_apps::attach(tx, &agent, id, now).await?;
    announce(tx, &req, runtime_id, id, issue_id);
    Ok(Enqueued::Queued(id))
}

/// Spec G.2 path 3: a pending run of (issue, agent) takes the new request instead of a second
/// row; a queued one adopts the comment as its trigger.
async fn fold_into_pending(
    tx: &mut WriteTx,
    issue_id: IssueId,
    agent_id: AgentId,
    comment_id: Option<CommentId>,
    now: i64,
) -> Result<Option<Enqueued>, ApiError> {
    let Some((task_id, status, _)) = db::tasks::pending_for(tx, issue_id, agent_id).await? else {
        return Ok(None);
    };
    if let Some(comment_id) = comment_id.filter(|_| status == "queued") {
        if db::tasks::coalesce_comment(tx, task_id, comment_id, now).await? {
            return Ok(Some(Enqueued::Coalesced(task_id)));
        }
    }
    Ok(Some(Enqueued::AlreadyPending(task_id)))
}

fn announce(
    tx: &mut WriteTx,
    req: &WorkRequest,
    runtime_id: RuntimeId,
    task_id: TaskId,
    issue_id: Option<IssueId>,
) {
    tx.announce(ServerEvent::TaskChanged {
        workspace_id: req.workspace_id,
        task_id,
        issue_id,
        chat_session_id: match req.link {
            TaskLink::Chat { session_id } => Some(session_id),
            _ => None,
        },
    });
    tx.announce(ServerEvent::TaskAvailable {
        workspace_id: req.workspace_id,
        runtime_id,
        task_id,
    });
}
