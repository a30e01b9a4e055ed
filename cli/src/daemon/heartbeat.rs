//! Keeps the tracked runtimes online: one heartbeat per runtime per interval. A 404 means the
//! server no longer has the runtime (deleted, or its profile removed), so the daemon is asked
//! to register again. A daemon that runs tasks reports its load with each heartbeat: runs in
//! flight on the runtime, its capacity, and the last error a run there ended with.
//!
//! The loop is stopped, never aborted: a heartbeat already sent is awaited to its answer, and
//! none is sent once `stop` is set. The daemon waits for the loop to end before it deregisters,
//! so a heartbeat the server handles late can never bring a deregistered runtime back online.

use super::run::LoadReport;
use super::{Tracked, Trigger};
use crate::client::{ApiClient, ApiError};
use agentry_core::api::catalogue::daemon as daemon_api;
use agentry_core::api::daemon::{HeartbeatRequest, StatusOk};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// Heartbeats every `every` until `stop` turns true (or its sender is gone).
pub async fn run(
    api: ApiClient,
    tracked: Arc<Mutex<Tracked>>,
    every: Duration,
    triggers: mpsc::Sender<Trigger>,
    mut stop: watch::Receiver<bool>,
    load: Option<LoadReport>,
) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await; // the first tick is immediate; registration just happened
    loop {
        tokio::select! {
            biased;
            _ = stop.wait_for(|stopped| *stopped) => return,
            _ = tick.tick() => {}
        }
        let ids = Tracked::lock(&tracked).ids();
        for runtime_id in ids {
            if *stop.borrow() {
                return;
            }
            let mut body = HeartbeatRequest::bare(runtime_id);
            if let Some(load) = &load {
                load.fill(&mut body);
            }
            let answer: Result<StatusOk, ApiError> = api.call(&daemon_api::Heartbeat, &body).await;
            match answer {
                Ok(_) => tracing::debug!(%runtime_id, "heartbeat"),
                Err(e) if e.status() == Some(404) => {
                    tracing::warn!(%runtime_id, "the server no longer knows this runtime; registering again");
                    if triggers.send(Trigger::RuntimeGone).await.is_err() {
                        return;
                    }
                    break;
                }
                Err(e) => tracing::warn!(%runtime_id, error = %e, "heartbeat failed"),
            }
        }
        if triggers.is_closed() {
            return;
        }
    }
}
