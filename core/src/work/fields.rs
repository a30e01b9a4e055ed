//! The checks of what people and agents write on issues: titles, descriptions, comments and
//! the metadata bag, and the `KEY-N` identifiers an issue may be named by. One function per
//! field, called by the server for truth and by forms for instant feedback.

use crate::limits::{
    COMMENT_MAX, ISSUE_DESCRIPTION_MAX, ISSUE_TITLE_MAX, METADATA_KEYS_MAX, METADATA_KEY_MAX,
    METADATA_VALUE_MAX,
};
use crate::validate::{at_most_chars, at_most_items, name, no_nul, ValidationError};
use std::collections::BTreeMap;

/// A title: trimmed, 1..=[`ISSUE_TITLE_MAX`] characters, one line, no NUL.
pub fn issue_title(raw: &str) -> Result<String, ValidationError> {
    no_nul("title", raw)?;
    name("title", raw, ISSUE_TITLE_MAX)
}

/// A description: free text (Markdown), kept as sent, at most [`ISSUE_DESCRIPTION_MAX`]
/// characters, no NUL.
pub fn issue_description(raw: &str) -> Result<String, ValidationError> {
    no_nul("description", raw)?;
    at_most_chars("description", raw, ISSUE_DESCRIPTION_MAX)?;
    Ok(raw.to_owned())
}

/// A comment's text: not blank, at most [`COMMENT_MAX`] characters, no NUL; kept as sent.
pub fn comment_content(raw: &str) -> Result<String, ValidationError> {
    no_nul("content", raw)?;
    if raw.trim().is_empty() {
        return Err(ValidationError::new(
            "content",
            "required",
            "content is required",
        ));
    }
    at_most_chars("content", raw, COMMENT_MAX)?;
    Ok(raw.to_owned())
}

/// A metadata key: 1..=[`METADATA_KEY_MAX`] of `[A-Za-z0-9_.-]`.
pub fn metadata_key(raw: &str) -> Result<(), ValidationError> {
    no_nul("key", raw)?;
    let fine = !raw.is_empty()
        && raw.len() <= METADATA_KEY_MAX
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if fine {
        Ok(())
    } else {
        Err(ValidationError::new(
            "key",
            "invalid",
            format!("a metadata key is 1 to {METADATA_KEY_MAX} of A-Z, a-z, 0-9, _ . -"),
        ))
    }
}

/// A metadata value: at most [`METADATA_VALUE_MAX`] characters, no NUL.
pub fn metadata_value(raw: &str) -> Result<(), ValidationError> {
    no_nul("value", raw)?;
    at_most_chars("value", raw, METADATA_VALUE_MAX)
}

/// A whole metadata bag: at most [`METADATA_KEYS_MAX`] keys, each key and value as above.
pub fn metadata(bag: &BTreeMap<String, String>) -> Result<(), ValidationError> {
    at_most_items("metadata", bag.len(), METADATA_KEYS_MAX)?;
    for (key, value) in bag {
        metadata_key(key).map_err(|e| ValidationError::new("metadata", &e.code, e.message))?;
        metadata_value(value)
            .map_err(|e| ValidationError::new(&format!("metadata.{key}"), &e.code, e.message))?;
    }
    Ok(())
}

/// Reads `KEY-N` (the key in any case) as the upper-case key and the number; `None` for
/// anything else.
pub fn parse_identifier(raw: &str) -> Option<(String, i64)> {
    let (key, number) = raw.trim().rsplit_once('-')?;
    let fine_key =
        !key.is_empty() && key.len() <= 16 && key.bytes().all(|b| b.is_ascii_alphanumeric());
    let fine_number =
        !number.is_empty() && number.len() <= 18 && number.bytes().all(|b| b.is_ascii_digit());
    if !(fine_key && fine_number) {
        return None;
    }
    let number: i64 = number.parse().ok()?;
    (number > 0).then(|| (key.to_ascii_uppercase(), number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_read_in_any_case_and_nothing_else_reads() {
        assert_eq!(parse_identifier("ar-12"), Some(("AR".into(), 12)));
        assert_eq!(parse_identifier("AGE-1"), Some(("AGE".into(), 1)));
        for bad in [
            "AR",
            "AR-",
            "-12",
            "AR-0",
            "AR-1x",
            "A R-1",
            "AR--1",
            "AR-99999999999999999999",
        ] {
            assert_eq!(parse_identifier(bad), None, "{bad}");
        }
    }

    #[test]
    fn metadata_keys_are_short_words_of_a_small_alphabet() {
        for good in ["branch", "pr.url", "ci-run_2", "A"] {
            assert!(metadata_key(good).is_ok(), "{good}");
        }
        let long = "k".repeat(METADATA_KEY_MAX + 1);
        for bad in ["", "has space", "slash/y", "é", long.as_str(), "nul\0"] {
            assert!(metadata_key(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn text_with_nul_is_refused_with_its_own_code() {
        assert_eq!(issue_title("a\0b").unwrap_err().code, "nul_byte");
        assert_eq!(issue_description("a\0b").unwrap_err().code, "nul_byte");
        assert_eq!(comment_content("a\0b").unwrap_err().code, "nul_byte");
        assert_eq!(metadata_value("a\0b").unwrap_err().code, "nul_byte");
    }

    #[test]
    fn titles_are_trimmed_required_and_bounded() {
        assert_eq!(issue_title("  Fix it ").unwrap(), "Fix it");
        assert_eq!(issue_title("  ").unwrap_err().code, "required");
        assert_eq!(
            issue_title(&"x".repeat(ISSUE_TITLE_MAX + 1))
                .unwrap_err()
                .code,
            "too_long"
        );
        assert_eq!(comment_content(" \n").unwrap_err().code, "required");
    }

    #[test]
    fn a_metadata_bag_is_bounded_in_keys_and_names_the_bad_value() {
        let many: BTreeMap<String, String> = (0..=METADATA_KEYS_MAX)
            .map(|i| (format!("k{i}"), String::new()))
            .collect();
        assert_eq!(metadata(&many).unwrap_err().code, "too_many");
        let long = BTreeMap::from([("k".to_owned(), "v".repeat(METADATA_VALUE_MAX + 1))]);
        assert_eq!(metadata(&long).unwrap_err().field, "metadata.k");
    }
}
