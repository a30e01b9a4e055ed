//! The agent-facing commands (`issue …`, `workspace get`) against the real server: a person
//! with their login, and an agent inside a run with nothing but its task token.

use crate::harness::*;
use serde_json::{json, Value};

/// An owner with a runtime registered over HTTP (daemon `box`) and an agent bound to it.
async fn with_agent(server: &Server) -> (Owner, String, String) {
    let owner = server.owner("ada@example.com", "acme").await;
    let (status, registered) = owner
        .call(
            "POST",
            "/api/daemon/register",
            Some(json!({
                "workspace_id": owner.workspace, "daemon_id": "box", "device_name": "box",
                "cli_version": "0.1.0", "launched_by": "cli",
                "runtimes": [{"name": "", "type": "claude", "version": "1.0"}],
            })),
        )
        .await;
    assert_eq!(status, 200, "register: {registered}");
    let runtime = registered["runtimes"][0]["id"].as_str().unwrap().to_owned();
    let (status, agent) = owner
        .call(
            "POST",
            "/api/agents",
            Some(json!({"name": "Builder", "runtime_id": runtime})),
        )
        .await;
    assert_eq!(status, 201, "agent: {agent}");
    let agent = agent["id"].as_str().unwrap().to_owned();
    (owner, runtime, agent)
}

