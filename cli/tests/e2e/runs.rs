//! `agentry daemon run` executing what it claims, against the real server: a fake claude CLI
//! on a private PATH records what it was given (argv, environment, directory, brief, MCP
//! file), prints a scripted stream-json transcript and comments on its issue with the task
//! token through the real `agentry`. Cancellation, local-directory mode and a daemon restart
//! mid-run are driven the same way.

use crate::harness::*;
use agentry_core::brief::{brief_hash, BEGIN_MARKER, END_MARKER, SEPARATOR};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The fake claude, shared with the browser test (see the file's header for its modes).
const FAKE_CLAUDE: &str = include_str!("fake_claude.py");

/// Puts the fake agent CLI on the machine's PATH as `name`; returns its record directory.
fn fake_agent(machine: &Machine, name: &str) -> PathBuf {
    let path = machine.bin.join(name);
    std::fs::write(&path, format!("#!{}\n{FAKE_CLAUDE}", python())).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    let record = machine.bin.join(format!("{name}.record"));
    std::fs::create_dir_all(&record).unwrap();
    record
}

/// The `n`th run's record in `dir`, once written.
async fn record_in(dir: &Path, n: usize) -> Value {
    let path = dir.join(format!("run-{n}.json"));
    eventually("the fake agent's record", || {
        let text = std::fs::read_to_string(&path).ok();
        async move { text.map(|t| serde_json::from_str(&t).unwrap()) }
    })
    .await
}

/// The Python interpreter itself (not a shim that needs the test's PATH).
fn python() -> String {
    let out = std::process::Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .expect("python3 for the fake agent CLI");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// A machine with the fake claude on its PATH, logged in, and its record directory.
struct Rig {
    server: Server,
    owner: Owner,
    machine: Machine,
    record: PathBuf,
    /// Between the machine and the server, when the test cuts the connection.
    relay: Option<Relay>,
}

impl Rig {
    async fn new() -> Rig {
        Rig::start(Sweep::Fast, false).await
    }

    /// A rig whose machine reaches the server through a [`Relay`], on a server that never
    /// marks runtimes offline on its own (the relay's outage must be the only cause).
    async fn relayed() -> Rig {
        Rig::start(Sweep::Slow, true).await
    }

    async fn start(sweep: Sweep, relayed: bool) -> Rig {
        let server = Server::start_with(sweep).await;
        let owner = server.owner("ada@example.com", "acme").await;
        let relay = match relayed {
            true => Some(Relay::start(&server.url).await),
            false => None,
        };
        let machine = Machine::new(relay.as_ref().map_or(&server.url, |r| &r.url));
        let record = fake_agent(&machine, "claude");
        machine.login(&owner.token, &owner.workspace);
        Rig {
            server,
            owner,
            machine,
            record,
            relay,
        }
    }

    fn mode(&self, mode: &str) {
        std::fs::write(self.record.join("mode"), mode).unwrap();
    }

    /// The `n`th run's record, once written.
    async fn run_record(&self, n: usize) -> Value {
        record_in(&self.record, n).await
    }

    /// Waits for the built-in claude runtime, then creates an agent on it.
    async fn agent(&self, extra: Value) -> String {
        let runtime = self
            .owner
            .runtime_where("the built-in claude online", |r| {
                r["provider"] == "claude" && r["profile_id"].is_null() && online(r)
            })
            .await;
        self.agent_on(&runtime, extra).await
    }

    /// Creates an agent bound to `runtime`.
    async fn agent_on(&self, runtime: &Value, extra: Value) -> String {
        let mut body = json!({"name": "Builder", "runtime_id": runtime["id"]});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let (status, agent) = self.owner.call("POST", "/api/agents", Some(body)).await;
        assert_eq!(status, 201, "agent: {agent}");
        agent["id"].as_str().unwrap().to_owned()
    }

    /// Creates ACM-1 assigned to `agent`; returns (issue id, task id).
    async fn assign(&self, agent: &str) -> (String, String) {
        let (status, issue) = self
            .owner
            .call(
                "POST",
                "/api/issues",
                Some(json!({"title": "Fix the build", "assignee": {"type": "agent", "id": agent}})),
            )
            .await;
        assert_eq!(status, 201, "{issue}");
        let task = issue["run"]["task_id"].as_str().expect("a run").to_owned();
        (issue["id"].as_str().unwrap().to_owned(), task)
    }

    async fn task(&self, id: &str) -> Value {
        let (status, task) = self
            .owner
            .call("GET", &format!("/api/tasks/{id}"), None)
            .await;
        assert_eq!(status, 200, "{task}");
        task
    }

    /// Waits until the task's status is `status`.
    async fn task_reaches(&self, id: &str, status: &str, daemon: &Daemon) -> Value {
        let start = Instant::now();
        loop {
            let task = self.task(id).await;
            if task["status"] == status {
                return task;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "task never {status}: {task}\n{}",
                daemon.log()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The brief inside our marker block.
fn brief_in(block: &str) -> String {
    let inner = block
        .strip_prefix(&format!("{BEGIN_MARKER}\n"))
        .and_then(|rest| rest.strip_suffix(&format!("\n{END_MARKER}\n")))
        .unwrap_or_else(|| panic!("not our block: {block:?}"));
    format!("{inner}\n")
}

fn every_file(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(every_file(&path));
        } else {
            let bytes = std::fs::read(&path).unwrap();
            out.push((path, bytes));
        }
    }
    out.sort();
    out
}

/// Whether the process is gone (a zombie counts: it runs nothing).
fn gone(pid: i64) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_claimed_run_gets_brief_argv_and_mcp_file_streams_its_transcript_and_comments_as_the_agent(
) {
    let rig = Rig::new().await;
    let root = rig.machine.config_dir.with_file_name("tasks");
    let daemon = rig.machine.start_daemon_with(
        &rig.owner.workspace,
        &["--workspaces-root", root.to_str().unwrap()],
    );
    let daemon_token = rig.owner.daemon_token().await;
    let agent = rig
        .agent(json!({
            "mcp_config": {"mcpServers": {"fs": {"command": "mcp-fs", "args": ["--root", "/srv"]}}},
            "custom_args": ["--add-dir", "/srv", "--output-format", "text"],
        }))
        .await;
    let (issue, task_id) = rig.assign(&agent).await;
    let task = tokio::time::timeout(DEADLINE, rig.task_reaches(&task_id, "completed", &daemon))
        .await
        .expect("the run completes");
    let record = rig.run_record(0).await;

    // argv: the protocol's own flags, the MCP file, then the agent's args minus a blocked flag.
    let argv: Vec<&str> = record["argv"]
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .map(|a| a.as_str().unwrap())
        .collect();
    let mcp_path = record["mcp"]["path"].as_str().unwrap();
    assert_eq!(
        argv,
        [
            "-p",
            "--output-format",
            "stream-json",
            "--verbose",
            "--permission-mode",
            "bypassPermissions",
            "--mcp-config",
            mcp_path,
            "--strict-mcp-config",
            "--add-dir",
            "/srv",
        ]
    );
    // The MCP file: private, the agent's servers exactly, gone after the run.
    assert_eq!(record["mcp"]["mode"], 0o600);
    let mcp: Value = serde_json::from_str(record["mcp"]["text"].as_str().unwrap()).unwrap();
    assert_eq!(
        mcp,
        json!({"mcpServers": {"fs": {"command": "mcp-fs", "args": ["--root", "/srv"]}}})
    );
    eventually("the MCP file removed", || {
        let removed = !Path::new(mcp_path).exists();
        async move { removed.then_some(()) }
    })
    .await;

    // The brief: core's bytes, the very ones the server hashed at claim.
    let files = record["files"].as_object().unwrap();
    let brief = brief_in(files["CLAUDE.md"].as_str().unwrap());
    assert_eq!(
        Some(brief_hash(&brief).as_str()),
        task["brief_hash"].as_str()
    );
    assert!(files.contains_key(".agentry-task"), "{files:?}");
    let cwd = PathBuf::from(record["cwd"].as_str().unwrap());
    assert!(cwd.starts_with(&root), "{cwd:?} not under {root:?}");
    assert_eq!(
        record["prompt"].as_str().unwrap(),
        task["turn_prompt"].as_str().unwrap()
    );

    // The environment: the allowlist, the run's own token, nothing of the member's.
    let env = record["env"].as_object().unwrap();
    let allowed = [
        "HOME",
        "USER",
        "LOGNAME",
        "SHELL",
        "TMPDIR",
        "TERM",
        "LANG",
        "LANGUAGE",
        "TZ",
        "IS_SANDBOX",
        "PATH",
    ];
    let required = [
        "AGENTRY_TASK_TOKEN",
        "AGENTRY_SERVER",
        "AGENTRY_WORKSPACE",
        "AGENTRY_TASK_ID",
        "AGENTRY_AGENT_ID",
        "AGENTRY_CONFIG_DIR",
        "PATH",
    ];
    for name in env.keys() {
        assert!(
            allowed.contains(&name.as_str())
                || required.contains(&name.as_str())
                || name.starts_with("LC_"),
            "{name} reached the agent"
        );
    }
    for name in required {
        assert!(env.contains_key(name), "{name} missing");
    }
    assert!(env["AGENTRY_TASK_TOKEN"]
        .as_str()
        .unwrap()
        .starts_with("agk_"));
    let everything = format!("{record}");
    for secret in [rig.owner.token.as_str(), daemon_token.as_str()] {
        assert!(
            !everything.contains(secret),
            "a member token reached the run"
        );
    }
    assert!(!everything.contains("\"agt_") && !everything.contains("\"agd_"));
    for (path, bytes) in every_file(&cwd) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(&rig.owner.token) && !text.contains("agt_"),
            "{path:?} holds a member token"
        );
    }

    // The comment, written by the agent through `agentry` with the task token.
    assert_eq!(record["comment"]["code"], 0, "{}", record["comment"]);
    let (_, comments) = rig
        .owner
        .call("GET", &format!("/api/issues/{issue}/comments"), None)
        .await;
    let ours = comments
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["content"] == "Fixed by the fake agent.")
        .unwrap_or_else(|| panic!("no agent comment: {comments}"));
    assert_eq!(ours["author"]["type"], "agent");
    assert_eq!(ours["author"]["id"], agent.as_str());

    // The transcript, in order, the token in it masked; the result and session kept.
    let (_, messages) = rig
        .owner
        .call("GET", &format!("/api/tasks/{task_id}/messages"), None)
        .await;
    let messages = messages.as_array().unwrap().clone();
    let kinds: Vec<&str> = messages
        .iter()
        .map(|m| m["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["status", "thinking", "text", "tool_use", "tool_result"],
        "{messages:?}"
    );
    let seqs: Vec<i64> = messages
        .iter()
        .map(|m| m["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5]);
    assert_eq!(
        messages[2]["content"], "The log shows [redacted] here.",
        "{messages:?}"
    );
    assert_eq!(messages[3]["tool"], "Bash");
    assert_eq!(task["result"]["output"], "All done.");
    assert_eq!(task["result"]["session_id"], "sess-1");
}

#[tokio::test(flavor = "multi_thread")]
async fn cancelling_a_run_stops_its_whole_process_group_within_five_seconds() {
    let rig = Rig::new().await;
    rig.mode("hang");
    let daemon = rig.machine.start_daemon(&rig.owner.workspace);
    let agent = rig.agent(json!({})).await;
    let (_issue, task_id) = rig.assign(&agent).await;
    rig.task_reaches(&task_id, "running", &daemon).await;
    let record = rig.run_record(0).await;
    let (pid, child) = (
        record["pid"].as_i64().unwrap(),
        record["child"].as_i64().unwrap(),
    );
    assert!(!gone(pid) && !gone(child));

    let asked = Instant::now();
    let (status, cancelled) = rig
        .owner
        .call("POST", &format!("/api/tasks/{task_id}/cancel"), None)
        .await;
    assert_eq!(status, 200, "{cancelled}");
    // The server waits for the daemon's word: still running, asked to stop.
    assert_eq!(cancelled["status"], "running", "{cancelled}");
    assert!(cancelled["cancel_requested_at"].is_string(), "{cancelled}");
    while !(gone(pid) && gone(child)) {
        assert!(
            asked.elapsed() < Duration::from_secs(5),
            "the run still lives 5 s after the cancel\n{}",
            daemon.log()
        );
        // Read first, then look: a run seen cancelled must already have no process left.
        let seen = rig.task(&task_id).await;
        if seen["status"] == "cancelled" {
            assert!(
                gone(pid) && gone(child),
                "cancelled before the process group was gone"
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let task = rig.task_reaches(&task_id, "cancelled", &daemon).await;
    assert!(task["result"].is_null(), "{task}");
    // The slot is free again: the daemon still serves (no panic, runtime online).
    assert!(!daemon.log().contains("panicked"), "{}", daemon.log());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_heartbeat_404_re_registers_and_recovers_orphans_without_failing_the_run_in_flight() {
    let rig = Rig::new().await;
    fake_agent(&rig.machine, "codex");
    rig.mode("hang");
    let daemon = rig.machine.start_daemon(&rig.owner.workspace);
    let agent = rig.agent(json!({})).await;
    let (_issue, task_id) = rig.assign(&agent).await;
    rig.task_reaches(&task_id, "running", &daemon).await;
    let codex = rig
        .owner
        .runtime_where("the built-in codex online", |r| {
            r["provider"] == "codex" && r["profile_id"].is_null() && online(r)
        })
        .await;

    // The codex runtime is deleted on the server: its next heartbeat is a 404, the daemon
    // registers again and recovers orphans on what it re-registered — the claude runtime too,
    // where the run is still going.
    let path = format!("/api/runtimes/{}", codex["id"].as_str().unwrap());
    let (status, body) = rig.owner.call("DELETE", &path, None).await;
    assert!(status == 200 || status == 204, "{status} {body}");
    rig.owner
        .runtime_where("codex registered again", |r| {
            r["provider"] == "codex" && online(r) && r["id"] != codex["id"]
        })
        .await;
    // A few heartbeats later the run is still the daemon's: running, not failed and retried.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let task = rig.task(&task_id).await;
    assert_eq!(task["status"], "running", "{task}\n{}", daemon.log());
    assert!(
        daemon.log().contains("registering again"),
        "{}",
        daemon.log()
    );
    let (code, _) = rig
        .owner
        .call("POST", &format!("/api/tasks/{task_id}/cancel"), None)
        .await;
    assert_eq!(code, 200);
    rig.task_reaches(&task_id, "cancelled", &daemon).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn in_local_directory_mode_the_repository_is_left_byte_for_byte_as_it_was() {
    let rig = Rig::new().await;
    let repo = rig.machine.config_dir.with_file_name("repo");
    std::fs::create_dir_all(repo.join("src")).unwrap();
    // No trailing newline, and a stray end marker before ours would go: both must survive.
    let notes = format!("# House rules\n{END_MARKER}\nno trailing newline");
    std::fs::write(repo.join("CLAUDE.md"), &notes).unwrap();
    std::fs::write(repo.join("src/main.rs"), "fn main() {}\n").unwrap();
    let before = every_file(&repo);

    let daemon = rig.machine.start_daemon_with(
        &rig.owner.workspace,
        &["--local-directory", repo.to_str().unwrap()],
    );
    let agent = rig.agent(json!({})).await;
    let (_issue, task_id) = rig.assign(&agent).await;
    let task = rig.task_reaches(&task_id, "completed", &daemon).await;
    let record = rig.run_record(0).await;
    assert_eq!(
        Path::new(record["cwd"].as_str().unwrap()),
        repo.canonicalize().unwrap()
    );
    // During the run: the user's text, the separator, our block.
    let during = record["files"]["CLAUDE.md"].as_str().unwrap();
    let block = during
        .strip_prefix(&format!("{notes}{SEPARATOR}"))
        .unwrap_or_else(|| panic!("the user's text moved: {during:?}"));
    assert_eq!(
        Some(brief_hash(&brief_in(block)).as_str()),
        task["brief_hash"].as_str()
    );
    assert!(record["files"][".agentry-task"].is_string());

    // Afterwards: exactly the files and bytes there were.
    let start = Instant::now();
    while every_file(&repo) != before {
        assert!(
            start.elapsed() < DEADLINE,
            "the repository was not restored: {:?}\n{}",
            every_file(&repo)
                .iter()
                .map(|(p, b)| (p.clone(), String::from_utf8_lossy(b).into_owned()))
                .collect::<Vec<_>>(),
            daemon.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_daemon_killed_mid_run_is_recovered_at_restart_and_the_retry_runs() {
    let rig = Rig::new().await;
    rig.mode("hang");
    let mut first = rig.machine.start_daemon(&rig.owner.workspace);
    let agent = rig.agent(json!({})).await;
    let (issue, task_id) = rig.assign(&agent).await;
    rig.task_reaches(&task_id, "running", &first).await;
    let record = rig.run_record(0).await;
    first.child.kill().unwrap();
    let _ = first.child.wait();
    // The killed daemon's agent is an orphan now; end it as a crash would have left it.
    let pgid = record["pgid"].as_i64().unwrap();
    let _ = std::process::Command::new("kill")
        .args(["-KILL", "--", &format!("-{pgid}")])
        .status();

    rig.mode("ok");
    let second = rig.machine.start_daemon(&rig.owner.workspace);
    let failed = rig.task_reaches(&task_id, "failed", &second).await;
    assert_eq!(failed["failure_reason"], "runtime_recovery", "{failed}");
    let retry = eventually("the retry", || async {
        let (_, tasks) = rig
            .owner
            .call("GET", &format!("/api/tasks?issue_id={issue}"), None)
            .await;
        tasks
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["parent_task_id"] == task_id.as_str())
            .cloned()
    })
    .await;
    let retry_id = retry["id"].as_str().unwrap().to_owned();
    rig.task_reaches(&retry_id, "completed", &second).await;
    // Exactly one completion: the retry's.
    let (_, tasks) = rig
        .owner
        .call("GET", &format!("/api/tasks?issue_id={issue}"), None)
        .await;
    let completed = tasks
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"] == "completed")
        .count();
    assert_eq!(completed, 1, "{tasks}");
    drop(rig.server);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_result_reached_while_the_server_is_unreachable_arrives_once_it_is_back() {
    let rig = Rig::relayed().await;
    rig.mode("gate");
    let daemon = rig.machine.start_daemon(&rig.owner.workspace);
    let agent = rig.agent(json!({})).await;
    let (issue, task_id) = rig.assign(&agent).await;
    rig.task_reaches(&task_id, "running", &daemon).await;
    rig.run_record(0).await;

    // The server goes away; the run ends meanwhile.
    let relay = rig.relay.as_ref().unwrap();
    relay.down();
    std::fs::write(rig.record.join("go"), "").unwrap();
    let outbox = rig.machine.config_dir.join("outbox");
    eventually("the result waiting in the outbox", || {
        let waiting = std::fs::read_dir(&outbox)
            .map(|dir| {
                dir.filter_map(Result::ok)
                    .any(|e| e.file_name().to_string_lossy().ends_with(".json"))
            })
            .unwrap_or(false);
        let finished = daemon.log().contains("task finished");
        async move { (waiting && finished).then_some(()) }
    })
    .await;
    assert_eq!(rig.task(&task_id).await["status"], "running");

    // Back: the result arrives, once, and nothing is left behind.
    relay.up();
    let task = rig.task_reaches(&task_id, "completed", &daemon).await;
    assert_eq!(task["result"]["output"], "All done.");
    let (_, messages) = rig
        .owner
        .call("GET", &format!("/api/tasks/{task_id}/messages"), None)
        .await;
    let texts: Vec<&str> = messages
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["content"].as_str())
        .collect();
    assert_eq!(
        texts,
        ["started fake", "Waiting.", "Finished."],
        "{messages}"
    );
    eventually("the outbox emptied", || {
        let left = std::fs::read_dir(&outbox).map(|d| d.count()).unwrap_or(0);
        async move { (left == 0).then_some(()) }
    })
    .await;
    let (_, tasks) = rig
        .owner
        .call("GET", &format!("/api/tasks?issue_id={issue}"), None)
        .await;
    assert_eq!(tasks.as_array().unwrap().len(), 1, "a second run: {tasks}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_daemon_stopped_mid_run_ends_the_run_and_reports_it_for_a_retry() {
    let rig = Rig::new().await;
    rig.mode("hang");
    let mut daemon = rig.machine.start_daemon(&rig.owner.workspace);
    let agent = rig.agent(json!({})).await;
    let (issue, task_id) = rig.assign(&agent).await;
    rig.task_reaches(&task_id, "running", &daemon).await;
    let record = rig.run_record(0).await;

    daemon.terminate();
    assert_eq!(daemon.wait().await, 0, "{}", daemon.log());
    let (pid, child) = (
        record["pid"].as_i64().unwrap(),
        record["child"].as_i64().unwrap(),
    );
    assert!(gone(pid) && gone(child), "the run outlived its daemon");
    let task = rig.task(&task_id).await;
    assert_eq!(task["status"], "failed", "{task}\n{}", daemon.log());
    assert_eq!(task["failure_reason"], "runtime_recovery");
    let (_, tasks) = rig
        .owner
        .call("GET", &format!("/api/tasks?issue_id={issue}"), None)
        .await;
    assert!(
        tasks
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["parent_task_id"] == task_id.as_str() && t["status"] == "queued"),
        "no retry: {tasks}"
    );
}

/// A measurement, not a check: `cargo test -p agentry-cli --test e2e -- --ignored
/// enqueue_to_process_start --nocapture` prints the latency from creating an assigned issue
/// to the agent process running, on an idle daemon.
#[tokio::test(flavor = "multi_thread")]
#[ignore]
async fn enqueue_to_process_start() {
    let rig = Rig::new().await;
    rig.mode("quick");
    let daemon = rig.machine.start_daemon(&rig.owner.workspace);
    let agent = rig.agent(json!({})).await;
    let mut latencies = Vec::new();
    for n in 0..40 {
        let asked = std::time::SystemTime::now();
        let (status, issue) = rig
            .owner
            .call(
                "POST",
                "/api/issues",
                Some(json!({"title": format!("Job {n}"), "assignee": {"type": "agent", "id": agent}})),
            )
            .await;
        assert_eq!(status, 201, "{issue}");
        let record = rig.run_record(n).await;
        let started = record["started"].as_f64().unwrap();
        let asked = asked
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs_f64();
        latencies.push(((started - asked) * 1000.0).round() as i64);
        let task = issue["run"]["task_id"].as_str().unwrap().to_owned();
        rig.task_reaches(&task, "completed", &daemon).await;
    }
    latencies.sort_unstable();
    let p = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "enqueue -> agent process running, {} runs: p50 {} ms, p99 {} ms, max {} ms",
        latencies.len(),
        p(0.5),
        p(0.99),
        latencies[latencies.len() - 1]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_custom_profile_runs_its_resolved_command_with_its_fixed_args_before_the_protocols() {
    let rig = Rig::new().await;
    let record = fake_agent(&rig.machine, "ccms");
    let daemon = rig.machine.start_daemon(&rig.owner.workspace);
    let created = rig
        .machine
        .run(&[
            "runtime",
            "profile",
            "create",
            "--protocol-family",
            "claude",
            "--display-name",
            "Wrapped",
            "--command",
            "ccms start q36 --output-format text",
        ])
        .json();
    let profile = created["id"].as_str().unwrap().to_owned();
    let runtime = rig
        .owner
        .runtime_where("the profile's runtime online", |r| {
            r["profile_id"] == profile.as_str() && online(r)
        })
        .await;
    let agent = rig
        .agent_on(&runtime, json!({"custom_args": ["--model", "sonnet"]}))
        .await;
    let (_issue, task_id) = rig.assign(&agent).await;
    rig.task_reaches(&task_id, "completed", &daemon).await;
    let run = record_in(&record, 0).await;
    let argv: Vec<&str> = run["argv"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(
        Path::new(argv[0]),
        rig.machine.bin.join("ccms"),
        "the profile's command, resolved on PATH"
    );
    // The profile's blocked flag is gone; its subcommand comes before `-p` (GH #7046).
    assert_eq!(
        &argv[1..],
        [
            "start",
            "q36",
            "-p",
            "--output-format",
            "stream-json",
            "--verbose",
            "--permission-mode",
            "bypassPermissions",
            "--model",
            "sonnet",
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_codex_run_gets_agents_md_its_own_codex_home_and_its_json_events_parsed() {
    let rig = Rig::new().await;
    let record = fake_agent(&rig.machine, "codex");
    let root = rig.machine.config_dir.with_file_name("tasks");
    let daemon = rig.machine.start_daemon_with(
        &rig.owner.workspace,
        &["--workspaces-root", root.to_str().unwrap()],
    );
    let runtime = rig
        .owner
        .runtime_where("the built-in codex online", |r| {
            r["provider"] == "codex" && online(r)
        })
        .await;
    let agent = rig
        .agent_on(
            &runtime,
            json!({"mcp_config": {"mcpServers": {"fs": {"command": "mcp-fs"}}},
                   "custom_args": ["-c", "mcp_servers.x.command=evil", "-c", "model=o3"]}),
        )
        .await;
    let (_issue, task_id) = rig.assign(&agent).await;
    let task = rig.task_reaches(&task_id, "completed", &daemon).await;
    let run = record_in(&record, 0).await;
    let argv: Vec<&str> = run["argv"]
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(
        argv,
        [
            "exec",
            "--json",
            "--full-auto",
            "--skip-git-repo-check",
            "-c",
            "model=o3",
            "-"
        ]
    );
    let home = PathBuf::from(run["env"]["CODEX_HOME"].as_str().unwrap());
    assert!(home.starts_with(&root), "{home:?}");
    assert_eq!(
        run["codex_config"],
        "\n[mcp_servers.\"fs\"]\n\"command\" = \"mcp-fs\"\n"
    );
    let brief = brief_in(run["files"]["AGENTS.md"].as_str().unwrap());
    assert_eq!(
        Some(brief_hash(&brief).as_str()),
        task["brief_hash"].as_str()
    );
    assert_eq!(task["result"]["output"], "Codex did it.");
    assert_eq!(task["result"]["session_id"], "thread-7");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_daemon_runs_no_more_tasks_than_its_capacity_and_claims_again_when_a_slot_frees() {
    let rig = Rig::new().await;
    rig.mode("hang");
    let daemon = rig
        .machine
        .start_daemon_with(&rig.owner.workspace, &["--max-tasks", "1"]);
    let first_agent = rig.agent(json!({})).await;
    let runtime = rig
        .owner
        .runtime_where("the built-in claude online", |r| r["provider"] == "claude")
        .await;
    let second_agent = rig.agent_on(&runtime, json!({"name": "Second"})).await;
    let (_, first) = rig.assign(&first_agent).await;
    let (_, second) = rig.assign(&second_agent).await;
    let status = |task: Value| task["status"].as_str().unwrap().to_owned();

    // One runs; the other waits in the queue, however long.
    let running = eventually("one task running", || async {
        let (a, b) = (
            status(rig.task(&first).await),
            status(rig.task(&second).await),
        );
        match (a.as_str(), b.as_str()) {
            ("running", _) => Some((first.clone(), second.clone())),
            (_, "running") => Some((second.clone(), first.clone())),
            _ => None,
        }
    })
    .await;
    let (busy, waiting) = running;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        status(rig.task(&waiting).await),
        "queued",
        "{}",
        daemon.log()
    );

    // The slot frees: the waiting one is claimed at once.
    let (code, _) = rig
        .owner
        .call("POST", &format!("/api/tasks/{busy}/cancel"), None)
        .await;
    assert_eq!(code, 200);
    rig.task_reaches(&waiting, "running", &daemon).await;
    rig.run_record(1).await;
}

/// CPU time this process (the in-process server and the test) has used, in seconds.
fn own_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0
}

/// A measurement, not a check: `cargo test -p agentry-cli --test e2e -- --ignored
/// eight_streaming_runs --nocapture` prints the server's CPU while one daemon runs 8 tasks
/// streaming 50 messages/s each for 10 s (the server runs in the test process; the daemon and
/// the agents do not).
#[tokio::test(flavor = "multi_thread")]
#[ignore]
async fn eight_streaming_runs() {
    let rig = Rig::new().await;
    rig.mode("stream");
    let daemon = rig.machine.start_daemon(&rig.owner.workspace);
    let first = rig.agent(json!({"max_concurrent_tasks": 4})).await;
    let runtime = rig
        .owner
        .runtime_where("the built-in claude online", |r| r["provider"] == "claude")
        .await;
    let second = rig
        .agent_on(
            &runtime,
            json!({"name": "Second", "max_concurrent_tasks": 4}),
        )
        .await;
    let cpu_before = own_cpu_seconds();
    let wall = Instant::now();
    let mut tasks = Vec::new();
    for n in 0..8 {
        let agent = if n % 2 == 0 { &first } else { &second };
        let (status, issue) = rig
            .owner
            .call(
                "POST",
                "/api/issues",
                Some(json!({"title": format!("Stream {n}"), "assignee": {"type": "agent", "id": agent}})),
            )
            .await;
        assert_eq!(status, 201, "{issue}");
        tasks.push(issue["run"]["task_id"].as_str().unwrap().to_owned());
    }
    for task in &tasks {
        tokio::time::timeout(
            Duration::from_secs(60),
            rig.task_reaches(task, "completed", &daemon),
        )
        .await
        .expect("the stream ends");
    }
    let (cpu, secs) = (own_cpu_seconds() - cpu_before, wall.elapsed().as_secs_f64());
    let mut stored = 0;
    for task in &tasks {
        let (_, messages) = rig
            .owner
            .call(
                "GET",
                &format!("/api/tasks/{task}/messages?limit=1000"),
                None,
            )
            .await;
        stored += messages.as_array().map_or(0, Vec::len);
    }
    println!(
        "8 runs x 500 messages at 50/s: {stored} messages stored in {secs:.1} s; server CPU {cpu:.2} s = {:.1} % of one core",
        100.0 * cpu / secs
    );
}
