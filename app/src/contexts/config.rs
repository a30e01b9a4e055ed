//! The server's public configuration (`GET /api/config`): which optional integrations are on,
//! so the app offers only what works. Loaded by the workspace shell for its pages.

use crate::api::{self, ApiError};
use agentry_core::api::catalogue::config::ShowConfig;
use agentry_core::api::config::ClientConfig;
use leptos::prelude::*;

/// The configuration context.
#[derive(Clone, Copy)]
pub struct ServerConfig {
    config: Resource<Result<ClientConfig, ApiError>>,
}

impl ServerConfig {
    /// Whether connected apps (Composio) are on: `None` while loading, and a failed load counts
    /// as off. Tracked; read it inside a `Suspense` or `Transition` so rendering waits for it.
    /// Read with `try_`, as the session gates do: on the server a `Transition` may re-check its
    /// children after the request's values were disposed, and that render is discarded anyway.
    pub fn apps_on(&self) -> Option<bool> {
        self.config.try_get().flatten().map(|answer| {
            answer
                .map(|config| config.feature_flags.composio_mcp_apps)
                .unwrap_or(false)
        })
    }
}

/// Creates the configuration resource and provides it as context. Create it only where it is
/// read at once inside a `Suspense` or `Transition`: a server render waits for the resources it
/// created, and one nobody reads is a risk to the response (an occasional hang was seen).
pub fn provide_server_config() -> ServerConfig {
    let config = ServerConfig {
        config: Resource::new(|| (), |()| api::call(&ShowConfig, &())),
    };
    provide_context(config);
    config
}

/// The configuration context.
pub fn use_server_config() -> ServerConfig {
    expect_context::<ServerConfig>()
}
