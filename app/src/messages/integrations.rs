//! Texts of the connected-apps endpoints' error codes.

use crate::i18n::Key;

/// The text of a connected-apps error code, if it is one.
pub fn integration_error_key(code: &str) -> Option<Key> {
    Some(match code {
        "composio_not_configured" => Key::ErrComposioNotConfigured,
        "composio_unavailable" => Key::ErrComposioUnavailable,
        "toolkit_not_supported" => Key::ErrToolkitNotSupported,
        _ => return None,
    })
}
