//! `/api/agents`: create, list, show, partial update, archive and restore, in the workspace
//! named by `X-Workspace-ID`. Every decision is a `core` rule; see `access` for the caller's
//! permissions, the explainer and the activity log.

mod access;
mod apps;
mod brief;
mod input;

pub use access::{activity, explain, permissions};
pub use brief::brief;

use crate::access::agents::{refusal, AgentContext, Authorized, Manage};
use crate::access::{Membership, WriteTx};
use crate::auth::Principal;
use crate::db::agents::{AgentRecord, ListScope};
use crate::db::{self, now_ms, Db};
use crate::error::{ApiError, ApiResult};
use crate::extract::{from_json, ApiJson, IdPath, QueryMap, WorkspaceHeader};
use crate::services;
use crate::state::AppState;
use agentry_core::agents::{
    check_targets_in_workspace, parse_permission_input, plan_access_update,
    should_redact_mcp_config, AccessReason, AccessSetting, AccessUpdate, AccessUpdateError, Caller,
    InvocationTarget, PermissionChange, PermissionInput, TargetType,
};
use agentry_core::api::agents::{Agent, CreateAgentRequest, UpdateAgentRequest};
use agentry_core::apps::{allowlist_on_create, plan_allowlist_update, AllowlistUpdateError};
use agentry_core::limits;
use agentry_core::runtimes::can_bind_runtime;
use agentry_core::{AgentId, RuntimeId, TeamId, UserId, WorkspaceId};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{Map, Value};
use sqlx::AnyConnection;

/// The API form for this caller: `mcp_config` withheld per spec §4.10 RD1 (reads) and RD2
/// (write responses), the allowlist shown to the owner only while connected apps are on
/// (`apps_on`, RD4–RD8). HTTP callers are members, never agent actors.
fn respond(agent: AgentRecord, member: &Membership, apps_on: bool, is_write: bool) -> Agent {
    let is_owner = agent.row.owner_id == Some(member.user_id);
    let mut agent = agent.into_api();
    if should_redact_mcp_config(false, Some(member.role), is_owner, is_write) {
        agent.redact_mcp_config();
    }
    apps::show_allowlist(&mut agent, member.user_id, apps_on);
    agent
}

/// The rule, stricter than upstream: member targets name workspace members and team
/// targets teams of the workspace (else 400 naming `invocation_targets`).
async fn check_targets(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    targets: &[InvocationTarget],
) -> Result<(), ApiError> {
    let ids = |kind: TargetType| {
        targets
            .iter()
            .filter(move |t| t.target_type == kind)
            .filter_map(|t| t.target_id)
    };
    let users: Vec<UserId> = ids(TargetType::Member).map(UserId).collect();
    let teams: Vec<TeamId> = ids(TargetType::Team).map(TeamId).collect();
    let members = db::members::existing(&mut *conn, workspace_id, &users).await?;
    let teams = db::teams::existing(&mut *conn, workspace_id, &teams).await?;
    check_targets_in_workspace(
        targets,
        |user| members.contains(&user),
        |team| teams.contains(&team),
    )?;
    Ok(())
}

/// Spec C.7: an agent may run only on a runtime of its own workspace (else 400 naming
/// `runtime_id`, saying nothing of runtimes elsewhere) that its owner may use by `core`'s
/// `can_bind_runtime` (403 with the refusal's code). Callers hold the workspace lock, which
/// runtime deletion takes too, so the runtime cannot vanish before the agent is stored.
async fn check_runtime(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    agent_owner: Option<UserId>,
    runtime_id: RuntimeId,
) -> Result<(), ApiError> {
    let runtime = db::runtimes::get_in(conn, workspace_id, runtime_id)
        .await?
        .ok_or_else(|| {
            ApiError::invalid(
                "runtime_id",
                "unknown_runtime",
                "runtime_id does not name a runtime of this workspace",
            )
        })?;
    can_bind_runtime(agent_owner, runtime.facts())?;
    Ok(())
}

