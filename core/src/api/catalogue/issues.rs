//! Issues (`/api/issues`) and the workspace as agents read it (`/api/workspace`). Every
//! request names its workspace in `X-Workspace-ID`; a running agent's task token (`agk_…`) is
//! accepted too, in its own workspace only, and may leave the header out. `{id}` is the
//! issue's UUID or its identifier (`KEY-N`, any case).

use super::endpoint;
use crate::api::issues::{
    Assignees as AssigneeList, Comment, CommentCreated, CreateCommentRequest, CreateIssueRequest,
    Issue, RerunRequest, RerunResponse, SetMetadataRequest, UpdateIssueRequest, WorkspaceInfo,
};
use crate::WorkspaceId;
use std::collections::BTreeMap;

endpoint! {
    /// The workspace's issues, newest first, filtered by `status`, `assignee_type` with
    /// `assignee_id`, and `parent_id`; at most `limit` (default 50, at most 200).
    List {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Get "/api/issues", User, () => 200 Vec<Issue>,
    errors ["unauthenticated", "invalid_input", "nul_byte", "not_found"],
    query ["status", "assignee_type", "assignee_id", "parent_id", "limit"],
    workspace |e| e.workspace,
}

endpoint! {
    /// Creates an issue numbered `KEY-N`. Assigning an agent asks it for a run when the
    /// status starts runs (not `backlog`, `done` or `cancelled`) unless `no_start`; the caller
    /// must be allowed to run the agent (403 `invocation_not_allowed`, nothing written).
    Create {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Post "/api/issues", User, CreateIssueRequest => 201 Issue,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "invocation_not_allowed", "agent_archived", "agent_has_no_runtime"],
    workspace |e| e.workspace,
}

endpoint! {
    /// One issue, by id or identifier.
    Show {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The issue's id or identifier.
        pub id: String,
    }
    Get "/api/issues/{id}", User, () => 200 Issue,
    errors ["unauthenticated", "invalid_input", "not_found"],
    path |e| format!("/api/issues/{}", super::encode_segment(&e.id)),
    workspace |e| e.workspace,
}

endpoint! {
    /// Changes an issue: only keys present change. A new agent assignee, or an assigned issue
    /// leaving the backlog, asks the agent for a run (as on create). A parent that would make
    /// a cycle is 400 `issue_parent_cycle`.
    Update {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The issue's id or identifier.
        pub id: String,
    }
    Patch "/api/issues/{id}", User, UpdateIssueRequest => 200 Issue,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "issue_parent_cycle", "invocation_not_allowed", "agent_archived",
        "agent_has_no_runtime"],
    path |e| format!("/api/issues/{}", super::encode_segment(&e.id)),
    workspace |e| e.workspace,
}

endpoint! {
    /// The issues directly below one, newest first.
    Children {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The issue's id or identifier.
        pub id: String,
    }
    Get "/api/issues/{id}/children", User, () => 200 Vec<Issue>,
    errors ["unauthenticated", "invalid_input", "not_found"],
    path |e| format!("/api/issues/{}/children", super::encode_segment(&e.id)),
    workspace |e| e.workspace,
}

endpoint! {
    /// The issue's comments, oldest first, with their mentions.
    ListComments {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The issue's id or identifier.
        pub id: String,
    }
    Get "/api/issues/{id}/comments", User, () => 200 Vec<Comment>,
    errors ["unauthenticated", "invalid_input", "not_found"],
    path |e| format!("/api/issues/{}/comments", super::encode_segment(&e.id)),
    workspace |e| e.workspace,
}

endpoint! {
    /// Comments on an issue. A comment starting with `/note` asks nobody; mentioned agents are
    /// each asked for a run (one the author may not run is reported `blocked`, the others are
    /// still asked); else a member's top-level comment asks the assigned agent. A comment on
    /// an issue whose run is still queued folds into that run.
    CreateComment {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The issue's id or identifier.
        pub id: String,
    }
    Post "/api/issues/{id}/comments", User, CreateCommentRequest => 201 CommentCreated,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found"],
    path |e| format!("/api/issues/{}/comments", super::encode_segment(&e.id)),
    workspace |e| e.workspace,
}

endpoint! {
    /// The issue's metadata bag.
    Metadata {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The issue's id or identifier.
        pub id: String,
    }
    Get "/api/issues/{id}/metadata", User, () => 200 BTreeMap<String, String>,
    errors ["unauthenticated", "invalid_input", "not_found"],
    path |e| format!("/api/issues/{}/metadata", super::encode_segment(&e.id)),
    workspace |e| e.workspace,
}

endpoint! {
    /// Sets one metadata key (`[A-Za-z0-9_.-]`, at most 64) to a string; answers the bag.
    SetMetadata {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The issue's id or identifier.
        pub id: String,
        /// The key.
        pub key: String,
    }
    Put "/api/issues/{id}/metadata/{key}", User, SetMetadataRequest => 200 BTreeMap<String, String>,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found"],
    path |e| format!(
        "/api/issues/{}/metadata/{}",
        super::encode_segment(&e.id),
        super::encode_segment(&e.key)
    ),
    workspace |e| e.workspace,
}

endpoint! {
    /// Removes one metadata key (204 whether or not it was set).
    DeleteMetadata {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The issue's id or identifier.
        pub id: String,
        /// The key.
        pub key: String,
    }
    Delete "/api/issues/{id}/metadata/{key}", User, () => 204 (),
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte", "not_found"],
    path |e| format!(
        "/api/issues/{}/metadata/{}",
        super::encode_segment(&e.id),
        super::encode_segment(&e.key)
    ),
    workspace |e| e.workspace,
}

endpoint! {
    /// Queues a fresh run (new session) of the assigned agent, or of the agent of `task_id`
    /// (an earlier run of this issue). A run already pending for that agent is answered
    /// instead. 409 `issue_has_no_agent` when neither names an agent.
    Rerun {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The issue's id or identifier.
        pub id: String,
    }
    Post "/api/issues/{id}/rerun", User, RerunRequest => 202 RerunResponse,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "invocation_not_allowed", "issue_has_no_agent", "agent_archived",
        "agent_has_no_runtime"],
    path |e| format!("/api/issues/{}/rerun", super::encode_segment(&e.id)),
    workspace |e| e.workspace,
}

endpoint! {
    /// The workspace named by `X-Workspace-ID` (for a task token: its own), with its issue
    /// key: what `agentry workspace get` shows a running agent.
    ShowWorkspace {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Get "/api/workspace", User, () => 200 WorkspaceInfo,
    errors ["unauthenticated", "invalid_input", "not_found"],
    workspace |e| e.workspace,
}

endpoint! {
    /// Who may be assigned or mentioned: every member, and the agents the caller may ask for
    /// work. A task token may leave the header out.
    Assignees {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Get "/api/workspace/assignees", User, () => 200 AssigneeList,
    errors ["unauthenticated", "invalid_input", "not_found"],
    workspace |e| e.workspace,
}
