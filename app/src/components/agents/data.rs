//! The agents API as the pages call it (every request names the workspace in
//! `X-Workspace-ID`), and the workspace's people and teams the pages name and pick from.

use crate::api::{self, ApiError, Method};
use crate::components::workspace::context::get_in;
use agentry_core::agents::{AccessSetting, PermissionInput};
use agentry_core::api::agents::{Agent, UpdateAgentRequest};
use agentry_core::api::runtimes::Runtime;
use agentry_core::api::{Member, Team};
use agentry_core::{AgentId, TeamId, UserId, WorkspaceId};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

fn headers(ws: WorkspaceId) -> Vec<(&'static str, String)> {
    vec![("X-Workspace-ID", ws.to_string())]
}

fn no_workspace() -> ApiError {
    ApiError {
        status: 404,
        code: "not_found".into(),
        message: "no such workspace".into(),
        field: None,
        agents: Vec::new(),
        hidden_agents: 0,
    }
}

/// `GET path` in workspace `ws`; no workspace answers 404.
pub fn get<T: DeserializeOwned + 'static>(
    ws: Option<WorkspaceId>,
    path: String,
) -> impl Future<Output = Result<T, ApiError>> + Send + 'static {
    let request = ws.map(|ws| api::get_with::<T>(path, headers(ws)));
    async move {
        match request {
            Some(request) => request.await,
            None => Err(no_workspace()),
        }
    }
}

/// A state-changing request in workspace `ws`, decoding the answer.
pub fn send<B: Serialize, T: DeserializeOwned + 'static>(
    method: Method,
    ws: WorkspaceId,
    path: String,
    body: Option<&B>,
) -> impl Future<Output = Result<T, ApiError>> + Send + 'static {
    api::send_with(method, path, body, headers(ws))
}

/// A state-changing request in workspace `ws` whose answer the caller does not need.
pub fn act(
    method: Method,
    ws: WorkspaceId,
    path: String,
) -> impl Future<Output = Result<(), ApiError>> + Send + 'static {
    api::send_empty_with::<()>(method, path, None, headers(ws))
}

/// `GET /api/agents[?include_archived=true]`.
pub fn list_agents(
    ws: Option<WorkspaceId>,
    include_archived: bool,
) -> impl Future<Output = Result<Vec<Agent>, ApiError>> + Send + 'static {
    let query = if include_archived {
        "?include_archived=true"
    } else {
        ""
    };
    get(ws, format!("/api/agents{query}"))
}

/// `GET /api/agents/{id}`; a malformed id in the address answers 404.
pub fn get_agent(
    ws: Option<WorkspaceId>,
    id: Option<AgentId>,
) -> impl Future<Output = Result<Agent, ApiError>> + Send + 'static {
    let request = id.map(|id| get::<Agent>(ws, format!("/api/agents/{id}")));
    async move {
        match request {
            Some(request) => request.await,
            None => Err(ApiError {
                status: 404,
                code: "not_found".into(),
                message: "no such agent".into(),
                field: None,
                agents: Vec::new(),
                hidden_agents: 0,
            }),
        }
    }
}

/// `PUT /api/agents/{id}` with only the access keys: who can run it becomes `setting`.
pub fn update_access(
    ws: WorkspaceId,
    id: AgentId,
    setting: &AccessSetting,
) -> impl Future<Output = Result<Agent, ApiError>> + Send + 'static {
    let body = UpdateAgentRequest {
        access: PermissionInput::from_setting(setting),
        ..Default::default()
    };
    send(Method::Put, ws, format!("/api/agents/{id}"), Some(&body))
}

/// The workspace's people and teams, to name owners and grants and to pick from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Directory {
    /// Everyone in the workspace.
    pub members: Vec<Member>,
    /// Its teams.
    pub teams: Vec<Team>,
    /// The runtimes the caller can see, to name an agent's runtime and to pick one.
    pub runtimes: Vec<Runtime>,
}

impl Directory {
    /// A member's name, if they are one.
    pub fn member_name(&self, id: UserId) -> Option<String> {
        self.members
            .iter()
            .find(|m| m.user_id == id)
            .map(|m| m.name.clone())
    }

    /// A team's name, if it exists.
    pub fn team_name(&self, id: TeamId) -> Option<String> {
        self.teams
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.name.clone())
    }

    /// The display name of the runtime with id `id`, if the caller can see it.
    pub fn runtime_name(&self, id: uuid::Uuid) -> Option<String> {
        self.runtimes
            .iter()
            .find(|r| r.id.0 == id)
            .map(|r| r.display_name().to_owned())
    }

    /// The members except `excluded` (the agent's owner, who always may run it).
    pub fn members_except(&self, excluded: Option<UserId>) -> Vec<Member> {
        self.members
            .iter()
            .filter(|m| Some(m.user_id) != excluded)
            .cloned()
            .collect()
    }
}

/// Loads the members and teams of `ws` together.
pub fn load_directory(
    ws: Option<WorkspaceId>,
) -> impl Future<Output = Result<Directory, ApiError>> + Send + 'static {
    // Both requests are created now, while the render context is at hand.
    let members = get_in::<Vec<Member>>(ws, "/members");
    let teams = get_in::<Vec<Team>>(ws, "/teams");
    let runtimes = get::<Vec<Runtime>>(ws, "/api/runtimes".into());
    async move {
        let (members, teams) = (members.await?, teams.await?);
        // Runtimes only name and offer a machine: without them the agents pages still work.
        let runtimes = runtimes.await.unwrap_or_default();
        Ok(Directory {
            members,
            teams,
            runtimes,
        })
    }
}

/// A boxed future, so requests of one kind can be awaited together.
pub type Pending<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// Awaits every future at once (their requests go out together) and returns the outputs in
/// order.
pub async fn join_all<T>(futures: Vec<Pending<T>>) -> Vec<T> {
    let mut slots: Vec<Option<Pending<T>>> = futures.into_iter().map(Some).collect();
    let mut outputs: Vec<Option<T>> = slots.iter().map(|_| None).collect();
    std::future::poll_fn(move |cx| {
        let mut waiting = false;
        for (slot, output) in slots.iter_mut().zip(outputs.iter_mut()) {
            if let Some(future) = slot {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => {
                        *output = Some(value);
                        *slot = None;
                    }
                    Poll::Pending => waiting = true,
                }
            }
        }
        match waiting {
            true => Poll::Pending,
            false => Poll::Ready(outputs.iter_mut().filter_map(Option::take).collect()),
        }
    })
    .await
}
