//! The brief's fingerprint: what the server stores per task to prove which exact brief a run
//! was given, and what the daemon compares after rebuilding it from the claim payload.

use sha2::{Digest, Sha256};

/// Lowercase hex SHA-256 of the brief's UTF-8 bytes (64 characters). A cryptographic hash
/// rather than a fast one because the value is shown to people as evidence: two briefs with
/// the same hash must be the same brief.
pub fn brief_hash(brief: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(brief.as_bytes());
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_the_standard_sha256_in_lowercase_hex() {
        assert_eq!(
            brief_hash(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            brief_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
