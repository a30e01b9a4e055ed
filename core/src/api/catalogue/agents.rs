//! Agents (`/api/agents`): every request names its workspace in `X-Workspace-ID`.

use super::endpoint;
use crate::api::agents::{
    AccessExplanations, Agent, AgentActivity, AgentBriefs, AgentPermissions, CreateAgentRequest,
    UpdateAgentRequest,
};
use crate::{AgentId, WorkspaceId};

endpoint! {
    /// The workspace's agents the caller may see; `?include_archived=true` adds archived ones.
    List {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// Whether archived agents are listed too.
        pub include_archived: bool,
    }
    Get "/api/agents", User, () => 200 Vec<Agent>,
    errors ["unauthenticated", "invalid_input", "not_found"],
    query ["include_archived"],
    path |e| match e.include_archived {
        true => "/api/agents?include_archived=true".to_owned(),
        false => "/api/agents".to_owned(),
    },
    workspace |e| e.workspace,
}

endpoint! {
    /// Creates an agent owned by the caller.
    Create {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Post "/api/agents", User, CreateAgentRequest => 201 Agent,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "agent_name_taken", "runtime_private",
        "runtime_without_owner"],
    workspace |e| e.workspace,
}

endpoint! {
    /// One agent.
    Show {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The agent.
        pub id: AgentId,
    }
    Get "/api/agents/{id}", User, () => 200 Agent,
    errors ["unauthenticated", "invalid_input", "not_found"],
    path |e| format!("/api/agents/{}", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// Changes an agent: only keys present change; `null` clears the nullable ones.
    Update {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The agent.
        pub id: AgentId,
    }
    Put "/api/agents/{id}", User, UpdateAgentRequest => 200 Agent,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "not_agent_manager", "not_agent_owner",
        "not_apps_owner", "agent_name_taken", "runtime_private", "runtime_without_owner"],
    path |e| format!("/api/agents/{}", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// Archives an agent: it stays listed on request but can no longer run.
    Archive {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The agent.
        pub id: AgentId,
    }
    Post "/api/agents/{id}/archive", User, () => 200 Agent,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "not_found",
        "not_agent_manager"],
    path |e| format!("/api/agents/{}/archive", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// Restores an archived agent.
    Restore {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The agent.
        pub id: AgentId,
    }
    Post "/api/agents/{id}/restore", User, () => 200 Agent,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "not_found",
        "not_agent_manager", "agent_name_taken"],
    path |e| format!("/api/agents/{}/restore", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// What the caller may do with the agent.
    Permissions {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The agent.
        pub id: AgentId,
    }
    Get "/api/agents/{id}/permissions", User, () => 200 AgentPermissions,
    errors ["unauthenticated", "invalid_input", "not_found"],
    path |e| format!("/api/agents/{}/permissions", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// Whether each member may run the agent, and why. With `?user_id=` the answer is that one
    /// person's `AccessExplanation` instead.
    Explain {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The agent.
        pub id: AgentId,
    }
    Get "/api/agents/{id}/access/explain", User, () => 200 AccessExplanations,
    errors ["unauthenticated", "invalid_input", "not_found", "not_agent_manager"],
    query ["user_id"],
    path |e| format!("/api/agents/{}/access/explain", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// The agent's audit trail, newest first.
    Activity {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The agent.
        pub id: AgentId,
    }
    Get "/api/agents/{id}/activity", User, () => 200 Vec<AgentActivity>,
    errors ["unauthenticated", "invalid_input", "not_found", "not_agent_manager"],
    path |e| format!("/api/agents/{}/activity", e.id),
    workspace |e| e.workspace,
}

endpoint! {
    /// The brief each of the four kinds of run of this agent is given (issue, autopilot run,
    /// quick-create, chat): the file it is written to, its SHA-256 and its text. Built by the
    /// claim's own code, so the hash equals what a claimed task of that kind stores, except
    /// for autopilot runs, whose brief adds that autopilot's facts. Whoever may see the agent
    /// may see its briefs.
    Brief {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The agent.
        pub id: AgentId,
    }
    Get "/api/agents/{id}/brief", User, () => 200 AgentBriefs,
    errors ["unauthenticated", "invalid_input", "not_found", "agent_no_access"],
    path |e| format!("/api/agents/{}/brief", e.id),
    workspace |e| e.workspace,
}
