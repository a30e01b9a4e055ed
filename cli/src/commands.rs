//! The commands other than the daemon, and the settings they share: where the server is, which
//! token to use, which workspace is meant.

pub mod issue;
pub mod login;
pub mod paths;
pub mod profile;
pub mod table;
pub mod task_context;
pub mod work;

use crate::client::ApiClient;
use crate::config::Config;
use crate::error::CliError;
use agentry_core::{ProfileId, WorkspaceId};

/// Global flags that override the stored configuration.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// `--server` / `AGENTRY_SERVER`.
    pub server: Option<String>,
    /// `--token` / `AGENTRY_TOKEN`.
    pub token: Option<String>,
}

/// A client for the configured (or overridden) server and token.
pub fn client(config: &Config, overrides: &Overrides) -> Result<ApiClient, CliError> {
    let server = non_blank(overrides.server.clone())
        .or_else(|| config.server())
        .ok_or_else(|| {
            CliError::usage("not logged in: run `agentry login --server URL --token TOKEN`")
        })?;
    let token = non_blank(overrides.token.clone())
        .or_else(|| config.token())
        .ok_or_else(|| {
            CliError::usage("not logged in: run `agentry login --server URL --token TOKEN`")
        })?;
    Ok(ApiClient::new(&server, &token)?)
}

/// The workspace from `--workspace`, else the stored default; a valid UUID either way.
pub fn workspace(flag: Option<String>, config: &Config) -> Result<WorkspaceId, CliError> {
    let raw = non_blank(flag)
        .or_else(|| config.workspace_id())
        .ok_or_else(|| {
            CliError::usage(
                "--workspace is required (or store a default with `agentry login --workspace ID`)",
            )
        })?;
    WorkspaceId::parse(&raw)
        .ok_or_else(|| CliError::usage(format!("--workspace is not a valid id: {raw}")))
}

/// A profile id argument, checked locally so a typo never becomes a request.
pub fn profile_id(raw: &str) -> Result<ProfileId, CliError> {
    ProfileId::parse(raw).ok_or_else(|| CliError::usage(format!("not a valid profile id: {raw}")))
}

/// `Some` only when the value has non-whitespace content, trimmed.
pub fn non_blank(value: Option<String>) -> Option<String> {
    value
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}
