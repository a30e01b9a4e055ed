//! Queries on `autopilots`, `autopilot_triggers` and `autopilot_runs`, and the minimal issue
//! a `create_issue` firing opens.

use super::rfc3339;
use agentry_core::api::autopilots::{AutopilotRun, AutopilotTrigger};
use agentry_core::work::{ExecutionMode, RunSource, Schedule, NEXT_FIRES_SHOWN};
use agentry_core::{
    AgentId, AutopilotId, AutopilotRunId, AutopilotTriggerId, IssueId, TaskId, UserId, WorkspaceId,
};
use sqlx::{AnyConnection, FromRow};

/// An autopilot row.
#[derive(Clone, Debug, FromRow)]
pub struct AutopilotRow {
    pub id: AutopilotId,
    pub workspace_id: WorkspaceId,
    pub title: String,
    pub description: String,
    pub agent_id: AgentId,
    pub status: String,
    pub execution_mode: String,
    pub issue_title_template: Option<String>,
    pub created_by: Option<UserId>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl AutopilotRow {
    /// Its mode (an unknown stored value reads as `run_only`, which creates nothing).
    pub fn mode(&self) -> ExecutionMode {
        ExecutionMode::parse(&self.execution_mode).unwrap_or(ExecutionMode::RunOnly)
    }
}

const AUTOPILOT_COLUMNS: &str = "id, workspace_id, title, description, agent_id, status, \
     execution_mode, issue_title_template, created_by, created_at, updated_at";

/// A schedule row.
#[derive(Clone, Debug, FromRow)]
pub struct TriggerRow {
    pub id: AutopilotTriggerId,
    pub autopilot_id: AutopilotId,
    pub kind: String,
    pub enabled: i64,
    pub cron_expression: String,
    pub timezone: String,
    pub next_run_at: Option<i64>,
}

impl TriggerRow {
    /// Its schedule, if the stored text still parses.
    pub fn schedule(&self) -> Option<Schedule> {
        Schedule::parse(&self.cron_expression, &self.timezone).ok()
    }

    /// The API form; `next_fires` counts from `now`.
    pub fn into_api(self, now: i64) -> AutopilotTrigger {
        let next_fires = self
            .schedule()
            .map(|s| s.next_fires(now, NEXT_FIRES_SHOWN))
            .unwrap_or_default();
        AutopilotTrigger {
            id: self.id,
            kind: self.kind,
            enabled: self.enabled != 0,
            cron_expression: self.cron_expression,
            timezone: self.timezone,
            next_run_at: self.next_run_at.map(rfc3339),
            next_fires: next_fires.into_iter().map(rfc3339).collect(),
        }
    }
}

const TRIGGER_COLUMNS: &str =
    "id, autopilot_id, kind, enabled, cron_expression, timezone, next_run_at";

/// A run row.
#[derive(Debug, FromRow)]
pub struct RunRow {
    pub id: AutopilotRunId,
    pub source: String,
    pub status: String,
    pub triggered_by: Option<UserId>,
    pub scheduled_for: Option<i64>,
    pub issue_id: Option<IssueId>,
    pub task_id: Option<TaskId>,
    pub result: Option<String>,
    pub failure_reason: Option<String>,
    pub triggered_at: i64,
    pub completed_at: Option<i64>,
}

impl RunRow {
    /// The API form.
    pub fn into_api(self) -> AutopilotRun {
        AutopilotRun {
            id: self.id,
            source: RunSource::parse(&self.source),
            status: self.status,
            triggered_by: self.triggered_by,
            scheduled_for: self.scheduled_for.map(rfc3339),
            issue_id: self.issue_id,
            task_id: self.task_id,
            result: self.result,
            failure_reason: self.failure_reason,
            triggered_at: rfc3339(self.triggered_at),
            completed_at: self.completed_at.map(rfc3339),
        }
    }
}

/// The fields an autopilot is written with.
#[derive(Debug)]
pub struct AutopilotFields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub agent_id: AgentId,
    pub status: &'static str,
    pub execution_mode: &'static str,
    pub issue_title_template: Option<&'a str>,
}

