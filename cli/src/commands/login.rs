//! `agentry login`: checks the token with one request, then stores server, token and default
//! workspace in the config file. The token is never printed.

use super::{non_blank, Overrides};
use crate::client::ApiClient;
use crate::config::Config;
use crate::error::CliError;
use agentry_core::api::catalogue::{account, daemon};
use agentry_core::WorkspaceId;

/// The prefix of daemon tokens (daemon endpoints only).
pub const DAEMON_TOKEN_PREFIX: &str = "agd_";

/// Runs `agentry login`; returns the line to print.
pub async fn run(
    config: &mut Config,
    flags: &Overrides,
    workspace: Option<String>,
) -> Result<String, CliError> {
    let server =
        non_blank(flags.server.clone()).ok_or_else(|| CliError::usage("--server is required"))?;
    let token =
        non_blank(flags.token.clone()).ok_or_else(|| CliError::usage("--token is required"))?;
    if !(server.starts_with("http://") || server.starts_with("https://")) {
        return Err(CliError::usage(format!(
            "--server must start with http:// or https://: {server}"
        )));
    }
    let workspace = match non_blank(workspace) {
        Some(raw) => Some(super::workspace(Some(raw), config)?),
        None => None,
    };
    let client = ApiClient::new(&server, &token)?;
    let who = if token.starts_with(DAEMON_TOKEN_PREFIX) {
        verify_daemon_token(&client, workspace).await?
    } else {
        let me = client.call(&account::ShowMe, &()).await?;
        let name = match me.user.name.is_empty() {
            true => me.user.email,
            false => me.user.name,
        };
        format!("as {name}")
    };
    let workspace = workspace.map(|id| id.to_string());
    config.set_login(client.base(), &token, workspace.as_deref());
    config.save()?;
    Ok(format!(
        "Logged in to {} {who}; configuration saved to {}",
        client.base(),
        config.path().display()
    ))
}

/// Daemon tokens cannot call `/api/me`; with a workspace, one daemon read proves the token.
async fn verify_daemon_token(
    client: &ApiClient,
    workspace: Option<WorkspaceId>,
) -> Result<String, CliError> {
    match workspace {
        Some(workspace) => {
            client.call(&daemon::Profiles { workspace }, &()).await?;
            Ok(format!("with a daemon token for workspace {workspace}"))
        }
        None => Ok("with a daemon token (not verified: pass --workspace to check it)".into()),
    }
}
