//! Request and response bodies of chat (`/api/chat/sessions`) and quick-create
//! (`/api/quick-create`): a member talking to an agent turn by turn, or handing it a prompt to
//! turn into an issue.

use crate::work::IssuePriority;
use crate::{AgentId, ChatMessageId, ChatSessionId, TaskId, UserId};
use serde::{Deserialize, Serialize};

/// The longest chat message, in characters.
pub const CHAT_MESSAGE_MAX: usize = 50_000;
/// The longest chat session title, in characters.
pub const CHAT_TITLE_MAX: usize = 200;
/// The title a session gets when none is given.
pub const DEFAULT_CHAT_TITLE: &str = "New chat";
/// The longest quick-create prompt, in characters.
pub const QUICK_CREATE_PROMPT_MAX: usize = 10_000;

/// A chat session: one member's conversation with one agent, private to that member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatSession {
    /// Session id.
    pub id: ChatSessionId,
    /// The agent spoken to.
    pub agent_id: AgentId,
    /// The member who started it (the only one who sees it).
    pub creator_id: UserId,
    /// Title.
    pub title: String,
    /// `active`, or `archived` (read-only: sending is refused with 409).
    pub status: String,
    /// When it was started.
    pub created_at: String,
    /// Last activity (a message sent or answered).
    pub updated_at: String,
}

/// One message of a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatMessage {
    /// Message id.
    pub id: ChatMessageId,
    /// `user` (the member) or `assistant` (the agent's answer).
    pub role: String,
    /// The member who wrote it; `null` for the agent's answers.
    pub author_id: Option<UserId>,
    /// Its text.
    pub content: String,
    /// The run it started (a user message) or that wrote it (an answer).
    pub task_id: Option<TaskId>,
    /// Why the run failed, on an answer standing for a failure.
    pub failure_reason: Option<String>,
    /// When it was written.
    pub created_at: String,
}

/// The latest run of a session, for showing "thinking…" or a failure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatTaskState {
    /// The run.
    pub task_id: TaskId,
    /// Its status (`queued`, `running`, `completed`, …).
    pub status: String,
}

/// `GET /api/chat/sessions/{id}`: the session, its messages oldest first, and its latest run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatSessionDetail {
    /// The session.
    pub session: ChatSession,
    /// Every message, oldest first.
    pub messages: Vec<ChatMessage>,
    /// The latest run, if any message was sent.
    pub latest_task: Option<ChatTaskState>,
}

/// `POST /api/chat/sessions`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateChatSessionRequest {
    /// The agent to talk to; the caller must be allowed to run it.
    pub agent_id: AgentId,
    /// Title; absent or blank gives [`DEFAULT_CHAT_TITLE`].
    #[serde(default)]
    pub title: Option<String>,
}

/// `POST /api/chat/sessions/{id}/messages`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendChatMessageRequest {
    /// The message, 1 to [`CHAT_MESSAGE_MAX`] characters.
    pub content: String,
}

/// The answer to sending a message: the stored message and the run that will answer it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SentChatMessage {
    /// The member's message as stored.
    pub message: ChatMessage,
    /// The queued run.
    pub task_id: TaskId,
}

/// `POST /api/quick-create`: ask an agent to turn a prompt into an issue.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuickCreateRequest {
    /// The agent; the caller must be allowed to run it.
    pub agent_id: AgentId,
    /// What the issue should be about, 1 to [`QUICK_CREATE_PROMPT_MAX`] characters.
    pub prompt: String,
    /// The priority the agent should give the issue.
    #[serde(default)]
    pub priority: Option<IssuePriority>,
}

/// The accepted quick-create: the run that will create the issue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuickCreateAccepted {
    /// The queued run.
    pub task_id: TaskId,
}
