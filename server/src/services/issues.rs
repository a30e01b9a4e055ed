//! Issues and their comments as one transaction each: numbering, assignment (which may ask
//! the agent for a run, spec G.2 path 1), parents without cycles, comments with their
//! mentions and the runs they ask for (path 2, folded per path 3), metadata, reruns (path 7).
//! Every change announces `issue:changed`; every run goes through [`enqueue`].

use crate::access::work::WorkScope;
use crate::access::WriteTx;
use crate::db::issues::{Fields, IssueRow, NewIssue};
use crate::db::{self, comments::NewComment, new_id, now_ms};
use crate::error::ApiError;
use crate::services::enqueue::{authorize_invoke, enqueue, Enqueued, TaskLink, WorkRequest};
use agentry_core::api::issues::{
    CommentCreated, Mention, PartyRef, PartyType, TriggerResult, Triggered,
};
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::work::comments::{agents_asked, CommentAuthor, CommentFacts};
use agentry_core::work::{run_for, IssuePriority, IssueState, IssueStatus, OriginatorSource};
use agentry_core::{validate::ValidationError, AgentId, CommentId, IssueId, TaskId, UserId};
use std::collections::BTreeMap;
use uuid::Uuid;

/// An issue's fields, checked, as a create or update will store them.
#[derive(Debug)]
pub struct Draft {
    pub title: String,
    pub description: String,
    pub status: IssueStatus,
    pub priority: IssuePriority,
    pub assignee: Option<PartyRef>,
    pub parent_issue_id: Option<IssueId>,
    pub metadata: BTreeMap<String, String>,
}

impl Draft {
    fn fields(&self) -> Fields<'_> {
        Fields {
            title: &self.title,
            description: &self.description,
            status: self.status,
            priority: self.priority,
            assignee: self.assignee.map(|a| (a.kind.as_str(), a.id)),
            parent_issue_id: self.parent_issue_id,
            metadata: &self.metadata,
        }
    }

    fn state(&self) -> IssueState {
        IssueState {
            status: self.status,
            agent: agent_of(self.assignee),
        }
    }
}

fn agent_of(assignee: Option<PartyRef>) -> Option<AgentId> {
    assignee
        .filter(|a| a.kind == PartyType::Agent)
        .map(|a| AgentId(a.id))
}

fn changed(scope: &WorkScope, id: IssueId) -> ServerEvent {
    ServerEvent::IssueChanged {
        workspace_id: scope.workspace_id,
        issue_id: id,
    }
}

/// A new assignee must be someone of the workspace: a member (else 400), or an agent the
/// caller may run (else the invoke gate's 403, which also covers agents of nowhere).
async fn check_assignee(
    tx: &mut WriteTx,
    scope: &WorkScope,
    assignee: PartyRef,
) -> Result<(), ApiError> {
    match assignee.kind {
        PartyType::Member => {
            db::members::role(tx, scope.workspace_id, UserId(assignee.id))
                .await?
                .ok_or_else(|| {
                    ApiError::invalid(
                        "assignee.id",
                        "not_a_member",
                        "the assignee is not a member of this workspace",
                    )
                })?;
        }
        PartyType::Agent => {
            authorize_invoke(tx, scope.workspace_id, AgentId(assignee.id), scope.actor()).await?;
        }
    }
    Ok(())
}

/// A parent must be an issue of the workspace that is not the issue itself nor below it.
async fn check_parent(
    tx: &mut WriteTx,
    scope: &WorkScope,
    issue: Option<IssueId>,
    parent: IssueId,
) -> Result<(), ApiError> {
    let cycle = || {
        ApiError::InvalidWithCode(
            "issue_parent_cycle",
            ValidationError::new(
                "parent_issue_id",
                "cycle",
                "an issue cannot sit below itself or one of its own sub-issues",
            ),
        )
    };
    let mut at = Some(parent);
    let mut steps = 0;
    while let Some(current) = at {
        if Some(current) == issue {
            return Err(cycle());
        }
        let Some(above) = db::issues::parent_of(tx, scope.workspace_id, current).await? else {
            return Err(ApiError::invalid(
                "parent_issue_id",
                "not_found",
                "no such issue in this workspace",
            ));
        };
        at = above;
        steps += 1;
        if steps > 10_000 {
            return Err(cycle());
        }
    }
    Ok(())
}

