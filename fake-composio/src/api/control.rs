//! `/_fake/...`: the handle's controls over HTTP, for browser tests and shell scripts. No API
//! key: the fake only listens on loopback.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::accounts::body;
use super::AppState;
use crate::error::ApiError;
use crate::faults::{Fault, FaultKind, Operation};
use crate::state::{AccountStatus, NewToolkit, Shared};

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/calls", get(calls).delete(reset_calls))
        .route("/faults", post(set_fault).delete(clear_faults))
        .route("/timeout_hold", post(set_hold))
        .route("/accounts", get(accounts).post(seed_account))
        .route("/accounts/{id}/status", post(set_status))
        .route("/auth_configs", post(add_auth_config))
        .route("/auth_configs/{id}/enabled", post(set_enabled))
        .route("/toolkits", post(add_toolkit))
}

type Control = Result<Response, ApiError>;

fn done() -> Control {
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("Fake_InvalidControl", message)
}

async fn calls(State(shared): AppState) -> Json<serde_json::Value> {
    Json(json!(shared.all_calls()))
}

async fn reset_calls(State(shared): AppState) -> Control {
    shared.reset_calls();
    done()
}

#[derive(Deserialize)]
struct FaultRequest {
    operation: String,
    /// `status:503`, `timeout`, `not_found` or `malformed`.
    kind: String,
    #[serde(default)]
    once: bool,
    /// Sets the timeout hold too, in milliseconds.
    #[serde(default)]
    hold_ms: Option<u64>,
}

async fn set_fault(
    State(shared): AppState,
    request: Result<Json<FaultRequest>, JsonRejection>,
) -> Control {
    let request = body(request)?;
    let op = Operation::parse(&request.operation)
        .ok_or_else(|| invalid(format!("unknown operation {:?}", request.operation)))?;
    let kind = FaultKind::parse(&request.kind)
        .ok_or_else(|| invalid(format!("unknown fault kind {:?}", request.kind)))?;
    if let Some(ms) = request.hold_ms {
        shared.set_timeout_hold(Duration::from_millis(ms));
    }
    shared.set_fault(
        op,
        Fault {
            kind,
            once: request.once,
        },
    );
    done()
}

async fn clear_faults(State(shared): AppState) -> Control {
    shared.clear_faults();
    done()
}

#[derive(Deserialize)]
struct HoldRequest {
    ms: u64,
}

async fn set_hold(
    State(shared): AppState,
    request: Result<Json<HoldRequest>, JsonRejection>,
) -> Control {
    shared.set_timeout_hold(Duration::from_millis(body(request)?.ms));
    done()
}

async fn accounts(State(shared): AppState) -> Json<serde_json::Value> {
    Json(json!(shared.accounts()))
}

#[derive(Deserialize)]
struct SeedAccount {
    auth_config_id: String,
    user_id: String,
    status: AccountStatus,
}

async fn seed_account(
    State(shared): AppState,
    request: Result<Json<SeedAccount>, JsonRejection>,
) -> Control {
    let request = body(request)?;
    let id = shared
        .seed_account(&request.auth_config_id, &request.user_id, request.status)
        .ok_or_else(|| ApiError::not_found("AuthConfig_NotFound", "Auth config not found"))?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))).into_response())
}

#[derive(Deserialize)]
struct StatusRequest {
    status: AccountStatus,
}

async fn set_status(
    State(shared): AppState,
    Path(id): Path<String>,
    request: Result<Json<StatusRequest>, JsonRejection>,
) -> Control {
    let status = body(request)?.status;
    if !shared.set_account_status(&id, status) {
        return Err(ApiError::not_found(
            "ConnectedAccount_NotFound",
            "Connected account not found",
        ));
    }
    done()
}

#[derive(Deserialize)]
struct NewAuthConfig {
    toolkit: String,
    #[serde(default)]
    is_composio_managed: bool,
}

async fn add_auth_config(
    State(shared): AppState,
    request: Result<Json<NewAuthConfig>, JsonRejection>,
) -> Control {
    let request = body(request)?;
    let id = shared.add_auth_config(&request.toolkit, request.is_composio_managed);
    Ok((StatusCode::CREATED, Json(json!({"id": id}))).into_response())
}

#[derive(Deserialize)]
struct EnabledRequest {
    enabled: bool,
}

async fn set_enabled(
    State(shared): AppState,
    Path(id): Path<String>,
    request: Result<Json<EnabledRequest>, JsonRejection>,
) -> Control {
    if !shared.set_auth_config_enabled(&id, body(request)?.enabled) {
        return Err(ApiError::not_found(
            "AuthConfig_NotFound",
            "Auth config not found",
        ));
    }
    done()
}

#[derive(Deserialize)]
struct ToolkitRequest {
    slug: String,
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    usage: u32,
    #[serde(default = "yes")]
    revocable: bool,
}

fn yes() -> bool {
    true
}

async fn add_toolkit(
    State(shared): AppState,
    request: Result<Json<ToolkitRequest>, JsonRejection>,
) -> Control {
    let request = body(request)?;
    if request.slug.is_empty()
        || !request
            .slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(invalid("slug must be lower-case letters, digits and _"));
    }
    let category = request.category.unwrap_or_else(|| "Other".to_owned());
    shared.add_toolkit(NewToolkit {
        slug: request.slug,
        name: request.name,
        description: request.description,
        category: (category.to_lowercase().replace(' ', "-"), category),
        usage: request.usage,
        revocable: request.revocable,
    });
    done()
}
