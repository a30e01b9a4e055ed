//! A faithful in-memory fake of Composio v3.1 for tests: the REST operations Agentry uses,
//! the hosted consent page, the tool-router MCP endpoint, and controls to count calls,
//! inject faults and steer state, in-process (`FakeHandle`) or over HTTP (`/_fake/...`).

mod api;
mod error;
mod faults;
mod mcp;
mod seed;
mod state;
mod wire;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

pub use faults::{Fault, FaultKind, Operation};
pub use state::{AccountSnapshot, AccountStatus, NewToolkit};

/// How to start the fake.
#[derive(Clone, Debug)]
pub struct FakeOptions {
    /// 0 picks any free port on 127.0.0.1.
    pub port: u16,
    /// The one `x-api-key` the API and the MCP endpoint accept.
    pub api_key: String,
    /// The origin browsers reach the fake at (consent page, logos, `mcp.url`); the bound
    /// `http://127.0.0.1:PORT` when unset.
    pub public_url: Option<String>,
    /// How long a `timeout` fault holds a request before answering normally.
    pub timeout_hold: Duration,
}

impl Default for FakeOptions {
    fn default() -> Self {
        Self {
            port: 0,
            api_key: "fake-composio-key".to_owned(),
            public_url: None,
            timeout_hold: Duration::from_secs(60),
        }
    }
}

/// A running fake. Dropping it stops the server (held requests end at once).
pub struct FakeHandle {
    addr: SocketAddr,
    shared: Arc<state::Shared>,
    stop: CancellationToken,
}

/// Binds 127.0.0.1 and serves the fake in the background until the handle is dropped.
pub async fn start(options: FakeOptions) -> std::io::Result<FakeHandle> {
    let listener = TcpListener::bind(("127.0.0.1", options.port)).await?;
    let addr = listener.local_addr()?;
    let public_url = options
        .public_url
        .as_deref()
        .map(|u| u.trim_end_matches('/').to_owned())
        .unwrap_or_else(|| format!("http://{addr}"));
    let stop = CancellationToken::new();
    let shared = Arc::new(state::Shared::new(
        options.api_key,
        public_url,
        options.timeout_hold,
        stop.clone(),
    ));
    let router = api::router(shared.clone());
    let shutdown = stop.clone();
    tokio::spawn(async move {
        let served = axum::serve(listener, router)
            .with_graceful_shutdown(async move { shutdown.cancelled().await })
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "fake composio stopped");
        }
    });
    Ok(FakeHandle { addr, shared, stop })
}

impl FakeHandle {
    /// The origin clients use, e.g. `http://127.0.0.1:PORT` (no path).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The origin put into links the browser follows (consent page, logos, `mcp.url`).
    pub fn public_url(&self) -> &str {
        &self.shared.public_url
    }

    pub fn api_key(&self) -> &str {
        &self.shared.api_key
    }

    /// Requests that reached `operation` (after the API key check), each page counted.
    pub fn calls(&self, operation: Operation) -> usize {
        self.shared.calls(operation)
    }

    /// Every operation's count, by name.
    pub fn all_calls(&self) -> std::collections::BTreeMap<&'static str, usize> {
        self.shared.all_calls()
    }

    pub fn reset_calls(&self) {
        self.shared.reset_calls();
    }

    /// Makes `operation` misbehave, once or until cleared.
    pub fn set_fault(&self, operation: Operation, fault: Fault) {
        self.shared.set_fault(operation, fault);
    }

    pub fn clear_faults(&self) {
        self.shared.clear_faults();
    }

    /// How long a `timeout` fault holds its request.
    pub fn set_timeout_hold(&self, hold: Duration) {
        self.shared.set_timeout_hold(hold);
    }

    /// Moves an account to `status` (with the matching `state`); false when unknown.
    pub fn set_account_status(&self, id: &str, status: AccountStatus) -> bool {
        self.shared.set_account_status(id, status)
    }

    /// Adds an account directly, as if its consent had completed with `status`; returns
    /// its `ca_…` id, or None when the auth config is unknown.
    pub fn seed_account(
        &self,
        auth_config_id: &str,
        user_id: &str,
        status: AccountStatus,
    ) -> Option<String> {
        self.shared.seed_account(auth_config_id, user_id, status)
    }

    /// One account as stored, soft-deleted ones included.
    pub fn account(&self, id: &str) -> Option<AccountSnapshot> {
        self.shared.account(id)
    }

    /// Every account as stored, oldest first, soft-deleted ones included.
    pub fn accounts(&self) -> Vec<AccountSnapshot> {
        self.shared.accounts()
    }

    /// Enables or disables an auth config; false when unknown.
    pub fn set_auth_config_enabled(&self, id: &str, enabled: bool) -> bool {
        self.shared.set_auth_config_enabled(id, enabled)
    }

    /// Adds an auth config for a toolkit; returns its `ac_…` id.
    pub fn add_auth_config(&self, toolkit: &str, composio_managed: bool) -> String {
        self.shared.add_auth_config(toolkit, composio_managed)
    }

    /// Adds (or replaces) a toolkit in the catalog.
    pub fn add_toolkit(&self, toolkit: NewToolkit) {
        self.shared.add_toolkit(toolkit);
    }

    /// The id of the newest auth config of a kind for a toolkit, as seeded.
    pub fn auth_config_id(&self, toolkit: &str, composio_managed: bool) -> Option<String> {
        self.shared.auth_config_id(toolkit, composio_managed)
    }

    /// How many tool-router sessions were created.
    pub fn session_count(&self) -> usize {
        self.shared.session_count()
    }

    /// Stops the server now (dropping the handle does the same).
    pub fn shutdown(self) {}
}

impl Drop for FakeHandle {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}
