//! The API catalogue: every endpoint named once, with its method, path template, credentials,
//! request and response types and the error codes it may answer with.
//!
//! The server registers its routes from these entries, the OpenAPI document is generated from
//! them, and the browser and the CLI build every request through them, so a path is written
//! in exactly one place. It is a module of `agentry-core` rather than a crate of its own
//! because its whole substance is `core`'s request and response types: a separate crate would
//! depend on `core` for all of them and add a workspace member, a `Cargo.toml` and a wasm32
//! check for a few hundred lines of declarations. The OpenAPI half needs `utoipa`, which only
//! the server wants, so it sits behind the `openapi` feature that wasm32 builds leave off.

pub mod account;
pub mod agents;
pub mod auth;
pub mod autopilots;
pub mod chat;
pub mod config;
pub mod daemon;
pub mod daemon_tasks;
pub mod daemon_tokens;
mod declare;
pub mod docs;
pub mod events;
pub mod health;
pub mod integrations;
pub mod invitations;
pub mod issues;
pub mod members;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod runtime_profiles;
pub mod runtimes;
pub mod tasks;
pub mod teams;
pub mod workspaces;

use crate::WorkspaceId;
use declare::endpoint;
use serde::{de::DeserializeOwned, Serialize};

/// An HTTP method the API routes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// Read.
    Get,
    /// Create or act.
    Post,
    /// Full replacement.
    Put,
    /// Partial update.
    Patch,
    /// Remove.
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Which credentials an endpoint takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// None (health probes, sign-up and sign-in, the invitation preview, the API's own docs).
    Public,
    /// A session cookie (with `X-CSRF-Token` on state-changing requests) or a personal token.
    User,
    /// A daemon token or a personal token, never a cookie.
    Daemon,
}

/// What a successful answer carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Media {
    /// A JSON body of the response type (none for 204).
    Json,
    /// Server-sent events, each `data:` being the response type as JSON.
    EventStream,
    /// An HTML page.
    Html,
    /// A redirect (`302` with a `Location`), no body: where a browser lands after an
    /// outside service sends it back.
    Redirect,
}

/// The request header naming the workspace for the `/api/agents`, `/api/runtimes`,
/// `/api/tasks`, `/api/issues`, `/api/workspace`, `/api/chat`, `/api/quick-create` and
/// `/api/autopilots` routes.
pub const WORKSPACE_HEADER: &str = "X-Workspace-ID";

/// With the `openapi` feature, every body type must also describe its JSON schema; without it
/// this asks nothing, so the browser build carries no schema code.
#[cfg(feature = "openapi")]
pub trait Body: utoipa::ToSchema {}
#[cfg(feature = "openapi")]
impl<T: utoipa::ToSchema> Body for T {}
/// With the `openapi` feature, every body type must also describe its JSON schema; without it
/// this asks nothing, so the browser build carries no schema code.
#[cfg(not(feature = "openapi"))]
pub trait Body {}
#[cfg(not(feature = "openapi"))]
impl<T> Body for T {}

/// One endpoint. A value of the implementing type carries the path parameters (typed ids) and
/// the workspace header, so a client builds the whole request from it and a body.
pub trait Endpoint {
    /// The HTTP method.
    const METHOD: Method;
    /// The path template as the router registers it, e.g. `/api/agents/{id}`.
    const PATH: &'static str;
    /// Which credentials it takes.
    const ACCESS: Access;
    /// The status of a successful answer.
    const STATUS: u16;
    /// What a successful answer carries.
    const MEDIA: Media;
    /// Query parameters it reads (described in the summary).
    const QUERY: &'static [&'static str];
    /// One-paragraph description (the type's doc comment).
    const SUMMARY: &'static str;
    /// The `code`s of the error answers it may give, besides `internal` (any endpoint) and
    /// `not_found` for paths that name no endpoint. The server's API tests fail when the
    /// authorization sweep meets a code the entry does not list.
    const ERRORS: &'static [&'static str];
    /// Whether requests carry [`WORKSPACE_HEADER`].
    const SCOPED: bool;
    /// The JSON body sent; `()` for none.
    type Request: Serialize + Body;
    /// The JSON body answered; `()` for none (204).
    type Response: DeserializeOwned + Body;
    /// The concrete path: the template with this value's parameters, plus its query string.
    fn path(&self) -> String;
    /// The workspace named in [`WORKSPACE_HEADER`], for scoped endpoints.
    fn workspace(&self) -> Option<WorkspaceId> {
        None
    }
}

/// An endpoint's description as data, for listing them all.
#[derive(Clone, Copy, Debug)]
pub struct EndpointInfo {
    /// The implementing type's name, e.g. `List`.
    pub name: &'static str,
    /// The module that declares it, e.g. `agentry_core::api::catalogue::agents`.
    pub module: &'static str,
    /// See [`Endpoint::METHOD`].
    pub method: Method,
    /// See [`Endpoint::PATH`].
    pub path: &'static str,
    /// See [`Endpoint::ACCESS`].
    pub access: Access,
    /// See [`Endpoint::STATUS`].
    pub status: u16,
    /// See [`Endpoint::MEDIA`].
    pub media: Media,
    /// See [`Endpoint::QUERY`].
    pub query: &'static [&'static str],
    /// See [`Endpoint::SUMMARY`].
    pub summary: &'static str,
    /// See [`Endpoint::ERRORS`].
    pub errors: &'static [&'static str],
    /// See [`Endpoint::SCOPED`].
    pub scoped: bool,
    /// The request and response schemas, and the named schemas they refer to.
    #[cfg(feature = "openapi")]
    pub schemas: openapi::SchemasFn,
}

