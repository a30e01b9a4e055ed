//! `POST /api/v3.1/tool_router/session`: checks the accounts it is given and answers the
//! full `SessionCreateResponse`, with `mcp.url` on the fake's own origin.

use std::collections::BTreeMap;

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::accounts::body;
use super::{enter, AppState, Reply};
use crate::error::ApiError;
use crate::faults::Operation;
use crate::state::{new_id, AccountStatus, Session, State as Memory};

#[derive(Deserialize)]
pub(crate) struct SessionRequest {
    user_id: String,
    #[serde(default)]
    toolkits: Option<ToolkitChoice>,
    #[serde(default)]
    connected_accounts: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    multi_account: Option<Value>,
}

#[derive(Deserialize)]
struct ToolkitChoice {
    #[serde(default)]
    enable: Option<Vec<String>>,
    #[serde(default)]
    disable: Option<Vec<String>>,
}

fn invalid(slug: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::bad_request(slug, message)
}

pub(crate) async fn create(
    State(shared): AppState,
    request: Result<Json<SessionRequest>, JsonRejection>,
) -> Reply {
    enter(&shared, Operation::Session).await?;
    let request = body(request)?;
    if request.user_id.trim().is_empty() {
        return Err(invalid("Request_InvalidBody", "user_id is required").into());
    }
    let mut state = shared.lock();
    let (enabled, echo) = enabled_toolkits(&state, request.toolkits.as_ref())?;
    let multi = request
        .multi_account
        .as_ref()
        .is_some_and(|m| !matches!(m, Value::Null | Value::Bool(false)));
    if let Some(accounts) = &request.connected_accounts {
        check_accounts(&state, &request.user_id, accounts, multi)?;
    }
    let session_id = new_id("trs_");
    let tools: Vec<String> = enabled
        .iter()
        .filter_map(|slug| state.toolkit(slug))
        .flat_map(|t| t.tools.iter().map(|(name, _)| name.clone()))
        .collect();
    let mut config = json!({
        "user_id": request.user_id,
        "execute": {},
        "preload": {"tools": []},
        "search": {},
    });
    if let Some(echo) = echo {
        config["toolkits"] = echo;
    }
    if let Some(accounts) = &request.connected_accounts {
        config["connected_accounts"] = json!(accounts);
    }
    state.sessions.insert(
        session_id.clone(),
        Session {
            user_id: request.user_id,
            toolkits: enabled,
        },
    );
    Ok(Json(json!({
        "session_id": session_id,
        "mcp": {
            "type": "http",
            "url": format!("{}/tool_router/{session_id}/mcp", shared.public_url),
        },
        "tool_router_tools": tools,
        "config_version": 1,
        "config": config,
    })))
}

/// The session's toolkits, and how the config echoes the choice (`enabled`/`disabled`).
fn enabled_toolkits(
    state: &Memory,
    choice: Option<&ToolkitChoice>,
) -> Result<(Vec<String>, Option<Value>), ApiError> {
    let all = || state.toolkits.iter().map(|t| t.slug.clone());
    let Some(choice) = choice else {
        return Ok((all().collect(), None));
    };
    let unknown = |slugs: &[String]| slugs.iter().find(|s| state.toolkit(s).is_none()).cloned();
    match (&choice.enable, &choice.disable) {
        (Some(_), Some(_)) => Err(invalid(
            "ToolRouter_InvalidToolkits",
            "toolkits.enable and toolkits.disable are mutually exclusive",
        )),
        (Some(enable), None) => match unknown(enable) {
            Some(slug) => Err(invalid(
                "Toolkit_NotFound",
                format!("Unknown toolkit {slug}"),
            )),
            None => Ok((enable.clone(), Some(json!({"enabled": enable})))),
        },
        (None, Some(disable)) => Ok((
            all().filter(|s| !disable.contains(s)).collect(),
            Some(json!({"disabled": disable})),
        )),
        (None, None) => Ok((all().collect(), None)),
    }
}

/// Each account must exist, be live and ACTIVE, belong to the session's user and to the
/// toolkit it is listed under; one per toolkit unless `multi_account`.
fn check_accounts(
    state: &Memory,
    user_id: &str,
    accounts: &BTreeMap<String, Vec<String>>,
    multi: bool,
) -> Result<(), ApiError> {
    for (slug, ids) in accounts {
        if ids.len() > 1 && !multi {
            return Err(invalid(
                "ToolRouter_MultipleAccounts",
                format!("At most one connected account per toolkit ({slug})"),
            ));
        }
        for id in ids {
            let account = state
                .accounts
                .iter()
                .find(|a| &a.id == id && !a.deleted)
                .ok_or_else(|| {
                    ApiError::not_found(
                        "ConnectedAccount_NotFound",
                        format!("Connected account {id} not found"),
                    )
                })?;
            if account.status != AccountStatus::Active {
                return Err(invalid(
                    "ConnectedAccount_NotActive",
                    format!("Connected account {id} is {}", account.status.as_str()),
                ));
            }
            if account.user_id != user_id {
                return Err(invalid(
                    "ConnectedAccount_UserMismatch",
                    format!("Connected account {id} belongs to another user"),
                ));
            }
            if &account.toolkit != slug {
                return Err(invalid(
                    "ConnectedAccount_ToolkitMismatch",
                    format!("Connected account {id} is not a {slug} account"),
                ));
            }
        }
    }
    Ok(())
}
