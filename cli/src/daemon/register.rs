//! What a registration offers: the built-ins found, each enabled profile resolved on this
//! machine (with its launch spec kept for task execution), and the profiles that failed.

use super::detect::{probe_version, Builtin, PROBE_CONCURRENCY, PROBE_TIMEOUT};
use super::identity::Identity;
use super::resolve::{resolve, Resolution};
use super::LaunchSpec;
use agentry_core::api::daemon::{FailedProfile, RegisterRequest, RegisterRuntime};
use agentry_core::api::runtimes::RuntimeProfile;
use agentry_core::runtimes::register::runtime_name;
use agentry_core::runtimes::{filter_fixed_args, RuntimeStatus};
use agentry_core::{ProfileId, WorkspaceId};
use futures_util::StreamExt;
use std::collections::{BTreeMap, HashMap};
use std::ffi::OsString;
use std::path::PathBuf;

/// A registration ready to send, and the launch specs it implies.
#[derive(Clone, Debug, PartialEq)]
pub struct Offer {
    /// The body of `POST /api/daemon/register`.
    pub request: RegisterRequest,
    /// How to launch each resolved profile.
    pub launch_specs: HashMap<ProfileId, LaunchSpec>,
}

impl Offer {
    /// Whether there is nothing to register (the server refuses an empty registration).
    pub fn is_empty(&self) -> bool {
        self.request.runtimes.is_empty() && self.request.failed_profiles.is_empty()
    }
}

/// Resolves `profiles` (override, then PATH), probes the resolved ones' versions (up to
/// [`PROBE_CONCURRENCY`] at once, so one slow wrapper cannot hold up a registration), and builds
/// the registration together with `builtins`.
pub async fn build_offer(
    workspace: WorkspaceId,
    identity: &Identity,
    builtins: &[Builtin],
    profiles: &[RuntimeProfile],
    overrides: &BTreeMap<String, PathBuf>,
    path_var: Option<&OsString>,
) -> Offer {
    let mut failed = Vec::new();
    let mut runnable = Vec::new();
    for profile in profiles {
        let override_path = overrides.get(&profile.id.to_string()).map(PathBuf::as_path);
        match resolve(profile, override_path, path_var.map(OsString::as_os_str)) {
            Resolution::Resolved(path) => {
                // Spec C.9: the backend's own protocol flags never reach the process, in a
                // launch or in a probe.
                let fixed_args = filter_fixed_args(&profile.protocol_family, &profile.fixed_args);
                runnable.push((profile, path, fixed_args));
            }
            Resolution::Failed(failure) => {
                tracing::warn!(profile = %profile.display_name, reason = %failure.reason, "profile cannot run on this machine");
                failed.push(failure);
            }
            Resolution::Skipped => {}
        }
    }
    // `buffered` keeps the profiles' order, so the registration lists them as fetched. Each
    // probe owns what it needs, so the future stays `Send` for a daemon run on a spawned task.
    let probes = runnable.iter().map(|(profile, path, fixed_args)| {
        let (name, path, fixed_args) = (
            profile.display_name.clone(),
            path.clone(),
            fixed_args.clone(),
        );
        async move {
            // The version describes the wrapped CLI, so the fixed arguments go first.
            probe_version(&path, &fixed_args, PROBE_TIMEOUT)
                .await
                .unwrap_or_else(|why| {
                    tracing::info!(profile = %name, %why, "no version for profile");
                    String::new()
                })
        }
    });
    let versions: Vec<String> = futures_util::stream::iter(probes)
        .buffered(PROBE_CONCURRENCY)
        .collect()
        .await;
    let resolved: Vec<(&RuntimeProfile, String)> = runnable
        .iter()
        .zip(&versions)
        .map(|((profile, _, _), version)| (*profile, version.clone()))
        .collect();
    let launch_specs = runnable
        .into_iter()
        .zip(versions)
        .map(|((profile, path, fixed_args), version)| {
            let spec = LaunchSpec {
                profile_id: profile.id,
                family: profile.protocol_family.clone(),
                path,
                fixed_args,
                version,
            };
            (profile.id, spec)
        })
        .collect();
    Offer {
        request: request(workspace, identity, builtins, &resolved, failed),
        launch_specs,
    }
}

/// The registration body: built-ins first, then resolved profiles, then failures.
pub fn request(
    workspace: WorkspaceId,
    identity: &Identity,
    builtins: &[Builtin],
    resolved: &[(&RuntimeProfile, String)],
    failed_profiles: Vec<FailedProfile>,
) -> RegisterRequest {
    let device = identity.device_name.as_str();
    let online = RuntimeStatus::Online.as_str().to_owned();
    let builtin_entries = builtins.iter().map(|builtin| RegisterRuntime {
        name: runtime_name("", builtin.family.name, device),
        kind: builtin.family.name.to_owned(),
        version: builtin.version.clone(),
        status: online.clone(),
        profile_id: None,
    });
    let profile_entries = resolved.iter().map(|(profile, version)| RegisterRuntime {
        name: runtime_name("", &profile.display_name, device),
        kind: profile.protocol_family.clone(),
        version: version.clone(),
        status: online.clone(),
        profile_id: Some(profile.id.to_string()),
    });
    RegisterRequest {
        workspace_id: workspace.to_string(),
        daemon_id: identity.daemon_id.clone(),
        legacy_daemon_ids: Vec::new(),
        device_name: device.to_owned(),
        cli_version: env!("CARGO_PKG_VERSION").to_owned(),
        launched_by: "cli".to_owned(),
        runtimes: builtin_entries.chain(profile_entries).collect(),
        failed_profiles,
    }
}

#[cfg(test)]
mod tests;
