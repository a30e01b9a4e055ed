//! Input validation shared by the forms (instant feedback) and the server (truth).
//! Every function trims, checks and returns the normalised value, or an error naming the field.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Why a field's value was refused. `field` is the JSON key, `code` a stable machine code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[error("{field}: {message}")]
pub struct ValidationError {
    /// The request field at fault, as named in the JSON body.
    pub field: String,
    /// A stable code for the kind of problem (`too_short`, `invalid_characters`, …).
    pub code: String,
    /// A human-readable English explanation; the UI translates by `code`.
    pub message: String,
}

impl ValidationError {
    /// Builds an error for `field`.
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// Shortest accepted password, in characters.
pub const PASSWORD_MIN_CHARS: usize = 10;
/// Longest accepted password, in bytes; bounds the hashing work an attacker can ask for.
pub const PASSWORD_MAX_BYTES: usize = 1024;
/// Slug length bounds, in characters.
pub const SLUG_MIN: usize = 3;
/// See [`SLUG_MIN`].
pub const SLUG_MAX: usize = 40;
/// Longest display name (people, workspaces, teams, tokens), in characters.
pub const NAME_MAX: usize = 100;
/// Longest team description, in characters.
pub const DESCRIPTION_MAX: usize = 500;
/// Longest lifetime a token may be given, in days.
pub const TOKEN_MAX_DAYS: i64 = 3650;

/// Trims and lower-cases an email address and checks its rough shape (one `@`, a dotted domain).
pub fn email(raw: &str) -> Result<String, ValidationError> {
    let value = raw.trim().to_lowercase();
    if value.is_empty() {
        return Err(ValidationError::new(
            "email",
            "required",
            "email is required",
        ));
    }
    let valid_shape = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    };
    if !valid_shape
        || value.len() > 254
        || value.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(ValidationError::new(
            "email",
            "invalid",
            "email must look like name@example.com",
        ));
    }
    Ok(value)
}

/// Checks a password's length; the value itself is never trimmed or changed.
pub fn password(raw: &str) -> Result<(), ValidationError> {
    if raw.chars().count() < PASSWORD_MIN_CHARS {
        return Err(ValidationError::new(
            "password",
            "too_short",
            format!("password must be at least {PASSWORD_MIN_CHARS} characters"),
        ));
    }
    if raw.len() > PASSWORD_MAX_BYTES {
        return Err(ValidationError::new(
            "password",
            "too_long",
            format!("password must be at most {PASSWORD_MAX_BYTES} bytes"),
        ));
    }
    Ok(())
}

/// Trims a display name and checks it is 1..=`max` characters without control characters.
pub fn name(field: &str, raw: &str, max: usize) -> Result<String, ValidationError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(ValidationError::new(
            field,
            "required",
            format!("{field} is required"),
        ));
    }
    if value.chars().count() > max {
        return Err(ValidationError::new(
            field,
            "too_long",
            format!("{field} must be at most {max} characters"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(ValidationError::new(
            field,
            "invalid_characters",
            format!("{field} must not contain control characters"),
        ));
    }
    Ok(value.to_owned())
}

/// Trims optional free text (a description); empty becomes `None`.
pub fn optional_text(
    field: &str,
    raw: Option<&str>,
    max: usize,
) -> Result<Option<String>, ValidationError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) if value.chars().count() > max => Err(ValidationError::new(
            field,
            "too_long",
            format!("{field} must be at most {max} characters"),
        )),
        Some(value) => Ok(Some(value.to_owned())),
    }
}

/// A workspace slug: 3–40 characters of `a-z`, `0-9` and `-`, after trimming.
pub fn slug(raw: &str) -> Result<String, ValidationError> {
    let value = raw.trim();
    let count = value.chars().count();
    if !(SLUG_MIN..=SLUG_MAX).contains(&count) {
        return Err(ValidationError::new(
            "slug",
            "length",
            format!("slug must be {SLUG_MIN} to {SLUG_MAX} characters"),
        ));
    }
    if !value
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(ValidationError::new(
            "slug",
            "invalid_characters",
            "slug may contain only lowercase letters, digits and hyphens",
        ));
    }
    Ok(value.to_owned())
}

