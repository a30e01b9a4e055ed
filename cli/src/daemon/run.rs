//! Task execution: the claim loop and the runs it starts (spec E.1 rule 4, E.2). Woken by the
//! event stream's `daemon:task_available` (and on a slow timer, in case an event was missed),
//! it claims as many tasks as there are free slots and runs each on its own tokio task. A
//! `daemon:task_cancelled`, or a status poll saying so, stops that run's process group.
//! Reports go through the on-disk outbox, so none is lost to a restart or an unreachable
//! server. On start the outbox left by an earlier run is sent first, then the server is told
//! to recover the tasks the earlier daemon held (they are failed and retried per G.7).

pub mod argv;
pub mod env;
pub mod execute;
pub mod mcp;
pub mod outbox;
pub mod process;
pub mod report;
pub mod stream;
pub mod workdir;

#[cfg(test)]
mod real_clis;

use super::resolve::find_on_path;
use super::{LaunchSpec, Tracked};
use crate::client::ApiClient;
use agentry_core::api::catalogue::daemon_tasks as api;
use agentry_core::api::daemon::HeartbeatRequest;
use agentry_core::api::tasks::{ClaimRequest, ClaimedTask};
use agentry_core::{ProfileId, RuntimeId, TaskId};
use outbox::Outbox;
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;

/// The machine-wide cap on concurrent runs when none is configured (spec E.1).
pub const DEFAULT_MAX_TASKS: usize = 20;
/// The fallback claim poll when none is configured.
pub const DEFAULT_POLL_EVERY: Duration = Duration::from_secs(30);
/// How long running tasks get to stop and report when the daemon shuts down.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(8);
/// How long the outbox gets to deliver what is left at shutdown.
const FLUSH_GRACE: Duration = Duration::from_secs(5);

/// How the daemon executes tasks.
#[derive(Clone, Debug)]
pub struct TaskSettings {
    /// The daemon's own directory: the outbox lives there.
    pub data_dir: PathBuf,
    /// Task directories go under it.
    pub workspaces_root: PathBuf,
    /// Work in this directory (the user's repository) instead; one task at a time.
    pub local_directory: Option<PathBuf>,
    /// Concurrent runs at most.
    pub max_tasks: usize,
    /// Claim at least this often even without an event.
    pub poll_every: Duration,
}

/// Why a run is being stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// A person cancelled it: acknowledged once the process group is gone.
    Cancelled,
    /// The daemon is shutting down: reported as failed so the server retries it.
    Shutdown,
}

/// A run in flight: the runtime it was claimed on, and how to stop it.
#[derive(Debug)]
struct InFlight {
    runtime: RuntimeId,
    stop: watch::Sender<Option<Stop>>,
}

/// What the event stream tells the runner.
#[derive(Debug, Default)]
pub struct Signals {
    wake: Notify,
    running: Mutex<HashMap<TaskId, InFlight>>,
    /// Held by a claim round, and by a recovery after re-registration, so no claim lands
    /// between the recovery's look at the runs in flight and its call.
    claims: tokio::sync::Mutex<()>,
    /// The error the last failed run on each runtime ended with, until a run there completes.
    last_errors: Mutex<HashMap<RuntimeId, String>>,
}

impl Signals {
    fn running(&self) -> MutexGuard<'_, HashMap<TaskId, InFlight>> {
        self.running.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Claim now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Stop the run of `task`, if this daemon has it.
    pub fn cancel(&self, task: TaskId) {
        if let Some(run) = self.running().get(&task) {
            tracing::info!(%task, "the task was cancelled");
            let _ = run.stop.send(Some(Stop::Cancelled));
        }
    }

    /// Remembers how a run on `runtime` ended: its error, or `None` (it completed) to clear.
    pub fn note_outcome(&self, runtime: RuntimeId, error: Option<String>) {
        let mut errors = self
            .last_errors
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match error {
            Some(error) => errors.insert(runtime, error),
            None => errors.remove(&runtime),
        };
    }

    /// Runs in flight on `runtime` and its last error, for the heartbeat.
    pub fn load(&self, runtime: RuntimeId) -> (usize, Option<String>) {
        let running = self
            .running()
            .values()
            .filter(|run| run.runtime == runtime)
            .count();
        let error = self
            .last_errors
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&runtime)
            .cloned();
        (running, error)
    }

    fn stop_all(&self) {
        for run in self.running().values() {
            let _ = run.stop.send(Some(Stop::Shutdown));
        }
    }
}

