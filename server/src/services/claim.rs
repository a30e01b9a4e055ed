//! The batch claim (spec G.3): a daemon takes queued tasks of the runtimes its member owns and
//! registered under its daemon id, oldest highest-priority first, within each agent's
//! capacity and one run at a time per conversation; each claimed task gets its task token and
//! its payload (G.4), and its brief hash and turn prompt are recorded.

use crate::auth::{secret, DaemonCaller};
use crate::db::queue::{self, TaskRow};
use crate::db::runtimes::RuntimeRow;
use crate::db::tasks::NewTaskToken;
use crate::db::{self, new_id, now_ms, rfc3339, task_facts, Backend, Db};
use crate::error::{ApiError, ApiResult};
use crate::services;
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::api::tasks::{
    ClaimRequest, ClaimedTask, TaskAgent, TaskInitiator, TaskRuntime, TaskWorkspace, MAX_CLAIM,
};
use agentry_core::apps::{fill_task_token, merge_mcp_overlay, run_app_slugs};
use agentry_core::brief::{
    self, AutopilotBrief, AutopilotRun, Initiator, IssueTurn, TriggerComment, TurnInputs,
};
use agentry_core::runtimes::{family, filter_fixed_args, OFFLINE_AFTER_SECS};
use agentry_core::work::issue_identifier;
use agentry_core::work::{TaskKind, TaskStatus};
use agentry_core::{validate, AgentId, RuntimeId, TaskTokenId};
use sqlx::AnyConnection;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

/// How long a task token lives at most (it dies with its task anyway).
const TOKEN_TTL_MS: i64 = 24 * 3600 * 1000;
/// At most this many runtime ids are looked at per claim.
const MAX_RUNTIMES: usize = 256;

/// Claims for `caller`; see the module doc. Refusals are 400s only for a malformed request:
/// runtimes out of reach are skipped, never named.
pub async fn claim(
    database: &Db,
    caller: &DaemonCaller,
    req: &ClaimRequest,
) -> ApiResult<Vec<ClaimedTask>> {
    let daemon_id = req.daemon_id.trim();
    if daemon_id.is_empty() {
        return Err(ApiError::invalid(
            "daemon_id",
            "required",
            "daemon_id is required",
        ));
    }
    if req.max_tasks < 0 {
        return Err(ApiError::invalid(
            "max_tasks",
            "out_of_range",
            "max_tasks must not be negative",
        ));
    }
    validate::at_most_items("runtime_ids", req.runtime_ids.len(), MAX_RUNTIMES)?;
    let mut remaining = req.max_tasks.min(MAX_CLAIM);
    if remaining == 0 {
        return Ok(Vec::new());
    }
    let now = now_ms();
    let runtimes = claimable_runtimes(database, caller, daemon_id, &req.runtime_ids, now).await?;
    let mut claimed = Vec::new();
    for runtime in runtimes {
        if remaining == 0 {
            break;
        }
        let got = claim_on(database, &runtime, daemon_id, remaining, now_ms()).await?;
        remaining -= got.len() as i64;
        claimed.extend(got);
    }
    Ok(claimed)
}

/// The runtimes of `ids` the caller may claim for: in a workspace it reaches, owned by its
/// member, registered under `daemon_id`, online and heard from recently.
async fn claimable_runtimes(
    database: &Db,
    caller: &DaemonCaller,
    daemon_id: &str,
    ids: &[String],
    now: i64,
) -> ApiResult<Vec<RuntimeRow>> {
    let mut conn = database.pool.acquire().await?;
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for raw in ids {
        let Ok(uuid) = uuid::Uuid::parse_str(raw.trim()) else {
            continue;
        };
        let id = RuntimeId(uuid);
        if !seen.insert(id) {
            continue;
        }
        let Some(row) = db::runtimes::get(&mut conn, id).await? else {
            continue;
        };
        match caller.access(&mut conn, row.workspace_id).await {
            Ok(access) if access.may_touch(row.facts()).is_ok() => {}
            Ok(_) | Err(ApiError::NotFound) => continue,
            Err(err) => return Err(err),
        }
        let fresh = row
            .last_seen_at
            .is_some_and(|seen| seen >= now - OFFLINE_AFTER_SECS * 1000);
        if row.daemon_id.as_deref() != Some(daemon_id) || row.status != "online" || !fresh {
            continue;
        }
        out.push(row);
    }
    Ok(out)
}

