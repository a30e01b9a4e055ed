//! Runtime writes for people, each requiring its gate's proof (rename or re-share, delete),
//! and the refusal shared by every path that would take a runtime away from agents still bound
//! to it (runtime delete, profile delete, the legacy merge): `core`'s `can_delete_bound`, sent
//! as 409 `runtime_has_active_agents` naming only the agents the caller may view and counting
//! the rest.

use crate::access::gates::{Allowed, DeleteRuntime, EditRuntime};
use crate::db::runtimes::{BoundAgentRow, RuntimeRow};
use crate::db::{self, now_ms, Write};
use crate::error::ApiError;
use agentry_core::api::runtimes::{BoundAgent, RuntimeInUse, ServerEvent};
use agentry_core::runtimes::{can_delete_bound, RuntimeVisibility};

/// Refuses, with `message` as the 409's text, while any of `agents` (the active agents bound
/// to what would go) remains.
pub fn refuse_bound(message: &str, agents: Vec<BoundAgentRow>) -> Result<(), ApiError> {
    let Err(refusal) = can_delete_bound(agents.len()) else {
        return Ok(());
    };
    let mut shown = Vec::new();
    let mut hidden = 0u32;
    for agent in agents {
        if agent.visible != 0 {
            shown.push(BoundAgent {
                id: agent.id,
                name: agent.name,
            });
        } else {
            hidden = hidden.saturating_add(1);
        }
    }
    Err(ApiError::RuntimeInUse(RuntimeInUse {
        error: message.to_owned(),
        code: refusal.code().into(),
        agents: shown,
        hidden_agents: hidden,
    }))
}

/// Renames or re-shares the runtime the proof was checked for; runtime pages refetch.
pub async fn update(
    tx: &mut Write,
    actor: &Allowed<EditRuntime>,
    custom_name: Option<&str>,
    visibility: RuntimeVisibility,
) -> Result<RuntimeRow, ApiError> {
    let id = actor.gate().runtime;
    db::runtimes::update(&mut *tx, id, custom_name, visibility, now_ms()).await?;
    let updated = db::runtimes::get(&mut *tx, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.announce(ServerEvent::RuntimesChanged {
        workspace_id: actor.workspace_id,
    });
    Ok(updated)
}

/// Deletes the runtime the proof was checked for (spec C.6). 409
/// `runtime_profile_instance_delete_unsupported` for an instance of a profile that still
/// exists (the daemon would re-register it); 409 `runtime_has_active_agents` listing the
/// non-archived agents bound to it. Archived agents are unbound and survive. The caller holds
/// the workspace lock, so no agent is bound meanwhile.
pub async fn delete(
    tx: &mut Write,
    actor: &Allowed<DeleteRuntime>,
    row: &RuntimeRow,
) -> Result<(), ApiError> {
    let workspace_id = actor.workspace_id;
    if let Some(profile_id) = row.profile_id {
        if db::runtime_profiles::get(&mut *tx, workspace_id, profile_id)
            .await?
            .is_some()
        {
            return Err(ApiError::Conflict(
                "runtime_profile_instance_delete_unsupported",
                "this runtime is an instance of a runtime profile; delete or disable the profile instead"
                    .into(),
            ));
        }
    }
    let active = db::runtimes::active_agents(
        &mut *tx,
        workspace_id,
        actor.gate().runtime,
        actor.user_id,
        actor.role.is_admin_like(),
    )
    .await?;
    refuse_bound(
        "cannot delete runtime: active agents are still bound to it",
        active,
    )?;
    db::runtimes::delete(&mut *tx, actor.gate().runtime, now_ms()).await?;
    tx.announce(ServerEvent::RuntimesChanged { workspace_id });
    Ok(())
}
