//! The browser transport: gloo-net `fetch` with the session cookie and, on state-changing
//! requests, the CSRF token.

use super::ApiError;
use agentry_core::api::catalogue::Method;
use std::cell::RefCell;

thread_local! {
    static CSRF: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Remembers the session's CSRF token for later state-changing requests.
pub fn set_csrf_token(token: Option<String>) {
    CSRF.with(|c| *c.borrow_mut() = token);
}

pub fn raw(
    method: Method,
    path: String,
    body: Option<String>,
    headers: Vec<(&'static str, String)>,
) -> impl std::future::Future<Output = Result<String, ApiError>> + Send + 'static {
    let csrf = if method == Method::Get {
        None
    } else {
        CSRF.with(|c| c.borrow().clone())
    };
    // gloo-net's futures are not Send; in the single-threaded browser that is harmless.
    send_wrapper::SendWrapper::new(fetch(method, path, body, headers, csrf))
}

async fn fetch(
    method: Method,
    path: String,
    body: Option<String>,
    headers: Vec<(&'static str, String)>,
    csrf: Option<String>,
) -> Result<String, ApiError> {
    use gloo_net::http::RequestBuilder;
    let mut builder = RequestBuilder::new(&path)
        .method(match method {
            Method::Get => gloo_net::http::Method::GET,
            Method::Post => gloo_net::http::Method::POST,
            Method::Patch => gloo_net::http::Method::PATCH,
            Method::Put => gloo_net::http::Method::PUT,
            Method::Delete => gloo_net::http::Method::DELETE,
        })
        .credentials(web_sys::RequestCredentials::SameOrigin)
        .header("Accept", "application/json");
    for (name, value) in &headers {
        builder = builder.header(name, value);
    }
    if let Some(token) = &csrf {
        builder = builder.header("X-CSRF-Token", token);
    }
    let request = match body {
        Some(json) => builder
            .header("Content-Type", "application/json")
            .body(json),
        None => builder.build(),
    }
    .map_err(|e| ApiError::network(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| ApiError::network(e.to_string()))?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        Err(ApiError::from_response(status, &text))
    }
}
