//! One claimed task from start to report (spec E.2): workdir and files, `start`, the process,
//! its output streamed into the transcript, and the ending — completion, failure, or a cancel
//! acknowledged only once the process group is gone.

use super::argv::{build_args, protocol_args, Protocol, RunOptions};
use super::env::{task_env, RunIdentity};
use super::mcp::{deliver, McpSet, Places};
use super::outbox::Report;
use super::report::Transcript;
use super::stream::Parser;
use super::workdir::{context_note, task_marker, Workdir, CONTEXT_FILE, TASK_MARKER};
use super::{Runner, Stop};
use agentry_core::api::catalogue::daemon_tasks as api;
use agentry_core::api::tasks::{ClaimedTask, CompleteRequest, FailRequest};
use agentry_core::brief::{build_brief, build_turn_prompt, delivers_inline};
use agentry_core::work::{redact_secrets, TaskStatus};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::sync::watch;

/// How often the claim's lease is renewed until the run starts (the server grants 45 s).
const LEASE_EVERY: Duration = Duration::from_secs(15);
/// How often batched messages are sent while output streams.
const FLUSH_EVERY: Duration = Duration::from_millis(250);
/// How often the task's status is polled, a backstop for a missed cancel event.
const STATUS_EVERY: Duration = Duration::from_secs(5);
/// How much of the CLI's stderr a failure report quotes (its end).
const STDERR_TAIL: usize = 2000;
/// How long output may still be read after the group was stopped (a process that escaped the
/// group could keep the pipe open).
const DRAIN_AFTER_STOP: Duration = Duration::from_secs(2);

/// How a run ended.
enum Ending {
    /// The server refused `start` (cancelled meanwhile, or no longer ours): nothing to report.
    NotStarted,
    Report(Report),
}

/// Runs `task` and queues its reports; every file written for it is undone as its mode says.
pub async fn execute(runner: &Runner, task: ClaimedTask, stop: watch::Receiver<Option<Stop>>) {
    let id = task.id;
    let mut transcript = Transcript::new(&runner.outbox, id);
    let mut cleanup: Vec<PathBuf> = Vec::new();
    let mut workdir = None;
    let ending = run(
        runner,
        &task,
        stop,
        &mut transcript,
        &mut cleanup,
        &mut workdir,
    )
    .await;
    match &ending {
        Ending::Report(Report::Fail { body, .. }) => runner
            .signals
            .note_outcome(task.runtime_id, Some(body.error.clone())),
        Ending::Report(Report::Complete { .. }) => {
            runner.signals.note_outcome(task.runtime_id, None)
        }
        _ => {}
    }
    match ending {
        Ending::NotStarted => transcript.flush(),
        Ending::Report(report) => transcript.finish(report),
    }
    if let Some(workdir) = workdir {
        workdir.cleanup();
    }
    for path in cleanup {
        let removed = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        if let Err(e) = removed {
            tracing::warn!(path = %path.display(), error = %e, "cannot remove a file written for the task");
        }
    }
    tracing::info!(task = %id, "task finished");
}

fn failure(task: &ClaimedTask, error: String, reason: &str, work_dir: Option<String>) -> Ending {
    Ending::Report(Report::Fail {
        task: task.id,
        body: FailRequest {
            error: redact_secrets(&error),
            failure_reason: Some(reason.to_owned()),
            session_id: None,
            work_dir,
        },
    })
}

