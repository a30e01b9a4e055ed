//! The daemon's side of the task queue (`/api/daemon/tasks`): claim, then report. Daemon or
//! personal tokens only; a task whose runtime the caller does not own is a 404.

use super::endpoint;
use crate::api::daemon::StatusOk;
use crate::api::tasks::{
    ClaimRequest, ClaimResponse, CompleteRequest, FailRequest, MessagesAccepted, MessagesRequest,
    ProgressRequest, RecoveredOrphans, Task, TaskStatusAnswer,
};
use crate::{RuntimeId, TaskId};

endpoint! {
    /// Claims up to `max_tasks` queued tasks of the caller's runtimes (spec G.3), each with a
    /// task token shown only here.
    Claim;
    Post "/api/daemon/tasks/claim", Daemon, ClaimRequest => 200 ClaimResponse,
    errors ["unauthenticated", "invalid_input", "nul_byte",
        "unsupported_media_type"],
}

endpoint! {
    /// The daemon started the agent CLI: dispatched or waiting → running (400 otherwise).
    Start {
        /// The task.
        pub id: TaskId,
    }
    Post "/api/daemon/tasks/{id}/start", Daemon, () => 200 Task,
    errors ["unauthenticated", "unsupported_media_type", "not_found", "invalid_transition"],
    path |e| format!("/api/daemon/tasks/{}/start", e.id),
}

endpoint! {
    /// Appends transcript messages; a resent `seq` is ignored and NUL characters are stripped.
    Messages {
        /// The task.
        pub id: TaskId,
    }
    Post "/api/daemon/tasks/{id}/messages", Daemon, MessagesRequest => 200 MessagesAccepted,
    errors ["unauthenticated", "invalid_input", "unsupported_media_type",
        "not_found"],
    path |e| format!("/api/daemon/tasks/{}/messages", e.id),
}

endpoint! {
    /// Reports progress; broadcast to pages, never stored.
    Progress {
        /// The task.
        pub id: TaskId,
    }
    Post "/api/daemon/tasks/{id}/progress", Daemon, ProgressRequest => 200 StatusOk,
    errors ["unauthenticated", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found"],
    path |e| format!("/api/daemon/tasks/{}/progress", e.id),
}

endpoint! {
    /// The run finished well (only from running; on a finished task: the task as it is).
    Complete {
        /// The task.
        pub id: TaskId,
    }
    Post "/api/daemon/tasks/{id}/complete", Daemon, CompleteRequest => 200 Task,
    errors ["unauthenticated", "invalid_input", "unsupported_media_type",
        "not_found", "invalid_transition"],
    path |e| format!("/api/daemon/tasks/{}/complete", e.id),
}

endpoint! {
    /// The run failed; a retryable reason queues one retry (spec G.7).
    Fail {
        /// The task.
        pub id: TaskId,
    }
    Post "/api/daemon/tasks/{id}/fail", Daemon, FailRequest => 200 Task,
    errors ["unauthenticated", "invalid_input", "unsupported_media_type",
        "not_found", "invalid_transition"],
    path |e| format!("/api/daemon/tasks/{}/fail", e.id),
}

endpoint! {
    /// The task's status and whether someone asked to stop it.
    Status {
        /// The task.
        pub id: TaskId,
    }
    Get "/api/daemon/tasks/{id}/status", Daemon, () => 200 TaskStatusAnswer,
    errors ["unauthenticated", "not_found"],
    path |e| format!("/api/daemon/tasks/{}/status", e.id),
}

endpoint! {
    /// Extends the claim-to-start lease by 45 s (dispatched or waiting only).
    PrepareLease {
        /// The task.
        pub id: TaskId,
    }
    Post "/api/daemon/tasks/{id}/prepare-lease", Daemon, () => 200 Task,
    errors ["unauthenticated", "unsupported_media_type", "not_found", "invalid_transition"],
    path |e| format!("/api/daemon/tasks/{}/prepare-lease", e.id),
}

endpoint! {
    /// The daemon stopped a task someone cancelled.
    CancelAck {
        /// The task.
        pub id: TaskId,
    }
    Post "/api/daemon/tasks/{id}/cancel-ack", Daemon, () => 200 Task,
    errors ["unauthenticated", "unsupported_media_type", "not_found"],
    path |e| format!("/api/daemon/tasks/{}/cancel-ack", e.id),
}

endpoint! {
    /// After a daemon restart: fails the runtime's held tasks (`runtime_recovery`) and
    /// retries those that qualify.
    RecoverOrphans {
        /// The runtime.
        pub id: RuntimeId,
    }
    Post "/api/daemon/runtimes/{id}/recover-orphans", Daemon, () => 200 RecoveredOrphans,
    errors ["unauthenticated", "unsupported_media_type", "not_found"],
    path |e| format!("/api/daemon/runtimes/{}/recover-orphans", e.id),
}
