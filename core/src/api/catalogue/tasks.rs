//! Runs of agents for people (`/api/tasks`): every request names its workspace in
//! `X-Workspace-ID`; a task whose agent the caller may not see is not found.

use super::endpoint;
use crate::api::tasks::{Task, TaskMessage, TaskToolCall};
use crate::{TaskId, WorkspaceId};

endpoint! {
    /// The workspace's runs the caller may see, newest first; filter with `?agent_id=`,
    /// `?issue_id=`, `?chat_session_id=`, `?status=`, and `?limit=` (≤ 200, default 50).
    List {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Get "/api/tasks", User, () => 200 Vec<Task>,
    errors ["unauthenticated", "invalid_input", "nul_byte", "not_found"],
    query ["agent_id", "issue_id", "chat_session_id", "status", "limit"],
    workspace |e| e.workspace,
}

endpoint! {
    /// One run: its status, timestamps, attempt, failure, result, originator and what it was
    /// told (the brief's hash and the turn prompt).
    Show {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The task.
        pub id: TaskId,
    }
    Get "/api/tasks/{id}", User, () => 200 Task,
    errors ["unauthenticated", "invalid_input", "not_found"],
    path |e| format!("/api/tasks/{}", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// The run's transcript in order; `?after_seq=` for what came after.
    Messages {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The task.
        pub id: TaskId,
    }
    Get "/api/tasks/{id}/messages", User, () => 200 Vec<TaskMessage>,
    errors ["unauthenticated", "invalid_input", "nul_byte", "not_found"],
    query ["after_seq"],
    path |e| format!("/api/tasks/{}/messages", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// The tool calls the run made to connected apps through the server's MCP broker, oldest
    /// first (at most 500): tool, toolkit, status and duration, never arguments.
    ToolCalls {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The task.
        pub id: TaskId,
    }
    Get "/api/tasks/{id}/tool-calls", User, () => 200 Vec<TaskToolCall>,
    errors ["unauthenticated", "invalid_input", "not_found"],
    path |e| format!("/api/tasks/{}/tool-calls", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// Stops a run (its originator, the agent's owner, or a workspace owner or admin): a
    /// queued one at once, a held one after its daemon is told; 409 `task_finished` when done.
    Cancel {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The task.
        pub id: TaskId,
    }
    Post "/api/tasks/{id}/cancel", User, () => 200 Task,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "unsupported_media_type",
        "not_found", "not_task_canceller", "task_finished"],
    path |e| format!("/api/tasks/{}/cancel", e.id),
    workspace |e| e.workspace,
}
