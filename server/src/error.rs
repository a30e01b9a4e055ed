//! The HTTP layer's error type: every failure a handler can return, mapped to a status and the
//! JSON body `{"error", "code", "field"?}`. Internal causes are logged with the request id and
//! never sent to the client.

use agentry_core::api::runtimes::RuntimeInUse;
use agentry_core::api::ErrorBody;
use agentry_core::runtimes::RuntimeDenial;
use agentry_core::{validate, Denial, Refusal, RefusalKind, ValidationError};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Everything an API handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the input is invalid; names the field.
    #[error("{0}")]
    Invalid(#[from] ValidationError),
    /// 400 naming the field, with a code of its own a client acts on (e.g. a daemon fetches
    /// the profiles again on `unknown_runtime_profile`).
    #[error("{1}")]
    InvalidWithCode(&'static str, ValidationError),
    /// 400: the body is not the JSON we expect.
    #[error("{0}")]
    BadRequest(String),
    /// 415: a body that is not declared `application/json`.
    #[error("the request body must be sent as Content-Type: application/json")]
    UnsupportedMediaType,
    /// 401: no valid credentials.
    #[error("authentication required")]
    Unauthenticated,
    /// 401: wrong email or password (one message for both, so neither is revealed).
    #[error("invalid email or password")]
    BadCredentials,
    /// 403: the CSRF header is missing or wrong.
    #[error("missing or invalid CSRF token")]
    Csrf,
    /// 403, 409, 400 or 404: a `core` rule refused; the refusal knows its code and status.
    #[error("{}", .0.message())]
    Refused(Refusal),
    /// 409 naming the active agents that still use a runtime or profile; the body is
    /// [`RuntimeInUse`] itself.
    #[error("{}", .0.error)]
    RuntimeInUse(RuntimeInUse),
    /// 404: missing, or in a workspace the caller does not belong to.
    #[error("not found")]
    NotFound,
    /// 409 with a code and message.
    #[error("{1}")]
    Conflict(&'static str, String),
    /// 410-like refusal for invitations that expired or were used; sent as 404 so a guessed
    /// token learns nothing more than an unknown one.
    #[error("this invitation link is invalid, expired or already used")]
    InvitationInvalid,
    /// 503 with a code: an optional integration that is not configured on this server.
    #[error("{1}")]
    Unavailable(&'static str, String),
    /// 502 with a code: an outside service we depend on failed or could not be reached.
    #[error("{1}")]
    Upstream(&'static str, String),
    /// 429: too many attempts; retry after this many seconds.
    #[error("too many attempts; try again later")]
    RateLimited(u64),
    /// 500: logged, never detailed to the client.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            // Its own code: a client cannot fix a NUL the way it fixes a typo, and the UI names it.
            ApiError::Invalid(v) if v.code == validate::NUL_BYTE => {
                (StatusCode::BAD_REQUEST, validate::NUL_BYTE)
            }
            ApiError::Invalid(_) | ApiError::BadRequest(_) => {
                (StatusCode::BAD_REQUEST, "invalid_input")
            }
            ApiError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            ApiError::InvalidWithCode(code, _) => (StatusCode::BAD_REQUEST, code),
            ApiError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
            ApiError::BadCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
            ApiError::Csrf => (StatusCode::FORBIDDEN, "csrf_failed"),
            ApiError::Refused(refusal) => {
                let status = match refusal.kind() {
                    RefusalKind::Forbidden => StatusCode::FORBIDDEN,
                    RefusalKind::Conflict => StatusCode::CONFLICT,
                    RefusalKind::Invalid => StatusCode::BAD_REQUEST,
                    RefusalKind::Hidden => StatusCode::NOT_FOUND,
                };
                (status, refusal.code())
            }
            ApiError::RuntimeInUse(_) => (StatusCode::CONFLICT, "runtime_has_active_agents"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Conflict(code, _) => (StatusCode::CONFLICT, code),
            ApiError::InvitationInvalid => (StatusCode::NOT_FOUND, "invitation_invalid"),
            ApiError::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            ApiError::Unavailable(code, _) => (StatusCode::SERVICE_UNAVAILABLE, code),
            ApiError::Upstream(code, _) => (StatusCode::BAD_GATEWAY, code),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// The stable code the answer carries (for recording why background work did not happen).
    pub fn code(&self) -> &'static str {
        self.status_and_code().1
    }

    /// Shorthand for a 400 naming `field`.
    pub fn invalid(field: &str, code: &str, message: impl Into<String>) -> Self {
        ApiError::Invalid(ValidationError::new(field, code, message))
    }
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        ApiError::Refused(refusal)
    }
}

impl From<Denial> for ApiError {
    fn from(denial: Denial) -> Self {
        ApiError::Refused(denial.into())
    }
}

impl From<RuntimeDenial> for ApiError {
    fn from(denial: RuntimeDenial) -> Self {
        ApiError::Refused(denial.into())
    }
}

impl From<sqlx::Error> for ApiError {
    /// A unique constraint the caller's input broke is a 409 (see [`crate::db::unique`]);
    /// anything else from the database is internal.
    fn from(err: sqlx::Error) -> Self {
        match crate::db::unique::conflict(&err) {
            Some(c) => ApiError::Conflict(c.code, c.message.into()),
            None => ApiError::Internal(err.into()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if let ApiError::RuntimeInUse(body) = self {
            return (status, Json(body)).into_response();
        }
        if let ApiError::Internal(cause) = &self {
            // The request span carries the request id; the client sees only "internal error".
            tracing::error!(error = %format!("{cause:#}"), "internal error");
        }
        let field = match &self {
            ApiError::Invalid(v) | ApiError::InvalidWithCode(_, v) => Some(v.field.clone()),
            _ => None,
        };
        let body = ErrorBody {
            error: self.to_string(),
            code: code.to_owned(),
            field,
        };
        let mut response = (status, Json(body)).into_response();
        if let ApiError::RateLimited(seconds) = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
        }
        response
    }
}

/// Handlers return this.
pub type ApiResult<T> = Result<T, ApiError>;
