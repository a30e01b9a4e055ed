//! `agentry daemon run`: registers this machine's built-in agent CLIs and the workspace's
//! custom profiles as runtimes, keeps them online with heartbeats, converges when profiles
//! change, and takes them offline on shutdown.
//!
//! One task owns the [`Daemon`] and performs every registration in turn, which is the
//! per-workspace register lock of spec E.3. Helpers (heartbeats, the event stream) only send it
//! [`Trigger`]s. Task execution ([`run`]) runs beside them when [`Settings::tasks`] is set: a
//! claim loop reading the tracked runtime ids and the shared launch specs, woken by the event
//! stream.

pub mod detect;
pub mod events;
pub mod heartbeat;
pub mod identity;
pub mod register;
pub mod resolve;
pub mod run;

use crate::client::{ApiClient, ApiError};
use agentry_core::api::catalogue::daemon as daemon_api;
use agentry_core::api::daemon::{DeregisterRequest, RegisterResponse, StatusOk};
use agentry_core::api::runtimes::RuntimeProfile;
use agentry_core::runtimes::profile_signature;
use agentry_core::{ProfileId, RuntimeId, WorkspaceId};
use detect::Builtin;
use identity::Identity;
use std::collections::{BTreeMap, HashMap};
use std::ffi::OsString;
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// Why the daemon should look at the server again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// A profile of this workspace changed.
    ProfilesChanged,
    /// The event stream (re)connected; changes may have been missed.
    Reconnected,
    /// A heartbeat got 404, or a registration failed: register everything again.
    RuntimeGone,
}

/// How to start a resolved profile: the executable and the arguments that come first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaunchSpec {
    /// The profile.
    pub profile_id: ProfileId,
    /// Its protocol family (which backend drives it).
    pub family: String,
    /// The resolved executable.
    pub path: PathBuf,
    /// Arguments placed before the backend's own.
    pub fixed_args: Vec<String>,
    /// What `--version` reported.
    pub version: String,
}

/// A runtime the server registered for this daemon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrackedRuntime {
    /// Its id.
    pub id: RuntimeId,
    /// Its protocol family.
    pub provider: String,
    /// The profile it is an instance of, for custom runtimes.
    pub profile_id: Option<ProfileId>,
}

/// The runtimes this daemon keeps online.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tracked {
    /// In registration order.
    pub runtimes: Vec<TrackedRuntime>,
}

impl Tracked {
    /// Locks the shared list. Every write replaces it in one assignment, so a panic while it
    /// was held cannot have left it half-changed: a poisoned lock is used as it is.
    pub fn lock(shared: &Mutex<Tracked>) -> MutexGuard<'_, Tracked> {
        shared.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Their ids.
    pub fn ids(&self) -> Vec<RuntimeId> {
        self.runtimes.iter().map(|runtime| runtime.id).collect()
    }
}

/// The refusals of a registration naming a profile that was deleted or disabled after the
/// daemon fetched the profiles: fetching them again and re-registering converges.
const PROFILE_GONE_CODES: [&str; 2] = ["unknown_runtime_profile", "runtime_profile_disabled"];
/// How many times such a refusal is answered at once with fresh profiles before the daemon
/// falls back to retrying at the heartbeat interval.
const PROFILE_GONE_RETRIES: u32 = 5;
/// The wait before the first of those retries; it doubles each time.
const PROFILE_GONE_BACKOFF: Duration = Duration::from_millis(200);

/// Whether `error` says a profile went away between the fetch and the registration.
pub fn profile_went_away(error: &ApiError) -> bool {
    error
        .code()
        .is_some_and(|code| PROFILE_GONE_CODES.contains(&code.as_str()))
}

/// Ids in `old` that `new` no longer has: they must be taken offline.
pub fn dropped_ids(old: &Tracked, new: &Tracked) -> Vec<RuntimeId> {
    let kept = new.ids();
    old.ids()
        .into_iter()
        .filter(|id| !kept.contains(id))
        .collect()
}

/// What the daemon needs to start.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The workspace it serves.
    pub workspace: WorkspaceId,
    /// Who the machine is.
    pub identity: Identity,
    /// Per-machine executables by profile id (`agentry runtime profile set-path`).
    pub overrides: BTreeMap<String, PathBuf>,
    /// The PATH to search.
    pub path_var: Option<OsString>,
    /// How often to heartbeat.
    pub heartbeat_every: Duration,
    /// How to execute claimed tasks; `None` registers runtimes without claiming work.
    pub tasks: Option<run::TaskSettings>,
}

/// The running daemon's state.
pub struct Daemon {
    api: ApiClient,
    settings: Settings,
    builtins: Vec<Builtin>,
    tracked: Arc<Mutex<Tracked>>,
    /// Shared with the task runner, which launches profiles from it.
    launch_specs: Arc<Mutex<HashMap<ProfileId, LaunchSpec>>>,
    /// The profiles last fetched, reused when a later full registration cannot fetch them.
    profiles: Vec<RuntimeProfile>,
    /// The signature of the profiles last registered; `None` means unknown (never fetched), so
    /// the next successful fetch registers.
    signature: Option<String>,
}

