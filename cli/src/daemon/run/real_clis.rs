//! The vendors' own CLIs against what the daemon writes for them, offline: the real Claude
//! Code run with the daemon's argv and MCP file (it reports the servers it loaded in its first
//! event, before it finds it has no login), and the real codex listing the servers of the
//! per-task `CODEX_HOME`. Ignored by default; run them with the binaries named:
//! `AGENTRY_REAL_CLAUDE=/path/to/claude AGENTRY_REAL_CODEX=/path/to/codex cargo test -p
//! agentry-cli --lib real_clis -- --ignored` (`npm install @anthropic-ai/claude-code
//! @openai/codex` provides both).

use super::argv::{build_args, protocol_args, Protocol, RunOptions};
use super::mcp::{deliver, McpSet, Places};
use super::stream::Parser;
use crate::daemon::resolve::tests::temp_dir;
use std::process::{Command, Stdio};

const SERVERS: &str = r#"{"mcpServers":{
    "fs":{"command":"mcp-fs","args":["--root","/srv"],"env":{"A":"b"}},
    "web":{"type":"http","url":"http://127.0.0.1:9/mcp"}}}"#;

fn real(var: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os(var).map(std::path::PathBuf::from);
    if path.is_none() {
        eprintln!("{var} is not set: skipped");
    }
    path
}

#[test]
#[ignore]
fn the_real_claude_loads_the_mcp_file_the_daemon_writes_with_the_daemons_argv() {
    let Some(claude) = real("AGENTRY_REAL_CLAUDE") else {
        return;
    };
    let root = temp_dir();
    let places = Places {
        task_root: &root,
        workdir: &root,
        codex_home: None,
    };
    let delivery = deliver("claude", &McpSet::parse(Some(SERVERS)), &places).unwrap();
    let options = RunOptions {
        mcp_args: &delivery.args,
        ..RunOptions::default()
    };
    let args = build_args(
        "claude",
        &[],
        &protocol_args(Protocol::ClaudeStream, &options),
        &[],
    );
    let home = root.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut child = Command::new(claude)
        .args(&args)
        .current_dir(&root)
        .env_clear()
        .env("HOME", &home)
        .env("PATH", "/usr/bin:/bin")
        // Claude refuses `bypassPermissions` to root outside a sandbox; test machines run
        // as root in a container, which this variable declares.
        .env("IS_SANDBOX", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"hello").unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut parser = Parser::new(Protocol::ClaudeStream);
    let messages: Vec<_> = stdout.lines().flat_map(|line| parser.line(line)).collect();
    let status = messages[0].content.clone().unwrap_or_default();
    assert!(
        status.contains("MCP servers: fs (") && status.contains("web ("),
        "{status}\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Offline and without a login the run ends in an error result, which is a failure.
    assert!(parser.outcome().error.is_some(), "{stdout}");
    assert!(parser.outcome().session_id.is_some());
    std::fs::remove_dir_all(&delivery.cleanup[0]).unwrap();
}

#[test]
#[ignore]
fn the_real_codex_reads_the_servers_of_the_per_task_home() {
    let Some(codex) = real("AGENTRY_REAL_CODEX") else {
        return;
    };
    let root = temp_dir();
    let user_home = temp_dir();
    std::fs::write(
        user_home.join("config.toml"),
        "model = \"o3\"\n[mcp_servers.mine]\ncommand = \"old\"\n",
    )
    .unwrap();
    let places = Places {
        task_root: &root,
        workdir: &root,
        codex_home: Some(user_home),
    };
    let delivery = deliver("codex", &McpSet::parse(Some(SERVERS)), &places).unwrap();
    let output = Command::new(codex)
        .args(["mcp", "list", "--json"])
        .env_clear()
        .envs(delivery.env.iter().map(|(k, v)| (k, v)))
        .env("HOME", root.join("home"))
        .env("PATH", "/usr/bin:/bin")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let mut names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|server| server["name"].as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["fs", "web"], "{stdout}");
}
