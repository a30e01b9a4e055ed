//! The REST API router, assembled per resource in one visible place.

mod agents;
mod assignees;
mod auth;
mod autopilots;
mod chat;
mod config;
mod daemon;
mod daemon_tokens;
mod docs;
mod events;
mod health;
mod integrations;
mod invitations;
mod issues;
mod mcp;
mod me;
mod members;
mod quick_create;
mod runtime_profiles;
mod runtimes;
mod tasks;
mod teams;
mod tokens;
mod workspaces;

use crate::state::AppState;
use agentry_core::api::catalogue::{self as api, EndpointInfo};
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{any, on, MethodFilter};
use axum::Router;

/// One endpoint of the API: its method and path template, as registered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    /// Whether the route acts in the workspace its caller names (see `Endpoint::SCOPED`).
    pub scoped: bool,
}

/// Adds endpoints to a router and records each one as it goes, so the list of routes comes
/// from the very calls that register them (axum cannot list a router's routes). Each is
/// registered by its catalogue entry, so its method and path are written only in `core`.
struct Endpoints {
    router: Router<AppState>,
    routes: Vec<Route>,
}

impl Endpoints {
    fn add<H, T>(mut self, endpoint: &EndpointInfo, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let (method, filter) = match endpoint.method {
            api::Method::Get => (Method::GET, MethodFilter::GET),
            api::Method::Post => (Method::POST, MethodFilter::POST),
            api::Method::Put => (Method::PUT, MethodFilter::PUT),
            api::Method::Patch => (Method::PATCH, MethodFilter::PATCH),
            api::Method::Delete => (Method::DELETE, MethodFilter::DELETE),
        };
        self.router = self.router.route(endpoint.path, on(filter, handler));
        self.routes.push(Route {
            method,
            path: endpoint.path,
            scoped: endpoint.scoped,
        });
        self
    }
}

