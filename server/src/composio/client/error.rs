//! The one error the Composio client returns, and how an upstream answer becomes one.

use serde::Deserialize;

/// What went wrong talking to Composio. Every text in it has had the API key removed, so it
/// may be logged as is.
#[derive(Debug, thiserror::Error)]
pub enum ComposioError {
    /// Composio answered with a non-success status.
    #[error("composio answered {status} ({}): {message}", slug.as_deref().unwrap_or("no slug"))]
    Status {
        status: u16,
        /// The envelope's numeric `code`, when present.
        code: Option<i64>,
        /// The envelope's stable `slug` (e.g. `ConnectedAccount_NotFound`), when present.
        slug: Option<String>,
        message: String,
        /// From the `x-request-id` header, else the envelope's `request_id`.
        request_id: Option<String>,
    },
    #[error("composio did not answer in time")]
    Timeout,
    #[error("composio could not be reached: {0}")]
    Transport(String),
    #[error("composio's answer could not be read: {0}")]
    Decode(String),
}

impl ComposioError {
    /// The HTTP status Composio answered with, if it answered at all.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
struct Envelope {
    error: EnvelopeBody,
}

#[derive(Deserialize)]
struct EnvelopeBody {
    #[serde(default)]
    message: Option<String>,
    // Documented as an int; read loosely so a string code does not lose the whole envelope.
    #[serde(default)]
    code: Option<serde_json::Value>,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    request_id: Option<String>,
}

/// How much of a body that is not an envelope we keep as the message: enough to diagnose,
/// not a whole HTML error page.
const RAW_MESSAGE_LIMIT: usize = 200;

/// Builds the error for a non-success answer. A missing or malformed envelope still gives an
/// error that keeps the status; `redact` is applied to every text taken from the body.
pub(super) fn from_status(
    status: u16,
    header_request_id: Option<String>,
    body: &[u8],
    redact: impl Fn(&str) -> String,
) -> ComposioError {
    let (message, code, slug, body_request_id) = match serde_json::from_slice::<Envelope>(body) {
        Ok(Envelope { error }) => (
            error.message.unwrap_or_default(),
            error.code.and_then(|c| {
                c.as_i64()
                    .or_else(|| c.as_str().and_then(|s| s.parse().ok()))
            }),
            error.slug,
            error.request_id,
        ),
        Err(_) => {
            let text = String::from_utf8_lossy(body);
            let raw: String = text.trim().chars().take(RAW_MESSAGE_LIMIT).collect();
            (raw, None, None, None)
        }
    };
    // An empty message would make a useless log line; the status's own name is better.
    let message = if message.is_empty() {
        http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("no message")
            .to_owned()
    } else {
        message
    };
    ComposioError::Status {
        status,
        code,
        slug: slug.map(|s| redact(&s)),
        message: redact(&message),
        request_id: header_request_id.or(body_request_id).map(|s| redact(&s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &str) -> ComposioError {
        from_status(status, None, body.as_bytes(), str::to_owned)
    }

    #[test]
    fn an_empty_body_gives_the_status_name_as_message() {
        let err = parse(502, "");
        assert_eq!(err.status(), Some(502));
        assert!(err.to_string().contains("Bad Gateway"), "{err}");
    }

    #[test]
    fn a_code_sent_as_text_and_a_request_id_in_the_body_are_still_read() {
        let body = r#"{"error":{"message":"slow down","code":"429","slug":"RateLimited","request_id":"r9"}}"#;
        match parse(429, body) {
            ComposioError::Status {
                code, request_id, ..
            } => {
                assert_eq!(code, Some(429));
                assert_eq!(request_id.as_deref(), Some("r9"));
            }
            other => panic!("expected a status error, got {other:?}"),
        }
    }

    #[test]
    fn an_envelope_without_its_error_object_keeps_the_raw_text() {
        let err = parse(400, r#"{"detail":"nope"}"#);
        assert_eq!(err.status(), Some(400));
        assert!(err.to_string().contains("nope"), "{err}");
    }
}