/// `POST /api/agents` → 201. The caller becomes the owner. Without any access input the
/// agent is private (spec §4.1 P9).
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> ApiResult<(StatusCode, Json<Agent>)> {
    limits::agent_body(&body)?;
    // Agent writes take the workspace lock: a member being removed or a team being deleted
    // cannot slip between checking a target and storing it.
    let (mut tx, member) = Membership::begin_locked(&state.db, workspace, &principal).await?;
    let request = read_create(body)?;
    let fields = input::create(&request)?;
    if let Some(runtime_id) = fields.runtime_id {
        check_runtime(
            &mut tx,
            member.workspace_id,
            Some(member.user_id),
            runtime_id,
        )
        .await?;
    }
    let setting = match parse_permission_input(&request.access, member.workspace_id, true)? {
        PermissionChange::Set(setting) => setting,
        PermissionChange::Keep => AccessSetting::private(),
    };
    check_targets(&mut tx, member.workspace_id, &setting.invocation_targets).await?;
    let apps_on = state.composio.is_some();
    let allowlist = allowlist_on_create(apps_on, request.composio_toolkit_allowlist.as_deref())?;
    let now = now_ms();
    let id = services::agents::create(
        &mut tx,
        &member,
        &fields,
        &setting,
        allowlist.as_deref(),
        now,
    )
    .await?;
    let agent = db::agents::get(&mut tx, member.workspace_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    tracing::info!(workspace_id = %member.workspace_id, agent_id = %id, "agent created");
    Ok((
        StatusCode::CREATED,
        Json(respond(agent, &member, apps_on, true)),
    ))
}

/// `GET /api/agents[?include_archived=true]` → the agents the caller may view, by name.
/// Workspace owners and admins see all (§4.7 V3); a plain member's list is filtered in the
/// query by the view rule (V4, V6). Agents the caller may run but does not own say whose apps
/// their runs use.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    query: QueryMap,
) -> ApiResult<Json<Vec<Agent>>> {
    let include_archived = query.flag("include_archived")?;
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, workspace, &principal).await?;
    let scope = if member.role.is_admin_like() {
        ListScope::All
    } else {
        ListScope::VisibleTo(member.user_id)
    };
    let agents = db::agents::list(&mut conn, member.workspace_id, scope, include_archived).await?;
    let apps_on = state.composio.is_some();
    let teams = match apps_on {
        true => db::teams::of_user(&mut conn, member.workspace_id, member.user_id).await?,
        false => Vec::new(),
    };
    let caller = Caller::member(member.user_id, Some(member.role), &teams);
    let in_use = apps::apps_in_use(&mut conn, apps_on, &caller, &agents).await?;
    Ok(Json(
        agents
            .into_iter()
            .zip(in_use)
            .map(|(agent, apps_in_use)| Agent {
                apps_in_use,
                ..respond(agent, &member, apps_on, false)
            })
            .collect(),
    ))
}

/// `GET /api/agents/{id}` → the agent; 403 for a member who may not view it.
pub async fn show(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<AgentId>,
) -> ApiResult<Json<Agent>> {
    let mut conn = state.db.pool.acquire().await?;
    let member = Membership::load(&mut conn, workspace, &principal).await?;
    let context = AgentContext::load(&mut conn, member, id).await?.view()?;
    let apps_on = state.composio.is_some();
    let in_use = apps::apps_in_use(
        &mut conn,
        apps_on,
        &context.caller(),
        std::slice::from_ref(&context.agent),
    )
    .await?;
    let context = context.into_context();
    Ok(Json(Agent {
        apps_in_use: in_use.into_iter().next().flatten(),
        ..respond(context.agent, &context.member, apps_on, false)
    }))
}

/// Begins the write, loads the agent under the workspace lock and passes the manage gate.
async fn manage(
    db: &Db,
    workspace: WorkspaceId,
    principal: &Principal,
    id: AgentId,
) -> ApiResult<(WriteTx, Authorized<Manage>)> {
    let (mut tx, member) = Membership::begin_locked(db, workspace, principal).await?;
    let auth = AgentContext::load(&mut tx, member, id).await?.manage()?;
    Ok((tx, auth))
}