async fn run(
    runner: &Runner,
    task: &ClaimedTask,
    mut stop: watch::Receiver<Option<Stop>>,
    transcript: &mut Transcript<'_>,
    cleanup: &mut Vec<PathBuf>,
    workdir_slot: &mut Option<Workdir>,
) -> Ending {
    let lease = LeaseKeeper::start(runner, task);
    let family = task.runtime.provider.as_str();
    let (program, fixed_args) = match runner.launch_for(task) {
        Ok(launch) => launch,
        Err(why) => return failure(task, why, "agent_error", None),
    };
    let settings = &runner.settings;
    let workdir = match Workdir::prepare(
        &settings.workspaces_root,
        settings.local_directory.as_deref(),
        task,
    ) {
        Ok(workdir) => workdir_slot.insert(workdir),
        Err(e) => {
            return failure(
                task,
                format!("cannot prepare the working directory: {e}"),
                "agent_error",
                None,
            )
        }
    };
    let work_dir = Some(workdir.dir.to_string_lossy().into_owned());

    // The brief and the other files: failures are logged, the run goes on (spec F.2).
    let brief = build_brief(&task.brief);
    let in_file = workdir.write_brief(family, &brief).unwrap_or_else(|e| {
        tracing::warn!(task = %task.id, error = %e, "cannot write the brief file");
        false
    });
    if let Err(e) = workdir.write_new(TASK_MARKER, &task_marker(task)) {
        tracing::warn!(task = %task.id, error = %e, "cannot write the task marker");
    }
    if let Some(note) = context_note(task) {
        if let Err(e) = workdir.write_new(CONTEXT_FILE, note.as_bytes()) {
            tracing::warn!(task = %task.id, error = %e, "cannot write the task context");
        }
    }
    let set = McpSet::parse(task.agent.mcp_config.as_deref());
    let places = Places {
        task_root: &workdir.task_root,
        workdir: &workdir.dir,
        codex_home: codex_home(),
    };
    let delivery = match deliver(family, &set, &places) {
        Ok(delivery) => delivery,
        Err(e) => {
            return failure(
                task,
                format!("cannot write the MCP configuration: {e}"),
                "agent_error",
                work_dir,
            )
        }
    };
    cleanup.extend(delivery.cleanup.iter().cloned());

    let mut prompt = build_turn_prompt(&task.turn);
    if !in_file || delivers_inline(family) {
        prompt = format!("{brief}\n{prompt}");
    }
    let protocol = Protocol::of(family);
    let options = RunOptions {
        model: task.agent.model.as_deref().filter(|m| !m.trim().is_empty()),
        resume: task
            .prior_session_id
            .as_deref()
            .filter(|s| !s.trim().is_empty()),
        mcp_args: &delivery.args,
    };
    let args = build_args(
        family,
        &fixed_args,
        &protocol_args(protocol, &options),
        &task.agent.custom_args,
    );
    let task_id = task.id.to_string();
    let agent_id = task.agent_id.to_string();
    let workspace = task.workspace_id.to_string();
    let config_dir = workdir.task_root.join("config");
    let identity = RunIdentity {
        task_token: &task.auth_token,
        server: runner.api.base(),
        workspace: &workspace,
        task_id: &task_id,
        agent_id: &agent_id,
        config_dir: &config_dir,
    };
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(PathBuf::from));
    let env = task_env(
        std::env::vars_os(),
        runner.path_var.as_deref(),
        exe_dir.as_deref(),
        &identity,
        &delivery.env,
    );

    drop(lease); // `start` ends the prepare lease
    if let Err(e) = runner.api.call(&api::Start { id: task.id }, &()).await {
        tracing::warn!(task = %task.id, error = %e, "the server did not let the task start");
        return Ending::NotStarted;
    }
    tracing::info!(task = %task.id, program = %program.display(), dir = %workdir.dir.display(), "starting the agent");
    let mut command = tokio::process::Command::new(&program);
    command
        .args(&args)
        .current_dir(&workdir.dir)
        .env_clear()
        .envs(env)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    #[cfg(unix)]
    command.process_group(0);
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            return failure(
                task,
                format!("cannot start {}: {e}", program.display()),
                "agent_error",
                work_dir,
            )
        }
    };
    let pid = child.id();
    if let Some(mut stdin) = child.stdin.take() {
        tokio::spawn(async move {
            // A CLI that exits without reading its prompt closes the pipe: not an error here.
            let _ = stdin.write_all(prompt.as_bytes()).await;
            let _ = stdin.shutdown().await;
        });
    }
    let stderr = child.stderr.take().map(|mut pipe| {
        tokio::spawn(async move {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes).await;
            bytes
        })
    });
    let Some(stdout) = child.stdout.take() else {
        return failure(task, "no output pipe".into(), "agent_error", work_dir);
    };
    let mut lines = BufReader::new(stdout);
    let mut parser = Parser::new(protocol);
    let mut flush = tokio::time::interval(FLUSH_EVERY);
    let mut status = tokio::time::interval(STATUS_EVERY);
    status.tick().await; // the first tick is immediate
    let mut stopped: Option<Stop> = None;
    loop {
        let draining = stopped.is_some();
        let next = async {
            if draining {
                tokio::time::timeout(DRAIN_AFTER_STOP, next_line(&mut lines))
                    .await
                    .unwrap_or(Ok(None))
            } else {
                next_line(&mut lines).await
            }
        };
        tokio::select! {
            line = next => match line {
                Ok(Some(line)) => transcript.push(parser.line(&line)),
                Ok(None) | Err(_) => break,
            },
            _ = flush.tick() => transcript.flush(),
            _ = status.tick(), if stopped.is_none() => {
                if runner.cancel_requested(task.id).await {
                    stopped = Some(Stop::Cancelled);
                    super::process::stop_group(&mut child).await;
                }
            }
            changed = stop.changed(), if stopped.is_none() => {
                let why = if changed.is_ok() { *stop.borrow() } else { None };
                if let Some(why) = why {
                    tracing::info!(task = %task.id, ?why, "stopping the agent");
                    stopped = Some(why);
                    super::process::stop_group(&mut child).await;
                }
            }
        }
    }
    let exit = child.wait().await;
    super::process::reap_leftovers(pid);
    let stderr = match stderr {
        Some(reader) => reader.await.unwrap_or_default(),
        None => Vec::new(),
    };
    match stopped {
        Some(Stop::Cancelled) => return Ending::Report(Report::CancelAck { task: task.id }),
        Some(Stop::Shutdown) => {
            return failure(
                task,
                "the daemon stopped while the task ran".into(),
                "runtime_recovery",
                work_dir,
            )
        }
        None => {}
    }
    let outcome = parser.outcome().clone();
    let succeeded = exit.as_ref().is_ok_and(|status| status.success());
    if succeeded && outcome.error.is_none() {
        let output = outcome.result.or(outcome.last_text).unwrap_or_default();
        return Ending::Report(Report::Complete {
            task: task.id,
            body: CompleteRequest {
                output: redact_secrets(&output),
                session_id: outcome.session_id,
                work_dir,
                pr_url: None,
                branch_name: None,
            },
        });
    }
    let error = outcome.error.unwrap_or_else(|| {
        let status = match &exit {
            Ok(status) => status.to_string(),
            Err(e) => e.to_string(),
        };
        let text = String::from_utf8_lossy(&stderr);
        let tail: String = {
            let chars: Vec<char> = text.trim().chars().collect();
            chars[chars.len().saturating_sub(STDERR_TAIL)..]
                .iter()
                .collect()
        };
        if tail.is_empty() {
            format!("the agent CLI exited with {status}")
        } else {
            format!("the agent CLI exited with {status}: {tail}")
        }
    });
    Ending::Report(Report::Fail {
        task: task.id,
        body: FailRequest {
            error: redact_secrets(&error),
            failure_reason: Some("agent_error".into()),
            session_id: outcome.session_id,
            work_dir,
        },
    })
}

