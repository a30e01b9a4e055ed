//! The agent page's secondary data: what the caller may do, who can run the agent, its activity, and the owner's connected apps and their catalog. Every resource of the page is created at the top of the page, beside the agent,
//! never inside the Transition's content: a resource created in there is created again when
//! the server renders the final HTML, and hydration then finds other nodes than it expects.
//! The lists load only in the browser, once their tab is open (`Ok(None)` until then), so
//! the server and the browser agree on them too.

use crate::api::{self, ApiError};
use agentry_core::api::agents::{Agent, AgentActivity, AgentPermissions, MemberExplanation};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::integrations::{ConnectedApp, Toolkit};
use agentry_core::{AgentId, WorkspaceId};
use leptos::prelude::*;
use std::future::Future;

/// A list loaded after hydration once its tab is open.
pub type Later<T> = Resource<Result<Option<Vec<T>>, ApiError>>;

/// The page's secondary resources.
#[derive(Clone, Copy)]
pub struct Panels {
    /// What the caller may do (server-rendered with the page).
    pub permissions: Resource<Result<AgentPermissions, ApiError>>,
    /// The explainer's answer for every member ("Who can run this?"), in one request.
    pub who: Later<MemberExplanation>,
    /// The audit events (Activity).
    pub activity: Later<AgentActivity>,
    /// The caller's connected apps (MCP Apps; only the owner sees that tab).
    pub connections: Later<ConnectedApp>,
    /// The apps' names and logos (MCP Apps).
    pub toolkits: Later<Toolkit>,
}

/// Loads a list once `open` (its tab is open in the browser); `Ok(None)` until then.
fn later<T, F>(
    open: impl Fn() -> bool + Send + Sync + 'static,
    load: impl Fn() -> F + Send + Sync + 'static,
) -> Later<T>
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Future<Output = Result<Vec<T>, ApiError>> + Send + 'static,
{
    Resource::new(open, move |open| {
        let request = open.then(&load);
        async move {
            match request {
                Some(request) => request.await.map(Some),
                None => Ok(None),
            }
        }
    })
}

/// What the page knows, for the panels' requests.
#[derive(Clone, Copy)]
pub struct PageFacts {
    pub ws: Memo<Option<WorkspaceId>>,
    pub id: Memo<Option<AgentId>>,
    pub agent: Memo<Option<Agent>>,
    /// Whether the list of `tab` should load now: in the browser, that tab open, and the
    /// caller one of the people its endpoint answers (the manage gate).
    pub wanted: Signal<Option<&'static str>>,
}

impl Panels {
    /// Creates the three resources.
    pub fn new(facts: PageFacts) -> Self {
        let PageFacts {
            ws,
            id,
            agent,
            wanted,
        } = facts;
        let permissions = Resource::new(
            move || (ws.get(), id.get()),
            |(ws, id)| {
                let endpoint = ws
                    .zip(id)
                    .map(|(workspace, id)| endpoints::agents::Permissions { workspace, id });
                api::call_known(endpoint, &(), "no such agent")
            },
        );
        // Loaded again whenever the agent's access changes; the server lists the members.
        let who = Resource::new(
            move || {
                let key = (wanted.get() == Some("access"))
                    .then(|| {
                        agent.with(|a| {
                            a.as_ref()
                                .map(|a| (a.id, a.permission_mode, a.invocation_targets.clone()))
                        })
                    })
                    .flatten();
                (ws.get(), key)
            },
            |(ws, key)| {
                let request = key.map(|(id, _, _)| {
                    let endpoint = ws.map(|workspace| endpoints::agents::Explain { workspace, id });
                    api::call_known(endpoint, &(), "no such workspace")
                });
                async move {
                    match request {
                        Some(request) => request.await.map(|all| Some(all.members)),
                        None => Ok(None),
                    }
                }
            },
        );
        let activity = Resource::new(
            move || {
                let key = (wanted.get() == Some("activity"))
                    .then(|| agent.with(|a| a.as_ref().map(|a| (a.id, a.updated_at.clone()))))
                    .flatten();
                (ws.get(), key)
            },
            |(ws, key)| {
                let request = key.map(|(id, _)| {
                    let endpoint =
                        ws.map(|workspace| endpoints::agents::Activity { workspace, id });
                    api::call_known(endpoint, &(), "no such workspace")
                });
                async move {
                    match request {
                        Some(request) => request.await.map(Some),
                        None => Ok(None),
                    }
                }
            },
        );
        let apps_open = move || wanted.get() == Some("apps");
        let connections = later(apps_open, || {
            api::call(&endpoints::integrations::ListConnections, &())
        });
        let toolkits = later(apps_open, || {
            api::call(&endpoints::integrations::ListToolkits, &())
        });
        Self {
            permissions,
            who,
            activity,
            connections,
            toolkits,
        }
    }
}
