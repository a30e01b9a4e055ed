//! Auth configs, the toolkit catalog, and the logos it points at (served here, so the app
//! works offline).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use super::query::paginate;
use super::{enter, AppState, Query, Reply};
use crate::error::ApiError;
use crate::faults::Operation;
use crate::wire;

/// Pages of auth configs and toolkits default to this size.
const DEFAULT_LIMIT: usize = 100;

pub(crate) async fn auth_configs(State(shared): AppState, query: Query) -> Reply {
    enter(&shared, Operation::AuthConfigs).await?;
    let show_disabled = query.bool("show_disabled")?.unwrap_or(false);
    let managed = query.bool("is_composio_managed")?;
    let toolkits = query.list("toolkit_slug");
    let search = query.one("search").map(str::to_lowercase);
    let state = shared.lock();
    let mut configs: Vec<_> = state
        .auth_configs
        .iter()
        .filter(|c| show_disabled || c.enabled)
        .filter(|c| managed.is_none_or(|m| c.managed == m))
        .filter(|c| toolkits.is_empty() || toolkits.contains(&c.toolkit))
        .filter(|c| {
            search.as_deref().is_none_or(|s| {
                c.name.to_lowercase().contains(s) || c.id.to_lowercase().contains(s)
            })
        })
        .collect();
    configs.sort_by_key(|c| std::cmp::Reverse(c.created_at));
    let items: Vec<Value> = configs
        .into_iter()
        .map(|c| {
            let connections = state
                .accounts
                .iter()
                .filter(|a| a.auth_config_id == c.id && !a.deleted)
                .count();
            wire::auth_config(c, connections, &shared.public_url)
        })
        .collect();
    Ok(Json(paginate(items, &query, DEFAULT_LIMIT)?))
}

pub(crate) async fn toolkits(State(shared): AppState, query: Query) -> Reply {
    enter(&shared, Operation::Toolkits).await?;
    let alphabetically =
        query.choice("sort_by", &["usage", "alphabetically"], "usage")? == "alphabetically";
    let category = query.one("category").map(str::to_lowercase);
    let search = query.one("search").map(str::to_lowercase);
    let state = shared.lock();
    let mut toolkits: Vec<_> = state
        .toolkits
        .iter()
        .filter(|t| {
            category.as_deref().is_none_or(|c| {
                t.category.0.to_lowercase() == c || t.category.1.to_lowercase() == c
            })
        })
        .filter(|t| {
            search
                .as_deref()
                .is_none_or(|s| t.slug.contains(s) || t.name.to_lowercase().contains(s))
        })
        .collect();
    if alphabetically {
        toolkits.sort_by_key(|t| t.name.to_lowercase());
    } else {
        toolkits.sort_by(|a, b| b.usage.cmp(&a.usage).then_with(|| a.slug.cmp(&b.slug)));
    }
    let items: Vec<Value> = toolkits
        .into_iter()
        .map(|t| {
            let managed = state
                .auth_configs
                .iter()
                .any(|c| c.toolkit == t.slug && c.managed);
            wire::toolkit(t, managed, &shared.public_url)
        })
        .collect();
    Ok(Json(paginate(items, &query, DEFAULT_LIMIT)?))
}

/// A tiny square with the toolkit's initial, in a colour derived from its slug.
pub(crate) async fn logo(Path(file): Path<String>) -> Response {
    let Some(slug) = file.strip_suffix(".svg").filter(|s| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    }) else {
        return ApiError::not_found("Logo_NotFound", "No such logo").into_response();
    };
    let hue = slug
        .bytes()
        .fold(0u32, |h, b| (h * 31 + u32::from(b)) % 360);
    let initial = slug.chars().next().unwrap_or('?').to_ascii_uppercase();
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" viewBox=\"0 0 64 64\">\
<rect width=\"64\" height=\"64\" rx=\"12\" fill=\"hsl({hue},55%,45%)\"/>\
<text x=\"32\" y=\"42\" font-family=\"sans-serif\" font-size=\"30\" text-anchor=\"middle\" fill=\"#fff\">{initial}</text></svg>"
    );
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        svg,
    )
        .into_response()
}
