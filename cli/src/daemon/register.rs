//! What a registration offers: the built-ins found, each enabled profile resolved on this
//! machine (with its launch spec kept for task execution), and the profiles that failed.

use super::detect::{probe_version, Builtin, PROBE_TIMEOUT};
use super::identity::Identity;
use super::resolve::{resolve, Resolution};
use super::LaunchSpec;
use agentry_core::api::daemon::{FailedProfile, RegisterRequest, RegisterRuntime};
use agentry_core::api::runtimes::RuntimeProfile;
use agentry_core::runtimes::register::runtime_name;
use agentry_core::runtimes::RuntimeStatus;
use agentry_core::{ProfileId, WorkspaceId};
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

/// Resolves `profiles` (override, then PATH), probes the resolved ones' versions, and builds the
/// registration together with `builtins`.
pub async fn build_offer(
    workspace: WorkspaceId,
    identity: &Identity,
    builtins: &[Builtin],
    profiles: &[RuntimeProfile],
    overrides: &BTreeMap<String, PathBuf>,
    path_var: Option<&OsString>,
) -> Offer {
    let mut launch_specs = HashMap::new();
    let mut failed = Vec::new();
    let mut resolved = Vec::new();
    for profile in profiles {
        let override_path = overrides.get(&profile.id.to_string()).map(PathBuf::as_path);
        match resolve(profile, override_path, path_var.map(OsString::as_os_str)) {
            Resolution::Resolved(path) => {
                // The version describes the wrapped CLI, so the fixed arguments go first.
                let version = probe_version(&path, &profile.fixed_args, PROBE_TIMEOUT)
                    .await
                    .unwrap_or_else(|why| {
                        tracing::info!(profile = %profile.display_name, %why, "no version for profile");
                        String::new()
                    });
                resolved.push((profile, version.clone()));
                launch_specs.insert(
                    profile.id,
                    LaunchSpec {
                        profile_id: profile.id,
                        family: profile.protocol_family.clone(),
                        path,
                        fixed_args: profile.fixed_args.clone(),
                        version,
                    },
                );
            }
            Resolution::Failed(failure) => {
                tracing::warn!(profile = %profile.display_name, reason = %failure.reason, "profile cannot run on this machine");
                failed.push(failure);
            }
            Resolution::Skipped => {}
        }
    }
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
mod tests {
    use super::*;
    use crate::daemon::resolve::tests::{profile, script, temp_dir};

    fn identity() -> Identity {
        Identity {
            daemon_id: "d1".into(),
            device_name: "laptop".into(),
        }
    }

    #[tokio::test]
    async fn a_resolved_profile_is_offered_online_with_its_launch_spec() {
        let bin = temp_dir();
        let path = script(&bin, "ccms", true);
        let mut wrapped = profile("claude", "ccms");
        wrapped.fixed_args = vec!["start".into()];
        let ghost = profile("codex", "ghost");
        let workspace = wrapped.workspace_id;
        let path_var = Some(bin.clone().into_os_string());
        let offer = build_offer(
            workspace,
            &identity(),
            &[],
            &[wrapped.clone(), ghost.clone()],
            &BTreeMap::new(),
            path_var.as_ref(),
        )
        .await;

        assert_eq!(offer.request.runtimes.len(), 1);
        let entry = &offer.request.runtimes[0];
        assert_eq!(entry.name, "Wrapped (laptop)");
        assert_eq!(entry.kind, "claude");
        assert_eq!(entry.status, "online");
        assert_eq!(entry.version, "1.0");
        assert_eq!(entry.profile_id, Some(wrapped.id.to_string()));
        let spec = &offer.launch_specs[&wrapped.id];
        assert_eq!(spec.path, path);
        assert_eq!(spec.fixed_args, ["start"]);

        assert_eq!(offer.request.failed_profiles.len(), 1);
        assert_eq!(
            offer.request.failed_profiles[0].reason,
            "command not found on PATH: ghost"
        );
        assert!(!offer.launch_specs.contains_key(&ghost.id));
        assert!(!offer.is_empty());
    }

    #[tokio::test]
    async fn no_builtins_and_no_profiles_is_an_empty_offer() {
        let workspace = WorkspaceId(uuid::Uuid::new_v4());
        let offer = build_offer(workspace, &identity(), &[], &[], &BTreeMap::new(), None).await;
        assert!(offer.is_empty());
        assert_eq!(offer.request.daemon_id, "d1");
        assert_eq!(offer.request.workspace_id, workspace.to_string());
    }
}