/// Reads the agent again after a write and answers with it.
async fn written(
    conn: &mut AnyConnection,
    mut auth: Authorized<Manage>,
    apps_on: bool,
) -> ApiResult<Json<Agent>> {
    let agent = db::agents::get(&mut *conn, auth.member.workspace_id, auth.agent.row.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    auth.reload(agent);
    let context = auth.into_context();
    Ok(Json(respond(context.agent, &context.member, apps_on, true)))
}

/// `PUT /api/agents/{id}`: only keys present change. Manage gate first; then the access part
/// by the owner-only rule (§4.8 M2): a non-owner's real change → 403 and nothing applied; a
/// non-owner's unchanged resubmit (or unreadable access input) is dropped and the other fields
/// applied; the owner's invalid input → 400. The allowlist likewise (`core`'s
/// `plan_allowlist_update`): a non-owner's change → 403 `not_apps_owner`, their unchanged
/// resend is accepted, and while connected apps are off it is ignored.
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<AgentId>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> ApiResult<Json<Agent>> {
    limits::agent_body(&body)?;
    let (mut tx, auth) = manage(&state.db, workspace, &principal, id).await?;
    let (access_input, request) = read_update(body, auth.is_owner())?;
    let access = plan_access_update(
        auth.user(),
        auth.agent.owner_id(),
        auth.agent.mode(),
        &auth.agent.targets,
        &access_input,
        auth.member.workspace_id,
    )
    .map_err(|err| match err {
        AccessUpdateError::Invalid(invalid) => ApiError::Invalid(invalid),
        AccessUpdateError::NotAgentOwner => refusal(AccessReason::DeniedNotAgentOwner),
    })?;
    let apps_on = state.composio.is_some();
    let stored_allowlist = auth.agent.allowlist();
    let allowlist = plan_allowlist_update(
        auth.user(),
        auth.agent.owner_id(),
        apps_on,
        stored_allowlist.as_deref(),
        &request.composio_toolkit_allowlist,
    )
    .map_err(|err| match err {
        AllowlistUpdateError::Invalid(invalid) => ApiError::Invalid(invalid),
        AllowlistUpdateError::NotAppsOwner => refusal(AccessReason::DeniedNotAppsOwner),
    })?;
    let fields = input::update(&auth.agent.row, &request)?;
    // Only a new binding is checked: keeping the runtime an agent already has is not a fresh
    // use of it (its owner may have made it private since, which stops new bindings only).
    if let Some(runtime_id) = fields.runtime_id {
        if auth.agent.row.runtime_id != Some(runtime_id) {
            let owner = auth.agent.owner_id();
            check_runtime(&mut tx, auth.member.workspace_id, owner, runtime_id).await?;
        }
    }
    if let AccessUpdate::Apply(setting) = &access {
        check_targets(
            &mut tx,
            auth.member.workspace_id,
            &setting.invocation_targets,
        )
        .await?;
    }
    services::agents::update(&mut tx, &auth, &fields, &access, &allowlist, now_ms()).await?;
    let answer = written(&mut tx, auth, apps_on).await?;
    tx.commit().await?;
    Ok(answer)
}

/// The access keys of a create or update body, read apart from the rest.
const ACCESS_KEYS: [&str; 3] = ["permission_mode", "invocation_targets", "visibility"];

/// Takes the access keys out of `body` and reads them. Each key is read once: the rest of
/// the body then deserialises without them.
fn take_access(body: &mut Map<String, Value>) -> Result<PermissionInput, ApiError> {
    let access: Map<String, Value> = ACCESS_KEYS
        .iter()
        .filter_map(|key| body.remove_entry(*key))
        .collect();
    Ok(PermissionInput::from_json_map(&access)?)
}

/// Reads a create body in one pass over its keys, in the order of its 400s: the access keys
/// first (a wrong JSON type names the key), then every other field.
fn read_create(mut body: Map<String, Value>) -> ApiResult<CreateAgentRequest> {
    let access = take_access(&mut body)?;
    let request: CreateAgentRequest = from_json(Value::Object(body))?;
    Ok(CreateAgentRequest { access, ..request })
}

/// Splits an update body into its access part and the rest. Access keys of the wrong JSON
/// type are the owner's 400; from anyone else they are garbage, ignored like any other
/// unreadable access input (spec §9 case 34).
fn read_update(
    mut body: Map<String, Value>,
    is_owner: bool,
) -> ApiResult<(PermissionInput, UpdateAgentRequest)> {
    let access = match take_access(&mut body) {
        Ok(access) => access,
        Err(invalid) if is_owner => return Err(invalid),
        Err(_) => PermissionInput::default(),
    };
    let request = from_json(Value::Object(body))?;
    Ok((access, request))
}

/// `POST /api/agents/{id}/archive` → the agent (manage gate; idempotent).
pub async fn archive(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<AgentId>,
) -> ApiResult<Json<Agent>> {
    set_archived(state, principal, workspace, id, true).await
}

/// `POST /api/agents/{id}/restore` → the agent (manage gate; idempotent).
pub async fn restore(
    State(state): State<AppState>,
    principal: Principal,
    WorkspaceHeader(workspace): WorkspaceHeader,
    IdPath(id): IdPath<AgentId>,
) -> ApiResult<Json<Agent>> {
    set_archived(state, principal, workspace, id, false).await
}

async fn set_archived(
    state: AppState,
    principal: Principal,
    workspace: WorkspaceId,
    id: AgentId,
    archive: bool,
) -> ApiResult<Json<Agent>> {
    let (mut tx, auth) = manage(&state.db, workspace, &principal, id).await?;
    services::agents::set_archived(&mut tx, &auth, archive, now_ms()).await?;
    let answer = written(&mut tx, auth, state.composio.is_some()).await?;
    tx.commit().await?;
    Ok(answer)
}