/// Suggests a slug from a workspace name ("Acme Robotics!" → "acme-robotics"), for the form.
pub fn suggest_slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= SLUG_MAX {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// A token lifetime in days: `None` means it never expires; otherwise 1..=[`TOKEN_MAX_DAYS`].
pub fn expires_in_days(raw: Option<i64>) -> Result<Option<i64>, ValidationError> {
    match raw {
        None => Ok(None),
        Some(days) if (1..=TOKEN_MAX_DAYS).contains(&days) => Ok(Some(days)),
        Some(_) => Err(ValidationError::new(
            "expires_in_days",
            "out_of_range",
            format!("expires_in_days must be between 1 and {TOKEN_MAX_DAYS}"),
        )),
    }
}

/// A lifetime typed into a form: blank is "not given" (`None`), anything else must be a whole
/// number of days within the bounds of [`expires_in_days`].
pub fn expires_in_days_text(raw: &str) -> Result<Option<i64>, ValidationError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let days = raw.parse::<i64>().map_err(|_| {
        ValidationError::new("expires_in_days", "out_of_range", "not a whole number")
    })?;
    expires_in_days(Some(days))
}

/// The code of a refusal for text holding U+0000: PostgreSQL cannot store it in a text column,
/// so it is refused everywhere (both backends answer alike).
pub const NUL_BYTE: &str = "nul_byte";

/// The refusal of text holding U+0000, naming `field`.
pub fn nul_byte(field: &str) -> ValidationError {
    ValidationError::new(
        field,
        NUL_BYTE,
        format!("{field} must not contain the NUL character (U+0000)"),
    )
}

/// Refuses text that holds U+0000.
pub fn no_nul(field: &str, raw: &str) -> Result<(), ValidationError> {
    if raw.contains('\0') {
        return Err(nul_byte(field));
    }
    Ok(())
}

