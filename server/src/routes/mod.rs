//! The REST API router, assembled per resource in one visible place.

mod agents;
mod auth;
mod daemon;
mod daemon_tokens;
mod events;
mod health;
mod invitations;
mod me;
mod members;
mod runtimes;
mod runtime_profiles;
mod teams;
mod tokens;
mod workspaces;

use crate::state::AppState;
use axum::routing::{any, delete, get, patch, post, put};
use axum::Router;

/// Every `/api` route plus the health probes, with state applied.
pub fn api_router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/api/auth/register", post(auth::register))
        .route("/api/auth/login", post(auth::login))
        .route("/api/auth/logout", post(auth::logout))
        .route("/api/me", get(me::show).patch(me::update))
        .route("/api/tokens", get(tokens::list).post(tokens::create))
        .route("/api/events", get(events::stream))
        .route("/api/agents", get(agents::list).post(agents::create))
        .route("/api/agents/{id}", get(agents::show).put(agents::update))
        .route("/api/agents/{id}/archive", post(agents::archive))
        .route("/api/agents/{id}/restore", post(agents::restore))
        .route("/api/agents/{id}/permissions", get(agents::permissions))
        .route("/api/agents/{id}/access/explain", get(agents::explain))
        .route("/api/agents/{id}/activity", get(agents::activity))
        .route("/api/tokens/{id}", delete(tokens::revoke))
        .route("/api/runtimes", get(runtimes::list))
        .route(
            "/api/runtimes/{id}",
            patch(runtimes::update).delete(runtimes::destroy),
        )
        .route("/api/daemon/register", post(daemon::register))
        .route("/api/daemon/heartbeat", post(daemon::heartbeat))
        .route("/api/daemon/deregister", post(daemon::deregister))
        .route("/api/daemon/events", get(daemon::events))
        .route(
            "/api/daemon/workspaces/{id}/runtime-profiles",
            get(daemon::runtime_profiles),
        )
        .route(
            "/api/workspaces",
            get(workspaces::list).post(workspaces::create),
        )
        .route(
            "/api/workspaces/{id}",
            get(workspaces::show)
                .patch(workspaces::update)
                .delete(workspaces::destroy),
        )
        .route("/api/workspaces/{id}/members", get(members::list))
        .route(
            "/api/workspaces/{id}/members/{user_id}",
            patch(members::update).delete(members::remove),
        )
        .route("/api/workspaces/{id}/leave", post(members::leave))
        .route(
            "/api/workspaces/{id}/invitations",
            get(invitations::list).post(invitations::create),
        )
        .route(
            "/api/workspaces/{id}/invitations/{invitation_id}",
            delete(invitations::revoke),
        )
        .route(
            "/api/workspaces/{id}/daemon-tokens",
            get(daemon_tokens::list).post(daemon_tokens::create),
        )
        .route(
            "/api/workspaces/{id}/daemon-tokens/{token_id}",
            delete(daemon_tokens::revoke),
        )
        .route("/api/invitations/{token}", get(invitations::preview))
        .route("/api/invitations/{token}/accept", post(invitations::accept))
        .route(
            "/api/workspaces/{id}/runtime-profiles",
            get(runtime_profiles::list).post(runtime_profiles::create),
        )
        .route(
            "/api/workspaces/{id}/runtime-profiles/{profile_id}",
            get(runtime_profiles::show)
                .patch(runtime_profiles::update)
                .put(runtime_profiles::update)
                .delete(runtime_profiles::destroy),
        )
        .route(
            "/api/workspaces/{id}/teams",
            get(teams::list).post(teams::create),
        )
        .route(
            "/api/workspaces/{id}/teams/{team_id}",
            get(teams::show).patch(teams::update).delete(teams::destroy),
        )
        .route(
            "/api/workspaces/{id}/teams/{team_id}/members",
            put(teams::set_members),
        )
        // `/api` and `/api/` are API paths too; the wildcard needs at least one segment.
        .route("/api", any(health::api_not_found))
        .route("/api/", any(health::api_not_found))
        .route("/api/{*rest}", any(health::api_not_found))
        .with_state(state)
}