/// Creates an autopilot.
pub async fn insert(
    conn: &mut AnyConnection,
    id: AutopilotId,
    workspace_id: WorkspaceId,
    f: &AutopilotFields<'_>,
    created_by: UserId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO autopilots (id, workspace_id, title, description, agent_id, status, \
         execution_mode, issue_title_template, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
    )
    .bind(id)
    .bind(workspace_id)
    .bind(f.title)
    .bind(f.description)
    .bind(f.agent_id)
    .bind(f.status)
    .bind(f.execution_mode)
    .bind(f.issue_title_template)
    .bind(created_by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Rewrites an autopilot's editable fields.
pub async fn update(
    conn: &mut AnyConnection,
    id: AutopilotId,
    f: &AutopilotFields<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE autopilots SET title = $1, description = $2, agent_id = $3, status = $4, \
         execution_mode = $5, issue_title_template = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(f.title)
    .bind(f.description)
    .bind(f.agent_id)
    .bind(f.status)
    .bind(f.execution_mode)
    .bind(f.issue_title_template)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The autopilot, if it is in this workspace (archived ones are gone to the API).
pub async fn get(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    id: AutopilotId,
) -> Result<Option<AutopilotRow>, sqlx::Error> {
    sqlx::query_as::<_, AutopilotRow>(&format!(
        "SELECT {AUTOPILOT_COLUMNS} FROM autopilots \
         WHERE id = $1 AND workspace_id = $2 AND status <> 'archived'"
    ))
    .bind(id)
    .bind(workspace_id)
    .fetch_optional(conn)
    .await
}

/// The workspace's autopilots, newest first.
pub async fn list(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
) -> Result<Vec<AutopilotRow>, sqlx::Error> {
    sqlx::query_as::<_, AutopilotRow>(&format!(
        "SELECT {AUTOPILOT_COLUMNS} FROM autopilots \
         WHERE workspace_id = $1 AND status <> 'archived' ORDER BY created_at DESC, id"
    ))
    .bind(workspace_id)
    .fetch_all(conn)
    .await
}

/// Deletes an autopilot; its triggers and runs go with it (cascade), its tasks stay.
pub async fn delete(conn: &mut AnyConnection, id: AutopilotId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM autopilots WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The triggers of the workspace's autopilots, by creation.
pub async fn triggers_in(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
) -> Result<Vec<TriggerRow>, sqlx::Error> {
    sqlx::query_as::<_, TriggerRow>(
        "SELECT t.id, t.autopilot_id, t.kind, t.enabled, t.cron_expression, t.timezone, \
         t.next_run_at FROM autopilot_triggers t JOIN autopilots a ON a.id = t.autopilot_id \
         WHERE a.workspace_id = $1 ORDER BY t.created_at, t.id",
    )
    .bind(workspace_id)
    .fetch_all(conn)
    .await
}

/// The autopilot's triggers, by creation.
pub async fn triggers_of(
    conn: &mut AnyConnection,
    autopilot_id: AutopilotId,
) -> Result<Vec<TriggerRow>, sqlx::Error> {
    sqlx::query_as::<_, TriggerRow>(&format!(
        "SELECT {TRIGGER_COLUMNS} FROM autopilot_triggers WHERE autopilot_id = $1 \
         ORDER BY created_at, id"
    ))
    .bind(autopilot_id)
    .fetch_all(conn)
    .await
}

/// Replaces the autopilot's schedule: the old triggers go (their runs keep their trigger id).
pub async fn replace_schedule(
    conn: &mut AnyConnection,
    autopilot_id: AutopilotId,
    schedule: Option<(&str, &str, bool, Option<i64>)>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM autopilot_triggers WHERE autopilot_id = $1")
        .bind(autopilot_id)
        .execute(&mut *conn)
        .await?;
    let Some((cron_expression, timezone, enabled, next_run_at)) = schedule else {
        return Ok(());
    };
    sqlx::query(
        "INSERT INTO autopilot_triggers (id, autopilot_id, kind, enabled, cron_expression, \
         timezone, next_run_at, created_at, updated_at) \
         VALUES ($1, $2, 'schedule', $3, $4, $5, $6, $7, $7)",
    )
    .bind(AutopilotTriggerId(super::new_id()))
    .bind(autopilot_id)
    .bind(i64::from(enabled))
    .bind(cron_expression)
    .bind(timezone)
    .bind(next_run_at)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets when the trigger fires next (after a pause ends, say).
pub async fn set_next_run(
    conn: &mut AnyConnection,
    id: AutopilotTriggerId,
    next_run_at: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE autopilot_triggers SET next_run_at = $1, updated_at = $2 WHERE id = $3")
        .bind(next_run_at)
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A trigger due to fire, with what the scheduler needs to fire it.
#[derive(Debug, FromRow)]
pub struct DueTrigger {
    pub id: AutopilotTriggerId,
    pub autopilot_id: AutopilotId,
    pub workspace_id: WorkspaceId,
    pub cron_expression: String,
    pub timezone: String,
    pub next_run_at: i64,
}

/// Enabled triggers of active autopilots whose fire time has come, earliest first.
pub async fn due(
    conn: &mut AnyConnection,
    now: i64,
    limit: i64,
) -> Result<Vec<DueTrigger>, sqlx::Error> {
    sqlx::query_as::<_, DueTrigger>(
        "SELECT t.id, t.autopilot_id, a.workspace_id, t.cron_expression, t.timezone, \
         t.next_run_at FROM autopilot_triggers t JOIN autopilots a ON a.id = t.autopilot_id \
         WHERE t.enabled = 1 AND t.next_run_at IS NOT NULL AND t.next_run_at <= $1 \
           AND a.status = 'active' \
         ORDER BY t.next_run_at, t.id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Claims the fire at `read` by moving the trigger on to `next`, only if it still says
/// `read`: of any number of schedulers that read the same value, exactly one succeeds.
pub async fn claim_fire(
    conn: &mut AnyConnection,
    id: AutopilotTriggerId,
    read: i64,
    next: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE autopilot_triggers SET next_run_at = $1, updated_at = $2 \
         WHERE id = $3 AND next_run_at = $4",
    )
    .bind(next)
    .bind(now)
    .bind(id)
    .bind(read)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A run about to be recorded.
#[derive(Debug)]
pub struct NewRun<'a> {
    pub id: AutopilotRunId,
    pub autopilot_id: AutopilotId,
    pub trigger_id: Option<AutopilotTriggerId>,
    pub scheduled_for: Option<i64>,
    pub source: RunSource,
    pub status: &'static str,
    pub triggered_by: Option<UserId>,
    pub failure_reason: Option<&'a str>,
    pub now: i64,
}

/// Records a run. A second run that starts work for the same (trigger, fire time) breaks
/// `autopilot_runs_fire_key`, the scheduler's second safety net; a second record of a fire
/// that did not run (`skipped`, `failed`) is dropped instead, so recording never fails on it.
pub async fn insert_run(conn: &mut AnyConnection, r: NewRun<'_>) -> Result<(), sqlx::Error> {
    let ended = matches!(r.status, "skipped" | "failed");
    let on_conflict = if ended { " ON CONFLICT DO NOTHING" } else { "" };
    sqlx::query(&format!(
        "INSERT INTO autopilot_runs (id, autopilot_id, trigger_id, scheduled_for, source, status, \
         triggered_by, failure_reason, triggered_at, completed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10){on_conflict}"
    ))
    .bind(r.id)
    .bind(r.autopilot_id)
    .bind(r.trigger_id)
    .bind(r.scheduled_for)
    .bind(r.source.as_str())
    .bind(r.status)
    .bind(r.triggered_by)
    .bind(r.failure_reason)
    .bind(r.now)
    .bind(ended.then_some(r.now))
    .execute(conn)
    .await?;
    Ok(())
}

/// Records what a run started.
pub async fn set_run_started(
    conn: &mut AnyConnection,
    id: AutopilotRunId,
    status: &'static str,
    issue_id: Option<IssueId>,
    task_id: TaskId,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE autopilot_runs SET status = $1, issue_id = $2, task_id = $3 WHERE id = $4")
        .bind(status)
        .bind(issue_id)
        .bind(task_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The autopilot's runs, newest first, at most `limit`.
pub async fn runs(
    conn: &mut AnyConnection,
    autopilot_id: AutopilotId,
    limit: i64,
) -> Result<Vec<RunRow>, sqlx::Error> {
    sqlx::query_as::<_, RunRow>(
        "SELECT id, source, status, triggered_by, scheduled_for, issue_id, task_id, result, \
         failure_reason, triggered_at, completed_at FROM autopilot_runs \
         WHERE autopilot_id = $1 ORDER BY triggered_at DESC, id DESC LIMIT $2",
    )
    .bind(autopilot_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// How an autopilot run ended.
#[derive(Debug)]
pub enum RunEnd<'a> {
    /// The agent finished; its output is the run's result.
    Completed { result: &'a str },
    /// The run failed for `reason` (a failure reason's wire name).
    Failed { reason: &'a str },
}

/// Records the end of run `id`.
pub async fn finish_run(
    conn: &mut AnyConnection,
    id: AutopilotRunId,
    end: RunEnd<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let (status, result, reason) = match end {
        RunEnd::Completed { result } => ("completed", Some(result), None),
        RunEnd::Failed { reason } => ("failed", None, Some(reason)),
    };
    sqlx::query(
        "UPDATE autopilot_runs SET status = $1, result = COALESCE($2, result), \
         failure_reason = COALESCE($3, failure_reason), completed_at = $4 WHERE id = $5",
    )
    .bind(status)
    .bind(result)
    .bind(reason)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}