/// Asks `agent` for a run on the issue because of an assignment or a move out of the backlog;
/// the caller (or, for an agent, its run's originator) is the originator.
async fn ask_assignee(
    tx: &mut WriteTx,
    scope: &WorkScope,
    issue: IssueId,
    priority: IssuePriority,
    agent: AgentId,
) -> Result<Enqueued, ApiError> {
    let actor = scope.actor();
    enqueue(
        tx,
        WorkRequest {
            workspace_id: scope.workspace_id,
            agent_id: agent,
            actor,
            originator: actor.effective_user(),
            source: OriginatorSource::Assignment,
            link: TaskLink::Issue {
                issue_id: issue,
                priority: priority.queue_rank(),
                trigger_comment_id: None,
            },
            trigger_summary: None,
            handoff_note: None,
            force_fresh_session: false,
        },
    )
    .await
}

/// Creates an issue; refused (nothing written) when the caller may not assign its agent.
pub async fn create(
    tx: &mut WriteTx,
    scope: &WorkScope,
    draft: &Draft,
    no_start: bool,
) -> Result<IssueId, ApiError> {
    if let Some(assignee) = draft.assignee {
        check_assignee(tx, scope, assignee).await?;
    }
    if let Some(parent) = draft.parent_issue_id {
        check_parent(tx, scope, None, parent).await?;
    }
    let id = IssueId(new_id());
    let (number, _) = db::issues::next_number(tx, scope.workspace_id).await?;
    let (kind, author) = scope.author();
    db::issues::insert(
        tx,
        &NewIssue {
            id,
            workspace_id: scope.workspace_id,
            number,
            fields: draft.fields(),
            creator: (kind, Some(author)),
            origin: None,
            now: now_ms(),
        },
    )
    .await?;
    if let Some(agent) = run_for(None, draft.state(), no_start, scope.acting_agent()) {
        ask_assignee(tx, scope, id, draft.priority, agent).await?;
    }
    tx.announce(changed(scope, id));
    Ok(id)
}

/// Writes `draft` over issue `before` (read under the issue's lock).
pub async fn update(
    tx: &mut WriteTx,
    scope: &WorkScope,
    before: &IssueRow,
    draft: &Draft,
    no_start: bool,
) -> Result<(), ApiError> {
    let old_assignee = before
        .assignee_type
        .as_deref()
        .and_then(PartyType::parse)
        .zip(
            before
                .assignee_id
                .as_deref()
                .and_then(|r| Uuid::parse_str(r).ok()),
        );
    let new_assignee = draft.assignee.map(|a| (a.kind, a.id));
    if let Some(assignee) = draft.assignee.filter(|_| new_assignee != old_assignee) {
        check_assignee(tx, scope, assignee).await?;
    }
    if let Some(parent) = draft
        .parent_issue_id
        .filter(|p| Some(*p) != before.parent_issue_id)
    {
        check_parent(tx, scope, Some(before.id), parent).await?;
    }
    db::issues::update(tx, before.id, &draft.fields(), now_ms()).await?;
    let was = IssueState {
        status: before.status(),
        agent: before.assignee_agent(),
    };
    if let Some(agent) = run_for(Some(was), draft.state(), no_start, scope.acting_agent()) {
        ask_assignee(tx, scope, before.id, draft.priority, agent).await?;
    }
    tx.announce(changed(scope, before.id));
    Ok(())
}

/// A comment, checked, about to be posted.
#[derive(Debug)]
pub struct CommentDraft {
    pub content: String,
    pub mentions: Vec<Mention>,
    pub parent_id: Option<CommentId>,
}

