//! Autopilots (`/api/autopilots`): every request names its workspace in `X-Workspace-ID`.
//! Every member reads them; their creator and the workspace's owners and admins change them.

use super::endpoint;
use crate::api::autopilots::{
    Autopilot, AutopilotRun, AutopilotRunStarted, CreateAutopilotRequest, UpdateAutopilotRequest,
};
use crate::{AutopilotId, WorkspaceId};

endpoint! {
    /// The workspace's autopilots with their schedules, newest first.
    List {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Get "/api/autopilots", User, () => 200 Vec<Autopilot>,
    errors ["unauthenticated", "not_found"],
    workspace |e| e.workspace,
}

endpoint! {
    /// Creates an autopilot for an agent the caller may run (403 `invocation_not_allowed`
    /// otherwise); the caller becomes its creator, whose right to run the agent each scheduled
    /// run is checked against.
    Create {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Post "/api/autopilots", User, CreateAutopilotRequest => 201 Autopilot,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "invocation_not_allowed", "invalid_cron",
        "invalid_timezone"],
    workspace |e| e.workspace,
}

endpoint! {
    /// One autopilot with its schedule's next fire times. A running agent's task token of the
    /// workspace may read it too.
    Show {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The autopilot.
        pub id: AutopilotId,
    }
    Get "/api/autopilots/{id}", User, () => 200 Autopilot,
    errors ["unauthenticated", "not_found"],
    path |e| format!("/api/autopilots/{}", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// Changes an autopilot (its creator, or an owner or admin): only keys present change.
    Update {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The autopilot.
        pub id: AutopilotId,
    }
    Patch "/api/autopilots/{id}", User, UpdateAutopilotRequest => 200 Autopilot,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "not_autopilot_editor",
        "invocation_not_allowed", "invalid_cron", "invalid_timezone"],
    path |e| format!("/api/autopilots/{}", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// Deletes an autopilot with its schedule and run history (its creator, or an owner or
    /// admin). Runs already queued carry on.
    Delete {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The autopilot.
        pub id: AutopilotId,
    }
    Delete "/api/autopilots/{id}", User, () => 204 (),
    errors ["unauthenticated", "csrf_failed", "not_found", "not_autopilot_editor"],
    path |e| format!("/api/autopilots/{}", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// "Run now": fires the autopilot on behalf of the caller, who must be allowed to run its
    /// agent (403 `invocation_not_allowed`). Answers 202 with the run, its queued task and, in
    /// `create_issue` mode, the issue it opened.
    Run {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The autopilot.
        pub id: AutopilotId,
    }
    Post "/api/autopilots/{id}/run", User, () => 202 AutopilotRunStarted,
    errors ["unauthenticated", "csrf_failed", "not_found", "invocation_not_allowed",
        "agent_archived", "agent_has_no_runtime"],
    path |e| format!("/api/autopilots/{}/run", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// The autopilot's runs, newest first (at most 100).
    Runs {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The autopilot.
        pub id: AutopilotId,
    }
    Get "/api/autopilots/{id}/runs", User, () => 200 Vec<AutopilotRun>,
    errors ["unauthenticated", "not_found"],
    path |e| format!("/api/autopilots/{}/runs", e.id),
    workspace |e| e.workspace,
}
