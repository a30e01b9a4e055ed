//! Every endpoint as a concrete request: the router's own route list
//! (`agentry_server::routes::route_list`) with each path template filled from a set of ids and
//! a valid body, so the tests that must cover every route cannot miss a new one (a route with
//! no request here panics, naming it).

use agentry_server::routes::{route_list, Route};
use axum::http::Method;
use serde_json::{json, Value};

/// The objects a request acts on.
#[derive(Clone, Debug)]
pub struct Ids {
    pub workspace: String,
    pub slug: String,
    /// An active agent.
    pub agent: String,
    /// An archived agent (for restore).
    pub archived_agent: String,
    pub runtime: String,
    /// A personal access token's id (for revoke).
    pub personal_token: String,
    /// A daemon token's id (for revoke).
    pub daemon_token: String,
    /// The member that member routes act on.
    pub member: String,
    pub invitation: String,
    /// The invitation's secret (preview and accept).
    pub invitation_token: String,
    pub profile: String,
    pub team: String,
    /// Whose access the explainer is asked about.
    pub explain_user: String,
    /// A queued task of the active agent on the runtime.
    pub task: String,
    /// An issue assigned to the active agent.
    pub issue: String,
    /// An active agent with a runtime, which work can be queued for.
    pub worker_agent: String,
    /// The object owner's chat session with the worker agent.
    pub chat_session: String,
    /// The object owner's autopilot for the worker agent.
    pub autopilot: String,
}

impl Ids {
    /// Well-formed ids of nothing, for requests refused before any lookup.
    pub fn random() -> Ids {
        let id = || uuid::Uuid::new_v4().to_string();
        Ids {
            workspace: id(),
            slug: "nowhere".into(),
            agent: id(),
            archived_agent: id(),
            runtime: id(),
            personal_token: id(),
            daemon_token: id(),
            member: id(),
            invitation: id(),
            invitation_token: "a".repeat(64),
            profile: id(),
            team: id(),
            explain_user: id(),
            task: id(),
            issue: id(),
            worker_agent: id(),
            chat_session: id(),
            autopilot: id(),
        }
    }
}

/// Which credentials a route takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// None needed (health probes, the API's docs, sign-up and sign-in, the invitation preview).
    Public,
    /// A session cookie or a personal token (`Principal`).
    User,
    /// A daemon or personal token, never a cookie (`DaemonCaller`).
    Daemon,
}

/// The routes that answer without credentials; every other route must refuse them.
pub const PUBLIC: &[(&str, &str)] = &[
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/api/openapi.json"),
    ("GET", "/api/docs"),
    ("GET", "/api/config"),
    ("POST", "/api/auth/register"),
    ("POST", "/api/auth/login"),
    ("GET", "/api/invitations/{token}"),
    ("GET", "/api/integrations/composio/callback"),
];

/// Which credentials `route` takes: the daemon API by its prefix, the public ones by name,
/// every other route a user's.
pub fn access(route: &Route) -> Access {
    if PUBLIC.contains(&(route.method.as_str(), route.path)) {
        Access::Public
    } else if route.path.starts_with("/api/daemon/") {
        Access::Daemon
    } else {
        Access::User
    }
}

/// Every route, as registered.
pub fn routes() -> Vec<Route> {
    route_list()
}

/// `GET /x` style name of a route.
pub fn name(route: &Route) -> String {
    format!("{} {}", route.method, route.path)
}

