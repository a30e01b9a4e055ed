//! Connected accounts: the connect link, list, retrieve, revoke and (soft) delete.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use super::query::paginate;
use super::{enter, AppState, Query, Reply};
use crate::error::ApiError;
use crate::faults::Operation;
use crate::state::{new_id, AccountStatus};
use crate::wire;

/// Connected-account pages default to this size.
const DEFAULT_LIMIT: usize = 20;

#[derive(Deserialize)]
pub(crate) struct LinkRequest {
    auth_config_id: String,
    user_id: String,
    #[serde(default)]
    callback_url: Option<String>,
}

/// A JSON body, or the error envelope (400) when it does not parse.
pub(crate) fn body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    body.map(|Json(b)| b)
        .map_err(|e| ApiError::bad_request("Request_InvalidBody", e.body_text()))
}

fn not_found() -> ApiError {
    ApiError::not_found("ConnectedAccount_NotFound", "Connected account not found")
}

pub(crate) async fn link(
    State(shared): AppState,
    request: Result<Json<LinkRequest>, JsonRejection>,
) -> Reply {
    enter(&shared, Operation::Link).await?;
    let request = body(request)?;
    if request.user_id.trim().is_empty() {
        return Err(ApiError::bad_request("Request_InvalidBody", "user_id is required").into());
    }
    let seq = shared.next_seq();
    let mut state = shared.lock();
    let config = state
        .auth_config(&request.auth_config_id)
        .ok_or_else(|| ApiError::not_found("AuthConfig_NotFound", "Auth config not found"))?
        .clone();
    if !config.enabled {
        return Err(ApiError::bad_request("AuthConfig_Disabled", "Auth config is disabled").into());
    }
    let token = new_id("lt_");
    let expires = OffsetDateTime::now_utc() + Duration::minutes(10);
    let account = state.add_account(&config, &request.user_id, AccountStatus::Initiated, seq);
    account.link_token = Some(token.clone());
    account.callback_url = request.callback_url;
    account.expires_at = Some(expires);
    Ok(Json(json!({
        "connected_account_id": account.id,
        "redirect_url": wire::consent_url(&shared.public_url, &token),
        "link_token": token,
        "expires_at": wire::iso(expires),
    })))
}

pub(crate) async fn list(State(shared): AppState, query: Query) -> Reply {
    enter(&shared, Operation::ListAccounts).await?;
    let ids = query.list("connected_account_ids");
    let users = query.list("user_ids");
    let toolkits = query.list("toolkit_slugs");
    let configs = query.list("auth_config_ids");
    let statuses = query
        .list("statuses")
        .iter()
        .map(|s| {
            AccountStatus::parse(s).ok_or_else(|| {
                ApiError::bad_request("Request_InvalidQuery", format!("unknown status {s:?}"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let by_updated =
        query.choice("order_by", &["created_at", "updated_at"], "created_at")? == "updated_at";
    let ascending = query.choice("order_direction", &["asc", "desc"], "desc")? == "asc";
    let keep =
        |wanted: &[String], value: &str| wanted.is_empty() || wanted.iter().any(|w| w == value);

    let state = shared.lock();
    let mut accounts: Vec<_> = state
        .accounts
        .iter()
        .filter(|a| !a.deleted)
        .filter(|a| keep(&ids, &a.id) && keep(&users, &a.user_id))
        .filter(|a| keep(&toolkits, &a.toolkit) && keep(&configs, &a.auth_config_id))
        .filter(|a| statuses.is_empty() || statuses.contains(&a.status))
        .collect();
    accounts.sort_by_key(|a| {
        let at = if by_updated {
            a.updated_at
        } else {
            a.created_at
        };
        (at, a.seq)
    });
    if !ascending {
        accounts.reverse();
    }
    let items: Vec<Value> = accounts
        .into_iter()
        .map(|a| wire::account(a, &state, &shared.public_url, false))
        .collect();
    Ok(Json(paginate(items, &query, DEFAULT_LIMIT)?))
}

pub(crate) async fn retrieve(State(shared): AppState, Path(id): Path<String>) -> Reply {
    enter(&shared, Operation::GetAccount).await?;
    let state = shared.lock();
    let account = state
        .accounts
        .iter()
        .find(|a| a.id == id && !a.deleted)
        .ok_or_else(not_found)?;
    Ok(Json(wire::account(
        account,
        &state,
        &shared.public_url,
        true,
    )))
}

pub(crate) async fn revoke(State(shared): AppState, Path(id): Path<String>) -> Reply {
    enter(&shared, Operation::Revoke).await?;
    let mut state = shared.lock();
    let toolkit = state
        .live_account_mut(&id)
        .ok_or_else(not_found)?
        .toolkit
        .clone();
    if state.toolkit(&toolkit).is_some_and(|t| !t.revocable) {
        return Err(ApiError::bad_request(
            "ConnectedAccount_RevocationNotSupported",
            format!("The toolkit {toolkit} does not support programmatic revocation"),
        )
        .into());
    }
    let account = state.live_account_mut(&id).ok_or_else(not_found)?;
    if account.status == AccountStatus::Revoked || !account.ever_active {
        return Err(ApiError::new(
            409,
            "ConnectedAccount_NotRevokable",
            "The connected account is already revoked or never became active",
        )
        .into());
    }
    account.status = AccountStatus::Revoked;
    account.status_reason = Some("Revoked via user-initiated revoke endpoint".to_owned());
    account.updated_at = Some(OffsetDateTime::now_utc());
    Ok(Json(json!({
        "revoked_tokens": ["access_token", "refresh_token"],
        "connected_account": {"id": account.id, "status": "REVOKED"},
    })))
}

pub(crate) async fn delete(State(shared): AppState, Path(id): Path<String>, query: Query) -> Reply {
    enter(&shared, Operation::Delete).await?;
    let revoke = query.bool("revoke_on_delete")?.unwrap_or(false);
    let mut state = shared.lock();
    let account = state.live_account_mut(&id).ok_or_else(not_found)?;
    account.deleted = true;
    account.updated_at = Some(OffsetDateTime::now_utc());
    if !revoke {
        return Ok(Json(json!({"success": true})));
    }
    if account.ever_active && account.status != AccountStatus::Revoked {
        account.status = AccountStatus::Revoked;
        account.status_reason = Some("Revoked as part of connection delete".to_owned());
    }
    Ok(Json(
        json!({"success": true, "revoke_job_id": new_id("job_")}),
    ))
}