fn write(machine: &Machine, name: &str, text: &str) -> String {
    let path = machine.config_dir.with_file_name(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_person_creates_finds_comments_on_and_closes_an_issue_with_the_cli() {
    let server = Server::start().await;
    let (owner, _runtime, _agent) = with_agent(&server).await;
    let machine = Machine::new(&server.url);
    machine.login(&owner.token, &owner.workspace);
    let description = write(&machine, "description.md", "Steps:\n1. run it\n");

    let run = machine.run(&[
        "issue",
        "create",
        "--title",
        "Fix the build",
        "--description-file",
        &description,
        "--priority",
        "high",
    ]);
    let created = run.json();
    let key = created["identifier"].as_str().unwrap().to_owned();
    assert_eq!(key, "ACM-1");
    assert_eq!(created["description"], "Steps:\n1. run it\n");
    assert!(run.stderr().contains("Created ACM-1"), "{}", run.stderr());

    let listed = machine.run(&["issue", "list", "--status", "todo"]).json();
    assert_eq!(listed[0]["identifier"], key.as_str());

    let comment = write(&machine, "comment.md", "Looking into it.");
    let added = machine
        .run(&["issue", "comment", "add", &key, "--content-file", &comment])
        .json();
    assert_eq!(added["comment"]["author"]["type"], "member");
    let comments = machine.run(&["issue", "comment", "list", &key]).json();
    assert_eq!(comments[0]["content"], "Looking into it.");
    let later = machine
        .run(&[
            "issue",
            "comment",
            "list",
            &key,
            "--since",
            "2999-01-01T00:00:00Z",
        ])
        .json();
    assert_eq!(later, json!([]));

    let metadata = machine
        .run(&["issue", "metadata", "set", &key, "pr", "42"])
        .json();
    assert_eq!(metadata, json!({"pr": "42"}));
    let closed = machine.run(&["issue", "status", &key, "done"]).json();
    assert_eq!(closed["status"], "done");
    let workspace = machine.run(&["workspace", "get"]).json();
    assert_eq!(workspace["issue_key"], "ACM");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_status_or_a_missing_title_is_a_usage_error_that_sends_nothing() {
    let server = Server::start().await;
    let owner = server.owner("ada@example.com", "acme").await;
    let machine = Machine::new(&server.url);
    machine.login(&owner.token, &owner.workspace);
    let error = machine.run(&["issue", "create"]).expect_failure(2);
    assert!(error.contains("--title is required"), "{error}");
    let error = machine
        .run(&["issue", "list", "--status", "sleeping"])
        .expect_failure(2);
    assert!(error.contains("unknown status"), "{error}");
    let (_, issues) = owner.call("GET", "/api/issues", None).await;
    assert_eq!(issues, json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn assigning_by_name_resolves_the_agent_and_asks_it_for_a_run() {
    let server = Server::start().await;
    let (owner, _runtime, agent) = with_agent(&server).await;
    let machine = Machine::new(&server.url);
    machine.login(&owner.token, &owner.workspace);
    machine
        .run(&["issue", "create", "--title", "Ship it"])
        .expect_success();
    let assigned = machine
        .run(&["issue", "assign", "ACM-1", "--to", "builder"])
        .json();
    assert_eq!(assigned["assignee"]["id"], agent.as_str());
    assert_eq!(assigned["run"]["status"], "queued");
    let error = machine
        .run(&["issue", "assign", "ACM-1", "--to", "nobody"])
        .expect_failure(2);
    assert!(error.contains("no member or agent"), "{error}");
}

/// Claims the queued task of daemon `box` as its daemon would; returns the claimed task.
async fn claim(owner: &Owner, runtime: &str) -> Value {
    let (status, claimed) = owner
        .call(
            "POST",
            "/api/daemon/tasks/claim",
            Some(json!({"daemon_id": "box", "runtime_ids": [runtime], "max_tasks": 1})),
        )
        .await;
    assert_eq!(status, 200, "claim: {claimed}");
    claimed["tasks"][0].clone()
}

/// `agentry` as the daemon starts it inside a run: no login, the task token and the server in
/// the environment, and the task marker variable set.
fn in_run(machine: &Machine, token: &str, args: &[&str]) -> Run {
    let mut command = machine.command(args);
    command
        .env("AGENTRY_TASK_TOKEN", token)
        .env("AGENTRY_SERVER", &machine.server)
        .env("AGENTRY_TASK_ID", "set-by-the-daemon");
    Run(output_within(&mut command))
}

#[tokio::test(flavor = "multi_thread")]
async fn inside_a_run_the_cli_acts_as_the_agent_with_its_task_token_alone() {
    let server = Server::start().await;
    let (owner, runtime, agent) = with_agent(&server).await;
    let (status, issue) = owner
        .call(
            "POST",
            "/api/issues",
            Some(json!({"title": "Write docs", "assignee": {"type": "agent", "id": agent}})),
        )
        .await;
    assert_eq!(status, 201, "{issue}");
    let task = claim(&owner, &runtime).await;
    let token = task["auth_token"]
        .as_str()
        .expect("a task token")
        .to_owned();
    assert!(token.starts_with("agk_"));

    // A fresh machine: nothing stored, so only the task token can be in use.
    let machine = Machine::new(&server.url);
    let workspace = in_run(&machine, &token, &["workspace", "get"]).json();
    assert_eq!(workspace["id"], owner.workspace.as_str());
    let body = write(&machine, "result.md", "Docs written.");
    let added = in_run(
        &machine,
        &token,
        &["issue", "comment", "add", "ACM-1", "--content-file", &body],
    )
    .json();
    assert_eq!(added["comment"]["author"]["type"], "agent");
    assert_eq!(added["comment"]["author"]["id"], agent.as_str());
    let got = in_run(&machine, &token, &["issue", "get", "ACM-1"]).json();
    assert_eq!(got["title"], "Write docs");
}

#[tokio::test(flavor = "multi_thread")]
async fn inside_a_run_the_cli_never_falls_back_on_the_owners_stored_token() {
    let server = Server::start().await;
    let owner = server.owner("ada@example.com", "acme").await;
    let machine = Machine::new(&server.url);
    machine.login(&owner.token, &owner.workspace);
    let mut command = machine.command(&["issue", "list"]);
    command.env("AGENTRY_TASK_ID", "set-by-the-daemon");
    let error = Run(output_within(&mut command)).expect_failure(2);
    assert!(
        error.contains("refusing to use the machine owner's token"),
        "{error}"
    );
    let mut command = machine.command(&["issue", "list"]);
    command
        .env("AGENTRY_TASK_TOKEN", &owner.token)
        .env("AGENTRY_SERVER", &server.url);
    let error = Run(output_within(&mut command)).expect_failure(2);
    assert!(error.contains("not a task token"), "{error}");
}
