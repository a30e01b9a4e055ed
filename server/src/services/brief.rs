//! The brief's inputs from stored facts: one function for the claim and for the agent page's
//! preview, so the preview of a kind is byte-identical to the brief a run of that kind gets.

use crate::db::agents::AgentRow;
use crate::db::{self, task_facts};
use crate::error::{ApiError, ApiResult};
use crate::services::claim;
use agentry_core::api::agents::{AgentBriefs, BriefPreview};
use agentry_core::brief::{
    brief_file_name, brief_hash, build_brief, AgentBrief, AutopilotBrief, BriefInputs, TaskKind,
    WorkspaceBrief,
};
use sqlx::AnyConnection;

/// What a brief of `kind` for `agent` is built from. Only `autopilot` is a per-run fact (the
/// autopilot the run belongs to); everything else comes from the agent, its workspace and its
/// runtime's family. The workspace context and the other optional sections stay empty until
/// the workspace has settings for them: when they come, they come here, for both callers.
pub fn inputs(
    kind: TaskKind,
    family: &str,
    agent: &AgentRow,
    workspace: (&str, &str),
    autopilot: Option<AutopilotBrief>,
) -> BriefInputs {
    let (name, issue_key) = workspace;
    let mut inputs = BriefInputs::new(
        kind,
        family,
        AgentBrief {
            id: Some(agent.id),
            name: agent.name.clone(),
            instructions: agent.instructions.clone(),
        },
        WorkspaceBrief {
            name: name.to_owned(),
            issue_key: issue_key.to_owned(),
            context: String::new(),
        },
    );
    inputs.autopilot = autopilot;
    inputs
}

/// The four briefs of `agent`, for `GET /api/agents/{id}/brief`. The family is the one its
/// runtime would be launched with (the claim's own `launch`); an agent without a runtime (never
/// bound, or the runtime was deleted) still gets its briefs, with no family and no file name,
/// since the family never changes the brief's bytes. An archived agent's briefs are shown too:
/// they are what it would be given once restored. The autopilot kind is built without an
/// autopilot (a preview belongs to none) and says so with `per_autopilot`.
pub async fn preview(conn: &mut AnyConnection, agent: &AgentRow) -> ApiResult<AgentBriefs> {
    let (ws_name, issue_key) = task_facts::workspace(&mut *conn, agent.workspace_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let family = match agent.runtime_id {
        Some(id) => match db::runtimes::get_in(&mut *conn, agent.workspace_id, id).await? {
            Some(runtime) => Some(claim::launch(conn, &runtime).await?.provider),
            None => None,
        },
        None => None,
    };
    let file_name = family
        .as_deref()
        .and_then(brief_file_name)
        .map(str::to_owned);
    let briefs = TaskKind::ALL
        .into_iter()
        .map(|kind| {
            let inputs = inputs(
                kind,
                family.as_deref().unwrap_or_default(),
                agent,
                (&ws_name, &issue_key),
                None,
            );
            let text = build_brief(&inputs);
            BriefPreview {
                kind,
                family: family.clone(),
                file_name: file_name.clone(),
                hash: brief_hash(&text),
                text,
                per_autopilot: kind == TaskKind::Autopilot,
            }
        })
        .collect();
    Ok(AgentBriefs { briefs })
}
