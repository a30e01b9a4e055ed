//! Turns one typed command line (`ccms start "q 36"`) into a command and its fixed arguments,
//! and back. It is deliberately not a shell: anything that would need one (pipes, redirects,
//! `$` expansion, backticks) is refused instead of being passed on literally by surprise.

use serde::{Deserialize, Serialize};

/// A command line split into the executable and its arguments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommandLine {
    /// The first token: a name on PATH or an absolute path.
    pub command: String,
    /// The remaining tokens, in order.
    pub args: Vec<String>,
}

/// Why a command line could not be split.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", content = "char", rename_all = "snake_case")]
pub enum SplitError {
    /// Nothing but whitespace.
    #[error("the command line is empty")]
    Empty,
    /// A quote was opened and never closed.
    #[error("a quote is not closed")]
    UnclosedQuote,
    /// The line ends with a lone backslash.
    #[error("the line ends with a backslash that escapes nothing")]
    TrailingBackslash,
    /// `|`, `>`, `<`, `;` or `&` outside quotes: shell syntax that would not run as written.
    #[error("`{0}` is shell syntax; quote it to pass it literally")]
    ShellOperator(char),
    /// `$` or a backtick outside single quotes: expansion that would not happen.
    #[error("`{0}` would need a shell to expand; use single quotes to pass it literally")]
    Expansion(char),
}

impl SplitError {
    /// A stable code for the UI's translation table.
    pub fn code(self) -> &'static str {
        match self {
            SplitError::Empty => "command_empty",
            SplitError::UnclosedQuote => "command_unclosed_quote",
            SplitError::TrailingBackslash => "command_trailing_backslash",
            SplitError::ShellOperator(_) => "command_shell_operator",
            SplitError::Expansion(_) => "command_expansion",
        }
    }
}

const SHELL_OPERATORS: [char; 5] = ['|', '>', '<', ';', '&'];

/// Splits `line`: unquoted whitespace separates tokens; single quotes are literal; double
/// quotes allow backslash escapes; an unquoted backslash escapes the next character.
pub fn split_command_line(line: &str) -> Result<CommandLine, SplitError> {
    let mut tokens: Vec<String> = Vec::new();
    let mut current = String::new();
    // A token exists once anything (even an empty `""`) was written to it.
    let mut in_token = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_token = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(inner) => current.push(inner),
                        None => return Err(SplitError::UnclosedQuote),
                    }
                }
            }
            '"' => {
                in_token = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(escaped) => current.push(escaped),
                            None => return Err(SplitError::UnclosedQuote),
                        },
                        Some(inner @ ('$' | '`')) => return Err(SplitError::Expansion(inner)),
                        Some(inner) => current.push(inner),
                        None => return Err(SplitError::UnclosedQuote),
                    }
                }
            }
            '\\' => match chars.next() {
                Some(escaped) => {
                    in_token = true;
                    current.push(escaped);
                }
                None => return Err(SplitError::TrailingBackslash),
            },
            '$' | '`' => return Err(SplitError::Expansion(c)),
            c if SHELL_OPERATORS.contains(&c) => return Err(SplitError::ShellOperator(c)),
            c if c.is_whitespace() => {
                if in_token {
                    tokens.push(std::mem::take(&mut current));
                    in_token = false;
                }
            }
            c => {
                in_token = true;
                current.push(c);
            }
        }
    }
    if in_token {
        tokens.push(current);
    }
    let mut tokens = tokens.into_iter();
    let command = tokens.next().ok_or(SplitError::Empty)?;
    Ok(CommandLine {
        command,
        args: tokens.collect(),
    })
}

/// Writes a command and its arguments as one line that [`split_command_line`] reads back
/// unchanged. Tokens with whitespace, quotes or shell characters are double-quoted.
pub fn join_command_line(command: &str, args: &[String]) -> String {
    let mut line = quote(command);
    for arg in args {
        line.push(' ');
        line.push_str(&quote(arg));
    }
    line
}

fn quote(token: &str) -> String {
    let needs_quotes = token.is_empty()
        || token.chars().any(|c| {
            c.is_whitespace()
                || SHELL_OPERATORS.contains(&c)
                || matches!(c, '\'' | '"' | '\\' | '$' | '`')
        });
    if !needs_quotes {
        return token.to_owned();
    }
    let mut quoted = String::with_capacity(token.len() + 2);
    quoted.push('"');
    for c in token.chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests;
