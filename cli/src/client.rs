//! The typed HTTP client of the Agentry API: a base URL, a bearer token and a timeout, so
//! tests point it at a server on a local port. Errors carry the server's `error` message.

use agentry_core::api::catalogue::{self, Endpoint, WORKSPACE_HEADER};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use std::time::Duration;

/// How long one ordinary request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long connecting may take, the event stream included.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The server answered with an error status; `message` is its `error` text.
    #[error("{message}")]
    Status {
        /// The HTTP status.
        status: u16,
        /// The server's message, or a description of the status.
        message: String,
        /// The raw body.
        body: String,
    },
    /// The server could not be reached or the connection broke.
    #[error("cannot reach the server at {url}: {reason}")]
    Network {
        /// The URL requested (never with credentials).
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// The server answered 2xx with something this CLI does not understand.
    #[error("unexpected answer from the server: {0}")]
    Decode(String),
}

impl ApiError {
    /// The HTTP status, for answers that have one.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The server's stable `code` for an error answer that has one.
    pub fn code(&self) -> Option<String> {
        let ApiError::Status { body, .. } = self else {
            return None;
        };
        let value: serde_json::Value = serde_json::from_str(body).ok()?;
        value.get("code")?.as_str().map(str::to_owned)
    }
}

/// A client for one server and token.
#[derive(Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token never reaches a log line.
        f.debug_struct("ApiClient")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

impl ApiClient {
    /// A client for `server` (e.g. `http://localhost:3000`) authenticating with `token`.
    pub fn new(server: &str, token: &str) -> Result<ApiClient, ApiError> {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .user_agent(concat!("agentry-cli/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ApiError::Network {
                url: server.to_owned(),
                reason: e.to_string(),
            })?;
        Ok(ApiClient {
            http,
            base: server.trim().trim_end_matches('/').to_owned(),
            token: token.to_owned(),
        })
    }

    /// The server's base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A request with the bearer token and no overall timeout (for the event stream).
    pub fn streaming(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(&self.token)
    }

    /// The request for `endpoint` (method, path and workspace header from the catalogue) with
    /// the bearer token and no overall timeout, for the event stream.
    pub fn stream<E: Endpoint>(&self, endpoint: &E) -> RequestBuilder {
        let mut request = self.streaming(method(E::METHOD), &endpoint.path());
        if let Some(workspace) = endpoint.workspace() {
            request = request.header(WORKSPACE_HEADER, workspace.to_string());
        }
        request
    }

    /// Calls `endpoint` with `body` (`&()` for none) and decodes its answer.
    pub async fn call<E: Endpoint>(
        &self,
        endpoint: &E,
        body: &E::Request,
    ) -> Result<E::Response, ApiError> {
        let path = endpoint.path();
        let mut request = self.stream(endpoint).timeout(REQUEST_TIMEOUT);
        // `()` serialises as `null`: such endpoints take no body.
        if serde_json::to_value(body).is_ok_and(|value| !value.is_null()) {
            request = request.json(body);
        }
        let response = self.send(request, &path).await?;
        decode(response).await
    }

    /// Calls a body-less `endpoint` with query parameters (list filters) and decodes its answer.
    pub async fn call_with_query<E: Endpoint<Request = ()>>(
        &self,
        endpoint: &E,
        query: &[(&str, String)],
    ) -> Result<E::Response, ApiError> {
        let path = endpoint.path();
        let request = self.stream(endpoint).timeout(REQUEST_TIMEOUT).query(query);
        let response = self.send(request, &path).await?;
        decode(response).await
    }

    /// Sends and turns error statuses into [`ApiError::Status`].
    pub async fn send(&self, request: RequestBuilder, path: &str) -> Result<Response, ApiError> {
        let response = request.send().await.map_err(|e| self.network(path, e))?;
        if response.status().is_success() {
            return Ok(response);
        }
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        Err(status_error(status, body))
    }

    /// A network error naming the URL (paths carry no secrets).
    pub fn network(&self, path: &str, error: reqwest::Error) -> ApiError {
        let mut reason = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            reason = format!("{reason}: {cause}");
            source = cause.source();
        }
        ApiError::Network {
            url: self.url(path),
            reason,
        }
    }
}

fn method(method: catalogue::Method) -> Method {
    match method {
        catalogue::Method::Get => Method::GET,
        catalogue::Method::Post => Method::POST,
        catalogue::Method::Put => Method::PUT,
        catalogue::Method::Patch => Method::PATCH,
        catalogue::Method::Delete => Method::DELETE,
    }
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let bytes = response
        .bytes()
        .await
        .map_err(|e| ApiError::Decode(e.to_string()))?;
    // An empty answer (204) decodes as JSON null, so `()` responses work.
    let bytes: &[u8] = if bytes.is_empty() { b"null" } else { &bytes };
    serde_json::from_slice(bytes).map_err(|e| ApiError::Decode(e.to_string()))
}

/// The error for a non-2xx answer: the body's `error` field when it has one.
pub fn status_error(status: StatusCode, body: String) -> ApiError {
    let message = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|value| value.get("error")?.as_str().map(str::to_owned))
        .filter(|message| !message.trim().is_empty())
        .unwrap_or_else(|| match body.trim() {
            "" => format!(
                "the server answered {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            )
            .trim_end()
            .to_owned(),
            text => text.to_owned(),
        });
    ApiError::Status {
        status: status.as_u16(),
        message,
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_answer_shows_the_servers_message_and_code() {
        let error = status_error(
            StatusCode::CONFLICT,
            r#"{"error":"display name already used"}"#.into(),
        );
        assert_eq!(error.to_string(), "display name already used");
        assert_eq!(error.status(), Some(409));
        assert_eq!(error.code(), None);
        let coded = status_error(
            StatusCode::BAD_REQUEST,
            r#"{"error":"unknown runtime profile: x","code":"unknown_runtime_profile"}"#.into(),
        );
        assert_eq!(coded.code().as_deref(), Some("unknown_runtime_profile"));
    }

    #[test]
    fn an_empty_or_plain_error_body_still_explains_itself() {
        let empty = status_error(StatusCode::NOT_FOUND, String::new());
        assert_eq!(empty.to_string(), "the server answered 404 Not Found");
        let plain = status_error(StatusCode::BAD_GATEWAY, "upstream down".into());
        assert_eq!(plain.to_string(), "upstream down");
    }

    #[test]
    fn debug_output_never_contains_the_token() {
        let client = ApiClient::new("http://localhost:1/", "agt_secret").unwrap();
        assert!(!format!("{client:?}").contains("agt_secret"));
        assert_eq!(client.base(), "http://localhost:1");
    }
}
