//! Autopilot firings (spec G.2 path 6): "Run now" on behalf of the clicking member, and the
//! schedule on behalf of nobody but judged by the autopilot's member creator (spec §4.5,
//! §4.6). `run_only` queues a run linked to the autopilot run; `create_issue` opens an issue
//! assigned to the agent and queues its issue run.

use crate::access::WriteTx;
use crate::db::autopilots::{AutopilotRow, NewRun};
use crate::db::issues::{Fields, NewIssue};
use crate::db::{self, new_id};
use crate::error::ApiError;
use crate::services::enqueue::{enqueue, TaskLink, WorkRequest};
use agentry_core::agents::Actor;
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::work::{
    issue_title, ExecutionMode, IssuePriority, IssueStatus, OriginatorSource, RunSource,
};
use agentry_core::{AutopilotRunId, AutopilotTriggerId, IssueId, TaskId, UserId};
use std::collections::BTreeMap;

/// Who fires an autopilot, and for which slot.
#[derive(Clone, Copy, Debug)]
pub enum Firing {
    /// A member pressed "Run now".
    Manual { member: UserId },
    /// Its schedule came due at `scheduled_for`.
    Schedule {
        trigger_id: AutopilotTriggerId,
        scheduled_for: i64,
    },
}

impl Firing {
    /// Who the invoke gate judges: the clicking member, or the autopilot's creator as a system
    /// actor (an autopilot without a member creator has nobody, and is refused).
    pub fn actor(self, autopilot: &AutopilotRow) -> Actor {
        match self {
            Firing::Manual { member } => Actor::Member(member),
            Firing::Schedule { .. } => Actor::System {
                originator: autopilot.created_by,
            },
        }
    }

    fn source(self) -> RunSource {
        match self {
            Firing::Manual { .. } => RunSource::Manual,
            Firing::Schedule { .. } => RunSource::Schedule,
        }
    }

    fn originator(self) -> (Option<UserId>, OriginatorSource) {
        match self {
            Firing::Manual { member } => (Some(member), OriginatorSource::AutopilotManual),
            // Spec §4.5: no human asked for a scheduled run.
            Firing::Schedule { .. } => (None, OriginatorSource::AutopilotSchedule),
        }
    }

    fn slot(self) -> (Option<AutopilotTriggerId>, Option<i64>) {
        match self {
            Firing::Manual { .. } => (None, None),
            Firing::Schedule {
                trigger_id,
                scheduled_for,
            } => (Some(trigger_id), Some(scheduled_for)),
        }
    }
}

/// What a firing started.
#[derive(Clone, Copy, Debug)]
pub struct Fired {
    pub run_id: AutopilotRunId,
    pub task_id: TaskId,
    pub issue_id: Option<IssueId>,
}

/// Fires the autopilot: records the run, opens the issue in `create_issue` mode and queues
/// the agent's run through [`enqueue`] (which asks the invoke gate before anything it writes
/// matters: a refusal fails the whole transaction). `local_date` fills `{{date}}` in the
/// issue title.
pub async fn fire(
    tx: &mut WriteTx,
    autopilot: &AutopilotRow,
    firing: Firing,
    local_date: &str,
    now: i64,
) -> Result<Fired, ApiError> {
    let run_id = AutopilotRunId(new_id());
    let (trigger_id, scheduled_for) = firing.slot();
    let triggered_by = match firing {
        Firing::Manual { member } => Some(member),
        Firing::Schedule { .. } => None,
    };
    db::autopilots::insert_run(
        tx,
        NewRun {
            id: run_id,
            autopilot_id: autopilot.id,
            trigger_id,
            scheduled_for,
            source: firing.source(),
            status: "pending",
            triggered_by,
            failure_reason: None,
            now,
        },
    )
    .await?;
    let (originator, source) = firing.originator();
    let (link, issue_id, status) = match autopilot.mode() {
        ExecutionMode::RunOnly => (TaskLink::Autopilot { run_id }, None, "running"),
        ExecutionMode::CreateIssue => {
            let issue_id = IssueId(new_id());
            let title = issue_title(
                &autopilot.title,
                autopilot.issue_title_template.as_deref(),
                local_date,
            );
            let (number, _) = db::issues::next_number(tx, autopilot.workspace_id).await?;
            // Opened `todo` for the agent: a scheduled run has no person behind it, so its
            // issue is a system creation; "Run now" credits the member who pressed it.
            let creator = match triggered_by {
                Some(user) => ("member", Some(user.0)),
                None => ("system", None),
            };
            db::issues::insert(
                tx,
                &NewIssue {
                    id: issue_id,
                    workspace_id: autopilot.workspace_id,
                    number,
                    fields: Fields {
                        title: &title,
                        description: &autopilot.description,
                        status: IssueStatus::Todo,
                        priority: IssuePriority::None,
                        assignee: Some(("agent", autopilot.agent_id.0)),
                        parent_issue_id: None,
                        metadata: &BTreeMap::new(),
                    },
                    creator,
                    origin: Some(("autopilot", autopilot.id.0)),
                    now,
                },
            )
            .await?;
            tx.announce(ServerEvent::IssueChanged {
                workspace_id: autopilot.workspace_id,
                issue_id,
            });
            let link = TaskLink::Issue {
                issue_id,
                priority: IssuePriority::None.queue_rank(),
                trigger_comment_id: None,
            };
            (link, Some(issue_id), "issue_created")
        }
    };
    let queued = enqueue(
        tx,
        WorkRequest {
            workspace_id: autopilot.workspace_id,
            agent_id: autopilot.agent_id,
            actor: firing.actor(autopilot),
            originator,
            source,
            link,
            trigger_summary: Some(autopilot.title.clone()),
            handoff_note: None,
            force_fresh_session: false,
        },
    )
    .await?;
    let task_id = queued.task_id();
    db::autopilots::set_run_started(tx, run_id, status, issue_id, task_id).await?;
    Ok(Fired {
        run_id,
        task_id,
        issue_id,
    })
}

/// Records a scheduled fire that did not start anything: `skipped` when the creator may not
/// run the agent (or there is no member creator), `failed` for anything else, with the
/// refusal's code as the reason.
pub async fn record_unfired(
    tx: &mut WriteTx,
    autopilot: &AutopilotRow,
    firing: Firing,
    reason: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let (trigger_id, scheduled_for) = firing.slot();
    let status = match reason {
        agentry_core::refusal::INVOCATION_NOT_ALLOWED => "skipped",
        _ => "failed",
    };
    db::autopilots::insert_run(
        tx,
        NewRun {
            id: AutopilotRunId(new_id()),
            autopilot_id: autopilot.id,
            trigger_id,
            scheduled_for,
            source: firing.source(),
            status,
            triggered_by: None,
            failure_reason: Some(reason),
            now,
        },
    )
    .await
}