/// Every endpoint: the `/api` routes and the health probes.
fn endpoints() -> Endpoints {
    Endpoints {
        router: Router::new(),
        routes: Vec::new(),
    }
    .add(&api::health::Healthz::INFO, health::healthz)
    .add(&api::health::Readyz::INFO, health::readyz)
    .add(&api::docs::OpenApiDocument::INFO, docs::openapi)
    .add(&api::docs::DocsPage::INFO, docs::page)
    .add(&api::config::ShowConfig::INFO, config::show)
    .add(
        &api::integrations::ListToolkits::INFO,
        integrations::list_toolkits,
    )
    .add(
        &api::integrations::ConnectInit::INFO,
        integrations::connect_init,
    )
    .add(
        &api::integrations::ListConnections::INFO,
        integrations::list_connections,
    )
    .add(
        &api::integrations::Disconnect::INFO,
        integrations::disconnect,
    )
    .add(&api::integrations::Callback::INFO, integrations::callback)
    .add(&api::auth::Register::INFO, auth::register)
    .add(&api::auth::Login::INFO, auth::login)
    .add(&api::auth::Logout::INFO, auth::logout)
    .add(&api::account::ShowMe::INFO, me::show)
    .add(&api::account::UpdateMe::INFO, me::update)
    .add(&api::account::ListTokens::INFO, tokens::list)
    .add(&api::account::CreateToken::INFO, tokens::create)
    .add(&api::events::Events::INFO, events::stream)
    .add(&api::agents::List::INFO, agents::list)
    .add(&api::agents::Create::INFO, agents::create)
    .add(&api::agents::Show::INFO, agents::show)
    .add(&api::agents::Update::INFO, agents::update)
    .add(&api::agents::Archive::INFO, agents::archive)
    .add(&api::agents::Restore::INFO, agents::restore)
    .add(&api::agents::Permissions::INFO, agents::permissions)
    .add(&api::agents::Explain::INFO, agents::explain)
    .add(&api::agents::Activity::INFO, agents::activity)
    .add(&api::agents::Brief::INFO, agents::brief)
    .add(&api::account::RevokeToken::INFO, tokens::revoke)
    .add(&api::runtimes::List::INFO, runtimes::list)
    .add(&api::runtimes::Update::INFO, runtimes::update)
    .add(&api::runtimes::Delete::INFO, runtimes::destroy)
    .add(&api::daemon::Register::INFO, daemon::register)
    .add(&api::daemon::Heartbeat::INFO, daemon::heartbeat)
    .add(&api::daemon::Deregister::INFO, daemon::deregister)
    .add(&api::daemon::Events::INFO, daemon::events)
    .add(&api::daemon::Profiles::INFO, daemon::runtime_profiles)
    .add(&api::daemon_tasks::Claim::INFO, daemon::claim)
    .add(&api::daemon_tasks::Start::INFO, daemon::start)
    .add(&api::daemon_tasks::Messages::INFO, daemon::messages)
    .add(&api::daemon_tasks::Progress::INFO, daemon::progress)
    .add(&api::daemon_tasks::Complete::INFO, daemon::complete)
    .add(&api::daemon_tasks::Fail::INFO, daemon::fail)
    .add(&api::daemon_tasks::Status::INFO, daemon::status)
    .add(
        &api::daemon_tasks::PrepareLease::INFO,
        daemon::prepare_lease,
    )
    .add(&api::daemon_tasks::CancelAck::INFO, daemon::cancel_ack)
    .add(
        &api::daemon_tasks::RecoverOrphans::INFO,
        daemon::recover_orphans,
    )
    .add(&api::tasks::List::INFO, tasks::list)
    .add(&api::tasks::Show::INFO, tasks::show)
    .add(&api::tasks::Messages::INFO, tasks::messages)
    .add(&api::tasks::ToolCalls::INFO, tasks::tool_calls)
    .add(&api::tasks::Cancel::INFO, tasks::cancel)
    .add(&api::workspaces::List::INFO, workspaces::list)
    .add(&api::workspaces::Create::INFO, workspaces::create)
    .add(&api::workspaces::Show::INFO, workspaces::show)
    .add(&api::workspaces::Update::INFO, workspaces::update)
    .add(&api::workspaces::Delete::INFO, workspaces::destroy)
    .add(&api::members::List::INFO, members::list)
    .add(&api::members::Update::INFO, members::update)
    .add(&api::members::Remove::INFO, members::remove)
    .add(&api::members::Leave::INFO, members::leave)
    .add(&api::invitations::List::INFO, invitations::list)
    .add(&api::invitations::Create::INFO, invitations::create)
    .add(&api::invitations::Revoke::INFO, invitations::revoke)
    .add(&api::daemon_tokens::List::INFO, daemon_tokens::list)
    .add(&api::daemon_tokens::Create::INFO, daemon_tokens::create)
    .add(&api::daemon_tokens::Revoke::INFO, daemon_tokens::revoke)
    .add(&api::invitations::Preview::INFO, invitations::preview)
    .add(&api::invitations::Accept::INFO, invitations::accept)
    .add(&api::runtime_profiles::List::INFO, runtime_profiles::list)
    .add(
        &api::runtime_profiles::Create::INFO,
        runtime_profiles::create,
    )
    .add(&api::runtime_profiles::Show::INFO, runtime_profiles::show)
    .add(
        &api::runtime_profiles::Update::INFO,
        runtime_profiles::update,
    )
    .add(
        &api::runtime_profiles::Replace::INFO,
        runtime_profiles::update,
    )
    .add(
        &api::runtime_profiles::Delete::INFO,
        runtime_profiles::destroy,
    )
    .add(&api::teams::List::INFO, teams::list)
    .add(&api::teams::Create::INFO, teams::create)
    .add(&api::teams::Show::INFO, teams::show)
    .add(&api::teams::Update::INFO, teams::update)
    .add(&api::teams::Delete::INFO, teams::destroy)
    .add(&api::teams::SetMembers::INFO, teams::set_members)
    .add(&api::issues::List::INFO, issues::list)
    .add(&api::issues::Create::INFO, issues::create)
    .add(&api::issues::Show::INFO, issues::show)
    .add(&api::issues::Update::INFO, issues::update)
    .add(&api::issues::Children::INFO, issues::children)
    .add(&api::issues::ListComments::INFO, issues::list_comments)
    .add(&api::issues::CreateComment::INFO, issues::create_comment)
    .add(&api::issues::Metadata::INFO, issues::metadata)
    .add(&api::issues::SetMetadata::INFO, issues::set_metadata)
    .add(&api::issues::DeleteMetadata::INFO, issues::delete_metadata)
    .add(&api::issues::Rerun::INFO, issues::rerun)
    .add(&api::issues::ShowWorkspace::INFO, issues::show_workspace)
    .add(&api::chat::CreateSession::INFO, chat::create)
    .add(&api::chat::ListSessions::INFO, chat::list)
    .add(&api::chat::ShowSession::INFO, chat::show)
    .add(&api::chat::SendMessage::INFO, chat::send)
    .add(&api::chat::ArchiveSession::INFO, chat::archive)
    .add(&api::chat::QuickCreate::INFO, quick_create::create)
    .add(&api::autopilots::List::INFO, autopilots::list)
    .add(&api::autopilots::Create::INFO, autopilots::create)
    .add(&api::autopilots::Show::INFO, autopilots::show)
    .add(&api::autopilots::Update::INFO, autopilots::update)
    .add(&api::autopilots::Delete::INFO, autopilots::destroy)
    .add(&api::autopilots::Run::INFO, autopilots::run)
    .add(&api::autopilots::Runs::INFO, autopilots::runs)
    .add(&api::issues::Assignees::INFO, assignees::list)
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
        // The MCP broker speaks MCP, not this REST API: it is no catalogue endpoint.
        .route("/mcp/tasks/{task_id}/composio", any(mcp::composio))
        .with_state(state)
}
