//! No transport: a build with neither `hydrate` nor `ssr` (only `cargo check` makes one).

use super::ApiError;
use agentry_core::api::catalogue::Method;

/// Without a target feature there is no transport (used only by `cargo check`).
pub fn set_csrf_token(_token: Option<String>) {}

pub async fn raw(
    _: Method,
    _: String,
    _: Option<String>,
    _: Vec<(&'static str, String)>,
) -> Result<String, ApiError> {
    Err(ApiError::network("no transport in this build"))
}