/// Posts a comment on `issue` and asks the agents it asks for work (each through the invoke
/// gate with the author as actor; a refused one is reported, the others still asked).
pub async fn comment(
    tx: &mut WriteTx,
    scope: &WorkScope,
    issue: &IssueRow,
    draft: &CommentDraft,
) -> Result<(CommentId, Vec<Triggered>), ApiError> {
    let replying_to = match draft.parent_id {
        None => None,
        Some(parent) => {
            let row = db::comments::get(tx, issue.id, parent)
                .await?
                .ok_or_else(|| {
                    ApiError::invalid("parent_id", "not_found", "no such comment on this issue")
                })?;
            Some(match (row.author_type.as_str(), row.author_uuid()) {
                ("agent", Some(agent)) => CommentAuthor::Agent(AgentId(agent)),
                _ => CommentAuthor::Member,
            })
        }
    };
    let members: Vec<UserId> = draft
        .mentions
        .iter()
        .filter(|m| m.kind == PartyType::Member)
        .map(|m| UserId(m.id))
        .collect();
    let found =
        db::existing_in_workspace(tx, "members", "user_id", scope.workspace_id, &members).await?;
    if members.iter().any(|m| !found.contains(m)) {
        return Err(ApiError::invalid(
            "mentions",
            "not_a_member",
            "a mentioned person is not a member of this workspace",
        ));
    }
    let (kind, author) = scope.author();
    let id = CommentId(new_id());
    db::comments::insert(
        tx,
        &NewComment {
            id,
            issue_id: issue.id,
            workspace_id: scope.workspace_id,
            author_type: kind,
            author_id: Some(author),
            kind: "comment",
            content: &draft.content,
            parent_id: draft.parent_id,
            source_task_id: scope.task(),
            now: now_ms(),
        },
        &draft.mentions,
    )
    .await?;
    let mentioned: Vec<AgentId> = draft
        .mentions
        .iter()
        .filter(|m| m.kind == PartyType::Agent)
        .map(|m| AgentId(m.id))
        .collect();
    let facts = CommentFacts {
        author: match scope.acting_agent() {
            Some(agent) => CommentAuthor::Agent(agent),
            None => CommentAuthor::Member,
        },
        content: &draft.content,
        mentioned_agents: &mentioned,
        replying_to,
        assignee_agent: issue.assignee_agent(),
    };
    let mut triggered = Vec::new();
    for (agent, _) in agents_asked(&facts) {
        let actor = scope.actor();
        let asked = enqueue(
            tx,
            WorkRequest {
                workspace_id: scope.workspace_id,
                agent_id: agent,
                actor,
                originator: actor.effective_user(),
                source: OriginatorSource::Comment,
                link: TaskLink::Issue {
                    issue_id: issue.id,
                    priority: issue.priority().queue_rank(),
                    trigger_comment_id: Some(id),
                },
                trigger_summary: None,
                handoff_note: None,
                force_fresh_session: false,
            },
        )
        .await;
        triggered.push(match asked {
            Ok(done) => Triggered {
                agent_id: agent,
                result: match done {
                    Enqueued::Queued(_) => TriggerResult::Queued,
                    Enqueued::Coalesced(_) => TriggerResult::Coalesced,
                    Enqueued::AlreadyPending(_) => TriggerResult::AlreadyPending,
                },
                task_id: Some(done.task_id()),
                reason_code: None,
            },
            Err(ApiError::Refused(refusal)) => blocked(agent, refusal.code()),
            Err(ApiError::Conflict(code, _)) => blocked(agent, code),
            Err(other) => return Err(other),
        });
    }
    tx.announce(changed(scope, issue.id));
    Ok((id, triggered))
}

fn blocked(agent: AgentId, code: &str) -> Triggered {
    Triggered {
        agent_id: agent,
        result: TriggerResult::Blocked,
        task_id: None,
        reason_code: Some(code.to_owned()),
    }
}

/// Reads the answer to a posted comment.
pub async fn comment_created(
    tx: &mut WriteTx,
    issue: IssueId,
    id: CommentId,
    triggered: Vec<Triggered>,
) -> Result<CommentCreated, ApiError> {
    let comment = db::comments::list(tx, issue)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(ApiError::NotFound)?;
    Ok(CommentCreated { comment, triggered })
}

/// Replaces the metadata bag of `issue` (read under its lock).
pub async fn set_metadata(
    tx: &mut WriteTx,
    scope: &WorkScope,
    issue: IssueId,
    bag: &BTreeMap<String, String>,
) -> Result<(), ApiError> {
    agentry_core::work::fields::metadata(bag)?;
    db::issues::set_metadata(tx, issue, bag, now_ms()).await?;
    tx.announce(changed(scope, issue));
    Ok(())
}

/// Queues a fresh run of the assignee, or of the agent of an earlier run of this issue.
pub async fn rerun(
    tx: &mut WriteTx,
    scope: &WorkScope,
    issue: &IssueRow,
    task: Option<TaskId>,
) -> Result<TaskId, ApiError> {
    let agent = match task {
        Some(task) => db::issues::agent_of_run(tx, scope.workspace_id, issue.id, task)
            .await?
            .ok_or(ApiError::NotFound)?,
        None => issue.assignee_agent().ok_or_else(|| {
            ApiError::Conflict(
                "issue_has_no_agent",
                "this issue is not assigned to an agent; name a task_id to rerun".into(),
            )
        })?,
    };
    let actor = scope.actor();
    let done = enqueue(
        tx,
        WorkRequest {
            workspace_id: scope.workspace_id,
            agent_id: agent,
            actor,
            originator: actor.effective_user(),
            source: OriginatorSource::Rerun,
            link: TaskLink::Issue {
                issue_id: issue.id,
                priority: issue.priority().queue_rank(),
                trigger_comment_id: None,
            },
            trigger_summary: None,
            handoff_note: None,
            force_fresh_session: true,
        },
    )
    .await?;
    tx.announce(changed(scope, issue.id));
    Ok(done.task_id())
}
