//! `agentry daemon run` against the real server: built-in detection, profile convergence,
//! failed profiles, and going offline on SIGTERM or after the sweep when killed.

use crate::harness::*;
use serde_json::{json, Value};

fn is_builtin(runtime: &Value, provider: &str) -> bool {
    runtime["provider"] == provider && runtime["profile_id"].is_null()
}

fn instance_of(runtime: &Value, profile: &str) -> bool {
    runtime["profile_id"] == profile
}

#[tokio::test(flavor = "multi_thread")]
async fn a_daemon_registers_the_builtin_cli_it_finds_on_path_as_online() {
    let server = Server::start().await;
    let owner = server.owner("ada@example.com", "acme").await;
    let machine = Machine::new(&server.url);
    machine.fake_cli("claude", "2.1.0 (Claude Code)");
    machine.login(&owner.token, &owner.workspace);

    let _daemon = machine.start_daemon(&owner.workspace);
    let runtime = owner
        .runtime_where("the built-in claude online", |r| {
            is_builtin(r, "claude") && online(r)
        })
        .await;

    assert_eq!(
        runtime["daemon_id"].as_str(),
        machine.daemon_id().as_deref()
    );
    assert!(
        runtime["device_info"]
            .as_str()
            .unwrap()
            .ends_with("2.1.0 (Claude Code)"),
        "{runtime}"
    );
    // Only the CLI on PATH is offered: no other family appears.
    assert_eq!(owner.runtimes().await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_created_while_the_daemon_runs_comes_online_and_goes_offline_when_disabled() {
    // A slow sweep: only the daemon's deregistration can take its runtimes offline.
    let server = Server::start_with(Sweep::Slow).await;
    let owner = server.owner("ada@example.com", "acme").await;
    let machine = Machine::new(&server.url);
    machine.fake_cli("claude", "2.1.0");
    machine.fake_cli("ccms", "ccms 0.3");
    machine.login(&owner.token, &owner.workspace);
    let daemon = machine.start_daemon(&owner.workspace);
    owner
        .runtime_where("the built-in online", |r| {
            is_builtin(r, "claude") && online(r)
        })
        .await;

    let created = machine
        .run(&[
            "runtime",
            "profile",
            "create",
            "--protocol-family",
            "claude",
            "--display-name",
            "Wrapped",
            "--command",
            "ccms start q36",
        ])
        .json();
    let profile = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["fixed_args"], json!(["start", "q36"]));

    let instance = owner
        .runtime_where("the profile's runtime online", |r| {
            instance_of(r, &profile) && online(r)
        })
        .await;
    assert!(
        instance["name"].as_str().unwrap().starts_with("Wrapped ("),
        "{instance}"
    );
    assert_eq!(instance["provider"], "claude");

    machine
        .run(&["runtime", "profile", "update", &profile, "--enabled=false"])
        .expect_success();
    owner
        .runtime_where("the disabled profile's runtime offline", |r| {
            r["id"] == instance["id"] && !online(r)
        })
        .await;
    // The built-in is untouched by the profile's convergence.
    let builtin = owner
        .runtime_where("the built-in", |r| is_builtin(r, "claude"))
        .await;
    assert!(online(&builtin), "{builtin}\n{}", daemon.log());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_whose_command_is_missing_becomes_an_offline_row_with_the_reason() {
    let server = Server::start().await;
    let owner = server.owner("ada@example.com", "acme").await;
    let profile = owner
        .create_profile(json!({
            "display_name": "Ghost",
            "protocol_family": "codex",
            "command_name": "ghost-cli",
        }))
        .await;
    let machine = Machine::new(&server.url);
    machine.fake_cli("claude", "2.1.0");
    machine.login(&owner.token, &owner.workspace);

    let _daemon = machine.start_daemon(&owner.workspace);
    let failed = owner
        .runtime_where("the failed profile row", |r| instance_of(r, &profile))
        .await;

    assert_eq!(failed["status"], "offline");
    assert_eq!(
        failed["metadata"]["runtime_profile_registration_error"],
        true
    );
    assert_eq!(
        failed["metadata"]["runtime_profile_failure_reason"],
        "command not found on PATH: ghost-cli"
    );
    assert_eq!(failed["metadata"]["command_name"], "ghost-cli");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_local_path_override_lets_the_daemon_run_a_command_that_is_not_on_path() {
    let server = Server::start().await;
    let owner = server.owner("ada@example.com", "acme").await;
    let profile = owner
        .create_profile(json!({
            "display_name": "Pinned",
            "protocol_family": "codex",
            "command_name": "codex-nightly",
        }))
        .await;
    let machine = Machine::new(&server.url);
    machine.fake_cli("claude", "2.1.0");
    let elsewhere = temp_dir();
    let pinned = fake_cli(&elsewhere, "codex-nightly", "nightly");
    machine.login(&owner.token, &owner.workspace);
    machine
        .run(&[
            "runtime",
            "profile",
            "set-path",
            &profile,
            "--path",
            pinned.to_str().unwrap(),
        ])
        .expect_success();

    let _daemon = machine.start_daemon(&owner.workspace);
    let runtime = owner
        .runtime_where("the pinned profile online", |r| {
            instance_of(r, &profile) && online(r)
        })
        .await;
    assert!(runtime["device_info"]
        .as_str()
        .unwrap()
        .ends_with("nightly"));
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_takes_the_daemons_runtimes_offline_at_once() {
    // A slow sweep: only the daemon's deregistration can take its runtimes offline.
    let server = Server::start_with(Sweep::Slow).await;
    let owner = server.owner("ada@example.com", "acme").await;
    owner
        .create_profile(json!({
            "display_name": "Wrapped",
            "protocol_family": "claude",
            "command_name": "ccms",
        }))
        .await;
    let machine = Machine::new(&server.url);
    machine.fake_cli("claude", "2.1.0");
    machine.fake_cli("codex", "0.9");
    machine.fake_cli("ccms", "0.3");
    machine.login(&owner.token, &owner.workspace);
    let mut daemon = machine.start_daemon(&owner.workspace);
    eventually("three runtimes online", || async {
        let runtimes = owner.runtimes().await;
        (runtimes.iter().filter(|r| online(r)).count() == 3).then_some(())
    })
    .await;

    daemon.terminate();
    assert_eq!(daemon.wait().await, 0, "{}", daemon.log());

    // Deregistration happened before exit: no sweep is needed to see them offline.
    let runtimes = owner.runtimes().await;
    assert_eq!(runtimes.len(), 3);
    assert!(runtimes.iter().all(|r| !online(r)), "{runtimes:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_daemons_runtimes_go_offline_after_the_sweep() {
    let server = Server::start().await;
    let owner = server.owner("ada@example.com", "acme").await;
    let machine = Machine::new(&server.url);
    machine.fake_cli("codex", "0.9");
    machine.login(&owner.token, &owner.workspace);
    let mut daemon = machine.start_daemon(&owner.workspace);
    let runtime = owner
        .runtime_where("codex online", |r| is_builtin(r, "codex") && online(r))
        .await;

    daemon.child.kill().unwrap();
    daemon.wait().await;

    owner
        .runtime_where("the killed daemon's runtime swept offline", |r| {
            r["id"] == runtime["id"] && !online(r)
        })
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_custom_only_daemon_with_a_daemon_token_deregisters_when_its_last_profile_is_disabled() {
    // A slow sweep: only the daemon's deregistration can take its runtimes offline.
    let server = Server::start_with(Sweep::Slow).await;
    let owner = server.owner("ada@example.com", "acme").await;
    let token = owner.daemon_token().await;
    let machine = Machine::new(&server.url);
    machine.fake_cli("ccms", "0.3");
    machine.login(&token, &owner.workspace);
    let daemon = machine.start_daemon(&owner.workspace);

    // No built-in CLI on PATH: the daemon waits for profiles, and a new one reaches it live.
    let profile = owner
        .create_profile(json!({
            "display_name": "Only",
            "protocol_family": "claude",
            "command_name": "ccms",
        }))
        .await;
    let runtime = owner
        .runtime_where("the only profile online", |r| {
            instance_of(r, &profile) && online(r)
        })
        .await;

    let path = format!(
        "/api/workspaces/{}/runtime-profiles/{profile}",
        owner.workspace
    );
    let (status, body) = owner
        .call("PATCH", &path, Some(json!({"enabled": false})))
        .await;
    assert_eq!(status, 200, "{body}");
    owner
        .runtime_where("the runtime offline", |r| {
            r["id"] == runtime["id"] && !online(r)
        })
        .await;
    assert!(
        !daemon.log().contains(&token),
        "the daemon's log must never contain the token"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_change_that_leaves_the_signature_alone_does_not_re_register() {
    let server = Server::start().await;
    let owner = server.owner("ada@example.com", "acme").await;
    let profile = owner
        .create_profile(json!({
            "display_name": "Wrapped",
            "protocol_family": "claude",
            "command_name": "ccms",
        }))
        .await;
    let machine = Machine::new(&server.url);
    machine.fake_cli("ccms", "0.3");
    machine.login(&owner.token, &owner.workspace);
    let daemon = machine.start_daemon(&owner.workspace);
    owner
        .runtime_where("the profile online", |r| {
            instance_of(r, &profile) && online(r)
        })
        .await;
    let count = |needle: &str| daemon.log().matches(needle).count();
    // The first connection's refresh has run once the stream is up and its fetch compared.
    eventually("the first refresh", || async {
        (count("runtime profiles unchanged") >= 1).then_some(())
    })
    .await;
    let registrations = count("runtime online");
    let (changed, unchanged) = (
        count("runtime profiles changed"),
        count("runtime profiles unchanged"),
    );

    // A description is not part of what a daemon registers: the notification costs a fetch.
    let path = format!(
        "/api/workspaces/{}/runtime-profiles/{profile}",
        owner.workspace
    );
    let (status, body) = owner
        .call(
            "PATCH",
            &path,
            Some(json!({"description": "now documented"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    eventually("the notification handled", || async {
        (count("runtime profiles changed") > changed
            && count("runtime profiles unchanged") > unchanged)
            .then_some(())
    })
    .await;
    assert_eq!(count("runtime online"), registrations, "{}", daemon.log());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_runtime_deleted_on_the_server_is_registered_again_after_its_heartbeat_fails() {
    let server = Server::start().await;
    let owner = server.owner("ada@example.com", "acme").await;
    let machine = Machine::new(&server.url);
    machine.fake_cli("codex", "0.9");
    machine.login(&owner.token, &owner.workspace);
    let _daemon = machine.start_daemon(&owner.workspace);
    let first = owner
        .runtime_where("codex online", |r| is_builtin(r, "codex") && online(r))
        .await;

    let path = format!("/api/runtimes/{}", first["id"].as_str().unwrap());
    let (status, body) = owner.call("DELETE", &path, None).await;
    assert!(status == 200 || status == 204, "{status} {body}");

    owner
        .runtime_where("codex registered again", |r| {
            is_builtin(r, "codex") && online(r) && r["id"] != first["id"]
        })
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_daemon_token_for_another_workspace_stops_the_daemon_with_the_servers_message() {
    let server = Server::start().await;
    let owner = server.owner("ada@example.com", "acme").await;
    let other = server.owner("bob@example.com", "other").await;
    let token = other.daemon_token().await;
    let machine = Machine::new(&server.url);
    machine.fake_cli("codex", "0.9");
    machine
        .run(&["login", "--server", &server.url, "--token", &token])
        .expect_success();

    let mut daemon = machine.start_daemon(&owner.workspace);
    assert_eq!(daemon.wait().await, 1, "{}", daemon.log());
    assert!(daemon.log().contains("error: "), "{}", daemon.log());
    assert!(owner.runtimes().await.is_empty());
}

/// Puts a profile command on the machine whose `--version` probe announces itself (a `probed`
/// file in `marks`) and answers only once the test creates `marks/release`, so the test can
/// change the profile between the daemon's fetch and its registration.
fn held_probe(machine: &Machine, name: &str, marks: &std::path::Path) {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let sleep = ["/usr/bin/sleep", "/bin/sleep"]
        .into_iter()
        .find(|path| std::path::Path::new(path).exists())
        .expect("a sleep binary");
    symlink(sleep, machine.bin.join("sleep")).unwrap();
    let marks = marks.display();
    let script = format!(
        "#!/bin/sh\n: > '{marks}/probed'\ni=0\n\
         while [ ! -e '{marks}/release' ] && [ $i -lt 300 ]; do sleep 0.05; i=$((i+1)); done\n\
         echo '{name} 1.0'\n"
    );
    let path = machine.bin.join(name);
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Starts a daemon whose only profile is changed (`method` with `body` on the profile) while
/// its version is probed, i.e. after the fetch and before the registration; checks that the
/// daemon fetches again, registers the built-in without the profile and keeps running.
async fn profile_changed_during_registration(method: &str, body: Option<Value>) {
    let server = Server::start().await;
    let owner = server.owner("ada@example.com", "acme").await;
    let profile = owner
        .create_profile(json!({
            "display_name": "Held",
            "protocol_family": "claude",
            "command_name": "heldwrap",
        }))
        .await;
    let machine = Machine::new(&server.url);
    machine.fake_cli("claude", "2.1.0");
    let marks = temp_dir();
    held_probe(&machine, "heldwrap", &marks);
    machine.login(&owner.token, &owner.workspace);
    let mut daemon = machine.start_daemon(&owner.workspace);

    eventually("the profile's probe to start", || async {
        marks.join("probed").exists().then_some(())
    })
    .await;
    let path = format!(
        "/api/workspaces/{}/runtime-profiles/{profile}",
        owner.workspace
    );
    let (status, answer) = owner.call(method, &path, body).await;
    assert!(status < 300, "{method} the profile: {status} {answer}");
    std::fs::write(marks.join("release"), "").unwrap();

    owner
        .runtime_where("the built-in online", |r| {
            is_builtin(r, "claude") && online(r)
        })
        .await;
    let runtimes = owner.runtimes().await;
    assert!(
        runtimes.iter().all(|r| !instance_of(r, &profile)),
        "{runtimes:?}"
    );
    assert!(
        daemon.child.try_wait().unwrap().is_none(),
        "the daemon exited: {}",
        daemon.log()
    );
    assert!(
        daemon.log().contains("fetching the profiles again"),
        "{}",
        daemon.log()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_deleted_right_after_the_fetch_leaves_the_daemon_registering_the_rest() {
    profile_changed_during_registration("DELETE", None).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_disabled_right_after_the_fetch_leaves_the_daemon_registering_the_rest() {
    profile_changed_during_registration("PATCH", Some(json!({"enabled": false}))).await;
}
