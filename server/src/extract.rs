//! Request extractors: a JSON body whose errors are 400s naming the field, and path ids that
//! are 404s when malformed (an id that cannot exist is simply not found).

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// A JSON request body. Malformed JSON or a wrong field gives 400 with the field's path.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| ApiError::BadRequest("request body could not be read".into()))?;
        let text = if bytes.is_empty() {
            &b"null"[..]
        } else {
            &bytes[..]
        };
        let mut deserializer = serde_json::Deserializer::from_slice(text);
        match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Ok(value) => Ok(ApiJson(value)),
            Err(err) => {
                let path = err.path().to_string();
                let inner = err.into_inner();
                let message = inner.to_string();
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
                let message = if bytes.is_empty() {
                    "a JSON body is required".to_owned()
                } else {
                    message
                };
                Err(ApiError::invalid(&field, "invalid_json", message))
            }
        }
    }
}

/// Parses a UUID path segment, treating anything malformed as not found.
pub fn path_uuid(raw: &str) -> Result<String, ApiError> {
    uuid::Uuid::parse_str(raw)
        .map(|u| u.to_string())
        .map_err(|_| ApiError::NotFound)
}

/// The workspace named by the `X-Workspace-ID` header, for workspace-scoped routes whose path
/// does not carry it. Missing → 400; malformed → 404 (it cannot exist).
pub struct WorkspaceHeader(pub String);

impl<S: Send + Sync> FromRequestParts<S> for WorkspaceHeader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let raw = parts
            .headers
            .get("x-workspace-id")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                ApiError::invalid(
                    "X-Workspace-ID",
                    "required",
                    "the X-Workspace-ID header is required",
                )
            })?;
        Ok(WorkspaceHeader(path_uuid(raw.trim())?))
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