impl Daemon {
    /// Detects the built-in CLIs; nothing is sent yet.
    pub async fn start(api: ApiClient, settings: Settings) -> Daemon {
        let builtins = detect::detect_builtins(settings.path_var.as_deref()).await;
        for builtin in &builtins {
            tracing::info!(family = builtin.family.name, path = %builtin.path.display(), version = %builtin.version, "found built-in CLI");
        }
        if builtins.is_empty() {
            tracing::warn!(
                "no built-in agent CLI found on PATH; only custom profiles can be offered"
            );
        }
        Daemon {
            api,
            settings,
            builtins,
            tracked: Arc::default(),
            launch_specs: Arc::default(),
            profiles: Vec::new(),
            signature: None,
        }
    }

    /// The runtimes kept online (shared with the heartbeat task).
    pub fn tracked(&self) -> Arc<Mutex<Tracked>> {
        Arc::clone(&self.tracked)
    }

    /// How to launch each resolved profile.
    pub fn launch_specs(&self) -> HashMap<ProfileId, LaunchSpec> {
        self.launch_specs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn set_launch_specs(&self, specs: HashMap<ProfileId, LaunchSpec>) {
        *self
            .launch_specs
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = specs;
    }

    /// The task runner, when this daemon executes tasks.
    fn runner(&self) -> Option<Arc<run::Runner>> {
        let tasks = self.settings.tasks.clone()?;
        let outbox = match run::outbox::Outbox::open(&tasks.data_dir.join("outbox")) {
            Ok(outbox) => outbox,
            Err(e) => {
                tracing::error!(error = %e, "cannot open the outbox; this daemon runs no tasks");
                return None;
            }
        };
        Some(Arc::new(run::Runner {
            api: self.api.clone(),
            daemon_id: self.settings.identity.daemon_id.clone(),
            settings: tasks,
            path_var: self.settings.path_var.clone(),
            tracked: self.tracked(),
            builtins: self
                .builtins
                .iter()
                .map(|builtin| (builtin.family.name.to_owned(), builtin.path.clone()))
                .collect(),
            launch_specs: Arc::clone(&self.launch_specs),
            signals: Arc::default(),
            outbox,
        }))
    }

    /// Registers, then serves until `shutdown` resolves; deregisters everything on the way out.
    /// A first registration the server refuses outright (bad token, foreign workspace, invalid
    /// request) ends the daemon with that error; anything else, a profile that went away
    /// meanwhile included, is retried.
    pub async fn run(mut self, shutdown: impl Future<Output = ()>) -> Result<(), ApiError> {
        let (sender, mut triggers) = mpsc::channel(32);
        if let Err(e) = self.register_all(&sender).await {
            if matches!(e.status(), Some(400 | 401 | 403 | 404)) && !profile_went_away(&e) {
                return Err(e);
            }
        }
        let (stop, stopped) = watch::channel(false);
        let runner = self.runner();
        let heartbeats = tokio::spawn(heartbeat::run(
            self.api.clone(),
            self.tracked(),
            self.settings.heartbeat_every,
            sender.clone(),
            stopped,
            runner.as_deref().map(run::LoadReport::of),
        ));
        let events = tokio::spawn(events::listen(
            self.api.clone(),
            self.settings.workspace,
            sender.clone(),
            runner.as_ref().map(|runner| Arc::clone(&runner.signals)),
        ));
        let recovery = runner.clone();
        let runs = runner.map(|runner| tokio::spawn(runner.serve(stop.subscribe())));
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                Some(first) = triggers.recv() => {
                    // Coalesce a burst (several 404s, duplicate notifications) into one pass.
                    let mut pending = vec![first];
                    while let Ok(more) = triggers.try_recv() {
                        pending.push(more);
                    }
                    if pending.contains(&Trigger::RuntimeGone) {
                        if self.register_all(&sender).await.is_ok() {
                            if let Some(runner) = &recovery {
                                let ids = Tracked::lock(&self.tracked()).ids();
                                runner.recover_after_reregistration(&ids).await;
                            }
                        }
                    } else {
                        self.refresh_profiles(&sender).await;
                    }
                }
            }
        }
        events.abort();
        // A heartbeat still in flight is awaited first: answered after the deregistration, it
        // would bring the runtime back online.
        let _ = stop.send(true);
        let _ = heartbeats.await;
        if let Some(runs) = runs {
            // Runs stop and report (bounded inside) before the runtimes go offline.
            let _ = runs.await;
        }
        self.deregister_all().await;
        Ok(())
    }

    /// Fetches the workspace's enabled profiles; `None` on any failure (logged).
    async fn fetch_profiles(&self) -> Option<Vec<RuntimeProfile>> {
        let profiles = daemon_api::Profiles {
            workspace: self.settings.workspace,
        };
        match self.api.call(&profiles, &()).await {
            Ok(list) => Some(list.runtime_profiles),
            Err(e) => {
                tracing::warn!(error = %e, "cannot fetch runtime profiles");
                None
            }
        }
    }

    /// A full registration with profiles fetched afresh. When the fetch fails the last known
    /// profiles are offered again (none at start: built-ins alone, spec rule 51). A refusal
    /// naming a profile deleted or disabled since the fetch is answered with a new fetch, a
    /// few times with a growing pause; any other failure, or running out of those retries,
    /// schedules a retry at the heartbeat interval and is returned.
    async fn register_all(&mut self, triggers: &mpsc::Sender<Trigger>) -> Result<(), ApiError> {
        let mut attempt = 0;
        loop {
            let outcome = match self.fetch_profiles().await {
                Some(profiles) => {
                    let signature = profile_signature(&profiles);
                    self.register(profiles, Some(signature)).await
                }
                None => {
                    let (profiles, signature) = (self.profiles.clone(), self.signature.clone());
                    self.register(profiles, signature).await
                }
            };
            match outcome {
                Ok(()) => return Ok(()),
                Err(e) if profile_went_away(&e) && attempt < PROFILE_GONE_RETRIES => {
                    tracing::info!(error = %e, "a runtime profile changed during registration; fetching the profiles again");
                    tokio::time::sleep(PROFILE_GONE_BACKOFF * 2u32.pow(attempt)).await;
                    attempt += 1;
                }
                Err(e) => {
                    self.retry_later(triggers, &e);
                    return Err(e);
                }
            }
        }
    }

    /// Asks for a full registration after one heartbeat interval.
    fn retry_later(&self, triggers: &mpsc::Sender<Trigger>, error: &ApiError) {
        tracing::error!(%error, "registration failed; retrying later");
        let retry = triggers.clone();
        let delay = self.settings.heartbeat_every;
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            let _ = retry.send(Trigger::RuntimeGone).await;
        });
    }

    /// Spec E.3 rule 4: re-register only when the profiles' signature changed.
    async fn refresh_profiles(&mut self, triggers: &mpsc::Sender<Trigger>) {
        let Some(profiles) = self.fetch_profiles().await else {
            return; // keep what is registered
        };
        let signature = profile_signature(&profiles);
        if self.signature.as_deref() == Some(signature.as_str()) {
            tracing::debug!("runtime profiles unchanged");
            return;
        }
        if let Err(e) = self.register(profiles, Some(signature)).await {
            if profile_went_away(&e) {
                // Changed again since this fetch: fetch once more (retried inside).
                let _ = self.register_all(triggers).await;
            } else {
                self.retry_later(triggers, &e);
            }
        }
    }

    /// Registers the built-ins and `profiles`; takes offline what is no longer offered. A
    /// refused registration keeps the previous state and is returned; the caller decides when
    /// to try again.
    async fn register(
        &mut self,
        profiles: Vec<RuntimeProfile>,
        signature: Option<String>,
    ) -> Result<(), ApiError> {
        let offer = register::build_offer(
            self.settings.workspace,
            &self.settings.identity,
            &self.builtins,
            &profiles,
            &self.settings.overrides,
            self.settings.path_var.as_ref(),
        )
        .await;
        if offer.is_empty() {
            // A custom-only daemon whose last profile went away: nothing to heartbeat.
            let old = std::mem::take(&mut *Tracked::lock(&self.tracked));
            self.deregister(old.ids()).await;
            self.set_launch_specs(HashMap::new());
            self.profiles = profiles;
            self.signature = signature;
            tracing::info!("nothing to register; waiting for runtime profiles");
            return Ok(());
        }
        let answer: Result<RegisterResponse, ApiError> =
            self.api.call(&daemon_api::Register, &offer.request).await;
        let response = answer?;
        let new = Tracked {
            runtimes: response
                .runtimes
                .iter()
                .map(|runtime| TrackedRuntime {
                    id: runtime.id,
                    provider: runtime.provider.clone(),
                    profile_id: runtime.profile_id,
                })
                .collect(),
        };
        for runtime in &response.runtimes {
            tracing::info!(id = %runtime.id, name = %runtime.name, provider = %runtime.provider, "runtime online");
        }
        let old = std::mem::replace(&mut *Tracked::lock(&self.tracked), new.clone());
        // Drift never calls recover-orphans: that would fail work running on kept runtimes.
        self.deregister(dropped_ids(&old, &new)).await;
        self.set_launch_specs(offer.launch_specs);
        self.profiles = profiles;
        self.signature = signature;
        Ok(())
    }

    async fn deregister(&self, runtime_ids: Vec<RuntimeId>) {
        if runtime_ids.is_empty() {
            return;
        }
        let body = DeregisterRequest {
            runtime_ids: runtime_ids.clone(),
            offline_reasons: BTreeMap::new(),
        };
        let answer: Result<StatusOk, ApiError> =
            self.api.call(&daemon_api::Deregister, &body).await;
        match answer {
            Ok(_) => tracing::info!(count = runtime_ids.len(), "runtimes taken offline"),
            Err(e) => tracing::warn!(error = %e, "deregistration failed"),
        }
    }

    async fn deregister_all(&self) {
        let ids = Tracked::lock(&self.tracked).ids();
        self.deregister(ids).await;
    }
}

#[cfg(test)]
mod tests;