/// One write transaction on one runtime: up to `max` tasks dispatched and finalised.
async fn claim_on(
    database: &Db,
    runtime: &RuntimeRow,
    daemon_id: &str,
    max: i64,
    now: i64,
) -> ApiResult<Vec<ClaimedTask>> {
    let backend = database.backend;
    let mut tx = database.begin_write().await?;
    // Queued tasks of agents with room, in claim order, a few more than asked for (a busy
    // conversation passes some over); each agent is locked and its capacity counted again the
    // first time one of its tasks comes up. Every lock is `SKIP LOCKED`, so a claimer never
    // waits on another and none can deadlock; an agent another claimer holds is left to it.
    let candidates =
        queue::claim_candidates(&mut tx, backend, runtime.id, (max + 4).min(64)).await?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let mut room: BTreeMap<AgentId, i64> = BTreeMap::new();
    let mut out = Vec::new();
    for task in candidates {
        if out.len() as i64 >= max {
            break;
        }
        let free = match room.entry(task.agent_id) {
            Entry::Occupied(free) => free.into_mut(),
            Entry::Vacant(slot) => {
                let free = match queue::lock_agent_capacity(&mut tx, backend, task.agent_id).await?
                {
                    Some(cap) => cap - queue::active_count(&mut tx, task.agent_id).await?,
                    None => 0,
                };
                slot.insert(free)
            }
        };
        if *free <= 0 || queue::conversation_busy(&mut tx, &task).await? {
            continue;
        }
        if task.workspace_id != runtime.workspace_id {
            // Never dispatch across workspaces: fail closed.
            queue::mark_cancelled(&mut tx, task.id, now).await?;
            announce_changed(&mut tx, &task);
            continue;
        }
        let Some(owner) = runtime.owner_id else {
            // H-R7: no owner, no task token; the run must not fall back to another credential.
            queue::mark_cancelled(&mut tx, task.id, now).await?;
            announce_changed(&mut tx, &task);
            continue;
        };
        if !queue::mark_dispatched(&mut tx, task.id, daemon_id, now).await? {
            continue;
        }
        *free -= 1;
        let token = secret::task_token();
        db::tasks::insert_token(
            &mut tx,
            NewTaskToken {
                id: TaskTokenId(new_id()),
                token_hash: &secret::hash(&token),
                task_id: task.id,
                agent_id: task.agent_id,
                workspace_id: task.workspace_id,
                user_id: owner,
                expires_at: now + TOKEN_TTL_MS,
                now,
            },
        )
        .await?;
        let mut task = task;
        task.status = TaskStatus::Dispatched.as_str().to_owned();
        task.dispatched_at = Some(now);
        let payload = payload(&mut tx, backend, runtime, &task, token).await?;
        let brief_text = brief::build_brief(&payload.brief);
        let turn_prompt = brief::build_turn_prompt(&payload.turn);
        queue::set_brief(
            &mut tx,
            task.id,
            &brief::brief_hash(&brief_text),
            &turn_prompt,
        )
        .await?;
        announce_changed(&mut tx, &task);
        out.push(payload);
    }
    tx.commit().await?;
    Ok(out)
}

/// `task:changed` for a task.
pub fn announce_changed(tx: &mut db::Write, task: &TaskRow) {
    tx.announce(ServerEvent::TaskChanged {
        workspace_id: task.workspace_id,
        task_id: task.id,
        issue_id: task.issue_id,
        chat_session_id: task.chat_session_id,
    });
}

