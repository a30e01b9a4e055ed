//! Random secrets (session tokens, access tokens, invitation tokens) and their stored hashes.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// Prefix of personal access tokens.
pub const PAT_PREFIX: &str = "agt_";
/// Prefix of daemon tokens; accepted on the daemon API only.
pub const DAEMON_TOKEN_PREFIX: &str = "agd_";
/// Prefix of task tokens: a run's own credential, accepted only where a [`super::WorkCaller`]
/// is (the agent-facing API), never where a person's token is needed.
pub const TASK_TOKEN_PREFIX: &str = "agk_";

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

/// A 256-bit session token for the cookie.
pub fn session_token() -> String {
    random_hex(32)
}

/// A 256-bit CSRF token bound to one session.
pub fn csrf_token() -> String {
    random_hex(32)
}

/// A 256-bit invitation token for the link.
pub fn invitation_token() -> String {
    random_hex(32)
}

/// A 128-bit one-time nonce for a connect flow (it travels inside the signed state).
pub fn connect_nonce() -> String {
    random_hex(16)
}

/// A personal access token: `agt_` followed by 40 hex digits (160 bits).
pub fn personal_access_token() -> String {
    format!("{PAT_PREFIX}{}", random_hex(20))
}

/// A daemon token: `agd_` followed by 40 hex digits (160 bits).
pub fn daemon_token() -> String {
    format!("{DAEMON_TOKEN_PREFIX}{}", random_hex(20))
}

/// A task token: `agk_` followed by 40 hex digits (160 bits).
pub fn task_token() -> String {
    format!("{TASK_TOKEN_PREFIX}{}", random_hex(20))
}

/// The recognisable start of a token, shown in lists (`agt_1a2b3c4d`).
pub fn display_prefix(token: &str) -> String {
    token.chars().take(PAT_PREFIX.len() + 8).collect()
}

/// What is stored instead of a secret: its SHA-256, hex-encoded. The secrets carry 160 bits or
/// more of randomness, so a fast hash is safe here (unlike passwords).
pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Compares two strings in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_access_tokens_are_agt_and_forty_hex_digits() {
        let token = personal_access_token();
        let hex_part = token.strip_prefix("agt_").unwrap();
        assert_eq!(hex_part.len(), 40);
        assert!(hex_part.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(token, personal_access_token());
        assert_eq!(display_prefix(&token).len(), 12);
    }

    #[test]
    fn daemon_tokens_are_agd_and_forty_hex_digits() {
        let token = daemon_token();
        let hex_part = token.strip_prefix("agd_").unwrap();
        assert_eq!(hex_part.len(), 40);
        assert!(hex_part.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(display_prefix(&token).len(), 12);
    }

    #[test]
    fn session_tokens_carry_256_bits_and_hashes_are_sha256_hex() {
        assert_eq!(session_token().len(), 64);
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn constant_time_eq_compares_whole_strings() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
        assert!(!constant_time_eq("", "a"));
    }
}
