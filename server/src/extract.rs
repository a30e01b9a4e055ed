//! Request extractors: a JSON body (declared JSON, free of NUL) whose errors are 400s naming
//! the field, the query string, and typed ids from the path and the `X-Workspace-ID` header
//! that are 404s when malformed (an id that cannot exist is simply not found).

mod ids;

pub use ids::{IdPath, PathIds, WorkspaceHeader};

use crate::error::ApiError;
use agentry_core::validate;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use serde::de::DeserializeOwned;

/// A JSON request body. A body not declared `application/json` is a 415; malformed JSON or a
/// wrong field gives 400 with the field's path; a string holding U+0000 anywhere is a 400
/// `nul_byte` naming it (PostgreSQL cannot store it), found before the handler runs. An empty
/// body reads as `null` and needs no content type (archive, logout, accept…).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let declared_json = is_json(req.headers());
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| ApiError::BadRequest("request body could not be read".into()))?;
        if !bytes.is_empty() && !declared_json {
            // A cross-site form can send `text/plain` without a preflight; JSON it cannot.
            return Err(ApiError::UnsupportedMediaType);
        }
        refuse_nul(&bytes)?;
        let text = if bytes.is_empty() {
            &b"null"[..]
        } else {
            &bytes[..]
        };
        let mut deserializer = serde_json::Deserializer::from_slice(text);
        serde_path_to_error::deserialize::<_, T>(&mut deserializer)
            .map(ApiJson)
            .map_err(|err| json_error(err, bytes.is_empty()))
    }
}

/// A JSON body whose U+0000 characters are stripped rather than refused: for what a daemon
/// reports of a run (transcripts, results), which must land even when the agent's output held
/// a NUL (spec G.5). Otherwise as [`ApiJson`].
pub struct StrippedJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for StrippedJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let declared_json = is_json(req.headers());
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| ApiError::BadRequest("request body could not be read".into()))?;
        if !bytes.is_empty() && !declared_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        if bytes.is_empty() {
            return from_json(serde_json::Value::Null).map(StrippedJson);
        }
        let mut value: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|err| ApiError::invalid("body", "invalid_json", err.to_string()))?;
        strip_nul(&mut value);
        from_json(value).map(StrippedJson)
    }
}

/// Removes U+0000 from every string and key of `value`.
fn strip_nul(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(text) if text.contains('\0') => text.retain(|c| c != '\0'),
        Value::Array(items) => items.iter_mut().for_each(strip_nul),
        Value::Object(map) => {
            if map.keys().any(|k| k.contains('\0')) {
                let old = std::mem::take(map);
                for (key, item) in old {
                    map.insert(key.replace('\0', ""), item);
                }
            }
            map.values_mut().for_each(strip_nul);
        }
        _ => {}
    }
}

/// `Content-Type: application/json`, with at most a UTF-8 charset parameter.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut parts = value.split(';').map(str::trim);
    let essence = parts.next().unwrap_or_default();
    essence.eq_ignore_ascii_case("application/json")
        && parts.filter(|p| !p.is_empty()).all(|param| {
            param.split_once('=').is_some_and(|(name, value)| {
                name.trim().eq_ignore_ascii_case("charset")
                    && value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
            })
        })
}

/// JSON can carry U+0000 only escaped, so a body without `\u0000` in it is parsed once; one
/// with it is walked as a value to name the string (a value that will not parse is left to
/// the typed parse, which names the error).
fn refuse_nul(bytes: &[u8]) -> Result<(), ApiError> {
    if !bytes.windows(6).any(|w| w == br"\u0000") {
        return Ok(());
    }
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(value) => Ok(validate::json_without_nul(&value)?),
        Err(_) => Ok(()),
    }
}

/// Deserialises a JSON value already read (a body taken as a map, read part by part), with the
/// same 400 naming the field as [`ApiJson`]. Takes the value, so its strings move rather than
/// being copied.
pub fn from_json<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|err| json_error(err, false))
}

fn json_error(err: serde_path_to_error::Error<serde_json::Error>, empty_body: bool) -> ApiError {
    let path = err.path().to_string();
    let message = err.into_inner().to_string();
    // "missing field `x`" has no path yet: name the field from the message.
    let field = if path == "." || path.is_empty() {
        message
            .split('`')
            .nth(1)
            .map(str::to_owned)
            .unwrap_or_else(|| "body".into())
    } else {
        path
    };
    let message = if empty_body {
        "a JSON body is required".to_owned()
    } else {
        message
    };
    ApiError::invalid(&field, "invalid_json", message)
}

/// The query string as key/value pairs; malformed encoding is a 400.
pub struct QueryMap(pub std::collections::HashMap<String, String>);

impl QueryMap {
    /// A boolean flag: absent, `false` or `0` → false; `true` or `1` → true; else 400.
    pub fn flag(&self, key: &str) -> Result<bool, ApiError> {
        match self.0.get(key).map(String::as_str) {
            None | Some("false" | "0") => Ok(false),
            Some("true" | "1") => Ok(true),
            Some(_) => Err(ApiError::invalid(
                key,
                "invalid",
                format!("{key} must be true or false"),
            )),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for QueryMap {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let query: std::collections::HashMap<String, String> =
            axum::extract::Query::from_request_parts(parts, state)
                .await
                .map(|q| q.0)
                .map_err(|_| ApiError::BadRequest("the query string could not be read".into()))?;
        for (key, value) in &query {
            validate::no_nul(key, key)?;
            validate::no_nul(key, value)?;
        }
        Ok(QueryMap(query))
    }
}

/// The client's IP address, for rate limits; `local` when the router runs without a socket
/// (in-process tests and server rendering).
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip().to_string())
            .unwrap_or_else(|| "local".into());
        Ok(ClientIp(ip))
    }
}
