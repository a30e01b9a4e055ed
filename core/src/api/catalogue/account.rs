//! The caller's own account: profile and personal access tokens.

use super::endpoint;
use crate::api::{CreateTokenRequest, CreatedToken, MeResponse, TokenInfo, UpdateMeRequest, User};
use crate::TokenId;

endpoint! {
    /// The caller, the session's CSRF token and the caller's workspaces.
    ShowMe;
    Get "/api/me", User, () => 200 MeResponse,
    errors ["unauthenticated"],
}

endpoint! {
    /// Changes the caller's name or locale.
    UpdateMe;
    Patch "/api/me", User, UpdateMeRequest => 200 User,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type"],
}

endpoint! {
    /// The caller's personal access tokens (never their secrets).
    ListTokens;
    Get "/api/tokens", User, () => 200 Vec<TokenInfo>,
    errors ["unauthenticated"],
}

endpoint! {
    /// Mints a personal access token; the answer is the only time the secret is shown.
    CreateToken;
    Post "/api/tokens", User, CreateTokenRequest => 201 CreatedToken,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type"],
}

endpoint! {
    /// Revokes one of the caller's personal access tokens.
    RevokeToken {
        /// The token.
        pub id: TokenId,
    }
    Delete "/api/tokens/{id}", User, () => 204 (),
    errors ["unauthenticated", "csrf_failed", "not_found"],
    path |e| format!("/api/tokens/{}", e.id),
}
