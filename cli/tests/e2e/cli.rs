//! The CLI's commands against the real server (spec J cases 45–48): login, profile list,
//! create, update and delete, and the local set-path/unset-path overrides.

use crate::harness::*;
use serde_json::{json, Value};

async fn logged_in() -> (Server, Owner, Machine) {
    let server = Server::start().await;
    let owner = server.owner("ada@example.com", "acme").await;
    let machine = Machine::new(&server.url);
    machine.login(&owner.token, &owner.workspace);
    (server, owner, machine)
}

#[tokio::test(flavor = "multi_thread")]
async fn login_stores_an_owner_only_config_and_never_prints_the_token() {
    use std::os::unix::fs::PermissionsExt;
    let server = Server::start().await;
    let owner = server.owner("ada@example.com", "acme").await;
    let machine = Machine::new(&server.url);
    let run = machine.run(&["login", "--server", &server.url, "--token", &owner.token]);
    let out = run.expect_success();
    assert!(out.contains("Owner"), "{out}");
    assert!(!out.contains(&owner.token) && !run.stderr().contains(&owner.token));

    let config: Value = serde_json::from_slice(&machine.config_bytes()).unwrap();
    assert_eq!(config["token"], owner.token.as_str());
    assert_eq!(config["server"], server.url.as_str());
    let file = std::fs::metadata(machine.config_dir.join("config.json")).unwrap();
    assert_eq!(file.permissions().mode() & 0o777, 0o600);
    let dir = std::fs::metadata(&machine.config_dir).unwrap();
    assert_eq!(dir.permissions().mode() & 0o777, 0o700);
}

