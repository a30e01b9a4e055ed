//! Chat (`/api/chat/sessions`) and quick-create (`/api/quick-create`): every request names
//! its workspace in `X-Workspace-ID`; a session is seen only by the member who started it.

use super::endpoint;
use crate::api::chat::{
    ChatSession, ChatSessionDetail, CreateChatSessionRequest, QuickCreateAccepted,
    QuickCreateRequest, SendChatMessageRequest, SentChatMessage,
};
use crate::{ChatSessionId, WorkspaceId};

endpoint! {
    /// Starts a chat with an agent the caller may run (403 `invocation_not_allowed` otherwise).
    CreateSession {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Post "/api/chat/sessions", User, CreateChatSessionRequest => 201 ChatSession,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "invocation_not_allowed", "agent_archived"],
    workspace |e| e.workspace,
}

endpoint! {
    /// The caller's own chat sessions, most recent activity first.
    ListSessions {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Get "/api/chat/sessions", User, () => 200 Vec<ChatSession>,
    errors ["unauthenticated", "not_found"],
    workspace |e| e.workspace,
}

endpoint! {
    /// One of the caller's sessions with its messages (oldest first) and its latest run.
    ShowSession {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The session.
        pub id: ChatSessionId,
    }
    Get "/api/chat/sessions/{id}", User, () => 200 ChatSessionDetail,
    errors ["unauthenticated", "not_found"],
    path |e| format!("/api/chat/sessions/{}", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// Sends a message and queues the agent's turn. The caller's right to run the agent is
    /// checked again on every message, before anything is stored (403
    /// `invocation_not_allowed`); an archived session answers 409 `chat_session_archived`.
    SendMessage {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The session.
        pub id: ChatSessionId,
    }
    Post "/api/chat/sessions/{id}/messages", User, SendChatMessageRequest => 201 SentChatMessage,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "invocation_not_allowed",
        "chat_session_archived", "agent_archived", "agent_has_no_runtime"],
    path |e| format!("/api/chat/sessions/{}/messages", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// Archives one of the caller's sessions: it stays readable, and takes no more messages.
    ArchiveSession {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The session.
        pub id: ChatSessionId,
    }
    Post "/api/chat/sessions/{id}/archive", User, () => 200 ChatSession,
    errors ["unauthenticated", "csrf_failed", "not_found"],
    path |e| format!("/api/chat/sessions/{}/archive", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// Asks an agent the caller may run to turn a prompt into an issue; answers at once with
    /// the queued run (202).
    QuickCreate {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Post "/api/quick-create", User, QuickCreateRequest => 202 QuickCreateAccepted,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "invocation_not_allowed", "agent_archived",
        "agent_has_no_runtime"],
    workspace |e| e.workspace,
}
