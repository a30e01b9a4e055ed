//! `GET /api/config`: which optional integrations this server has on, for the web app.

use crate::state::AppState;
use agentry_core::api::config::{ClientConfig, FeatureFlags};
use axum::extract::State;
use axum::Json;

/// Public: says only what is on, never how it is configured.
pub async fn show(State(state): State<AppState>) -> Json<ClientConfig> {
    Json(ClientConfig {
        feature_flags: FeatureFlags {
            composio_mcp_apps: state.composio.is_some(),
        },
    })
}