/// The next line of output, without its newline; `None` at the end. Bytes that are not UTF-8
/// are replaced, not an error: stopping to read would leave the CLI blocked on a full pipe.
pub async fn next_line<R: tokio::io::AsyncBufRead + Unpin>(
    reader: &mut R,
) -> std::io::Result<Option<String>> {
    let mut bytes = Vec::new();
    if reader.read_until(b'\n', &mut bytes).await? == 0 {
        return Ok(None);
    }
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
    }
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

/// Renews the claim's lease while the run is being prepared (spec E.2 rule 2), so a slow
/// preparation is not taken for a lost claim; stops when dropped.
struct LeaseKeeper(tokio::task::JoinHandle<()>);

impl LeaseKeeper {
    fn start(runner: &Runner, task: &ClaimedTask) -> LeaseKeeper {
        let (api, id) = (runner.api.clone(), task.id);
        LeaseKeeper(tokio::spawn(async move {
            let mut tick = tokio::time::interval(LEASE_EVERY);
            tick.tick().await; // the claim just set the lease
            loop {
                tick.tick().await;
                if let Err(e) = api.call(&api::PrepareLease { id }, &()).await {
                    tracing::warn!(task = %id, error = %e, "cannot renew the task's lease");
                }
            }
        }))
    }
}

impl Drop for LeaseKeeper {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The user's codex home: `$CODEX_HOME`, else `~/.codex`.
fn codex_home() -> Option<PathBuf> {
    std::env::var_os("CODEX_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".codex")))
}

/// Whether a status answer says the run must stop.
pub fn must_stop(status: TaskStatus, cancel_requested: bool) -> bool {
    cancel_requested || status == TaskStatus::Cancelled || status.is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn output_lines_survive_bytes_that_are_not_utf8() {
        let mut reader = BufReader::new(&b"one\n\xff\xfetwo\nlast"[..]);
        assert_eq!(
            next_line(&mut reader).await.unwrap().as_deref(),
            Some("one")
        );
        assert_eq!(
            next_line(&mut reader).await.unwrap().as_deref(),
            Some("\u{fffd}\u{fffd}two")
        );
        assert_eq!(
            next_line(&mut reader).await.unwrap().as_deref(),
            Some("last")
        );
        assert_eq!(next_line(&mut reader).await.unwrap(), None);
    }
}
