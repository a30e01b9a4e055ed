//! The CLI's one error enum and how each kind maps to an exit code (0 ok, 1 server or
//! network, 2 usage).

use crate::client::ApiError;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The command line or local state is wrong; nothing was sent.
    #[error("{0}")]
    Usage(String),
    /// The server refused or could not be reached.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// A server answer the command reports in its own words (e.g. a refused delete).
    #[error("{0}")]
    Server(String),
    /// Reading or writing the local configuration failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl CliError {
    /// A usage error with this message.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::Usage(message.into())
    }

    /// An I/O error with context.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        CliError::Io {
            context: context.into(),
            source,
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Api(_) | CliError::Server(_) | CliError::Io { .. } => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors_exit_2_and_server_errors_exit_1() {
        assert_eq!(CliError::usage("--display-name is required").exit_code(), 2);
        let api = ApiError::Status {
            status: 409,
            message: "taken".into(),
            body: String::new(),
        };
        assert_eq!(CliError::from(api).exit_code(), 1);
    }
}
