//! `agentry issue …`, `agentry autopilot get` and `agentry workspace get`: thin, typed calls
//! of the REST API printing the server's JSON on stdout, with names resolved to ids first and
//! flags checked locally, so a typo never becomes a request.

use super::work::{json, party, text_arg, Work};
use crate::cli::{CommentCommand, IssueCommand, IssueCreateArgs, IssueUpdateArgs, MetadataCommand};
use crate::error::CliError;
use agentry_core::agents::Field;
use agentry_core::api::catalogue::{issues, WORKSPACE_HEADER};
use agentry_core::api::issues::{
    Comment, CommentCreated, CreateCommentRequest, CreateIssueRequest, Issue, SetMetadataRequest,
    TriggerResult, UpdateIssueRequest,
};
use agentry_core::work::{IssuePriority, IssueStatus};
use agentry_core::{AutopilotId, IssueId};
use std::collections::BTreeMap;

/// Runs one `issue` subcommand.
pub async fn run(work: &Work, command: IssueCommand) -> Result<String, CliError> {
    let workspace = work.workspace;
    match command {
        IssueCommand::Get { id } => {
            let issue: Issue = work
                .client
                .call(&issues::Show { workspace, id }, &())
                .await?;
            json(&issue)
        }
        IssueCommand::List {
            status,
            assignee,
            limit,
        } => list(work, status, assignee, limit).await,
        IssueCommand::Create(args) => create(work, args).await,
        IssueCommand::Update(args) => update(work, args).await,
        IssueCommand::Status { id, status } => {
            let body = UpdateIssueRequest {
                status: Some(status_arg(&status)?),
                ..Default::default()
            };
            patch(work, id, body).await
        }
        IssueCommand::Assign { id, to, unassign } => {
            let assignee = match (to, unassign) {
                (Some(to), false) => Field::Value(party(work, &to).await?),
                (None, true) => Field::Null,
                _ => return Err(CliError::usage("give --to <name> or --unassign")),
            };
            let body = UpdateIssueRequest {
                assignee,
                ..Default::default()
            };
            patch(work, id, body).await
        }
        IssueCommand::Children { id } => {
            let children: Vec<Issue> = work
                .client
                .call(&issues::Children { workspace, id }, &())
                .await?;
            json(&children)
        }
        IssueCommand::Comment { command } => comment(work, command).await,
        IssueCommand::Metadata { command } => metadata(work, command).await,
    }
}

async fn list(
    work: &Work,
    status: Option<String>,
    assignee: Option<String>,
    limit: Option<u32>,
) -> Result<String, CliError> {
    let mut query = Vec::new();
    if let Some(status) = status {
        query.push(("status", status_arg(&status)?.as_str().to_owned()));
    }
    if let Some(assignee) = assignee {
        let party = party(work, &assignee).await?;
        query.push(("assignee_type", party.kind.as_str().to_owned()));
        query.push(("assignee_id", party.id.to_string()));
    }
    if let Some(limit) = limit {
        query.push(("limit", limit.to_string()));
    }
    let endpoint = issues::List {
        workspace: work.workspace,
    };
    let issues: Vec<Issue> = work.client.call_with_query(&endpoint, &query).await?;
    json(&issues)
}

async fn create(work: &Work, args: IssueCreateArgs) -> Result<String, CliError> {
    let title =
        super::non_blank(args.title).ok_or_else(|| CliError::usage("--title is required"))?;
    let mut body = CreateIssueRequest {
        title,
        description: text_arg(args.description, args.description_file.as_deref())?,
        status: args.status.as_deref().map(status_arg).transpose()?,
        priority: args.priority.as_deref().map(priority_arg).transpose()?,
        no_start: args.no_start,
        ..Default::default()
    };
    if let Some(parent) = args.parent {
        body.parent_issue_id = Some(issue_id(work, &parent).await?);
    }
    if let Some(assignee) = args.assignee {
        body.assignee = Some(party(work, &assignee).await?);
    }
    let created: Issue = work
        .client
        .call(
            &issues::Create {
                workspace: work.workspace,
            },
            &body,
        )
        .await?;
    if let Some(run) = &created.run {
        eprintln!(
            "Created {}; the agent was asked for a run ({}).",
            created.identifier, run.task_id
        );
    } else {
        eprintln!("Created {}.", created.identifier);
    }
    json(&created)
}

async fn update(work: &Work, args: IssueUpdateArgs) -> Result<String, CliError> {
    let mut body = UpdateIssueRequest {
        title: args.title,
        description: text_arg(args.description, args.description_file.as_deref())?,
        priority: args.priority.as_deref().map(priority_arg).transpose()?,
        ..Default::default()
    };
    if let Some(parent) = args.parent {
        body.parent_issue_id = match parent.trim() {
            "" => Field::Null,
            parent => Field::Value(issue_id(work, parent).await?),
        };
    }
    patch(work, args.id, body).await
}

async fn patch(work: &Work, id: String, body: UpdateIssueRequest) -> Result<String, CliError> {
    let endpoint = issues::Update {
        workspace: work.workspace,
        id,
    };
    let updated: Issue = work.client.call(&endpoint, &body).await?;
    json(&updated)
}

