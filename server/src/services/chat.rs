//! Chat (spec G.2 path 5): starting a session and sending a message, each asking the invoke
//! gate first. A message is gated on every send, before anything is stored, so revoking a
//! member's access stops their very next message (spec §4.6, §9 case 21).

use crate::access::{Membership, WriteTx};
use crate::db::{self, chat::SessionRow, new_id};
use crate::error::ApiError;
use crate::services::enqueue::{self, authorize_invoke, TaskLink, WorkRequest};
use agentry_core::agents::Actor;
use agentry_core::work::OriginatorSource;
use agentry_core::{AgentId, ChatMessageId, ChatSessionId, TaskId};

/// Starts a session with `agent_id` for the member, if they may run it; returns its id.
pub async fn start(
    tx: &mut WriteTx,
    member: &Membership,
    agent_id: AgentId,
    title: &str,
    now: i64,
) -> Result<ChatSessionId, ApiError> {
    let agent = authorize_invoke(
        tx,
        member.workspace_id,
        agent_id,
        Actor::Member(member.user_id),
    )
    .await?;
    if agent.row.archived_at.is_some() {
        return Err(ApiError::Conflict(
            "agent_archived",
            "this agent is archived and takes no new work".into(),
        ));
    }
    let id = ChatSessionId(new_id());
    db::chat::insert_session(
        tx,
        id,
        member.workspace_id,
        agent_id,
        member.user_id,
        title,
        now,
    )
    .await?;
    Ok(id)
}

/// Sends `content` in the member's own `session` and queues the agent's turn; returns the
/// message and its run. The gate comes first; an archived session is 409
/// `chat_session_archived`. Any refusal leaves nothing written (the caller's transaction is
/// dropped).
pub async fn send(
    tx: &mut WriteTx,
    member: &Membership,
    session: &SessionRow,
    content: &str,
    now: i64,
) -> Result<(ChatMessageId, TaskId), ApiError> {
    let actor = Actor::Member(member.user_id);
    authorize_invoke(tx, member.workspace_id, session.agent_id, actor).await?;
    if session.is_archived() {
        return Err(ApiError::Conflict(
            "chat_session_archived",
            "this chat is archived; start a new one to continue".into(),
        ));
    }
    let message_id = ChatMessageId(new_id());
    db::chat::insert_user_message(tx, message_id, session.id, member.user_id, content, now).await?;
    let queued = enqueue::enqueue(
        tx,
        WorkRequest {
            workspace_id: member.workspace_id,
            agent_id: session.agent_id,
            actor,
            originator: Some(member.user_id),
            source: OriginatorSource::Chat,
            link: TaskLink::Chat {
                session_id: session.id,
            },
            trigger_summary: None,
            handoff_note: None,
            force_fresh_session: false,
        },
    )
    .await?;
    let task_id = queued.task_id();
    db::chat::set_message_task(tx, message_id, task_id).await?;
    db::chat::touch(tx, session.id, now).await?;
    Ok((message_id, task_id))
}
