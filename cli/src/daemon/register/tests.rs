//! What a registration offers: resolution, probes and the request body.

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

/// Writes an executable `#!/bin/sh` script called `name` into `dir`.
fn shell_script(dir: &std::path::Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[tokio::test]
async fn the_probe_and_the_launch_spec_get_the_filtered_fixed_args() {
    let bin = temp_dir();
    shell_script(&bin, "ccms", "echo \"$@\"");
    let mut wrapped = profile("claude", "ccms");
    wrapped.fixed_args = ["start", "--output-format", "text", "-p", "q36"]
        .map(String::from)
        .to_vec();
    let path_var = Some(bin.into_os_string());
    let offer = build_offer(
        wrapped.workspace_id,
        &identity(),
        &[],
        std::slice::from_ref(&wrapped),
        &BTreeMap::new(),
        path_var.as_ref(),
    )
    .await;
    assert_eq!(offer.request.runtimes[0].version, "start q36 --version");
    assert_eq!(offer.launch_specs[&wrapped.id].fixed_args, ["start", "q36"]);
}

/// A probe script for `probes_run_eight_at_a_time`: it records that it started, waits (up to
/// about two seconds) for `wanted` probes to have started, then prints how many it saw.
fn counting_probe(dir: &std::path::Path, name: &str, marks: &std::path::Path, wanted: usize) {
    let marks = marks.display();
    shell_script(
        dir,
        name,
        &format!(
            "touch '{marks}/{name}'\n\
             i=0\n\
             while :; do\n\
               set -- '{marks}'/*; [ $# -ge {wanted} ] && break\n\
               i=$((i+1)); [ $i -ge 20 ] && break\n\
               sleep 0.1\n\
             done\n\
             set -- '{marks}'/*; echo $#"
        ),
    );
}

#[tokio::test]
async fn profile_probes_run_eight_at_a_time() {
    let (bin, marks) = (temp_dir(), temp_dir());
    let total = PROBE_CONCURRENCY + 1;
    let profiles: Vec<RuntimeProfile> = (0..total)
        .map(|n| {
            let name = format!("wrapper{n}");
            counting_probe(&bin, &name, &marks, total);
            profile("claude", &name)
        })
        .collect();
    let path_var = Some(bin.into_os_string());
    let offer = build_offer(
        profiles[0].workspace_id,
        &identity(),
        &[],
        &profiles,
        &BTreeMap::new(),
        path_var.as_ref(),
    )
    .await;
    let seen: Vec<usize> = offer
        .request
        .runtimes
        .iter()
        .map(|runtime| runtime.version.parse().expect("a count"))
        .collect();
    assert_eq!(seen.len(), total);
    // Run one after another, the first probe would see only itself; all at once, every probe
    // would see all nine. Eight at a time: the first eight wait for each other and give up
    // seeing eight, then the ninth starts.
    assert!(seen.iter().all(|&n| n >= PROBE_CONCURRENCY), "{seen:?}");
    assert_eq!(seen.iter().min(), Some(&PROBE_CONCURRENCY), "{seen:?}");
    // The registration lists the profiles in the order they were fetched.
    let order: Vec<_> = offer
        .request
        .runtimes
        .iter()
        .map(|r| r.profile_id.clone())
        .collect();
    let fetched: Vec<_> = profiles.iter().map(|p| Some(p.id.to_string())).collect();
    assert_eq!(order, fetched);
}
