//! `/api/autopilots`: list, create, show, update, delete, "Run now" and the run history, in
//! the workspace named by `X-Workspace-ID`. Every member reads them (a running agent may read
//! one with its task token); the creator and the workspace's owners and admins change them
//! (`core`'s `can_edit_autopilot`); creating one, changing its agent and "Run now" each ask the
//! invoke gate for the caller.

use crate::access::{Membership, WriteTx};
use crate::auth::{Principal, WorkCaller};
use crate::db::autopilots::{AutopilotFields, AutopilotRow, TriggerRow};
use crate::db::{self, now_ms, rfc3339};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdPath, WorkspaceHeader};
use crate::services::autopilots::{fire, Firing};
use crate::services::enqueue::authorize_invoke;
use crate::state::AppState;
use agentry_core::agents::Actor;
use agentry_core::api::autopilots::{
    Autopilot, AutopilotRun, AutopilotRunStarted, CreateAutopilotRequest, ScheduleInput,
    UpdateAutopilotRequest, AUTOPILOT_DESCRIPTION_MAX, AUTOPILOT_TITLE_MAX,
};
use agentry_core::work::{can_edit_autopilot, AutopilotStatus, Schedule, ScheduleError};
use agentry_core::{validate, AutopilotId, Refusal, ValidationError};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

/// How many runs the history shows.
const RUNS_SHOWN: i64 = 100;

/// The API form, with its triggers' next fire times counted from `now`.
fn respond(row: AutopilotRow, triggers: Vec<TriggerRow>, now: i64) -> Autopilot {
    Autopilot {
        id: row.id,
        status: AutopilotStatus::parse(&row.status),
        execution_mode: row.mode(),
        title: row.title,
        description: row.description,
        agent_id: row.agent_id,
        issue_title_template: row.issue_title_template,
        created_by: row.created_by,
        triggers: triggers.into_iter().map(|t| t.into_api(now)).collect(),
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
    }
}

/// A schedule's 400s carry their own codes (`invalid_cron`, `invalid_timezone`).
fn schedule_error(err: ScheduleError) -> ApiError {
    let code = match err {
        ScheduleError::InvalidCron(_) => "invalid_cron",
        ScheduleError::InvalidTimezone => "invalid_timezone",
    };
    ApiError::InvalidWithCode(code, ValidationError::from(err))
}

/// A checked schedule: its text, whether it fires, and when it fires first after `now`.
struct CheckedSchedule {
    cron_expression: String,
    timezone: String,
    enabled: bool,
    schedule: Schedule,
}

impl CheckedSchedule {
    fn check(input: &ScheduleInput) -> Result<CheckedSchedule, ApiError> {
        validate::at_most_chars("timezone", &input.timezone, 100)?;
        let schedule =
            Schedule::parse(&input.cron_expression, &input.timezone).map_err(schedule_error)?;
        Ok(CheckedSchedule {
            cron_expression: input.cron_expression.trim().to_owned(),
            timezone: input.timezone.trim().to_owned(),
            enabled: input.enabled.unwrap_or(true),
            schedule,
        })
    }

    async fn store(
        &self,
        tx: &mut WriteTx,
        autopilot_id: AutopilotId,
        now: i64,
    ) -> Result<(), ApiError> {
        let next = self
            .enabled
            .then(|| self.schedule.next_after(now))
            .flatten();
        db::autopilots::replace_schedule(
            tx,
            autopilot_id,
            Some((&self.cron_expression, &self.timezone, self.enabled, next)),
            now,
        )
        .await?;
        Ok(())
    }
}

fn check_title(title: &str) -> Result<String, ApiError> {
    Ok(validate::name("title", title, AUTOPILOT_TITLE_MAX)?)
}

fn check_template(template: Option<&str>) -> Result<Option<String>, ApiError> {
    if let Some(template) = template {
        validate::no_nul("issue_title_template", template)?;
    }
    Ok(validate::optional_text(
        "issue_title_template",
        template,
        AUTOPILOT_TITLE_MAX,
    )?)
}

