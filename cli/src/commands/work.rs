//! What the work commands (`issue …`, `autopilot get`, `workspace get`) share: which
//! credential they use, which workspace they act in, and how they name people and agents.
//!
//! Inside a run the daemon sets `AGENTRY_TASK_TOKEN` (and the server URL): the command then
//! acts as the agent with that token and nothing else. The machine owner's stored token is
//! never read there, nor a personal token passed in the environment, so an agent can never
//! borrow its owner's rights (spec H-R8).

use super::{non_blank, task_context, Overrides};
use crate::client::ApiClient;
use crate::config::Config;
use crate::error::CliError;
use agentry_core::api::catalogue::issues;
use agentry_core::api::issues::{Assignees, PartyRef, PartyType, WorkspaceInfo};
use agentry_core::WorkspaceId;
use reqwest::Method;
use std::io::Read;
use std::path::Path;

/// The variable carrying a run's task token.
pub const TASK_TOKEN_VAR: &str = "AGENTRY_TASK_TOKEN";
/// The prefix every task token starts with.
const TASK_TOKEN_PREFIX: &str = "agk_";

/// A client and the workspace the command acts in.
#[derive(Debug)]
pub struct Work {
    /// The client, with the task token inside a run.
    pub client: ApiClient,
    /// The workspace.
    pub workspace: WorkspaceId,
}

/// The credential a work command uses, decided from the environment alone (testable).
#[derive(Debug, PartialEq, Eq)]
pub enum Credential {
    /// Inside a run: the task token.
    Task(String),
    /// Outside: the flag, the variable or the stored login.
    Person,
}

/// Decides the credential: a task token when one is set (it must look like one, and no other
/// token may be given beside it); a refusal inside a task context without one, since the
/// only other token there would be the owner's.
pub fn credential(
    task_token: Option<String>,
    overrides: &Overrides,
    task_context: Option<String>,
) -> Result<Credential, CliError> {
    if let Some(token) = non_blank(task_token) {
        if !token.starts_with(TASK_TOKEN_PREFIX) {
            return Err(CliError::usage(format!(
                "{TASK_TOKEN_VAR} is not a task token (it must start with {TASK_TOKEN_PREFIX})"
            )));
        }
        if non_blank(overrides.token.clone()).is_some_and(|other| other != token) {
            return Err(CliError::usage(
                "inside a run only the task token may be used: unset AGENTRY_TOKEN / --token",
            ));
        }
        return Ok(Credential::Task(token));
    }
    if let Some(why) = task_context {
        return Err(CliError::usage(format!(
            "this looks like an agent run ({why}) but {TASK_TOKEN_VAR} is not set; refusing to \
             use the machine owner's token"
        )));
    }
    Ok(Credential::Person)
}

/// The client and workspace for a work command.
pub async fn context(
    dir: &Path,
    overrides: &Overrides,
    workspace: Option<String>,
) -> Result<Work, CliError> {
    let task_token = std::env::var(TASK_TOKEN_VAR).ok();
    match credential(task_token, overrides, task_context::detect())? {
        Credential::Task(token) => {
            // The stored login may name the server, never the token.
            let config = Config::load(dir)?;
            let server = non_blank(overrides.server.clone())
                .or_else(|| config.server())
                .ok_or_else(|| CliError::usage("AGENTRY_SERVER is not set"))?;
            let client = ApiClient::new(&server, &token)?;
            let workspace = match non_blank(workspace) {
                Some(raw) => parse_workspace(&raw)?,
                None => own_workspace(&client).await?.id,
            };
            Ok(Work { client, workspace })
        }
        Credential::Person => {
            let config = Config::load(dir)?;
            let workspace = super::workspace(workspace, &config)?;
            let client = super::client(&config, overrides)?;
            Ok(Work { client, workspace })
        }
    }
}

fn parse_workspace(raw: &str) -> Result<WorkspaceId, CliError> {
    WorkspaceId::parse(raw)
        .ok_or_else(|| CliError::usage(format!("--workspace is not a valid id: {raw}")))
}

/// A task token's own workspace: `GET /api/workspace` needs no header for one.
async fn own_workspace(client: &ApiClient) -> Result<WorkspaceInfo, CliError> {
    let path = "/api/workspace";
    let response = client
        .send(client.streaming(Method::GET, path), path)
        .await?;
    response
        .json()
        .await
        .map_err(|e| CliError::Server(format!("unexpected answer from the server: {e}")))
}

