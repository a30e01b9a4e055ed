//! Connected apps on a run (spec §4.20 B1–B8, as this project builds it): when a task is
//! written (queued, or queued again as a retry), the agent owner's active connections that the
//! agent's allowlist names are granted to it, and the task's overlay points the run at our own
//! broker (`/mcp/tasks/{id}/composio`) with the task token as its bearer, filled in at claim.
//!
//! No Composio call happens here: the tool-router session is created by the broker on the
//! run's first MCP request (see `routes::mcp`). That keeps an outside HTTP call out of the
//! write transaction every enqueue runs in (on SQLite it holds the one writer lock), and a run
//! that never uses its apps costs Composio nothing. Enqueue cannot fail because of Composio.

use crate::db::agents::AgentRecord;
use crate::db::{self, task_apps, Write};
use agentry_core::apps::{broker_overlay, grant_apps, run_apps};
use agentry_core::{AgentId, TaskId, WorkspaceId};

/// Grants task `task_id` of `agent` its apps and writes its overlay and app list; does
/// nothing while connected apps are off, for an agent without owner or allowlist, or when the
/// owner has connected none of the listed apps (B2). The originator plays no part (B3).
pub async fn attach(
    tx: &mut Write,
    agent: &AgentRecord,
    task_id: TaskId,
    now: i64,
) -> Result<(), sqlx::Error> {
    let Some(origin) = tx.apps_broker().map(str::to_owned) else {
        return Ok(());
    };
    let Some(owner) = agent.owner_id() else {
        return Ok(());
    };
    let Some(allowlist) = agent.allowlist().filter(|list| !list.is_empty()) else {
        return Ok(());
    };
    let connections: Vec<(String, String)> = db::connections::list_active(tx, owner)
        .await?
        .into_iter()
        .map(|c| (c.toolkit_slug, c.connected_account_id))
        .collect();
    let granted = grant_apps(Some(&allowlist), &connections);
    if granted.is_empty() {
        return Ok(());
    }
    let apps = serde_json::to_string(&run_apps(&granted)).unwrap_or_else(|_| "[]".into());
    task_apps::set_overlay(tx, task_id, &broker_overlay(&origin, task_id), &apps).await?;
    task_apps::insert_grant(tx, task_id, owner, &granted, now).await?;
    tracing::info!(task_id = %task_id, apps = granted.len(), "connected apps granted to the run");
    Ok(())
}

/// [`attach`] for a task written by id (a retry): reads the agent as it is now (B7: the
/// retry's apps come from the current agent and owner, never from its parent).
pub async fn attach_by_id(
    tx: &mut Write,
    workspace_id: WorkspaceId,
    agent_id: AgentId,
    task_id: TaskId,
    now: i64,
) -> Result<(), sqlx::Error> {
    if tx.apps_broker().is_none() {
        return Ok(());
    }
    match db::agents::get(tx, workspace_id, agent_id).await? {
        Some(agent) => attach(tx, &agent, task_id, now).await,
        None => Ok(()),
    }
}
