//! The browser's (and SSR's) client for the REST API under `/api`.
//!
//! In the browser it calls the server with gloo-net, sending the session cookie and, for
//! state-changing requests, the CSRF token. During server rendering the same calls go through
//! the server's own API router in-process (see [`SsrApi`]) with the incoming request's cookie,
//! so the first paint has real data and there is only one contract.

use agentry_core::api::catalogue::{Endpoint, Method, WORKSPACE_HEADER};
use agentry_core::api::runtimes::{BoundAgent, RuntimeInUse};
use agentry_core::api::ErrorBody;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

/// An API failure as the UI sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// HTTP status; 0 when the request never reached the server.
    pub status: u16,
    /// Stable code from the error body (`network` for transport failures).
    pub code: String,
    /// The server's English message.
    pub message: String,
    /// The field at fault, for validation errors.
    pub field: Option<String>,
    /// The agents still bound to a runtime or profile a delete refused (409 `RuntimeInUse`).
    #[serde(default)]
    pub agents: Vec<BoundAgent>,
    /// How many more agents are bound that the caller may not see.
    #[serde(default)]
    pub hidden_agents: u32,
}

impl ApiError {
    fn network(message: impl Into<String>) -> Self {
        Self {
            status: 0,
            code: "network".into(),
            message: message.into(),
            field: None,
            agents: Vec::new(),
            hidden_agents: 0,
        }
    }

    /// A 404 for something the UI already knows is missing (no workspace, a malformed id).
    pub fn not_found(message: impl Into<String>) -> Self {
        Self {
            status: 404,
            code: "not_found".into(),
            ..Self::network(message)
        }
    }

    fn from_response(status: u16, body: &str) -> Self {
        let (agents, hidden_agents) = serde_json::from_str::<RuntimeInUse>(body)
            .map(|in_use| (in_use.agents, in_use.hidden_agents))
            .unwrap_or_default();
        match serde_json::from_str::<ErrorBody>(body) {
            Ok(e) => Self {
                status,
                code: e.code,
                message: e.error,
                field: e.field,
                agents,
                hidden_agents,
            },
            Err(_) => Self {
                status,
                code: "unexpected".into(),
                message: format!("HTTP {status}"),
                field: None,
                agents,
                hidden_agents,
            },
        }
    }

    /// True for 401: the caller must sign in.
    pub fn is_unauthenticated(&self) -> bool {
        self.status == 401
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

/// Calls `endpoint` with `body` (`&()` for none) and decodes its answer. The endpoint names the
/// method, the path and, for agents and runtimes, the workspace header: no path is written
/// outside `core`'s catalogue. The future is `Send` on every target, so it can feed a
/// `Resource` directly; contexts are captured when it is created, not when it is polled.
pub fn call<E: Endpoint>(
    endpoint: &E,
    body: &E::Request,
) -> impl Future<Output = Result<E::Response, ApiError>> + Send + 'static
where
    E::Response: 'static,
{
    // `()` serialises as `null`: such endpoints take no body.
    let json = serde_json::to_string(body)
        .ok()
        .filter(|json| json != "null");
    let headers = endpoint
        .workspace()
        .map(|ws| vec![(WORKSPACE_HEADER, ws.to_string())])
        .unwrap_or_default();
    request(E::METHOD, endpoint.path(), json, headers)
}

/// Like [`call`] for an endpoint that may not be known yet (no such workspace or agent in the
/// address): `None` answers 404 with `missing` as the message.
pub fn call_known<E: Endpoint>(
    endpoint: Option<E>,
    body: &E::Request,
    missing: &'static str,
) -> impl Future<Output = Result<E::Response, ApiError>> + Send + 'static
where
    E::Response: 'static,
{
    let request = endpoint.map(|endpoint| call(&endpoint, body));
    async move {
        match request {
            Some(request) => request.await,
            None => Err(ApiError::not_found(missing)),
        }
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

fn request<T: DeserializeOwned + 'static>(
    method: Method,
    path: String,
    body: Option<String>,
    headers: Vec<(&'static str, String)>,
) -> impl Future<Output = Result<T, ApiError>> + Send + 'static {
    let fut = transport::raw(method, path, body, headers);
    async move { decode(&fut.await?) }
}

fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    // An empty body decodes as JSON null, so `()` and `Option` answers work for 204s.
    let text = if body.is_empty() { "null" } else { body };
    serde_json::from_str(text).map_err(|e| ApiError::network(format!("unexpected response: {e}")))
}

#[cfg(feature = "hydrate")]
mod browser;
#[cfg(feature = "ssr")]
mod in_process;
#[cfg(not(any(feature = "hydrate", feature = "ssr")))]
mod none;

#[cfg(feature = "hydrate")]
use browser as transport;
#[cfg(feature = "ssr")]
use in_process as transport;
#[cfg(not(any(feature = "hydrate", feature = "ssr")))]
use none as transport;

pub use transport::set_csrf_token;
#[cfg(feature = "ssr")]
pub use transport::SsrApi;
