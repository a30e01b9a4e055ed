//! The connect flow's state: who started it, for which toolkit and auth config, until when,
//! and a one-time nonce, signed with HMAC-SHA256 so it survives the trip through Composio's
//! hosted page unaltered. The token is `base64url(claims JSON) "." base64url(MAC)`, both
//! without padding; the MAC covers the encoded claims as received.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// How long a started connect flow may take to come back, in seconds.
pub const TTL_SECS: i64 = 5 * 60;

/// What the state says, with compact keys to keep the callback URL short.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user who started the flow (canonical UUID text).
    #[serde(rename = "u")]
    pub user: String,
    /// The toolkit slug, lower-cased.
    #[serde(rename = "t")]
    pub toolkit: String,
    /// The auth config the link was made for.
    #[serde(rename = "a")]
    pub auth_config: String,
    /// Expiry, Unix seconds; the second itself is still valid.
    #[serde(rename = "e")]
    pub expires: i64,
    /// The one-time nonce the server stored when the flow began.
    #[serde(rename = "n")]
    pub nonce: String,
}

/// Why a state was refused. The callback answers every one the same way, so a caller learns
/// nothing about which check failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    /// Not two parts, not base64, not the claims JSON.
    #[error("malformed state")]
    Malformed,
    /// The MAC does not match: altered, or signed with another secret.
    #[error("state signature mismatch")]
    Signature,
    /// Past its expiry.
    #[error("state expired")]
    Expired,
}

type HmacSha256 = Hmac<Sha256>;

/// The MAC of `payload`. HMAC accepts a key of any length, so the error never happens; it is
/// still handled (as a signature error), so a failure cannot pass as a success.
fn mac(secret: &[u8], payload: &str) -> Result<HmacSha256, StateError> {
    let mut mac = HmacSha256::new_from_slice(secret).map_err(|_| StateError::Signature)?;
    mac.update(payload.as_bytes());
    Ok(mac)
}

/// Signs `claims` with `secret`.
pub fn sign(claims: &Claims, secret: &[u8]) -> Result<String, StateError> {
    let json = serde_json::to_vec(claims).map_err(|_| StateError::Malformed)?;
    let payload = URL_SAFE_NO_PAD.encode(json);
    let tag = URL_SAFE_NO_PAD.encode(mac(secret, &payload)?.finalize().into_bytes());
    Ok(format!("{payload}.{tag}"))
}

/// Checks `token` against `secret` at `now` (Unix seconds): the MAC first, in constant time,
/// then the claims, then the expiry.
pub fn verify(token: &str, secret: &[u8], now: i64) -> Result<Claims, StateError> {
    let (payload, tag) = token.split_once('.').ok_or(StateError::Malformed)?;
    let tag = URL_SAFE_NO_PAD
        .decode(tag)
        .map_err(|_| StateError::Malformed)?;
    mac(secret, payload)?
        .verify_slice(&tag)
        .map_err(|_| StateError::Signature)?;
    let json = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| StateError::Malformed)?;
    let claims: Claims = serde_json::from_slice(&json).map_err(|_| StateError::Malformed)?;
    if now > claims.expires {
        return Err(StateError::Expired);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"a state secret of some length";

    fn claims() -> Claims {
        Claims {
            user: "6f1c1b9e-0000-4000-8000-000000000001".into(),
            toolkit: "notion".into(),
            auth_config: "ac_notion".into(),
            expires: 1_000,
            nonce: "n0nce".into(),
        }
    }

    #[test]
    fn a_signed_state_verifies_until_and_including_its_expiry_second() {
        let token = sign(&claims(), SECRET).unwrap();
        assert_eq!(verify(&token, SECRET, 999), Ok(claims()));
        assert_eq!(verify(&token, SECRET, 1_000), Ok(claims()));
        assert_eq!(verify(&token, SECRET, 1_001), Err(StateError::Expired));
    }

    #[test]
    fn a_state_signed_with_another_secret_or_altered_is_a_signature_error() {
        let token = sign(&claims(), SECRET).unwrap();
        assert_eq!(
            verify(&token, b"another secret", 0),
            Err(StateError::Signature)
        );
        let mut other = claims();
        other.user = "someone-else".into();
        let forged_payload = sign(&other, b"x").unwrap();
        let (payload, _) = forged_payload.split_once('.').unwrap();
        let (_, tag) = token.split_once('.').unwrap();
        assert_eq!(
            verify(&format!("{payload}.{tag}"), SECRET, 0),
            Err(StateError::Signature)
        );
    }

    #[test]
    fn a_state_without_its_two_parts_or_in_bad_base64_is_malformed() {
        assert_eq!(verify("no-dot", SECRET, 0), Err(StateError::Malformed));
        assert_eq!(verify("abc.!!!", SECRET, 0), Err(StateError::Malformed));
    }

    #[test]
    fn a_correctly_signed_payload_that_is_not_the_claims_is_malformed() {
        let payload = URL_SAFE_NO_PAD.encode(b"{\"u\":1}");
        let tag = URL_SAFE_NO_PAD.encode(mac(SECRET, &payload).unwrap().finalize().into_bytes());
        assert_eq!(
            verify(&format!("{payload}.{tag}"), SECRET, 0),
            Err(StateError::Malformed)
        );
    }

    #[test]
    fn the_claims_travel_with_compact_keys() {
        let token = sign(&claims(), SECRET).unwrap();
        let (payload, _) = token.split_once('.').unwrap();
        let json = String::from_utf8(URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        assert_eq!(
            json,
            r#"{"u":"6f1c1b9e-0000-4000-8000-000000000001","t":"notion","a":"ac_notion","e":1000,"n":"n0nce"}"#
        );
    }
}
