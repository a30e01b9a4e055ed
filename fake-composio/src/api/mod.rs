//! The whole router in one place: the v3.1 API behind the key check, the consent page and
//! logos for browsers, the MCP endpoint, and the `/_fake` controls.

mod accounts;
mod catalog;
mod connect;
mod control;
mod query;
mod session;

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use serde_json::Value;

use crate::error::{request_id, ApiError};
use crate::faults::{FaultKind, Operation};
use crate::state::Shared;

pub(crate) use query::Query;

pub(crate) type AppState = State<Arc<Shared>>;

/// Why a request did not get its normal answer.
pub(crate) enum Failure {
    Api(ApiError),
    Raw(Response),
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        Self::Api(e)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        match self {
            Self::Api(e) => e.into_response(),
            Self::Raw(r) => r,
        }
    }
}

pub(crate) type Reply = Result<Json<Value>, Failure>;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let v31 = Router::new()
        .route("/connected_accounts/link", post(accounts::link))
        .route("/connected_accounts", get(accounts::list))
        .route(
            "/connected_accounts/{id}",
            get(accounts::retrieve).delete(accounts::delete),
        )
        .route("/connected_accounts/{id}/revoke", post(accounts::revoke))
        .route("/auth_configs", get(catalog::auth_configs))
        .route("/toolkits", get(catalog::toolkits))
        .route("/tool_router/session", post(session::create))
        .fallback(unknown_api)
        .layer(middleware::from_fn_with_state(shared.clone(), require_key));
    Router::new()
        .nest("/api/v3.1", v31)
        .route("/tool_router/{session_id}/mcp", any(crate::mcp::serve))
        .route("/connect/{token}", get(connect::page).post(connect::decide))
        .route("/logos/{file}", get(catalog::logo))
        .nest("/_fake", control::router())
        .fallback(unknown_api)
        .layer(middleware::from_fn(add_request_id))
        .with_state(shared)
}

/// Counts the request and applies the operation's fault, if one is set.
pub(crate) async fn enter(shared: &Shared, op: Operation) -> Result<(), Failure> {
    shared.count(op);
    match shared.take_fault(op) {
        None => Ok(()),
        Some(FaultKind::Status(code)) => Err(ApiError::new(
            code,
            "Fake_InjectedFault",
            format!("injected fault: status {code}"),
        )
        .into()),
        Some(FaultKind::NotFound) => {
            Err(ApiError::not_found("Fake_InjectedNotFound", "injected fault: not found").into())
        }
        Some(FaultKind::Malformed) => Err(Failure::Raw(
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                "{\"items\": [{\"id\": ",
            )
                .into_response(),
        )),
        Some(FaultKind::Timeout) => {
            tokio::select! {
                () = tokio::time::sleep(shared.timeout_hold()) => {}
                () = shared.stop.cancelled() => {}
            }
            Ok(())
        }
    }
}

pub(crate) fn key_ok(shared: &Shared, headers: &axum::http::HeaderMap) -> bool {
    headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|k| k == shared.api_key)
}

async fn require_key(State(shared): AppState, request: Request, next: Next) -> Response {
    if key_ok(&shared, request.headers()) {
        next.run(request).await
    } else {
        ApiError::unauthorized().into_response()
    }
}

/// Every answer carries an `x-request-id`, as Composio's do.
async fn add_request_id(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if !response.headers().contains_key("x-request-id") {
        if let Ok(value) = HeaderValue::from_str(&request_id()) {
            response.headers_mut().insert("x-request-id", value);
        }
    }
    response
}

async fn unknown_api() -> ApiError {
    ApiError::not_found("Route_NotFound", "No such route")
}
