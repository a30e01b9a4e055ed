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
mod runtime_profiles;
mod runtimes;
mod teams;
mod tokens;
mod workspaces;

use crate::state::AppState;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{any, on, MethodFilter};
use axum::Router;

/// One endpoint of the API: its method and path template, as registered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub method: Method,
    pub path: &'static str,
}

/// Adds endpoints to a router and records each one as it goes, so the list of routes comes
/// from the very calls that register them (axum cannot list a router's routes).
struct Endpoints {
    router: Router<AppState>,
    routes: Vec<Route>,
}

impl Endpoints {
    fn add<H, T>(
        mut self,
        (method, filter): (Method, MethodFilter),
        path: &'static str,
        handler: H,
    ) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(path, on(filter, handler));
        self.routes.push(Route { method, path });
        self
    }

    fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add((Method::GET, MethodFilter::GET), path, handler)
    }

    fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add((Method::POST, MethodFilter::POST), path, handler)
    }

    fn put<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add((Method::PUT, MethodFilter::PUT), path, handler)
    }

    fn patch<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add((Method::PATCH, MethodFilter::PATCH), path, handler)
    }

    fn delete<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add((Method::DELETE, MethodFilter::DELETE), path, handler)
    }
}

/// Every endpoint: the `/api` routes and the health probes.
fn endpoints() -> Endpoints {
    Endpoints {
        router: Router::new(),
        routes: Vec::new(),
    }
    .get("/healthz", health::healthz)
    .get("/readyz", health::readyz)
    .post("/api/auth/register", auth::register)
    .post("/api/auth/login", auth::login)
    .post("/api/auth/logout", auth::logout)
    .get("/api/me", me::show)
    .patch("/api/me", me::update)
    .get("/api/tokens", tokens::list)
    .post("/api/tokens", tokens::create)
    .get("/api/events", events::stream)
    .get("/api/agents", agents::list)
    .post("/api/agents", agents::create)
    .get("/api/agents/{id}", agents::show)
    .put("/api/agents/{id}", agents::update)
    .post("/api/agents/{id}/archive", agents::archive)
    .post("/api/agents/{id}/restore", agents::restore)
    .get("/api/agents/{id}/permissions", agents::permissions)
    .get("/api/agents/{id}/access/explain", agents::explain)
    .get("/api/agents/{id}/activity", agents::activity)
    .delete("/api/tokens/{id}", tokens::revoke)
    .get("/api/runtimes", runtimes::list)
    .patch("/api/runtimes/{id}", runtimes::update)
    .delete("/api/runtimes/{id}", runtimes::destroy)
    .post("/api/daemon/register", daemon::register)
    .post("/api/daemon/heartbeat", daemon::heartbeat)
    .post("/api/daemon/deregister", daemon::deregister)
    .get("/api/daemon/events", daemon::events)
    .get(
        "/api/daemon/workspaces/{id}/runtime-profiles",
        daemon::runtime_profiles,
    )
    .get("/api/workspaces", workspaces::list)
    .post("/api/workspaces", workspaces::create)
    .get("/api/workspaces/{id}", workspaces::show)
    .patch("/api/workspaces/{id}", workspaces::update)
    .delete("/api/workspaces/{id}", workspaces::destroy)
    .get("/api/workspaces/{id}/members", members::list)
    .patch("/api/workspaces/{id}/members/{user_id}", members::update)
    .delete("/api/workspaces/{id}/members/{user_id}", members::remove)
    .post("/api/workspaces/{id}/leave", members::leave)
    .get("/api/workspaces/{id}/invitations", invitations::list)
    .post("/api/workspaces/{id}/invitations", invitations::create)
    .delete(
        "/api/workspaces/{id}/invitations/{invitation_id}",
        invitations::revoke,
    )
    .get("/api/workspaces/{id}/daemon-tokens", daemon_tokens::list)
    .post("/api/workspaces/{id}/daemon-tokens", daemon_tokens::create)
    .delete(
        "/api/workspaces/{id}/daemon-tokens/{token_id}",
        daemon_tokens::revoke,
    )
    .get("/api/invitations/{token}", invitations::preview)
    .post("/api/invitations/{token}/accept", invitations::accept)
    .get(
        "/api/workspaces/{id}/runtime-profiles",
        runtime_profiles::list,
    )
    .post(
        "/api/workspaces/{id}/runtime-profiles",
        runtime_profiles::create,
    )
    .get(
        "/api/workspaces/{id}/runtime-profiles/{profile_id}",
        runtime_profiles::show,
    )
    .patch(
        "/api/workspaces/{id}/runtime-profiles/{profile_id}",
        runtime_profiles::update,
    )
    .put(
        "/api/workspaces/{id}/runtime-profiles/{profile_id}",
        runtime_profiles::update,
    )
    .delete(
        "/api/workspaces/{id}/runtime-profiles/{profile_id}",
        runtime_profiles::destroy,
    )
    .get("/api/workspaces/{id}/teams", teams::list)
    .post("/api/workspaces/{id}/teams", teams::create)
    .get("/api/workspaces/{id}/teams/{team_id}", teams::show)
    .patch("/api/workspaces/{id}/teams/{team_id}", teams::update)
    .delete("/api/workspaces/{id}/teams/{team_id}", teams::destroy)
    .put(
        "/api/workspaces/{id}/teams/{team_id}/members",
        teams::set_members,
    )
}

/// The (method, path template) of every endpoint, in registration order, for tests that must
/// cover them all.
pub fn route_list() -> Vec<Route> {
    endpoints().routes
}

/// Every `/api` route plus the health probes, with state applied.
pub fn api_router(state: AppState) -> Router {
    endpoints()
        .router
        // `/api` and `/api/` are API paths too; the wildcard needs at least one segment. These
        // answer 404 for paths that are no endpoint, so they are not in `route_list`.
        .route("/api", any(health::api_not_found))
        .route("/api/", any(health::api_not_found))
        .route("/api/{*rest}", any(health::api_not_found))
        .with_state(state)
}
