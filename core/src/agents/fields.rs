//! Validation of an agent's own fields, shared by the create dialog and the server: each
//! function returns the normalised value or an error naming the JSON key.

use crate::validate;
use crate::ValidationError;
use serde_json::{Map, Value};

/// Longest agent name, in characters (after trimming).
pub const AGENT_NAME_MAX: usize = 64;
/// Longest agent description, in characters.
pub const AGENT_DESCRIPTION_MAX: usize = 1000;
/// Largest `instructions` text, in bytes (64 KiB).
pub const INSTRUCTIONS_MAX_BYTES: usize = 64 * 1024;
/// Bounds of `max_concurrent_tasks`.
pub const MAX_CONCURRENT_TASKS_RANGE: std::ops::RangeInclusive<i64> = 1..=50;
/// `max_concurrent_tasks` when none is given.
pub const DEFAULT_MAX_CONCURRENT_TASKS: i64 = 6;

/// An agent's name: trimmed, 1–64 characters, no control characters. Unique per workspace
/// (the database enforces it, 409).
pub fn agent_name(raw: &str) -> Result<String, ValidationError> {
    validate::name("name", raw, AGENT_NAME_MAX)
}

/// An optional description: trimmed; blank becomes `None`.
pub fn agent_description(raw: Option<&str>) -> Result<Option<String>, ValidationError> {
    validate::optional_text("description", raw, AGENT_DESCRIPTION_MAX)
}

/// The persona text for later briefs, kept verbatim (its layout matters) up to 64 KiB.
pub fn instructions(raw: &str) -> Result<String, ValidationError> {
    if raw.len() > INSTRUCTIONS_MAX_BYTES {
        return Err(ValidationError::new(
            "instructions",
            "too_long",
            format!("instructions must be at most {INSTRUCTIONS_MAX_BYTES} bytes"),
        ));
    }
    Ok(raw.to_owned())
}

/// Extra command-line arguments for the agent's runtime: each must be a non-blank string.
/// Values are kept as sent (a leading space can be meaningful to a program).
pub fn custom_args(raw: &[String]) -> Result<Vec<String>, ValidationError> {
    validate::at_most_items("custom_args", raw.len(), crate::limits::CUSTOM_ARGS_MAX)?;
    if let Some(index) = raw.iter().position(|arg| arg.trim().is_empty()) {
        return Err(ValidationError::new(
            "custom_args",
            "empty_argument",
            format!("custom_args entry {index} must not be empty"),
        ));
    }
    Ok(raw.to_vec())
}

/// How many runs may execute at once: 1–50; `None` gives the default, 6.
pub fn max_concurrent_tasks(raw: Option<i64>) -> Result<i64, ValidationError> {
    match raw {
        None => Ok(DEFAULT_MAX_CONCURRENT_TASKS),
        Some(n) if MAX_CONCURRENT_TASKS_RANGE.contains(&n) => Ok(n),
        Some(_) => Err(ValidationError::new(
            "max_concurrent_tasks",
            "out_of_range",
            "max_concurrent_tasks must be between 1 and 50",
        )),
    }
}

/// The MCP server configuration: a JSON object, or `null` for none. Secret-bearing: see
/// [`super::should_redact_mcp_config`].
pub fn mcp_config(raw: &Value) -> Result<Option<Map<String, Value>>, ValidationError> {
    match raw {
        Value::Null => Ok(None),
        Value::Object(map) => Ok(Some(map.clone())),
        _ => Err(ValidationError::new(
            "mcp_config",
            "invalid_type",
            "mcp_config must be a JSON object or null",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn code<T>(result: Result<T, ValidationError>) -> String {
        result.err().map(|e| e.code).unwrap_or_else(|| "ok".into())
    }

    #[test]
    fn names_are_trimmed_and_one_to_sixty_four_characters() {
        assert_eq!(agent_name("  Reviewer ").unwrap(), "Reviewer");
        assert_eq!(agent_name(&"ä".repeat(64)).unwrap().chars().count(), 64);
        assert_eq!(code(agent_name(&"a".repeat(65))), "too_long");
        assert_eq!(code(agent_name("   ")), "required");
        assert_eq!(agent_name("").unwrap_err().field, "name");
    }

    #[test]
    fn instructions_may_fill_sixty_four_kibibytes_and_no_more() {
        assert!(instructions(&"x".repeat(INSTRUCTIONS_MAX_BYTES)).is_ok());
        assert_eq!(
            code(instructions(&"x".repeat(INSTRUCTIONS_MAX_BYTES + 1))),
            "too_long"
        );
        assert_eq!(
            instructions("  keep\n layout ").unwrap(),
            "  keep\n layout "
        );
    }

    #[test]
    fn custom_args_are_non_empty_strings() {
        let args = vec!["--model".to_owned(), "fast".to_owned()];
        assert_eq!(custom_args(&args).unwrap(), args);
        assert!(custom_args(&[]).is_ok());
        assert_eq!(
            code(custom_args(&["-v".into(), "".into()])),
            "empty_argument"
        );
        assert_eq!(code(custom_args(&[" ".into()])), "empty_argument");
    }

    #[test]
    fn concurrency_defaults_to_six_and_stays_between_one_and_fifty() {
        let table = [
            (None, "6"),
            (Some(1), "1"),
            (Some(50), "50"),
            (Some(0), "out_of_range"),
            (Some(51), "out_of_range"),
            (Some(-3), "out_of_range"),
        ];
        for (raw, expected) in table {
            let got = max_concurrent_tasks(raw).map(|n| n.to_string());
            assert_eq!(got.unwrap_or_else(|e| e.code), expected, "{raw:?}");
        }
    }

    #[test]
    fn mcp_config_is_an_object_or_null() {
        assert_eq!(mcp_config(&json!(null)), Ok(None));
        assert!(mcp_config(&json!({"mcpServers": {}})).unwrap().is_some());
        for bad in [json!([]), json!("{}"), json!(1), json!(true)] {
            assert_eq!(code(mcp_config(&bad)), "invalid_type", "{bad}");
        }
    }

    #[test]
    fn descriptions_are_optional_and_bounded() {
        assert_eq!(agent_description(Some("  ")), Ok(None));
        assert_eq!(code(agent_description(Some(&"d".repeat(1001)))), "too_long");
    }
}
