//! Masks credentials in text a run reported before it is shown to people (a failed run's
//! error goes into an issue comment, spec G.5): our own token kinds and the common shapes of
//! provider keys and bearer headers.

/// Prefixes that start a secret; what follows (letters, digits, `_`, `-`) is masked when it
/// is at least [`MIN_SECRET`] characters long.
const PREFIXES: &[&str] = &[
    "agk_",
    "agt_",
    "agd_",
    "sk-",
    "sk_",
    "ghp_",
    "gho_",
    "ghs_",
    "github_pat_",
    "xoxb-",
    "xoxp-",
    "AKIA",
    "Bearer ",
    "bearer ",
    // Composio (composio-wire.md): a user API key is `uak_…`; the project key has no
    // documented shape, so it is caught where it travels — the `x-api-key` header (and its
    // user and org variants), as a header line or inside an MCP config's JSON.
    "uak_",
    "x-api-key: ",
    "X-API-Key: ",
    "x-user-api-key: ",
    "x-org-api-key: ",
    "\"x-api-key\":\"",
    "\"x-api-key\": \"",
];
/// The shortest tail that counts as a secret.
const MIN_SECRET: usize = 8;
/// What a masked secret reads as.
pub const REDACTED: &str = "[redacted]";

fn secret_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'
}

/// `text` with every secret-looking token replaced by [`REDACTED`].
pub fn redact_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'outer: while !rest.is_empty() {
        let at_boundary = out.chars().last().is_none_or(|c| !secret_char(c));
        if at_boundary {
            for prefix in PREFIXES {
                if let Some(tail) = rest.strip_prefix(prefix) {
                    let len: usize = tail
                        .chars()
                        .take_while(|c| secret_char(*c))
                        .map(char::len_utf8)
                        .sum();
                    if len >= MIN_SECRET {
                        out.push_str(REDACTED);
                        rest = &tail[len..];
                        continue 'outer;
                    }
                }
            }
        }
        let Some(c) = rest.chars().next() else { break };
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_provider_keys_are_masked_and_plain_words_are_kept() {
        let text = "auth failed: agk_0123456789abcdef key sk-ant-api03-XYZxyz12345 \
                    header Bearer abcdefghijklmnop; ask-me is fine, sk-short too";
        let masked = redact_secrets(text);
        assert!(!masked.contains("0123456789abcdef"), "{masked}");
        assert!(!masked.contains("XYZxyz12345"), "{masked}");
        assert!(!masked.contains("abcdefghijklmnop"), "{masked}");
        assert!(masked.contains("ask-me is fine"), "{masked}");
        assert!(masked.contains("sk-short"), "{masked}");
    }

    #[test]
    fn composio_user_keys_and_the_api_key_header_are_masked_in_lines_and_in_json() {
        for (text, secret) in [
            ("user key uak_AbCdEf0123456789 leaked", "AbCdEf0123456789"),
            ("x-api-key: ak_project0123456789", "ak_project0123456789"),
            ("X-API-Key: 9f8e7d6c5b4a39281706", "9f8e7d6c5b4a39281706"),
            ("x-user-api-key: uak_Zz0123456789", "Zz0123456789"),
            (
                r#"{"headers":{"x-api-key":"comp-KEY-0123456789"}}"#,
                "comp-KEY-0123456789",
            ),
            (
                r#"{"headers": {"x-api-key": "comp-KEY-0123456789"}}"#,
                "comp-KEY-0123456789",
            ),
        ] {
            let masked = redact_secrets(text);
            assert!(!masked.contains(secret), "{text} → {masked}");
            assert!(masked.contains(REDACTED), "{text} → {masked}");
        }
        // The header's name alone, or a short value, is not a secret.
        assert_eq!(
            redact_secrets("set x-api-key: short"),
            "set x-api-key: short"
        );
        assert_eq!(redact_secrets("a quake_log"), "a quake_log");
    }
}