/// `GET /api/autopilots` → the workspace's autopilots, newest first.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
) -> ApiResult<Json<Vec<Autopilot>>> {
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, workspace, &principal).await?;
    let rows = db::autopilots::list(&mut conn, member.workspace_id).await?;
    let mut triggers = db::autopilots::triggers_in(&mut conn, member.workspace_id).await?;
    let now = now_ms();
    Ok(Json(
        rows.into_iter()
            .map(|row| {
                let (mine, rest) = triggers
                    .drain(..)
                    .partition(|t: &TriggerRow| t.autopilot_id == row.id);
                triggers = rest;
                respond(row, mine, now)
            })
            .collect(),
    ))
}

/// `POST /api/autopilots` → 201; the caller must be allowed to run the agent.
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    ApiJson(body): ApiJson<CreateAutopilotRequest>,
) -> ApiResult<(StatusCode, Json<Autopilot>)> {
    let title = check_title(&body.title)?;
    validate::required_text("description", &body.description, AUTOPILOT_DESCRIPTION_MAX)?;
    let template = check_template(body.issue_title_template.as_deref())?;
    let schedule = body
        .schedule
        .as_ref()
        .map(CheckedSchedule::check)
        .transpose()?;
    let (mut tx, member) = Membership::begin_write(&state.db, workspace, &principal).await?;
    let actor = Actor::Member(member.user_id);
    authorize_invoke(&mut tx, member.workspace_id, body.agent_id, actor).await?;
    let id = AutopilotId(db::new_id());
    let now = now_ms();
    let fields = AutopilotFields {
        title: &title,
        description: &body.description,
        agent_id: body.agent_id,
        status: AutopilotStatus::Active.as_str(),
        execution_mode: body.execution_mode.as_str(),
        issue_title_template: template.as_deref(),
    };
    db::autopilots::insert(
        &mut tx,
        id,
        member.workspace_id,
        &fields,
        member.user_id,
        now,
    )
    .await?;
    if let Some(schedule) = &schedule {
        schedule.store(&mut tx, id, now).await?;
    }
    let answer = load(&mut tx, member.workspace_id, id, now).await?;
    tx.commit().await?;
    tracing::info!(autopilot_id = %id, "autopilot created");
    Ok((StatusCode::CREATED, Json(answer)))
}

