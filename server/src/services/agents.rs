//! Agent writes, each with its audit event in the caller's transaction: create, update (the
//! fields, access and the allowlist of connected apps), archive and restore, and pruning grants
//! when a member is removed or a team deleted.

use crate::access::agents::{Authorized, Manage};
use crate::access::Membership;
use crate::db::agents::AgentFields;
use crate::db::audit::NewEvent;
use crate::db::{self, new_id, rfc3339};
use crate::error::ApiError;
use agentry_core::agents::{
    access_change_is_noop, AccessSetting, AccessUpdate, InvocationTarget, PermissionInput,
    TargetType,
};
use agentry_core::api::agents::AuditAction;
use agentry_core::apps::AllowlistUpdate;
use agentry_core::{AgentId, UserId, WorkspaceId};
use serde_json::{json, Value};
use sqlx::AnyConnection;
use uuid::Uuid;

fn setting_json(setting: &AccessSetting) -> Value {
    serde_json::to_value(setting).unwrap_or(Value::Null)
}

/// An allowlist as the audit log records it. The activity answer withholds it from everyone
/// but the owner, like the agent's own answer does.
fn allowlist_json(allowlist: Option<&[String]>) -> Value {
    json!({ "composio_toolkit_allowlist": allowlist })
}

/// Creates an agent owned by the caller with `setting` (§4.1 P10: row, targets and the
/// `created` event in one transaction) and, when one was sent while connected apps are on, its
/// allowlist with an `apps_changed` event. Returns its id.
pub async fn create(
    conn: &mut AnyConnection,
    member: &Membership,
    fields: &AgentFields,
    setting: &AccessSetting,
    allowlist: Option<&[String]>,
    now: i64,
) -> Result<AgentId, ApiError> {
    let id = AgentId(new_id());
    db::agents::insert(
        &mut *conn,
        id,
        member.workspace_id,
        member.user_id,
        fields,
        now,
    )
    .await?;
    db::agents::set_access(&mut *conn, id, setting, member.user_id, now).await?;
    db::audit::insert(
        &mut *conn,
        NewEvent {
            workspace_id: member.workspace_id,
            agent_id: id,
            actor_id: Some(member.user_id),
            action: AuditAction::Created,
            before: None,
            after: Some(setting_json(setting)),
            now,
        },
    )
    .await?;
    if allowlist.is_some() {
        db::agents::set_allowlist(&mut *conn, id, allowlist, now).await?;
        db::audit::insert(
            &mut *conn,
            NewEvent {
                workspace_id: member.workspace_id,
                agent_id: id,
                actor_id: Some(member.user_id),
                action: AuditAction::AppsChanged,
                before: Some(allowlist_json(None)),
                after: Some(allowlist_json(allowlist)),
                now,
            },
        )
        .await?;
    }
    Ok(id)
}

/// Replaces the allowlist as the owner asked (already planned by
/// `core::plan_allowlist_update`) and records the change; the same value again writes and
/// records nothing.
async fn update_allowlist(
    conn: &mut AnyConnection,
    auth: &Authorized<Manage>,
    update: &AllowlistUpdate,
    now: i64,
) -> Result<(), ApiError> {
    let AllowlistUpdate::Set(after) = update else {
        return Ok(());
    };
    let before = auth.agent.allowlist();
    if before.as_ref() == after.as_ref() {
        return Ok(());
    }
    let agent_id = auth.agent.row.id;
    db::agents::set_allowlist(&mut *conn, agent_id, after.as_deref(), now).await?;
    db::audit::insert(
        &mut *conn,
        NewEvent {
            workspace_id: auth.member.workspace_id,
            agent_id,
            actor_id: Some(auth.member.user_id),
            action: AuditAction::AppsChanged,
            before: Some(allowlist_json(before.as_deref())),
            after: Some(allowlist_json(after.as_deref())),
            now,
        },
    )
    .await?;
    Ok(())
}

