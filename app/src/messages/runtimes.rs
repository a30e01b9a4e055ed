//! Texts of the runtimes area, by the core's codes: why a typed command line could not be
//! split (`SplitError::code`), profile-field validation errors, and the runtimes endpoints'
//! error codes.

use super::validation_error_text;
use crate::i18n::{fill, Key};
use agentry_core::runtimes::profile::{FIXED_ARGS_MAX, PROFILE_DESCRIPTION_MAX};
use agentry_core::runtimes::{family_list, RuntimeStatus, SplitError};
use agentry_core::validate::NAME_MAX;
use agentry_core::{Locale, ValidationError};

/// Online or offline.
pub fn status_key(status: RuntimeStatus) -> Key {
    match status {
        RuntimeStatus::Online => Key::StatusOnline,
        RuntimeStatus::Offline => Key::StatusOffline,
    }
}

/// The split error as a validation error of the form's "Command" field.
pub fn split_validation(err: SplitError) -> ValidationError {
    let detail = match err {
        SplitError::ShellOperator(c) | SplitError::Expansion(c) => c.to_string(),
        _ => String::new(),
    };
    // The offending character rides in `message`; the code says what kind of problem it is.
    ValidationError::new("command_name", err.code(), detail)
}

/// A problem with a runtime profile field (or the typed command line), translated.
pub fn profile_validation_text(err: &ValidationError, locale: Locale) -> String {
    let text = |key: Key| key.text(locale).to_owned();
    match (err.field.as_str(), err.code.as_str()) {
        (_, "command_empty") => text(Key::ValRequired),
        (_, "command_unclosed_quote") => text(Key::SplitUnclosedQuote),
        (_, "command_trailing_backslash") => text(Key::SplitTrailingBackslash),
        (_, "command_shell_operator") => {
            fill(Key::SplitShellOperator.text(locale), &[&err.message])
        }
        (_, "command_expansion") => fill(Key::SplitExpansion.text(locale), &[&err.message]),
        (_, "not_single_token") => text(Key::ValNotSingleToken),
        (_, "relative_path") => text(Key::ValRelativeCommand),
        (_, "blank_entry") => text(Key::ValBlankArgument),
        (_, "too_many") => fill(
            Key::ValTooManyArguments.text(locale),
            &[&FIXED_ARGS_MAX.to_string()],
        ),
        (_, "nul_byte") => text(Key::ValControlCharacters),
        ("protocol_family", _) => fill(Key::ValUnsupportedFamily.text(locale), &[&family_list()]),
        ("display_name", "too_long") => {
            fill(Key::ValTooLong.text(locale), &[&NAME_MAX.to_string()])
        }
        ("description", "too_long") => fill(
            Key::ValTooLong.text(locale),
            &[&PROFILE_DESCRIPTION_MAX.to_string()],
        ),
        ("command_name" | "fixed_args", "too_long") => text(Key::ValTokenTooLong),
        _ => validation_error_text(err, locale),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agentry_core::runtimes::split_command_line;

    #[test]
    fn every_split_error_is_translated_and_names_the_offending_character() {
        for (line, expect) in [
            ("a | b", Some("|")),
            ("echo $HOME", Some("$")),
            ("'open", None),
            ("trailing\\", None),
            ("   ", None),
        ] {
            let err = split_command_line(line).unwrap_err();
            let text = profile_validation_text(&split_validation(err), Locale::En);
            assert_ne!(text, err.to_string(), "{line}: falls back to English");
            if let Some(c) = expect {
                assert!(text.contains(c), "{line}: {text}");
            }
        }
    }
}