/// What each heartbeat tells the server about the runs (the Runtimes page's daemon status).
#[derive(Clone, Debug)]
pub struct LoadReport {
    signals: Arc<Signals>,
    capacity: usize,
}

impl LoadReport {
    /// The load of `runner`'s runs.
    pub fn of(runner: &Runner) -> Self {
        LoadReport {
            signals: Arc::clone(&runner.signals),
            capacity: runner.capacity(),
        }
    }

    /// Adds the load on the heartbeat's runtime to `body`. Runs are machine-wide, so the
    /// capacity is the daemon's; the count is the runtime's own.
    pub fn fill(&self, body: &mut HeartbeatRequest) {
        let (running, error) = self.signals.load(body.runtime_id);
        body.running = Some(u32::try_from(running).unwrap_or(u32::MAX));
        body.capacity = Some(u32::try_from(self.capacity).unwrap_or(u32::MAX));
        body.last_error = error;
    }
}

/// Everything the runs share.
pub struct Runner {
    pub api: ApiClient,
    pub daemon_id: String,
    pub settings: TaskSettings,
    pub path_var: Option<OsString>,
    pub tracked: Arc<Mutex<Tracked>>,
    /// Built-in CLIs found at start, by family.
    pub builtins: HashMap<String, PathBuf>,
    /// How to launch each resolved profile (replaced at each registration).
    pub launch_specs: Arc<Mutex<HashMap<ProfileId, LaunchSpec>>>,
    pub signals: Arc<Signals>,
    pub outbox: Outbox,
}

impl Runner {
    /// The executable and fixed arguments for `task`: a profile's launch spec, the built-in
    /// found at start, or the claim's command looked up on PATH.
    pub fn launch_for(&self, task: &ClaimedTask) -> Result<(PathBuf, Vec<String>), String> {
        if task.runtime.custom {
            let profile = Tracked::lock(&self.tracked)
                .runtimes
                .iter()
                .find(|runtime| runtime.id == task.runtime_id)
                .and_then(|runtime| runtime.profile_id);
            let specs = self
                .launch_specs
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if let Some(spec) = profile.and_then(|profile| specs.get(&profile)) {
                return Ok((spec.path.clone(), spec.fixed_args.clone()));
            }
        } else if let Some(path) = self.builtins.get(&task.runtime.provider) {
            return Ok((path.clone(), task.runtime.fixed_args.clone()));
        }
        find_on_path(&task.runtime.command, self.path_var.as_deref())
            .map(|path| (path, task.runtime.fixed_args.clone()))
            .ok_or_else(|| format!("command not found on PATH: {}", task.runtime.command))
    }

    /// Whether the server wants the run of `task` stopped (a 404 too: it is no longer ours).
    pub async fn cancel_requested(&self, task: TaskId) -> bool {
        match self.api.call(&api::Status { id: task }, &()).await {
            Ok(answer) => execute::must_stop(answer.status, answer.cancel_requested),
            Err(e) => e.status() == Some(404),
        }
    }

    /// How many runs this daemon takes at once.
    pub fn capacity(&self) -> usize {
        if self.settings.local_directory.is_some() {
            1 // one brief block per directory
        } else {
            self.settings.max_tasks
        }
    }

    fn free_slots(&self) -> usize {
        self.capacity().saturating_sub(self.signals.running().len())
    }

    /// Claims up to the free slots on every tracked runtime and starts the runs.
    async fn claim_round(self: &Arc<Self>, runs: &mut JoinSet<()>) {
        let _gate = self.signals.claims.lock().await;
        let free = self.free_slots();
        let runtime_ids: Vec<String> = Tracked::lock(&self.tracked)
            .ids()
            .iter()
            .map(RuntimeId::to_string)
            .collect();
        if free == 0 || runtime_ids.is_empty() {
            return;
        }
        let body = ClaimRequest {
            daemon_id: self.daemon_id.clone(),
            runtime_ids,
            max_tasks: i64::try_from(free).unwrap_or(i64::MAX),
        };
        let claimed = match self.api.call(&api::Claim, &body).await {
            Ok(answer) => answer.tasks,
            Err(e) => {
                tracing::warn!(error = %e, "claim failed");
                return;
            }
        };
        for task in claimed {
            let (stop, stopped) = watch::channel(None);
            self.signals.running().insert(
                task.id,
                InFlight {
                    runtime: task.runtime_id,
                    stop,
                },
            );
            tracing::info!(task = %task.id, agent = %task.agent.name, provider = %task.runtime.provider, "claimed a task");
            let runner = Arc::clone(self);
            runs.spawn(async move {
                let id = task.id;
                execute::execute(&runner, task, stopped).await;
                runner.signals.running().remove(&id);
                runner.signals.wake(); // a slot is free
            });
        }
    }

