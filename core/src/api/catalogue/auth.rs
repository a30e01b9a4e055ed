//! Signing up, in and out: the session cookie and its CSRF token.

use super::endpoint;
use crate::api::{AuthResponse, LoginRequest, RegisterRequest};

endpoint! {
    /// Creates an account and signs it in (sets the session cookie).
    Register;
    Post "/api/auth/register", Public, RegisterRequest => 201 AuthResponse,
    errors ["invalid_input", "nul_byte", "unsupported_media_type", "email_taken", "rate_limited"],
}

endpoint! {
    /// Signs in with email and password (sets the session cookie).
    Login;
    Post "/api/auth/login", Public, LoginRequest => 200 AuthResponse,
    errors ["invalid_input", "nul_byte", "unsupported_media_type", "invalid_credentials",
        "rate_limited"],
}

endpoint! {
    /// Ends the session (clears the cookie); with a personal token there is nothing to end.
    Logout;
    Post "/api/auth/logout", User, () => 204 (),
    errors ["unauthenticated", "csrf_failed"],
}