impl EndpointInfo {
    /// The aggregate, the last segment of [`EndpointInfo::module`] (e.g. `agents`).
    pub fn aggregate(&self) -> &'static str {
        self.module.rsplit("::").next().unwrap_or(self.module)
    }
}

/// Gathers the description of `E`; `name` and `module` come from the declaring macro.
pub const fn info<E: Endpoint>(name: &'static str, module: &'static str) -> EndpointInfo {
    EndpointInfo {
        name,
        module,
        method: E::METHOD,
        path: E::PATH,
        access: E::ACCESS,
        status: E::STATUS,
        media: E::MEDIA,
        query: E::QUERY,
        summary: E::SUMMARY,
        errors: E::ERRORS,
        scoped: E::SCOPED,
        #[cfg(feature = "openapi")]
        schemas: openapi::schemas::<E::Request, E::Response>,
    }
}

/// Percent-encodes one path segment (an invitation token taken from an address), keeping only
/// RFC 3986's unreserved characters as they are.
pub fn encode_segment(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Every endpoint, in the order the server registers them.
pub const CATALOGUE: &[EndpointInfo] = &[
    health::Healthz::INFO,
    health::Readyz::INFO,
    docs::OpenApiDocument::INFO,
    docs::DocsPage::INFO,
    config::ShowConfig::INFO,
    integrations::ListToolkits::INFO,
    integrations::ConnectInit::INFO,
    integrations::ListConnections::INFO,
    integrations::Disconnect::INFO,
    integrations::Callback::INFO,
    auth::Register::INFO,
    auth::Login::INFO,
    auth::Logout::INFO,
    account::ShowMe::INFO,
    account::UpdateMe::INFO,
    account::ListTokens::INFO,
    account::CreateToken::INFO,
    account::RevokeToken::INFO,
    events::Events::INFO,
    agents::List::INFO,
    agents::Create::INFO,
    agents::Show::INFO,
    agents::Update::INFO,
    agents::Archive::INFO,
    agents::Restore::INFO,
    agents::Permissions::INFO,
    agents::Explain::INFO,
    agents::Activity::INFO,
    agents::Brief::INFO,
    runtimes::List::INFO,
    runtimes::Update::INFO,
    runtimes::Delete::INFO,
    daemon::Register::INFO,
    daemon::Heartbeat::INFO,
    daemon::Deregister::INFO,
    daemon::Events::INFO,
    daemon::Profiles::INFO,
    daemon_tasks::Claim::INFO,
    daemon_tasks::Start::INFO,
    daemon_tasks::Messages::INFO,
    daemon_tasks::Progress::INFO,
    daemon_tasks::Complete::INFO,
    daemon_tasks::Fail::INFO,
    daemon_tasks::Status::INFO,
    daemon_tasks::PrepareLease::INFO,
    daemon_tasks::CancelAck::INFO,
    daemon_tasks::RecoverOrphans::INFO,
    tasks::List::INFO,
    tasks::Show::INFO,
    tasks::Messages::INFO,
    tasks::ToolCalls::INFO,
    tasks::Cancel::INFO,
    workspaces::List::INFO,
    workspaces::Create::INFO,
    workspaces::Show::INFO,
    workspaces::Update::INFO,
    workspaces::Delete::INFO,
    members::List::INFO,
    members::Update::INFO,
    members::Remove::INFO,
    members::Leave::INFO,
    invitations::List::INFO,
    invitations::Create::INFO,
    invitations::Revoke::INFO,
    invitations::Preview::INFO,
    invitations::Accept::INFO,
    daemon_tokens::List::INFO,
    daemon_tokens::Create::INFO,
    daemon_tokens::Revoke::INFO,
    runtime_profiles::List::INFO,
    runtime_profiles::Create::INFO,
    runtime_profiles::Show::INFO,
    runtime_profiles::Update::INFO,
    runtime_profiles::Replace::INFO,
    runtime_profiles::Delete::INFO,
    teams::List::INFO,
    teams::Create::INFO,
    teams::Show::INFO,
    teams::Update::INFO,
    teams::Delete::INFO,
    teams::SetMembers::INFO,
    issues::List::INFO,
    issues::Create::INFO,
    issues::Show::INFO,
    issues::Update::INFO,
    issues::Children::INFO,
    issues::ListComments::INFO,
    issues::CreateComment::INFO,
    issues::Metadata::INFO,
    issues::SetMetadata::INFO,
    issues::DeleteMetadata::INFO,
    issues::Rerun::INFO,
    issues::ShowWorkspace::INFO,
    chat::CreateSession::INFO,
    chat::ListSessions::INFO,
    chat::ShowSession::INFO,
    chat::SendMessage::INFO,
    chat::ArchiveSession::INFO,
    chat::QuickCreate::INFO,
    autopilots::List::INFO,
    autopilots::Create::INFO,
    autopilots::Show::INFO,
    autopilots::Update::INFO,
    autopilots::Delete::INFO,
    autopilots::Run::INFO,
    autopilots::Runs::INFO,
    issues::Assignees::INFO,
];

#[cfg(test)]
mod tests;