    /// Fails the tasks an earlier daemon left on these runtimes (the server retries them).
    async fn recover_orphans(&self) {
        let ids = Tracked::lock(&self.tracked).ids();
        for id in ids {
            match self.api.call(&api::RecoverOrphans { id }, &()).await {
                Ok(answer) if answer.orphaned > 0 => {
                    tracing::info!(runtime = %id, orphaned = answer.orphaned, retried = answer.retried, "recovered tasks of an earlier run");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(runtime = %id, error = %e, "recover-orphans failed"),
            }
        }
    }

    /// Spec E.1 rule 5: after a heartbeat 404 the workspace was registered again; the tasks
    /// left on the re-registered runtimes are recovered (failed, retried per G.7) — but never
    /// a run this daemon still has. A runtime with a run in flight is skipped: every task this
    /// process claimed is either running here or has its report in the outbox, so only an
    /// earlier process can have orphaned anything, and that was recovered at start. For the
    /// same reason nothing is recovered while the outbox holds undelivered reports (a
    /// completion waiting there would otherwise find its task failed and retried). Claims are
    /// held off meanwhile, so none lands between the look and the call.
    pub async fn recover_after_reregistration(&self, ids: &[RuntimeId]) {
        let _gate = self.signals.claims.lock().await;
        if !self.outbox.is_empty() {
            tracing::info!(
                pending = self.outbox.len(),
                "reports are waiting to be delivered; not recovering orphans now"
            );
            return;
        }
        let busy: Vec<RuntimeId> = self
            .signals
            .running()
            .values()
            .map(|run| run.runtime)
            .collect();
        for &id in ids.iter().filter(|id| !busy.contains(id)) {
            match self.api.call(&api::RecoverOrphans { id }, &()).await {
                Ok(answer) if answer.orphaned > 0 => {
                    tracing::info!(runtime = %id, orphaned = answer.orphaned, retried = answer.retried, "recovered tasks after registering again");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(runtime = %id, error = %e, "recover-orphans failed"),
            }
        }
    }

    /// Claims and runs until `stop` turns true; then stops the runs, lets them report, and
    /// gives the outbox a moment to deliver.
    pub async fn serve(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        if let Err(e) = self.outbox.send_pending(&self.api).await {
            tracing::warn!(error = %e, "reports of an earlier run are not delivered yet");
        }
        self.recover_orphans().await;
        let (outbox_stop, outbox_stopped) = watch::channel(false);
        let sender = {
            let runner = Arc::clone(&self);
            tokio::spawn(async move {
                runner.outbox.run(runner.api.clone(), outbox_stopped).await;
            })
        };
        let mut runs = JoinSet::new();
        let mut poll = tokio::time::interval(self.settings.poll_every);
        poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            self.claim_round(&mut runs).await;
            tokio::select! {
                _ = stop.wait_for(|stopped| *stopped) => break,
                () = self.signals.wake.notified() => {}
                _ = poll.tick() => {}
                Some(_) = runs.join_next() => {}
            }
        }
        self.signals.stop_all();
        let all_done = async { while runs.join_next().await.is_some() {} };
        if tokio::time::timeout(SHUTDOWN_GRACE, all_done)
            .await
            .is_err()
        {
            tracing::warn!("some runs did not stop in time");
        }
        if !self.outbox.flushed(FLUSH_GRACE).await {
            tracing::warn!(
                left = self.outbox.len(),
                "reports left in the outbox; they are sent at the next start"
            );
        }
        let _ = outbox_stop.send(true);
        let _ = sender.await;
    }
}