#[tokio::test(flavor = "multi_thread")]
async fn login_with_a_wrong_token_fails_with_the_servers_message_and_stores_nothing() {
    let server = Server::start().await;
    let machine = Machine::new(&server.url);
    let bad = format!("agt_{}", "0".repeat(40));
    let error = machine
        .run(&["login", "--server", &server.url, "--token", &bad])
        .expect_failure(1);
    assert!(error.starts_with("error: "), "{error}");
    assert!(machine.config_bytes().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn create_without_a_required_flag_is_a_usage_error_and_sends_nothing() {
    let (_server, owner, machine) = logged_in().await;
    let cases: [(&[&str], &str); 3] = [
        (
            &[
                "--protocol-family",
                " ",
                "--display-name",
                "A",
                "--command-name",
                "a",
            ],
            "--protocol-family is required",
        ),
        (
            &["--protocol-family", "claude", "--command-name", "a"],
            "--display-name is required",
        ),
        (
            &["--protocol-family", "claude", "--display-name", "A"],
            "--command-name is required",
        ),
    ];
    for (flags, message) in cases {
        let mut args = vec!["runtime", "profile", "create"];
        args.extend_from_slice(flags);
        let error = machine.run(&args).expect_failure(2);
        assert!(error.contains(message), "{error}");
    }
    assert!(owner.profiles().await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn create_with_an_unknown_family_lists_the_supported_families() {
    let (_server, owner, machine) = logged_in().await;
    let error = machine
        .run(&[
            "runtime",
            "profile",
            "create",
            "--protocol-family",
            "gemini",
            "--display-name",
            "G",
            "--command-name",
            "gemini",
        ])
        .expect_failure(2);
    assert!(error.contains("claude, codex"), "{error}");
    assert!(owner.profiles().await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn list_shows_a_table_sorted_by_display_name_or_the_json() {
    let (_server, owner, machine) = logged_in().await;
    for name in ["Zeta", "Alpha"] {
        owner
            .create_profile(
                json!({"display_name": name, "protocol_family": "codex", "command_name": "codex"}),
            )
            .await;
    }
    let table = machine
        .run(&["runtime", "profile", "list"])
        .expect_success();
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("ID"), "{table}");
    for column in ["DISPLAY_NAME", "PROTOCOL_FAMILY", "COMMAND_NAME", "ENABLED"] {
        assert!(lines[0].contains(column), "{table}");
    }
    assert!(
        lines[1].contains("Alpha") && lines[2].contains("Zeta"),
        "{table}"
    );

    let json = machine
        .run(&["runtime", "profile", "list", "--output", "json"])
        .json();
    assert_eq!(json["runtime_profiles"].as_array().unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn update_sends_only_the_flags_given_and_refuses_to_send_nothing() {
    let (_server, owner, machine) = logged_in().await;
    let id = owner
        .create_profile(json!({
            "display_name": "Wrapped",
            "protocol_family": "claude",
            "command_name": "ccms",
            "fixed_args": ["start"],
            "description": "keep me",
        }))
        .await;

    let error = machine
        .run(&["runtime", "profile", "update", &id])
        .expect_failure(2);
    for flag in [
        "--display-name",
        "--command-name",
        "--description",
        "--enabled",
    ] {
        assert!(error.contains(flag), "{error}");
    }

    let updated = machine
        .run(&[
            "runtime",
            "profile",
            "update",
            &id,
            "--display-name",
            "Renamed",
        ])
        .json();
    assert_eq!(updated["display_name"], "Renamed");
    assert_eq!(updated["description"], "keep me");
    assert_eq!(updated["command_name"], "ccms");
    assert_eq!(updated["fixed_args"], json!(["start"]));
    assert_eq!(updated["enabled"], true);
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_refused_by_the_server_prints_its_explanation() {
    let (_server, owner, machine) = logged_in().await;
    machine.fake_cli("ccms", "0.3");
    let id = owner
        .create_profile(
            json!({"display_name": "Bound", "protocol_family": "claude", "command_name": "ccms"}),
        )
        .await;
    let _daemon = machine.start_daemon(&owner.workspace);
    let runtime = owner
        .runtime_where("the profile online", |r| r["profile_id"] == id.as_str())
        .await;
    let (status, agent) = owner
        .call(
            "POST",
            "/api/agents",
            Some(json!({"name": "Ada's helper", "runtime_id": runtime["id"]})),
        )
        .await;
    assert_eq!(status, 201, "{agent}");

    let error = machine
        .run(&["runtime", "profile", "delete", &id])
        .expect_failure(1);
    assert!(
        error.contains(&format!("cannot delete runtime profile {id}: ")),
        "{error}"
    );
    assert!(error.contains("Ada's helper"), "{error}");
    assert_eq!(owner.profiles().await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_removes_an_unused_profile() {
    let (_server, owner, machine) = logged_in().await;
    let id = owner
        .create_profile(
            json!({"display_name": "Spare", "protocol_family": "codex", "command_name": "codex"}),
        )
        .await;
    let out = machine
        .run(&["runtime", "profile", "delete", &id])
        .expect_success();
    assert!(out.contains(&id), "{out}");
    assert!(owner.profiles().await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn set_path_and_unset_path_persist_locally_and_refuse_inside_a_task() {
    let (_server, _owner, machine) = logged_in().await;
    let id = uuid::Uuid::new_v4().to_string();

    let error = machine
        .run(&["runtime", "profile", "set-path", &id, "--path", "bin/x"])
        .expect_failure(2);
    assert!(error.contains("absolute"), "{error}");

    let out = machine
        .run(&["runtime", "profile", "set-path", &id, "--path", "/opt/x"])
        .expect_success();
    assert!(out.contains("restart the daemon"), "{out}");
    let config: Value = serde_json::from_slice(&machine.config_bytes()).unwrap();
    assert_eq!(config["profile_command_overrides"][&id], "/opt/x");
    assert!(config["token"].is_string(), "login keys are kept");

    let before = machine.config_bytes();
    let refused = output_within(
        machine
            .command(&["runtime", "profile", "unset-path", &id])
            .env("AGENTRY_TASK_ID", "t1"),
    );
    assert_eq!(refused.status.code(), Some(2));
    let task_dir = temp_dir();
    std::fs::write(task_dir.join(".agentry-task"), "").unwrap();
    let nested = task_dir.join("repo");
    std::fs::create_dir_all(&nested).unwrap();
    let refused = output_within(
        machine
            .command(&["runtime", "profile", "set-path", &id, "--path", "/opt/y"])
            .current_dir(&nested),
    );
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        machine.config_bytes(),
        before,
        "config must be byte-identical"
    );

    machine
        .run(&["runtime", "profile", "unset-path", &id])
        .expect_success();
    let config: Value = serde_json::from_slice(&machine.config_bytes()).unwrap();
    assert!(
        config.get("profile_command_overrides").is_none(),
        "{config}"
    );
    let again = machine
        .run(&["runtime", "profile", "unset-path", &id])
        .expect_success();
    assert!(again.contains("nothing to change"), "{again}");
}