async fn load(
    conn: &mut sqlx::AnyConnection,
    workspace_id: agentry_core::WorkspaceId,
    id: AutopilotId,
    now: i64,
) -> Result<Autopilot, ApiError> {
    let row = db::autopilots::get(&mut *conn, workspace_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let triggers = db::autopilots::triggers_of(conn, id).await?;
    Ok(respond(row, triggers, now))
}

/// `GET /api/autopilots/{id}` → the autopilot with its schedule; a task token of the
/// workspace may read it too (`agentry autopilot get`).
pub async fn show(
    State(state): State<AppState>,
    caller: WorkCaller,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<AutopilotId>,
) -> ApiResult<Json<Autopilot>> {
    caller.confine(workspace)?;
    let mut conn = state.db.pool.acquire().await?;
    if let WorkCaller::Person(principal) = &caller {
        Membership::load(&mut conn, workspace, principal).await?;
    }
    Ok(Json(load(&mut conn, workspace, id, now_ms()).await?))
}

/// Loads the autopilot for a change by its creator or an owner or admin (403
/// `not_autopilot_editor` for anyone else in the workspace).
async fn load_for_edit(
    state: &AppState,
    workspace: agentry_core::WorkspaceId,
    principal: &Principal,
    id: AutopilotId,
) -> Result<(WriteTx, Membership, AutopilotRow), ApiError> {
    let (mut tx, member) = Membership::begin_write(&state.db, workspace, principal).await?;
    let row = db::autopilots::get(&mut tx, member.workspace_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !can_edit_autopilot(member.user_id, member.role, row.created_by).allowed() {
        return Err(Refusal::NotAutopilotEditor.into());
    }
    Ok((tx, member, row))
}

/// `PATCH /api/autopilots/{id}` → the autopilot; only keys present change.
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<AutopilotId>,
    ApiJson(body): ApiJson<UpdateAutopilotRequest>,
) -> ApiResult<Json<Autopilot>> {
    let title = body.title.as_deref().map(check_title).transpose()?;
    if let Some(description) = &body.description {
        validate::required_text("description", description, AUTOPILOT_DESCRIPTION_MAX)?;
    }
    let template = match body.issue_title_template.clone().into_patch() {
        None => None,
        Some(value) => Some(check_template(value.as_deref())?),
    };
    let schedule = match body.schedule.clone().into_patch() {
        None => None,
        Some(None) => Some(None),
        Some(Some(input)) => Some(Some(CheckedSchedule::check(&input)?)),
    };
    let (mut tx, member, row) = load_for_edit(&state, workspace, &principal, id).await?;
    if let Some(agent_id) = body.agent_id.filter(|a| *a != row.agent_id) {
        authorize_invoke(
            &mut tx,
            member.workspace_id,
            agent_id,
            Actor::Member(member.user_id),
        )
        .await?;
    }
    let now = now_ms();
    let status = body
        .status
        .unwrap_or_else(|| AutopilotStatus::parse(&row.status));
    let fields = AutopilotFields {
        title: title.as_deref().unwrap_or(&row.title),
        description: body.description.as_deref().unwrap_or(&row.description),
        agent_id: body.agent_id.unwrap_or(row.agent_id),
        status: status.as_str(),
        execution_mode: body.execution_mode.unwrap_or_else(|| row.mode()).as_str(),
        issue_title_template: match &template {
            Some(value) => value.as_deref(),
            None => row.issue_title_template.as_deref(),
        },
    };
    db::autopilots::update(&mut tx, id, &fields, now).await?;
    match schedule {
        Some(Some(schedule)) => schedule.store(&mut tx, id, now).await?,
        Some(None) => db::autopilots::replace_schedule(&mut tx, id, None, now).await?,
        // Resuming counts the next fire from now: what fell due while paused is not fired.
        None if body.status == Some(AutopilotStatus::Active) && row.status != "active" => {
            for trigger in db::autopilots::triggers_of(&mut tx, id).await? {
                let next = match (trigger.enabled != 0, trigger.schedule()) {
                    (true, Some(schedule)) => schedule.next_after(now),
                    _ => None,
                };
                db::autopilots::set_next_run(&mut tx, trigger.id, next, now).await?;
            }
        }
        None => {}
    }
    let answer = load(&mut tx, member.workspace_id, id, now).await?;
    tx.commit().await?;
    Ok(Json(answer))
}

/// `DELETE /api/autopilots/{id}` → 204.
pub async fn destroy(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<AutopilotId>,
) -> ApiResult<StatusCode> {
    let (mut tx, _, _) = load_for_edit(&state, workspace, &principal, id).await?;
    db::autopilots::delete(&mut tx, id).await?;
    tx.commit().await?;
    tracing::info!(autopilot_id = %id, "autopilot deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/autopilots/{id}/run` → 202: "Run now" on behalf of the caller, who must be
/// allowed to run the agent; a paused autopilot runs too.
pub async fn run(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<AutopilotId>,
) -> ApiResult<(StatusCode, Json<AutopilotRunStarted>)> {
    let (mut tx, member) = Membership::begin_write(&state.db, workspace, &principal).await?;
    let row = db::autopilots::get(&mut tx, member.workspace_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let now = now_ms();
    let triggers = db::autopilots::triggers_of(&mut tx, id).await?;
    let local_date = match triggers.first().and_then(TriggerRow::schedule) {
        Some(schedule) => schedule.local_date(now),
        None => rfc3339(now).chars().take(10).collect(),
    };
    let firing = Firing::Manual {
        member: member.user_id,
    };
    let fired = fire(&mut tx, &row, firing, &local_date, now).await?;
    tx.commit().await?;
    tracing::info!(autopilot_id = %id, run_id = %fired.run_id, "autopilot run now");
    Ok((
        StatusCode::ACCEPTED,
        Json(AutopilotRunStarted {
            run_id: fired.run_id,
            task_id: Some(fired.task_id),
            issue_id: fired.issue_id,
        }),
    ))
}

/// `GET /api/autopilots/{id}/runs` → its runs, newest first.
pub async fn runs(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<AutopilotId>,
) -> ApiResult<Json<Vec<AutopilotRun>>> {
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, workspace, &principal).await?;
    db::autopilots::get(&mut conn, member.workspace_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let runs = db::autopilots::runs(&mut conn, id, RUNS_SHOWN).await?;
    Ok(Json(runs.into_iter().map(|r| r.into_api()).collect()))
}
