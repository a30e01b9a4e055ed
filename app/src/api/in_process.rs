//! The server-rendering transport: the server's own API router, called in-process with the page
//! request's cookie.

use super::ApiError;
use agentry_core::api::catalogue::Method;
use std::{future::Future, pin::Pin, sync::Arc};

type Call = dyn Fn(http::Request<String>) -> Pin<Box<dyn Future<Output = http::Response<String>> + Send>>
    + Send
    + Sync;

/// The server's API router, callable in-process. The server provides it as context for
/// rendering; each call carries the page request's cookie so it acts as the same person.
#[derive(Clone)]
pub struct SsrApi(pub Arc<Call>);

/// CSRF tokens only matter in the browser.
pub fn set_csrf_token(_token: Option<String>) {}

pub fn raw(
    method: Method,
    path: String,
    body: Option<String>,
    headers: Vec<(&'static str, String)>,
) -> impl Future<Output = Result<String, ApiError>> + Send + 'static {
    // Contexts are read now, under the reactive owner; the future may be polled elsewhere.
    let api = leptos::prelude::use_context::<SsrApi>();
    let parts = leptos::prelude::use_context::<http::request::Parts>();
    async move {
        let api = api.ok_or_else(|| ApiError::network("no in-process API"))?;
        call(api, parts, method, path, body, headers).await
    }
}

async fn call(
    api: SsrApi,
    parts: Option<http::request::Parts>,
    method: Method,
    path: String,
    body: Option<String>,
    headers: Vec<(&'static str, String)>,
) -> Result<String, ApiError> {
    let mut builder = http::Request::builder()
        .method(method.as_str())
        .uri(path)
        .header("accept", "application/json");
    if let Some(parts) = &parts {
        for name in [http::header::COOKIE, http::header::ACCEPT_LANGUAGE] {
            if let Some(value) = parts.headers.get(&name) {
                builder = builder.header(name, value);
            }
        }
    }
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    if body.is_some() {
        builder = builder.header("content-type", "application/json");
    }
    let request = builder
        .body(body.unwrap_or_default())
        .map_err(|e| ApiError::network(e.to_string()))?;
    let response = (api.0)(request).await;
    let status = response.status().as_u16();
    let text = response.into_body();
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        Err(ApiError::from_response(status, &text))
    }
}
