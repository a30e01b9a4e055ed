//! Validation of runtime profile fields, called by the settings form for instant feedback, by
//! the server for truth and by the CLI before it sends anything.

use super::family::{family_list, is_supported_family};
use crate::validate::{nul_byte, ValidationError, NAME_MAX};

/// Longest profile description, in characters.
pub const PROFILE_DESCRIPTION_MAX: usize = 1000;
/// Longest command name or fixed argument, in bytes.
pub const COMMAND_TOKEN_MAX: usize = 4096;
/// Most fixed arguments a profile may carry.
pub const FIXED_ARGS_MAX: usize = 64;

/// Trims a display name; it must be non-empty and at most [`NAME_MAX`] characters.
pub fn validate_display_name(raw: &str) -> Result<String, ValidationError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(ValidationError::new(
            "display_name",
            "required",
            "display_name is required",
        ));
    }
    if value.chars().count() > NAME_MAX {
        return Err(ValidationError::new(
            "display_name",
            "too_long",
            format!("display_name must be at most {NAME_MAX} characters"),
        ));
    }
    if value.contains('\0') {
        return Err(nul_byte("display_name"));
    }
    Ok(value.to_owned())
}

/// Trims a protocol family and checks it against the whitelist; the error lists the allowed
/// families.
pub fn validate_family(raw: &str) -> Result<String, ValidationError> {
    let value = raw.trim();
    if is_supported_family(value) {
        Ok(value.to_owned())
    } else {
        Err(ValidationError::new(
            "protocol_family",
            "unsupported_family",
            format!("protocol_family must be one of: {}", family_list()),
        ))
    }
}

/// Trims a command name; it must be one executable token: a name on PATH or an absolute path,
/// with no whitespace (arguments belong in `fixed_args`) and no NUL byte.
pub fn validate_command_name(raw: &str) -> Result<String, ValidationError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(ValidationError::new(
            "command_name",
            "required",
            "command_name is required",
        ));
    }
    if value.contains('\0') {
        return Err(nul_byte("command_name"));
    }
    if value.chars().any(char::is_whitespace) {
        return Err(ValidationError::new(
            "command_name",
            "not_single_token",
            "command_name must be a single executable token; put arguments in fixed_args",
        ));
    }
    if value.len() > COMMAND_TOKEN_MAX {
        return Err(too_long("command_name"));
    }
    // A relative path would resolve against whatever directory each daemon happens to run
    // in (a task's workdir, later): the same profile would start different programs.
    if value.contains('/') && !value.starts_with('/') {
        return Err(ValidationError::new(
            "command_name",
            "relative_path",
            "command_name must be a bare name found on PATH or an absolute path",
        ));
    }
    Ok(value.to_owned())
}

/// Checks fixed arguments: none blank after trimming, none with NUL. Entries are kept as
/// given (untrimmed), in order.
pub fn validate_fixed_args(args: &[String]) -> Result<(), ValidationError> {
    if args.len() > FIXED_ARGS_MAX {
        return Err(ValidationError::new(
            "fixed_args",
            "too_many",
            format!("at most {FIXED_ARGS_MAX} fixed_args are allowed"),
        ));
    }
    for arg in args {
        if arg.trim().is_empty() {
            return Err(ValidationError::new(
                "fixed_args",
                "blank_entry",
                "fixed_args entries must be non-empty",
            ));
        }
        if arg.contains('\0') {
            return Err(nul_byte("fixed_args"));
        }
        if arg.len() > COMMAND_TOKEN_MAX {
            return Err(too_long("fixed_args"));
        }
    }
    Ok(())
}

/// A description is stored as given (even empty), up to [`PROFILE_DESCRIPTION_MAX`].
pub fn validate_description(raw: &str) -> Result<String, ValidationError> {
    if raw.chars().count() > PROFILE_DESCRIPTION_MAX {
        return Err(ValidationError::new(
            "description",
            "too_long",
            format!("description must be at most {PROFILE_DESCRIPTION_MAX} characters"),
        ));
    }
    if raw.contains('\0') {
        return Err(nul_byte("description"));
    }
    Ok(raw.to_owned())
}

fn too_long(field: &str) -> ValidationError {
    ValidationError::new(field, "too_long", format!("{field} is too long"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn display_names_are_trimmed_and_required() {
        assert_eq!(
            validate_display_name("  Claude (work) ").unwrap(),
            "Claude (work)"
        );
        assert_eq!(validate_display_name(" \t").unwrap_err().code, "required");
    }

    #[test]
    fn a_command_with_arguments_in_it_is_refused_with_a_hint() {
        let err = validate_command_name("agent --model composer-2.5").unwrap_err();
        assert_eq!(err.code, "not_single_token");
        assert!(err.message.contains("fixed_args"));
        for bad in ["a\tb", "a\rb", "a\nb"] {
            assert_eq!(
                validate_command_name(bad).unwrap_err().code,
                "not_single_token"
            );
        }
    }

    #[test]
    fn a_command_is_a_bare_name_or_an_absolute_path_never_a_relative_one() {
        assert_eq!(validate_command_name("claude").unwrap(), "claude");
        assert_eq!(
            validate_command_name("/usr/bin/claude").unwrap(),
            "/usr/bin/claude"
        );
        for bad in ["./claude", "bin/claude", "../x", "~/bin/x"] {
            assert_eq!(
                validate_command_name(bad).unwrap_err().code,
                "relative_path",
                "{bad}"
            );
        }
    }

    #[test]
    fn commands_are_trimmed_and_nul_is_refused() {
        assert_eq!(
            validate_command_name("  /opt/bin/agent ").unwrap(),
            "/opt/bin/agent"
        );
        assert_eq!(validate_command_name("").unwrap_err().code, "required");
        assert_eq!(validate_command_name("a\0b").unwrap_err().code, "nul_byte");
    }

    #[test]
    fn fixed_args_refuse_blank_and_nul_entries_and_keep_the_rest_as_given() {
        assert!(validate_fixed_args(&args(&["--model", " composer-2.5 "])).is_ok());
        assert!(validate_fixed_args(&[]).is_ok());
        assert_eq!(
            validate_fixed_args(&args(&["ok", "  "])).unwrap_err().code,
            "blank_entry"
        );
        assert_eq!(
            validate_fixed_args(&args(&["bad\0arg"])).unwrap_err().code,
            "nul_byte"
        );
    }

    #[test]
    fn an_unknown_family_is_refused_with_the_whitelist_in_the_message() {
        assert_eq!(validate_family(" codex ").unwrap(), "codex");
        let err = validate_family("gemini").unwrap_err();
        assert_eq!(err.code, "unsupported_family");
        assert!(err.message.contains("claude, codex"));
    }
}