/// Builds the claim payload of a dispatched task.
async fn payload(
    tx: &mut db::Write,
    _backend: Backend,
    runtime: &RuntimeRow,
    task: &TaskRow,
    auth_token: String,
) -> ApiResult<ClaimedTask> {
    let (ws_name, issue_key) = task_facts::workspace(tx, task.workspace_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let agent = db::agents::get(tx, task.workspace_id, task.agent_id)
        .await?
        .ok_or(ApiError::NotFound)?
        .row;
    let kind = task.kind();
    let mut turn = TurnInputs::new(kind);
    let mut out_trigger_content = None;
    let (mut prior_session_id, mut prior_work_dir) = (None, None);

    if let Some(issue_id) = task.issue_id {
        if let Some((number, title)) = task_facts::issue(tx, issue_id).await? {
            turn.issue = Some(IssueTurn {
                id: issue_id.to_string(),
                identifier: issue_identifier(&issue_key, number),
                title,
            });
        }
        if task.force_fresh_session == 0 {
            if let Some((session, dir, at)) =
                task_facts::prior_issue_session(tx, task.agent_id, issue_id, task.id).await?
            {
                turn.resumed = true;
                turn.since = Some(rfc3339(at));
                let since = task_facts::comments_since(tx, issue_id, at).await?;
                turn.new_comments = u32::try_from(since).unwrap_or(u32::MAX);
                prior_session_id = Some(session);
                prior_work_dir = dir;
            }
        }
    }
    if let Some(comment_id) = task.trigger_comment_id {
        if let Some((content, author)) = task_facts::comment(tx, comment_id).await? {
            turn.trigger = Some(TriggerComment {
                id: comment_id.to_string(),
                author: author.unwrap_or_default(),
            });
            out_trigger_content = Some(content);
        }
    }
    let mut chat_message = None;
    if let Some(session) = task.chat_session_id {
        chat_message = task_facts::latest_user_message(tx, session).await?;
        turn.chat_message = chat_message.clone().unwrap_or_default();
        if task.force_fresh_session == 0 {
            if let Some((Some(session_id), dir)) = task_facts::chat_session(tx, session).await? {
                turn.resumed = true;
                prior_session_id = Some(session_id);
                prior_work_dir = dir;
            }
        }
    }
    let quick_create_prompt = task
        .context
        .as_deref()
        .and_then(|c| serde_json::from_str::<serde_json::Value>(c).ok())
        .and_then(|c| c.get("prompt").and_then(|p| p.as_str()).map(str::to_owned));
    if kind == TaskKind::QuickCreate {
        turn.quick_create_prompt = quick_create_prompt.clone().unwrap_or_default();
    }
    let mut autopilot_brief = None;
    let (mut autopilot_title, mut autopilot_description) = (None, None);
    if let Some(run_id) = task.autopilot_run_id {
        if let Some((id, title, description, source)) = task_facts::autopilot(tx, run_id).await? {
            turn.autopilot_run = Some(AutopilotRun {
                run_id: run_id.to_string(),
                trigger_source: source,
                trigger_payload: String::new(),
            });
            autopilot_brief = Some(AutopilotBrief {
                id,
                title: title.clone(),
                instructions: description.clone(),
            });
            autopilot_title = Some(title);
            autopilot_description = Some(description);
        }
    }
    turn.handoff_note = task.handoff_note.clone().unwrap_or_default();
    let mut initiator = None;
    if let Some(user) = task.originator_user_id {
        if let Some((name, email)) = task_facts::person(tx, user).await? {
            turn.initiator = Some(Initiator::Member {
                name: name.clone(),
                email: email.clone(),
            });
            initiator = Some(TaskInitiator {
                id: user,
                name,
                email,
            });
        }
    }
    // Spec B9: while connected apps are off, a run gets neither its apps nor their overlay.
    let apps_on = tx.apps_broker().is_some();
    let connected_apps: Vec<String> = task
        .runtime_connected_apps
        .as_deref()
        .filter(|_| apps_on)
        .map(run_app_slugs)
        .unwrap_or_default();
    turn.connected_apps = connected_apps.clone();

    let launch = launch(tx, runtime).await?;
    // The family the runtime is launched with names the brief's file: a custom profile's
    // family, as in the launch facts. `services::brief` builds the preview the same way.
    let brief_inputs = services::brief::inputs(
        kind,
        &launch.provider,
        &agent,
        (&ws_name, &issue_key),
        autopilot_brief,
    );

    // The overlay points at our broker; the run's bearer is its own task token, which only
    // exists from this claim on.
    let overlay = task
        .runtime_mcp_overlay
        .as_deref()
        .filter(|_| apps_on)
        .map(|o| fill_task_token(o, &auth_token));
    let merged = merge_mcp_overlay(agent.mcp_config.as_deref(), overlay.as_deref());
    if let Some(error) = merged.error {
        tracing::warn!(task_id = %task.id, %error, "the task's MCP overlay was not applied");
    }
    Ok(ClaimedTask {
        id: task.id,
        agent_id: task.agent_id,
        runtime_id: runtime.id,
        workspace_id: task.workspace_id,
        issue_id: task.issue_id,
        chat_session_id: task.chat_session_id,
        autopilot_run_id: task.autopilot_run_id,
        kind,
        status: task.status(),
        priority: task.priority,
        attempt: task.attempt,
        max_attempts: task.max_attempts,
        created_at: rfc3339(task.created_at),
        dispatched_at: task.dispatched_at.map(rfc3339),
        trigger_comment_id: task.trigger_comment_id,
        coalesced_comment_ids: task.coalesced(),
        trigger_comment_content: out_trigger_content,
        trigger_summary: task.trigger_summary.clone(),
        handoff_note: task.handoff_note.clone(),
        prior_session_id,
        prior_work_dir,
        chat_message,
        autopilot_title,
        autopilot_description,
        quick_create_prompt,
        workspace: TaskWorkspace {
            id: task.workspace_id,
            name: ws_name,
            issue_key,
        },
        initiator,
        agent: TaskAgent {
            id: agent.id,
            name: agent.name,
            instructions: agent.instructions,
            custom_args: serde_json::from_str(&agent.custom_args).unwrap_or_default(),
            mcp_config: merged.config.map(|c| c.into_owned()),
            model: None,
        },
        runtime: launch,
        brief: brief_inputs,
        turn,
        connected_apps,
        auth_token,
    })
}

/// The launch facts of spec C.9: a custom profile's command and filtered fixed arguments, or
/// the family's own command for a built-in.
pub async fn launch(conn: &mut AnyConnection, runtime: &RuntimeRow) -> ApiResult<TaskRuntime> {
    if let Some(profile_id) = runtime.profile_id {
        if let Some(profile) =
            db::runtime_profiles::get(conn, runtime.workspace_id, profile_id).await?
        {
            let args: Vec<String> = serde_json::from_str(&profile.fixed_args).unwrap_or_default();
            return Ok(TaskRuntime {
                id: runtime.id,
                provider: profile.protocol_family.clone(),
                command: profile.command_name,
                fixed_args: filter_fixed_args(&profile.protocol_family, &args),
                custom: true,
            });
        }
    }
    Ok(TaskRuntime {
        id: runtime.id,
        provider: runtime.provider.clone(),
        command: family(&runtime.provider)
            .map(|f| f.command.to_owned())
            .unwrap_or_else(|| runtime.provider.clone()),
        fixed_args: Vec::new(),
        custom: false,
    })
}