/// Writes the merged fields and, for the owner's access change (already planned by
/// `core::plan_access_update`), replaces mode and targets and records the change; the same for
/// the owner's allowlist. An owner's resubmit of the same access or allowlist writes nothing
/// and records nothing.
pub async fn update(
    conn: &mut AnyConnection,
    auth: &Authorized<Manage>,
    fields: &AgentFields,
    access: &AccessUpdate,
    allowlist: &AllowlistUpdate,
    now: i64,
) -> Result<(), ApiError> {
    let agent_id = auth.agent.row.id;
    db::agents::update_fields(&mut *conn, agent_id, fields, now).await?;
    update_allowlist(&mut *conn, auth, allowlist, now).await?;
    let AccessUpdate::Apply(setting) = access else {
        return Ok(());
    };
    let workspace = auth.member.workspace_id;
    let unchanged = access_change_is_noop(
        auth.agent.mode(),
        &auth.agent.targets,
        &PermissionInput::from_setting(setting),
        workspace,
    );
    if unchanged {
        return Ok(());
    }
    db::agents::set_access(&mut *conn, agent_id, setting, auth.member.user_id, now).await?;
    db::audit::insert(
        &mut *conn,
        NewEvent {
            workspace_id: auth.member.workspace_id,
            agent_id,
            actor_id: Some(auth.member.user_id),
            action: AuditAction::AccessChanged,
            before: Some(setting_json(&auth.agent.setting())),
            after: Some(setting_json(setting)),
            now,
        },
    )
    .await?;
    Ok(())
}

/// Archives (`archive`) or restores the agent. Idempotent: archiving an archived agent (or
/// restoring an active one) changes nothing and records nothing.
pub async fn set_archived(
    conn: &mut AnyConnection,
    auth: &Authorized<Manage>,
    archive: bool,
    now: i64,
) -> Result<(), ApiError> {
    let before = auth.agent.row.archived_at;
    if before.is_some() == archive {
        return Ok(());
    }
    let after = archive.then_some(now);
    db::agents::set_archived(&mut *conn, auth.agent.row.id, after, now).await?;
    let state = |at: Option<i64>| json!({ "archived_at": at.map(rfc3339) });
    db::audit::insert(
        &mut *conn,
        NewEvent {
            workspace_id: auth.member.workspace_id,
            agent_id: auth.agent.row.id,
            actor_id: Some(auth.member.user_id),
            action: if archive {
                AuditAction::Archived
            } else {
                AuditAction::Restored
            },
            before: Some(state(before)),
            after: Some(state(after)),
            now,
        },
    )
    .await?;
    Ok(())
}

/// Deletes every `target_type` grant naming `target_id` on agents of this workspace only, and
/// records an `access_pruned` event per agent (spec §4.12: member removal; also team
/// deletion). A `public_to` agent left without targets becomes private in the same write,
/// recorded in the same event (`core`'s [`AccessSetting::without_targets`]).
pub async fn prune_grants(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    target_type: TargetType,
    target_id: Uuid,
    actor_id: UserId,
    now: i64,
) -> Result<(), sqlx::Error> {
    let agents = db::agents::with_target(&mut *conn, workspace_id, target_type, target_id).await?;
    let mut pruned_agents = Vec::with_capacity(agents.len());
    for agent_id in agents {
        if let Some(agent) = db::agents::get(&mut *conn, workspace_id, agent_id).await? {
            pruned_agents.push((agent_id, agent.setting()));
        }
    }
    db::agents::delete_targets(&mut *conn, workspace_id, target_type, target_id).await?;
    let pruned =
        |t: &InvocationTarget| t.target_type == target_type && t.target_id == Some(target_id);
    for (agent_id, before) in pruned_agents {
        let after = before.without_targets(pruned);
        if after.permission_mode != before.permission_mode {
            db::agents::set_access(&mut *conn, agent_id, &after, actor_id, now).await?;
        }
        db::audit::insert(
            &mut *conn,
            NewEvent {
                workspace_id,
                agent_id,
                actor_id: Some(actor_id),
                action: AuditAction::AccessPruned,
                before: Some(setting_json(&before)),
                after: Some(setting_json(&after)),
                now,
            },
        )
        .await?;
    }
    Ok(())
}
