//! Agentry's server: the REST API under `/api`, server-rendered pages, the database and
//! background work. `app()` builds the whole router without binding a socket, so tests drive
//! it in-process.

pub mod access;
pub mod auth;
pub mod composio;
pub mod config;
pub mod db;
pub mod error;
pub mod events;
pub mod extract;
pub mod middleware;
pub mod rate_limit;
pub mod routes;
pub mod secrets;
pub mod services;
pub mod ssr;
pub mod state;
pub mod workers;

use axum::Router;
use state::AppState;
use tower_http::compression::CompressionLayer;

/// The complete application: API, pages, static bundle and the cross-cutting layers.
pub fn app(state: AppState) -> Router {
    let api = routes::api_router(state.clone());
    let images = ssr::image_origins(state.composio.as_deref().map(|c| &c.settings));
    let pages = ssr::pages_router(api.clone(), &state.config.site_root, images);
    api.merge(pages)
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(middleware::renew_session_cookie))
        .layer(axum::middleware::from_fn(middleware::security_headers))
        .layer(axum::middleware::from_fn(middleware::request_context))
}
