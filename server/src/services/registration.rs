//! A daemon's registration (spec C.5 rules 32–42): built-in runtimes, profile instances and
//! the offline rows of profiles the daemon could not resolve, each upserted on its own partial
//! unique index, with name inheritance and the hostname-era merge. A daemon touches only its
//! own member's rows (`core::runtimes::can_daemon_touch_runtime`): a daemon id already used by
//! another member's daemon in the workspace is refused whole, before anything is written.

use crate::auth::DaemonAccess;
use crate::db::runtimes::RuntimeUpsert;
use crate::db::{self, Db};
use crate::error::ApiError;
use crate::services::runtimes::refuse_bound;
use agentry_core::api::daemon::{RegisterRequest, RegisterRuntime};
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::runtimes::register::{
    check_registration, device_info, failed_profile_name, inherited_custom_name,
    normalize_provider, runtime_name,
};
use agentry_core::runtimes::{
    can_bind_runtime, RuntimeDenial, RuntimeFacts, RuntimeStatus, RuntimeVisibility,
    DEFAULT_FAILURE_REASON, META_FAILURE_REASON, META_REGISTRATION_ERROR,
};
use agentry_core::{ProfileId, RuntimeId, WorkspaceId};
use serde_json::{json, Map, Value};
use sqlx::AnyConnection;

/// A registration request, trimmed and checked before anything is written.
pub struct Registration<'a> {
    pub request: &'a RegisterRequest,
    /// The workspace.
    pub workspace_id: WorkspaceId,
    pub daemon_id: String,
    pub device_name: String,
    /// From the `X-Client-Capabilities` header.
    pub capabilities: Vec<String>,
    /// Profile id per entry of `request.runtimes` (`None` for built-ins).
    runtime_profiles: Vec<Option<ProfileId>>,
    /// Profile id per entry of `request.failed_profiles` (`None`: blank, skipped).
    failed_profiles: Vec<Option<ProfileId>>,
}

/// Every 400 the body can earn, by core's [`check_registration`], before the first write.
pub fn check(
    request: &RegisterRequest,
    capabilities: Vec<String>,
) -> Result<Registration<'_>, ApiError> {
    let checked = check_registration(request)?;
    Ok(Registration {
        request,
        workspace_id: checked.workspace_id,
        daemon_id: checked.daemon_id,
        device_name: checked.device_name,
        capabilities,
        runtime_profiles: checked.runtime_profiles,
        failed_profiles: checked.failed_profiles,
    })
}

impl Registration<'_> {
    fn metadata(&self, version: &str) -> Map<String, Value> {
        let mut metadata = Map::new();
        metadata.insert("version".into(), json!(version.trim()));
        metadata.insert("cli_version".into(), json!(self.request.cli_version.trim()));
        metadata.insert("launched_by".into(), json!(self.request.launched_by.trim()));
        metadata.insert("capabilities".into(), json!(self.capabilities));
        metadata
    }
}

/// Writes the registration; returns the ids of the runtimes registered from `runtimes`, in
/// request order (failed-profile rows are not among them). Each entry commits on its own, as
/// upstream does: an unknown (400) or disabled (409) profile stops the request, and the entries
/// before it stay registered. Each entry's transaction takes the workspace lock first, as
/// agent binding and profile deletion do, so the legacy merge sees the bindings it moves.
pub async fn register(
    db: &Db,
    access: &DaemonAccess,
    registration: &Registration<'_>,
    now: i64,
) -> Result<Vec<RuntimeId>, ApiError> {
    {
        let mut conn = db.pool.acquire().await?;
        let owners =
            db::runtimes::daemon_owners(&mut conn, access.workspace_id, &registration.daemon_id)
                .await?;
        for owner in owners {
            access.may_touch(RuntimeFacts {
                owner_id: owner,
                visibility: RuntimeVisibility::Private,
            })?;
        }
    }
    let mut ids = Vec::with_capacity(registration.request.runtimes.len());
    for (entry, profile_id) in registration
        .request
        .runtimes
        .iter()
        .zip(&registration.runtime_profiles)
    {
        let mut tx = db.begin_write().await?;
        db::workspaces::lock(&mut tx, access.workspace_id).await?;
        let id = match *profile_id {
            None => register_builtin(&mut tx, access, registration, entry, now).await?,
            Some(profile_id) => {
                register_instance(&mut tx, db, access, registration, entry, profile_id, now).await?
            }
        };
        tx.announce(ServerEvent::RuntimesChanged {
            workspace_id: access.workspace_id,
        });
        tx.commit().await?;
        ids.push(id);
    }
    for (failed, profile_id) in registration
        .request
        .failed_profiles
        .iter()
        .zip(&registration.failed_profiles)
    {
        let Some(profile_id) = *profile_id else {
            continue;
        };
        // Rule 41: a failed profile that cannot be recorded is logged, never fatal.
        let outcome = async {
            let mut tx = db.begin_write().await?;
            db::workspaces::lock(&mut tx, access.workspace_id).await?;
            record_failed(
                &mut tx,
                db,
                access,
                registration,
                profile_id,
                &failed.command_name,
                &failed.reason,
                now,
            )
            .await?;
            tx.announce(ServerEvent::RuntimesChanged {
                workspace_id: access.workspace_id,
            });
            tx.commit().await?;
            Ok::<_, ApiError>(())
        }
        .await;
        if let Err(err) = outcome {
            tracing::warn!(profile_id = %profile_id, error = %err, "failed profile not recorded");
        }
    }
    Ok(ids)
}

