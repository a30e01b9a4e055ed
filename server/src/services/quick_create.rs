//! Quick-create (spec G.2 path 4): a member hands an agent a prompt to turn into an issue.
//! The request rides on the task as JSON; the agent creates the issue through the API.

use crate::access::{Membership, WriteTx};
use crate::error::ApiError;
use crate::services::enqueue::{enqueue, TaskLink, WorkRequest};
use agentry_core::agents::Actor;
use agentry_core::work::{IssuePriority, OriginatorSource};
use agentry_core::{AgentId, TaskId};
use serde_json::json;

/// Queues the quick-create run (the invoke gate first, inside [`enqueue`]); the requester is
/// its originator (spec §4.5).
pub async fn request(
    tx: &mut WriteTx,
    member: &Membership,
    agent_id: AgentId,
    prompt: &str,
    priority: IssuePriority,
) -> Result<TaskId, ApiError> {
    let context = json!({
        "type": "quick_create",
        "prompt": prompt,
        "requester_id": member.user_id,
        "workspace_id": member.workspace_id,
        "priority": priority,
    })
    .to_string();
    let queued = enqueue(
        tx,
        WorkRequest {
            workspace_id: member.workspace_id,
            agent_id,
            actor: Actor::Member(member.user_id),
            originator: Some(member.user_id),
            source: OriginatorSource::QuickCreate,
            link: TaskLink::QuickCreate { context },
            trigger_summary: None,
            handoff_note: None,
            force_fresh_session: false,
        },
    )
    .await?;
    Ok(queued.task_id())
}
