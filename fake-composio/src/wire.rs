//! The JSON the fake answers, shaped exactly like the official SDK's models (composio-wire.md
//! §1 and §2): every required field, and no key the models do not know.

use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::state::{AccountSnapshot, AccountStatus, AuthConfig, State, Toolkit};

/// ISO 8601 in UTC, as Composio sends timestamps.
pub fn iso(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

fn iso_opt(at: Option<OffsetDateTime>) -> String {
    iso(at.unwrap_or_else(OffsetDateTime::now_utc))
}

pub fn logo_url(public_url: &str, slug: &str) -> String {
    format!("{public_url}/logos/{slug}.svg")
}

pub fn consent_url(public_url: &str, link_token: &str) -> String {
    format!("{public_url}/connect/{link_token}")
}

/// `state`, the union keyed by `authScheme` and `val.status`; OAUTH2 variants carry the keys
/// the SDK requires for each status. Credentials are dummies.
pub fn account_state(account: &AccountSnapshot, public_url: &str) -> Value {
    let status = account.status.as_str();
    let val = match account.status {
        AccountStatus::Initiated => {
            let token = account.link_token.as_deref().unwrap_or_default();
            json!({"status": status, "redirectUrl": consent_url(public_url, token)})
        }
        AccountStatus::Active | AccountStatus::Inactive => {
            json!({"status": status, "access_token": "fake-access-token"})
        }
        _ => json!({"status": status}),
    };
    json!({"authScheme": "OAUTH2", "val": val})
}

/// A connected account; `with_params` for the retrieve shape.
pub fn account(
    account: &AccountSnapshot,
    state: &State,
    public_url: &str,
    with_params: bool,
) -> Value {
    let config = state.auth_config(&account.auth_config_id);
    let mut value = json!({
        "id": account.id,
        "user_id": account.user_id,
        "status": account.status.as_str(),
        "status_reason": account.status_reason,
        "is_disabled": false,
        "created_at": iso_opt(account.created_at),
        "updated_at": iso_opt(account.updated_at),
        "data": {},
        "state": account_state(account, public_url),
        "auth_config": {
            "id": account.auth_config_id,
            "auth_scheme": "OAUTH2",
            "is_composio_managed": config.is_some_and(|c| c.managed),
            "is_disabled": config.is_some_and(|c| !c.enabled),
        },
        "toolkit": {"slug": account.toolkit},
    });
    if with_params {
        value["params"] = json!({});
    }
    value
}

pub fn auth_config(config: &AuthConfig, connections: usize, public_url: &str) -> Value {
    json!({
        "id": config.id,
        "uuid": config.uuid,
        "name": config.name,
        "no_of_connections": connections,
        "status": if config.enabled { "ENABLED" } else { "DISABLED" },
        "type": if config.managed { "default" } else { "custom" },
        "tool_access_config": {},
        "toolkit": {"slug": config.toolkit, "logo": logo_url(public_url, &config.toolkit)},
        "is_composio_managed": config.managed,
        "auth_scheme": "OAUTH2",
        "created_at": iso(config.created_at),
        "last_updated_at": iso(config.updated_at),
    })
}

pub fn toolkit(toolkit: &Toolkit, managed_auth: bool, public_url: &str) -> Value {
    let (cat_id, cat_name) = &toolkit.category;
    let created = iso(time::macros::datetime!(2025-06-01 00:00:00 UTC));
    json!({
        "slug": toolkit.slug,
        "name": toolkit.name,
        "type": "native",
        "is_local_toolkit": false,
        "deprecated": {"toolkitId": format!("tk_{}", toolkit.slug)},
        "meta": {
            "logo": logo_url(public_url, &toolkit.slug),
            "categories": [{"id": cat_id, "name": cat_name}],
            "description": toolkit.description,
            "created_at": created,
            "updated_at": created,
            "version": "20260101_00",
            "tools_count": toolkit.tools.len(),
            "triggers_count": 0,
        },
        "auth_schemes": ["OAUTH2"],
        "composio_managed_auth_schemes": if managed_auth { json!(["OAUTH2"]) } else { json!([]) },
        "no_auth": false,
    })
}

/// The list envelope around one page.
pub fn page(
    items: Vec<Value>,
    total: usize,
    limit: usize,
    offset: usize,
    next: Option<String>,
) -> Value {
    let limit = limit.max(1);
    json!({
        "items": items,
        "next_cursor": next,
        "total_pages": total.div_ceil(limit).max(1),
        "current_page": offset / limit + 1,
        "total_items": total,
    })
}