/// One concrete request.
#[derive(Clone, Debug)]
pub struct Call {
    pub method: Method,
    pub path: String,
    pub body: Option<Value>,
    pub headers: Vec<(&'static str, String)>,
}

/// The request for `route` on `ids`; `n` makes names, slugs and emails unique.
pub fn call(route: &Route, ids: &Ids, n: usize) -> Call {
    let ws = ids.workspace.as_str();
    let body = match (route.method.as_str(), route.path) {
        ("DELETE", "/api/workspaces/{id}") => Some(json!({"confirm_slug": ids.slug})),
        ("GET" | "DELETE", _) => None,
        ("POST", "/api/auth/register") => Some(json!({
            "email": format!("new{n}@example.com"), "name": "New", "password": crate::helpers::PASSWORD,
        })),
        ("POST", "/api/auth/login") => Some(json!({
            "email": "member@example.com", "password": crate::helpers::PASSWORD,
        })),
        ("POST", "/api/auth/logout" | "/api/workspaces/{id}/leave") => None,
        ("PATCH", "/api/me") => Some(json!({"name": format!("Renamed {n}")})),
        ("POST", "/api/tokens") => Some(json!({"name": format!("cli {n}")})),
        ("POST", "/api/integrations/composio/connect/init") => {
            Some(json!({"toolkit_slug": "notion"}))
        }
        ("POST", "/api/agents") => Some(json!({"name": format!("Agent {n}")})),
        ("PUT", "/api/agents/{id}") => Some(json!({"name": format!("Renamed {n}")})),
        ("POST", "/api/agents/{id}/archive" | "/api/agents/{id}/restore") => None,
        ("PATCH", "/api/runtimes/{id}") => Some(json!({"custom_name": format!("Box {n}")})),
        ("POST", "/api/daemon/register") => Some(json!({
            "workspace_id": ws,
            "daemon_id": format!("daemon-{n}"),
            "device_name": "laptop",
            "cli_version": "0.1.0",
            "launched_by": "cli",
            "runtimes": [{"name": "", "type": "codex", "version": "1.0"}],
        })),
        ("POST", "/api/daemon/heartbeat") => Some(json!({"runtime_id": ids.runtime})),
        ("POST", "/api/daemon/deregister") => Some(json!({"runtime_ids": [ids.runtime]})),
        ("POST", "/api/daemon/tasks/claim") => Some(json!({
            "daemon_id": "olivia-box", "runtime_ids": [ids.runtime], "max_tasks": 1,
        })),
        (
            "POST",
            "/api/daemon/tasks/{id}/start"
            | "/api/daemon/tasks/{id}/prepare-lease"
            | "/api/daemon/tasks/{id}/cancel-ack"
            | "/api/daemon/runtimes/{id}/recover-orphans",
        ) => None,
        ("POST", "/api/daemon/tasks/{id}/messages") => Some(json!({
            "messages": [{"seq": n, "type": "text", "content": "hi"}],
        })),
        ("POST", "/api/daemon/tasks/{id}/progress") => Some(json!({"summary": "half"})),
        ("POST", "/api/daemon/tasks/{id}/complete") => Some(json!({"output": "done"})),
        ("POST", "/api/daemon/tasks/{id}/fail") => Some(json!({"error": "boom"})),
        ("POST", "/api/tasks/{id}/cancel") => None,
        ("POST", "/api/workspaces") => {
            Some(json!({"name": "Elsewhere", "slug": format!("elsewhere-{n}")}))
        }
        ("PATCH", "/api/workspaces/{id}") => Some(json!({"name": format!("Acme {n}")})),
        ("PATCH", "/api/workspaces/{id}/members/{user_id}") => Some(json!({"role": "admin"})),
        ("POST", "/api/workspaces/{id}/invitations") => Some(json!({
            "email": format!("invitee{n}@example.com"), "role": "member",
        })),
        ("POST", "/api/workspaces/{id}/daemon-tokens") => {
            Some(json!({"name": format!("laptop {n}")}))
        }
        ("POST", "/api/invitations/{token}/accept") => Some(json!({})),
        ("POST", "/api/workspaces/{id}/runtime-profiles") => Some(json!({
            "display_name": format!("Wrapped {n}"), "protocol_family": "claude",
            "command_name": "wrapper",
        })),
        ("PATCH" | "PUT", "/api/workspaces/{id}/runtime-profiles/{profile_id}") => {
            Some(json!({"display_name": format!("Rewrapped {n}")}))
        }
        ("POST", "/api/workspaces/{id}/teams") => Some(json!({"name": format!("Team {n}")})),
        ("PATCH", "/api/workspaces/{id}/teams/{team_id}") => {
            Some(json!({"name": format!("Renamed {n}")}))
        }
        ("PUT", "/api/workspaces/{id}/teams/{team_id}/members") => {
            Some(json!({"user_ids": [ids.member]}))
        }
        ("POST", "/api/issues") => Some(json!({"title": format!("Issue {n}")})),
        ("PATCH", "/api/issues/{id}") => Some(json!({"title": format!("Retitled {n}")})),
        ("POST", "/api/issues/{id}/comments") => Some(json!({"content": format!("Note {n}")})),
        ("PUT", "/api/issues/{id}/metadata/{key}") => Some(json!({"value": format!("v{n}")})),
        ("POST", "/api/issues/{id}/rerun") => None,
        ("POST", "/api/chat/sessions") => Some(json!({"agent_id": ids.worker_agent})),
        ("POST", "/api/chat/sessions/{id}/messages") => {
            Some(json!({"content": format!("Hello {n}")}))
        }
        ("POST", "/api/chat/sessions/{id}/archive") => None,
        ("POST", "/api/quick-create") => {
            Some(json!({"agent_id": ids.worker_agent, "prompt": format!("Issue {n}")}))
        }
        ("POST", "/api/autopilots") => Some(json!({
            "title": format!("Autopilot {n}"), "description": "Tidy up.",
            "agent_id": ids.worker_agent, "execution_mode": "run_only",
        })),
        ("PATCH", "/api/autopilots/{id}") => Some(json!({"title": format!("Renamed {n}")})),
        ("POST", "/api/autopilots/{id}/run") => None,
        _ => panic!(
            "no request for {}: add its body to tests/api/endpoints.rs",
            name(route)
        ),
    };
    let mut path = fill(route, ids);
    match route.path {
        "/api/events" | "/api/daemon/events" => path.push_str(&format!("?workspace_id={ws}")),
        "/api/agents/{id}/access/explain" => {
            path.push_str(&format!("?user_id={}", ids.explain_user))
        }
        _ => {}
    }
    // Workspace-scoped routes take the workspace as a header: the catalogue says which.
    let headers = if route.scoped {
        vec![("x-workspace-id", ws.to_owned())]
    } else {
        Vec::new()
    };
    Call {
        method: route.method.clone(),
        path,
        body,
        headers,
    }
}

/// The route's path with each `{placeholder}` replaced by the id it names.
fn fill(route: &Route, ids: &Ids) -> String {
    let segments: Vec<&str> = route.path.split('/').collect();
    let filled: Vec<&str> = segments
        .iter()
        .enumerate()
        .map(|(i, segment)| match *segment {
            "{id}" => match segments[i - 1] {
                "agents" if route.path.ends_with("/restore") => ids.archived_agent.as_str(),
                "agents" => &ids.agent,
                "tokens" => &ids.personal_token,
                "runtimes" => &ids.runtime,
                "tasks" => &ids.task,
                "workspaces" => &ids.workspace,
                "issues" => &ids.issue,
                "sessions" => &ids.chat_session,
                "autopilots" => &ids.autopilot,
                // Connected apps are off in the sweep (503 once the caller is known), so any
                // well-formed id will do.
                "connections" => "00000000-0000-4000-8000-000000000001",
                other => panic!("which id is {{id}} under {other}? ({})", name(route)),
            },
            "{user_id}" => &ids.member,
            "{invitation_id}" => &ids.invitation,
            "{token_id}" => &ids.daemon_token,
            "{token}" => &ids.invitation_token,
            "{profile_id}" => &ids.profile,
            "{team_id}" => &ids.team,
            "{key}" => "branch",
            s if s.starts_with('{') => panic!("unknown placeholder {s} in {}", name(route)),
            s => s,
        })
        .collect();
    filled.join("/")
}