/// Text from `--x` or `--x-file` (`-` = stdin); `None` when neither was given.
pub fn text_arg(inline: Option<String>, file: Option<&Path>) -> Result<Option<String>, CliError> {
    match (inline, file) {
        (Some(text), _) => Ok(Some(text)),
        (None, Some(path)) if path == Path::new("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| CliError::io("reading stdin", e))?;
            Ok(Some(text))
        }
        (None, Some(path)) => std::fs::read_to_string(path)
            .map(Some)
            .map_err(|e| CliError::io(format!("reading {}", path.display()), e)),
        (None, None) => Ok(None),
    }
}

/// Resolves a person or agent by id, name or e-mail (case-insensitive; `agent:` or `member:`
/// picks the kind) among the workspace's assignable parties.
pub async fn party(work: &Work, raw: &str) -> Result<PartyRef, CliError> {
    let all: Assignees = work
        .client
        .call(
            &issues::Assignees {
                workspace: work.workspace,
            },
            &(),
        )
        .await?;
    resolve(&all, raw)
}

/// [`party`]'s pure part.
pub fn resolve(all: &Assignees, raw: &str) -> Result<PartyRef, CliError> {
    let raw = raw.trim();
    let (only, needle) = match raw.split_once(':') {
        Some(("agent", rest)) => (Some(PartyType::Agent), rest.trim()),
        Some(("member", rest)) => (Some(PartyType::Member), rest.trim()),
        _ => (None, raw),
    };
    let matches_text = |name: &str| name.eq_ignore_ascii_case(needle);
    let mut found: Vec<(PartyRef, String)> = Vec::new();
    if only != Some(PartyType::Agent) {
        for m in &all.members {
            if m.id.to_string() == needle || matches_text(&m.name) || matches_text(&m.email) {
                found.push((
                    PartyRef {
                        kind: PartyType::Member,
                        id: m.id.0,
                    },
                    m.name.clone(),
                ));
            }
        }
    }
    if only != Some(PartyType::Member) {
        for a in &all.agents {
            if a.id.to_string() == needle || matches_text(&a.name) {
                found.push((
                    PartyRef {
                        kind: PartyType::Agent,
                        id: a.id.0,
                    },
                    a.name.clone(),
                ));
            }
        }
    }
    match found.len() {
        1 => Ok(found.remove(0).0),
        0 => Err(CliError::usage(format!(
            "no member or agent of this workspace is called {needle:?}"
        ))),
        _ => Err(CliError::usage(format!(
            "{needle:?} names several: {}; prefix it with agent: or member:, or use the id",
            found
                .iter()
                .map(|(p, name)| format!("{} {name} ({})", p.kind.as_str(), p.id))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Pretty JSON for stdout.
pub fn json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Server(format!("cannot print the answer: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(token: Option<&str>) -> Overrides {
        Overrides {
            server: None,
            token: token.map(str::to_owned),
        }
    }

    #[test]
    fn inside_a_run_the_task_token_is_the_only_credential() {
        let token = format!("agk_{}", "a".repeat(40));
        assert_eq!(
            credential(
                Some(token.clone()),
                &flags(None),
                Some("AGENTRY_TASK_ID is set".into())
            )
            .unwrap(),
            Credential::Task(token.clone())
        );
        let refused = credential(Some(token), &flags(Some("agt_owner")), None).unwrap_err();
        assert!(refused.to_string().contains("only the task token"));
    }

    #[test]
    fn a_task_context_without_a_task_token_refuses_the_owners_token() {
        let refused = credential(
            None,
            &flags(Some("agt_owner")),
            Some("AGENTRY_TASK_ID is set".into()),
        )
        .unwrap_err();
        assert!(refused
            .to_string()
            .contains("refusing to use the machine owner's token"));
    }

    #[test]
    fn something_that_is_not_a_task_token_is_refused_in_the_task_variable() {
        let refused = credential(Some("agt_x".into()), &flags(None), None).unwrap_err();
        assert!(refused.to_string().contains("not a task token"));
    }

    #[test]
    fn outside_a_run_the_persons_login_is_used() {
        assert_eq!(
            credential(None, &flags(None), None).unwrap(),
            Credential::Person
        );
    }
}