/// Rule 36, then 39 and 40: the built-in row keyed on (workspace, daemon, provider).
async fn register_builtin(
    conn: &mut AnyConnection,
    access: &DaemonAccess,
    registration: &Registration<'_>,
    entry: &RegisterRuntime,
    now: i64,
) -> Result<RuntimeId, ApiError> {
    let provider = normalize_provider(&entry.kind);
    let (id, inserted) = upsert_entry(
        &mut *conn,
        access,
        registration,
        entry,
        &provider,
        None,
        now,
    )
    .await?;
    if inserted {
        inherit_name(&mut *conn, access, registration, id).await?;
    }
    merge_legacy(
        &mut *conn,
        access,
        registration,
        &provider,
        id,
        inserted,
        now,
    )
    .await?;
    Ok(id)
}

/// Rules 37–38: a profile instance, keyed on (workspace, daemon, profile), its provider the
/// profile's stored family whatever the daemon sent.
async fn register_instance(
    conn: &mut AnyConnection,
    db: &Db,
    access: &DaemonAccess,
    registration: &Registration<'_>,
    entry: &RegisterRuntime,
    profile_id: ProfileId,
    now: i64,
) -> Result<RuntimeId, ApiError> {
    let profile = usable_profile(&mut *conn, db, access, profile_id).await?;
    let (id, inserted) = upsert_entry(
        &mut *conn,
        access,
        registration,
        entry,
        &profile.protocol_family,
        Some(profile_id),
        now,
    )
    .await?;
    if inserted {
        inherit_name(&mut *conn, access, registration, id).await?;
    }
    Ok(id)
}

/// The upsert of one runtime entry, built-in (`profile_id` `None`) or a profile's instance:
/// the name, status, device line and metadata as the entry asks, owned by the caller's member.
/// Returns the row's id and whether it was new.
async fn upsert_entry(
    conn: &mut AnyConnection,
    access: &DaemonAccess,
    registration: &Registration<'_>,
    entry: &RegisterRuntime,
    provider: &str,
    profile_id: Option<ProfileId>,
    now: i64,
) -> Result<(RuntimeId, bool), ApiError> {
    let metadata = Value::Object(registration.metadata(&entry.version)).to_string();
    db::runtimes::upsert(
        conn,
        &RuntimeUpsert {
            workspace_id: access.workspace_id,
            daemon_id: &registration.daemon_id,
            name: &runtime_name(&entry.name, provider, &registration.device_name),
            provider,
            status: requested_status(&entry.status),
            device_info: &device_info(&registration.device_name, &entry.version),
            metadata: &metadata,
            owner_id: access.user_id,
            profile_id,
            now,
        },
    )
    .await?
    .ok_or_else(|| RuntimeDenial::RuntimeOfAnotherMember.into())
}

/// Rule 41: the offline row a working instance would have used, saying why it is not online.
#[allow(clippy::too_many_arguments)]
async fn record_failed(
    conn: &mut AnyConnection,
    db: &Db,
    access: &DaemonAccess,
    registration: &Registration<'_>,
    profile_id: ProfileId,
    command_name: &str,
    reason: &str,
    now: i64,
) -> Result<RuntimeId, ApiError> {
    let profile = usable_profile(&mut *conn, db, access, profile_id).await?;
    let reason = match reason.trim() {
        "" => DEFAULT_FAILURE_REASON,
        reason => reason,
    };
    let command_name = match command_name.trim() {
        "" => profile.command_name.as_str(),
        command => command,
    };
    let mut metadata = registration.metadata("");
    metadata.insert(META_REGISTRATION_ERROR.into(), json!(true));
    metadata.insert(META_FAILURE_REASON.into(), json!(reason));
    metadata.insert("command_name".into(), json!(command_name));
    let metadata = Value::Object(metadata).to_string();
    let (id, inserted) = db::runtimes::upsert(
        &mut *conn,
        &RuntimeUpsert {
            workspace_id: access.workspace_id,
            daemon_id: &registration.daemon_id,
            name: &failed_profile_name(&profile.display_name, &registration.device_name),
            provider: &profile.protocol_family,
            status: RuntimeStatus::Offline,
            device_info: &registration.device_name,
            metadata: &metadata,
            owner_id: access.user_id,
            profile_id: Some(profile_id),
            now,
        },
    )
    .await?
    .ok_or(ApiError::from(RuntimeDenial::RuntimeOfAnotherMember))?;
    if inserted {
        inherit_name(&mut *conn, access, registration, id).await?;
    }
    Ok(id)
}

