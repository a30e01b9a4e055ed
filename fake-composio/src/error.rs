//! Composio's error envelope, `{"error":{"message","code","slug","status","request_id"}}`,
//! with the same id in the `x-request-id` header.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// An error answer of the fake API.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub slug: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, slug: &'static str, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            slug,
            message: message.into(),
        }
    }

    pub fn bad_request(slug: &'static str, message: impl Into<String>) -> Self {
        Self::new(400, slug, message)
    }

    pub fn not_found(slug: &'static str, message: impl Into<String>) -> Self {
        Self::new(404, slug, message)
    }

    pub fn unauthorized() -> Self {
        Self::new(
            401,
            "Auth_InvalidApiKey",
            "Invalid or missing API key in the x-api-key header",
        )
    }
}

/// A fresh request id, as Composio's `x-request-id`.
pub fn request_id() -> String {
    format!("req_{}", hex::encode(rand::random::<[u8; 8]>()))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let id = request_id();
        let status = self.status.as_u16();
        let body = json!({"error": {
            "message": self.message,
            "code": status,
            "slug": self.slug,
            "status": status,
            "request_id": id,
        }});
        let mut response = (self.status, Json(body)).into_response();
        if let Ok(value) = HeaderValue::from_str(&id) {
            response.headers_mut().insert("x-request-id", value);
        }
        response
    }
}
