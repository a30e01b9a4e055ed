//! A daemon's registration (spec C.5 rules 32–42): built-in runtimes, profile instances and
//! the offline rows of profiles the daemon could not resolve, each upserted on its own partial
//! unique index, with name inheritance and the hostname-era merge.

use crate::auth::DaemonAccess;
use crate::db::runtimes::RuntimeUpsert;
use crate::db::{self, Db};
use crate::error::ApiError;
use agentry_core::api::daemon::{RegisterRequest, RegisterRuntime};
use agentry_core::runtimes::register::{
    check_registration, device_info, failed_profile_name, inherited_custom_name,
    normalize_provider, runtime_name,
};
use agentry_core::runtimes::{
    RuntimeStatus, DEFAULT_FAILURE_REASON, META_FAILURE_REASON, META_REGISTRATION_ERROR,
};
use serde_json::{json, Map, Value};
use sqlx::AnyConnection;

/// A registration request, trimmed and checked before anything is written.
pub struct Registration<'a> {
    pub request: &'a RegisterRequest,
    /// The workspace, a canonical UUID.
    pub workspace_id: String,
    pub daemon_id: String,
    pub device_name: String,
    /// From the `X-Client-Capabilities` header.
    pub capabilities: Vec<String>,
    /// Canonical profile id per entry of `request.runtimes` (`None` for built-ins).
    runtime_profiles: Vec<Option<String>>,
    /// Canonical profile id per entry of `request.failed_profiles` (`None`: blank, skipped).
    failed_profiles: Vec<Option<String>>,
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
/// before it stay registered.
pub async fn register(
    db: &Db,
    access: &DaemonAccess,
    registration: &Registration<'_>,
    now: i64,
) -> Result<Vec<String>, ApiError> {
    let mut ids = Vec::with_capacity(registration.request.runtimes.len());
    for (entry, profile_id) in registration
        .request
        .runtimes
        .iter()
        .zip(&registration.runtime_profiles)
    {
        let mut tx = db.begin_write().await?;
        let id = match profile_id {
            None => register_builtin(&mut tx, access, registration, entry, now).await?,
            Some(profile_id) => {
                register_instance(&mut tx, db, access, registration, entry, profile_id, now).await?
            }
        };
        tx.commit().await?;
        ids.push(id);
    }
    for (failed, profile_id) in registration
        .request
        .failed_profiles
        .iter()
        .zip(&registration.failed_profiles)
    {
        let Some(profile_id) = profile_id else {
            continue;
        };
        // Rule 41: a failed profile that cannot be recorded is logged, never fatal.
        let outcome = async {
            let mut tx = db.begin_write().await?;
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
) -> Result<String, ApiError> {
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
        inherit_name(&mut *conn, access, registration, &id).await?;
    }
    merge_legacy(&mut *conn, access, registration, &provider, &id, now).await?;
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
    profile_id: &str,
    now: i64,
) -> Result<String, ApiError> {
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
        inherit_name(&mut *conn, access, registration, &id).await?;
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
    profile_id: Option<&str>,
    now: i64,
) -> Result<(String, bool), ApiError> {
    let metadata = Value::Object(registration.metadata(&entry.version)).to_string();
    Ok(db::runtimes::upsert(
        conn,
        &RuntimeUpsert {
            workspace_id: &access.workspace_id,
            daemon_id: &registration.daemon_id,
            name: &runtime_name(&entry.name, provider, &registration.device_name),
            provider,
            status: requested_status(&entry.status),
            device_info: &device_info(&registration.device_name, &entry.version),
            metadata: &metadata,
            owner_id: Some(&access.user_id),
            profile_id,
            now,
        },
    )
    .await?)
}

/// Rule 41: the offline row a working instance would have used, saying why it is not online.
#[allow(clippy::too_many_arguments)]
async fn record_failed(
    conn: &mut AnyConnection,
    db: &Db,
    access: &DaemonAccess,
    registration: &Registration<'_>,
    profile_id: &str,
    command_name: &str,
    reason: &str,
    now: i64,
) -> Result<String, ApiError> {
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
            workspace_id: &access.workspace_id,
            daemon_id: &registration.daemon_id,
            name: &failed_profile_name(&profile.display_name, &registration.device_name),
            provider: &profile.protocol_family,
            status: RuntimeStatus::Offline,
            device_info: &registration.device_name,
            metadata: &metadata,
            owner_id: Some(&access.user_id),
            profile_id: Some(profile_id),
            now,
        },
    )
    .await?;
    if inserted {
        inherit_name(&mut *conn, access, registration, &id).await?;
    }
    Ok(id)
}

/// Takes registration's lock on the profile and checks it may get instances: unknown → 400,
/// disabled → 409.
async fn usable_profile(
    conn: &mut AnyConnection,
    db: &Db,
    access: &DaemonAccess,
    profile_id: &str,
) -> Result<db::runtime_profiles::ProfileRow, ApiError> {
    let profile = db::runtime_profiles::lock_for_registration(
        conn,
        db.backend,
        &access.workspace_id,
        profile_id,
    )
    .await?
    .ok_or_else(|| {
        ApiError::invalid(
            "profile_id",
            "unknown_runtime_profile",
            format!("unknown runtime profile: {profile_id}"),
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
    id: &str,
) -> Result<(), sqlx::Error> {
    let siblings = db::runtimes::sibling_custom_names(
        &mut *conn,
        &access.workspace_id,
        &registration.daemon_id,
        id,
    )
    .await?;
    if let Some(name) = inherited_custom_name(siblings.iter().map(Option::as_deref)) {
        db::runtimes::set_custom_name(conn, id, &name).await?;
    }
    Ok(())
}

/// Rule 40, built-ins only: rows this machine registered under an earlier (hostname) id hand
/// their agents to the new row and go. Profile instances never take part: the merge is keyed
/// by provider and would fold a built-in into a custom runtime.
async fn merge_legacy(
    conn: &mut AnyConnection,
    access: &DaemonAccess,
    registration: &Registration<'_>,
    provider: &str,
    id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    for legacy in &registration.request.legacy_daemon_ids {
        let legacy = legacy.trim();
        if legacy.is_empty() {
            continue;
        }
        let old_rows =
            db::runtimes::legacy_builtins(&mut *conn, &access.workspace_id, provider, legacy, id)
                .await?;
        for old_id in old_rows {
            db::runtimes::merge_legacy(&mut *conn, &old_id, id, legacy, now).await?;
            tracing::info!(old_id = %old_id, runtime_id = %id, "merged legacy runtime");
        }
    }
    Ok(())
}