/// Takes registration's lock on the profile and checks it may get instances: unknown → 400
/// `unknown_runtime_profile`, disabled → 409 `runtime_profile_disabled`. Both codes tell a
/// daemon the profile changed after it fetched the list, so it fetches again.
async fn usable_profile(
    conn: &mut AnyConnection,
    db: &Db,
    access: &DaemonAccess,
    profile_id: ProfileId,
) -> Result<db::runtime_profiles::ProfileRow, ApiError> {
    let profile = db::runtime_profiles::lock_for_registration(
        conn,
        db.backend,
        access.workspace_id,
        profile_id,
    )
    .await?
    .ok_or_else(|| {
        ApiError::InvalidWithCode(
            "unknown_runtime_profile",
            agentry_core::ValidationError::new(
                "profile_id",
                "unknown_runtime_profile",
                format!("unknown runtime profile: {profile_id}"),
            ),
        )
    })?;
    if profile.enabled == 0 {
        return Err(ApiError::Conflict(
            "runtime_profile_disabled",
            format!("runtime profile is disabled: {profile_id}"),
        ));
    }
    Ok(profile)
}

/// Only an explicit `offline` registers a runtime offline.
fn requested_status(raw: &str) -> RuntimeStatus {
    if raw.trim().eq_ignore_ascii_case("offline") {
        RuntimeStatus::Offline
    } else {
        RuntimeStatus::Online
    }
}

/// Rule 39: a new row takes the machine's custom name when all its siblings share one.
async fn inherit_name(
    conn: &mut AnyConnection,
    access: &DaemonAccess,
    registration: &Registration<'_>,
    id: RuntimeId,
) -> Result<(), sqlx::Error> {
    let siblings = db::runtimes::sibling_custom_names(
        &mut *conn,
        access.workspace_id,
        &registration.daemon_id,
        id,
    )
    .await?;
    if let Some(name) = inherited_custom_name(siblings.iter().map(Option::as_deref)) {
        db::runtimes::set_custom_name(conn, id, &name).await?;
    }
    Ok(())
}

/// Rule 40, built-ins only: rows this member's machine registered under an earlier (hostname)
/// id hand their agents to the new row and go. Profile instances never take part: the merge is
/// keyed by provider and would fold a built-in into a custom runtime. Another member's rows
/// never match (hostnames collide across people). A new row takes the old row's visibility,
/// the owner's choice for that machine; agents the new row may not serve stay where they are
/// and the merge is refused like a runtime delete (409 `runtime_has_active_agents`).
async fn merge_legacy(
    conn: &mut AnyConnection,
    access: &DaemonAccess,
    registration: &Registration<'_>,
    provider: &str,
    id: RuntimeId,
    inserted: bool,
    now: i64,
) -> Result<(), ApiError> {
    for legacy in &registration.request.legacy_daemon_ids {
        let legacy = legacy.trim();
        if legacy.is_empty() {
            continue;
        }
        let old_rows = db::runtimes::legacy_builtins(
            &mut *conn,
            access.workspace_id,
            provider,
            legacy,
            id,
            access.user_id,
        )
        .await?;
        for old in old_rows {
            access.may_touch(old.facts())?;
            let new = db::runtimes::get(&mut *conn, id)
                .await?
                .ok_or(ApiError::NotFound)?;
            let mut target = new.facts();
            if inserted {
                target.visibility = old.facts().visibility;
            }
            let active = db::runtimes::active_agents(
                &mut *conn,
                access.workspace_id,
                old.id,
                access.user_id,
                access.sees_all_agents(),
            )
            .await?;
            let stuck: Vec<_> = active
                .into_iter()
                .filter(|agent| can_bind_runtime(agent.owner_id, target).is_err())
                .collect();
            refuse_bound(
                "cannot merge this machine's earlier runtime: agents bound to it may not use \
                 the new one; make the new runtime public or move them first",
                stuck,
            )?;
            if target.visibility != new.facts().visibility {
                db::runtimes::update(
                    &mut *conn,
                    id,
                    new.custom_name.as_deref(),
                    target.visibility,
                    now,
                )
                .await?;
            }
            db::runtimes::merge_legacy(&mut *conn, old.id, id, legacy, now).await?;
            tracing::info!(old_id = %old.id, runtime_id = %id, "merged legacy runtime");
        }
    }
    Ok(())
}