/// Refuses a JSON document in which any string, value or object key, holds U+0000. The error
/// names the string's path (`runtimes[0].name`); a key is named by the object holding it, and
/// the document itself is `body`.
pub fn json_without_nul(value: &Value) -> Result<(), ValidationError> {
    fn walk(value: &Value, path: &mut String) -> Result<(), ValidationError> {
        let here = |path: &str| {
            if path.is_empty() {
                "body".to_owned()
            } else {
                path.to_owned()
            }
        };
        match value {
            Value::String(text) if text.contains('\0') => Err(nul_byte(&here(path))),
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{index}]"));
                    walk(item, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            Value::Object(map) => {
                for (key, item) in map {
                    if key.contains('\0') {
                        return Err(nul_byte(&here(path)));
                    }
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                    walk(item, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
    walk(value, &mut String::new())
}

/// Refuses a list of more than `max` entries (code `too_many`).
pub fn at_most_items(field: &str, len: usize, max: usize) -> Result<(), ValidationError> {
    if len > max {
        return Err(ValidationError::new(
            field,
            "too_many",
            format!("{field} may hold at most {max} entries"),
        ));
    }
    Ok(())
}

/// Free text that must say something (a chat message, a prompt, an instruction): not blank
/// (`required`), at most `max` characters (`too_long`), no NUL (`nul_byte`). Kept as sent:
/// its line breaks and indentation are the author's.
pub fn required_text(field: &str, raw: &str, max: usize) -> Result<(), ValidationError> {
    no_nul(field, raw)?;
    if raw.trim().is_empty() {
        return Err(ValidationError::new(
            field,
            "required",
            format!("{field} is required"),
        ));
    }
    at_most_chars(field, raw, max)
}

/// Refuses text of more than `max` characters (code `too_long`); the value is not trimmed.
pub fn at_most_chars(field: &str, raw: &str, max: usize) -> Result<(), ValidationError> {
    // Bytes bound characters from above: most values never need counting.
    if raw.len() > max && raw.chars().count() > max {
        return Err(ValidationError::new(
            field,
            "too_long",
            format!("{field} must be at most {max} characters"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_lowercased_and_shape_checked() {
        let cases = [
            ("  Ada@Example.COM ", Ok("ada@example.com")),
            ("ada@example", Err("invalid")),
            ("@example.com", Err("invalid")),
            ("ada@@example.com", Err("invalid")),
            ("ada lovelace@example.com", Err("invalid")),
            ("ada@.com", Err("invalid")),
            ("", Err("required")),
            ("   ", Err("required")),
        ];
        for (raw, expected) in cases {
            let got = email(raw).map_err(|e| e.code);
            assert_eq!(
                got.as_deref().map_err(String::as_str),
                expected,
                "input {raw:?}"
            );
        }
    }

    #[test]
    fn passwords_need_ten_characters_counted_as_characters_not_bytes() {
        assert_eq!(password("123456789").unwrap_err().code, "too_short");
        assert!(password("1234567890").is_ok());
        assert!(password("ääääääääää").is_ok());
        assert_eq!(
            password(&"x".repeat(PASSWORD_MAX_BYTES + 1))
                .unwrap_err()
                .code,
            "too_long"
        );
        assert_eq!(password("short").unwrap_err().field, "password");
    }

    #[test]
    fn slugs_are_three_to_forty_lowercase_letters_digits_or_hyphens() {
        let cases = [
            ("acme", true),
            ("ab", false),
            ("abc", true),
            (&"a".repeat(40), true),
            (&"a".repeat(41), false),
            ("Acme", false),
            ("acme_co", false),
            ("acme co", false),
            ("acme-co-2", true),
            ("  acme  ", true),
            ("акме", false),
        ];
        for (raw, ok) in cases {
            assert_eq!(slug(raw).is_ok(), ok, "slug {raw:?}");
        }
        assert_eq!(slug("ab").unwrap_err().field, "slug");
    }

    #[test]
    fn suggested_slugs_are_themselves_valid() {
        for name in ["Acme Robotics!", "  R&D  team ", "日本 Labs 2", "a-b--c"] {
            let s = suggest_slug(name);
            assert!(slug(&s).is_ok(), "{name:?} gave {s:?}");
        }
        assert_eq!(suggest_slug("Acme Robotics!"), "acme-robotics");
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(name("name", "  Ada ", NAME_MAX).unwrap(), "Ada");
        assert_eq!(name("name", "   ", NAME_MAX).unwrap_err().code, "required");
        assert_eq!(
            name("name", &"x".repeat(101), NAME_MAX).unwrap_err().code,
            "too_long"
        );
        assert_eq!(
            name("name", "a\u{0}b", NAME_MAX).unwrap_err().code,
            "invalid_characters"
        );
    }

    #[test]
    fn token_lifetimes_are_optional_but_bounded() {
        assert_eq!(expires_in_days(None), Ok(None));
        assert_eq!(expires_in_days(Some(30)), Ok(Some(30)));
        assert!(expires_in_days(Some(0)).is_err());
        assert!(expires_in_days(Some(-1)).is_err());
        assert!(expires_in_days(Some(TOKEN_MAX_DAYS + 1)).is_err());
    }

    #[test]
    fn typed_lifetimes_treat_blank_as_not_given_and_numbers_follow_the_shared_bounds() {
        assert_eq!(expires_in_days_text("  "), Ok(None));
        assert_eq!(expires_in_days_text("30"), Ok(Some(30)));
        assert!(expires_in_days_text("0").is_err());
        assert!(expires_in_days_text("ten").is_err());
    }

    #[test]
    fn optional_text_treats_blank_as_absent() {
        assert_eq!(optional_text("description", Some("  "), 10), Ok(None));
        assert_eq!(
            optional_text("description", Some(" hi "), 10),
            Ok(Some("hi".into()))
        );
        assert!(optional_text("description", Some("01234567890"), 10).is_err());
    }

    #[test]
    fn text_holding_nul_is_refused_with_its_own_code() {
        assert_eq!(no_nul("name", "a\0b").unwrap_err().code, NUL_BYTE);
        assert_eq!(no_nul("name", "a\0b").unwrap_err().field, "name");
        assert!(no_nul("name", "ab").is_ok());
    }

    #[test]
    fn a_nul_anywhere_in_a_json_document_is_named_by_its_path() {
        let field = |value: Value| json_without_nul(&value).map_err(|e| (e.field, e.code));
        let nul = || NUL_BYTE.to_owned();
        assert_eq!(
            field(serde_json::json!({"a": ["x", {"b": 1}], "c": null})),
            Ok(())
        );
        assert_eq!(field(serde_json::json!("a\0")), Err(("body".into(), nul())));
        assert_eq!(
            field(serde_json::json!({"name": "a\0"})),
            Err(("name".into(), nul()))
        );
        assert_eq!(
            field(serde_json::json!({"runtimes": [{"name": "ok"}, {"name": "\0"}]})),
            Err(("runtimes[1].name".into(), nul()))
        );
        assert_eq!(
            field(serde_json::json!({"reasons": {"k\0": "v"}})),
            Err(("reasons".into(), nul()))
        );
        assert_eq!(
            field(serde_json::json!({"\0": 1})),
            Err(("body".into(), nul()))
        );
    }

    #[test]
    fn lists_and_texts_are_bounded_inclusively() {
        assert!(at_most_items("ids", 3, 3).is_ok());
        assert_eq!(at_most_items("ids", 4, 3).unwrap_err().code, "too_many");
        assert!(at_most_chars("name", "ääää", 4).is_ok());
        assert_eq!(
            at_most_chars("name", "aaaaa", 4).unwrap_err().code,
            "too_long"
        );
    }
}