/// An issue argument as an id: a UUID as it is, a `KEY-N` looked up.
async fn issue_id(work: &Work, raw: &str) -> Result<IssueId, CliError> {
    if let Some(id) = IssueId::parse(raw) {
        return Ok(id);
    }
    let issue: Issue = work
        .client
        .call(
            &issues::Show {
                workspace: work.workspace,
                id: raw.trim().to_owned(),
            },
            &(),
        )
        .await?;
    Ok(issue.id)
}

async fn comment(work: &Work, command: CommentCommand) -> Result<String, CliError> {
    let workspace = work.workspace;
    match command {
        CommentCommand::List { issue, since } => {
            let since = since
                .map(|raw| {
                    time::OffsetDateTime::parse(
                        raw.trim(),
                        &time::format_description::well_known::Rfc3339,
                    )
                    .map_err(|_| CliError::usage(format!("--since is not an RFC 3339 time: {raw}")))
                })
                .transpose()?;
            let comments: Vec<Comment> = work
                .client
                .call(
                    &issues::ListComments {
                        workspace,
                        id: issue,
                    },
                    &(),
                )
                .await?;
            let comments: Vec<Comment> = comments
                .into_iter()
                .filter(|c| {
                    since.is_none_or(|since| {
                        time::OffsetDateTime::parse(
                            &c.created_at,
                            &time::format_description::well_known::Rfc3339,
                        )
                        .is_ok_and(|at| at >= since)
                    })
                })
                .collect();
            json(&comments)
        }
        CommentCommand::Add {
            issue,
            content,
            content_file,
            mentions,
        } => {
            let content = text_arg(content, content_file.as_deref())?
                .filter(|c| !c.trim().is_empty())
                .ok_or_else(|| {
                    CliError::usage("give the comment with --content-file <path> (or --content)")
                })?;
            let mut refs = Vec::new();
            for name in &mentions {
                refs.push(party(work, name).await?);
            }
            let body = CreateCommentRequest {
                content,
                mentions: refs,
                parent_id: None,
            };
            let created: CommentCreated = work
                .client
                .call(
                    &issues::CreateComment {
                        workspace,
                        id: issue,
                    },
                    &body,
                )
                .await?;
            for t in &created.triggered {
                match t.result {
                    TriggerResult::Blocked => eprintln!(
                        "warning: agent {} was not asked for a run ({})",
                        t.agent_id,
                        t.reason_code.as_deref().unwrap_or("refused")
                    ),
                    _ => eprintln!("Agent {} was asked for a run.", t.agent_id),
                }
            }
            json(&created)
        }
    }
}

async fn metadata(work: &Work, command: MetadataCommand) -> Result<String, CliError> {
    let workspace = work.workspace;
    let all: BTreeMap<String, String> = match command {
        MetadataCommand::List { issue } => {
            work.client
                .call(
                    &issues::Metadata {
                        workspace,
                        id: issue,
                    },
                    &(),
                )
                .await?
        }
        MetadataCommand::Set { issue, key, value } => {
            work.client
                .call(
                    &issues::SetMetadata {
                        workspace,
                        id: issue,
                        key,
                    },
                    &SetMetadataRequest { value },
                )
                .await?
        }
        MetadataCommand::Delete { issue, key } => {
            work.client
                .call(
                    &issues::DeleteMetadata {
                        workspace,
                        id: issue.clone(),
                        key: key.clone(),
                    },
                    &(),
                )
                .await?;
            eprintln!("Removed {key}.");
            work.client
                .call(
                    &issues::Metadata {
                        workspace,
                        id: issue,
                    },
                    &(),
                )
                .await?
        }
    };
    json(&all)
}

/// `agentry autopilot get <id>`.
pub async fn autopilot_get(work: &Work, id: &str) -> Result<String, CliError> {
    let id = AutopilotId::parse(id)
        .ok_or_else(|| CliError::usage(format!("not a valid autopilot id: {id}")))?;
    // Read as JSON and printed back as it came: this command only relays the server's answer.
    let path = format!("/api/autopilots/{id}");
    let request = work
        .client
        .streaming(reqwest::Method::GET, &path)
        .header(WORKSPACE_HEADER, work.workspace.to_string())
        .timeout(std::time::Duration::from_secs(30));
    let autopilot: serde_json::Value = work
        .client
        .send(request, &path)
        .await?
        .json()
        .await
        .map_err(|e| CliError::Server(format!("unexpected answer from the server: {e}")))?;
    json(&autopilot)
}

/// `agentry workspace get`.
pub async fn workspace_get(work: &Work) -> Result<String, CliError> {
    let info = work
        .client
        .call(
            &issues::ShowWorkspace {
                workspace: work.workspace,
            },
            &(),
        )
        .await?;
    json(&info)
}

fn status_arg(raw: &str) -> Result<IssueStatus, CliError> {
    IssueStatus::parse(raw.trim()).ok_or_else(|| {
        CliError::usage(format!(
            "unknown status {raw:?}: use backlog, todo, in_progress, in_review, done or cancelled"
        ))
    })
}

fn priority_arg(raw: &str) -> Result<IssuePriority, CliError> {
    IssuePriority::parse(raw.trim()).ok_or_else(|| {
        CliError::usage(format!(
            "unknown priority {raw:?}: use urgent, high, medium, low or none"
        ))
    })
}
