//! The live event hub: handlers publish [`ServerEvent`]s after their transaction commits, and
//! the SSE endpoints (`/api/events`, `/api/daemon/events`) forward each subscriber the events
//! of the one workspace it may see. In-process only: with several server processes behind one
//! PostgreSQL, a subscriber hears the events of the process it is connected to (a later
//! LISTEN/NOTIFY bridge would lift that).

use agentry_core::api::runtimes::ServerEvent;
use tokio::sync::broadcast;

/// How many events a slow subscriber may fall behind before it skips ahead. A skipped event is
/// harmless: every event only says "refetch", and a lagging subscriber is told to refetch.
const CAPACITY: usize = 1024;

/// The publish side, shared through `AppState`.
#[derive(Clone)]
pub struct Events {
    tx: broadcast::Sender<ServerEvent>,
}

impl Default for Events {
    fn default() -> Self {
        Self::new()
    }
}

impl Events {
    /// A hub with no subscribers yet.
    pub fn new() -> Self {
        let (tx, _) = broadcast::channel(CAPACITY);
        Self { tx }
    }

    /// Sends `event` to every current subscriber; nobody listening is not an error.
    pub fn publish(&self, event: ServerEvent) {
        let _ = self.tx.send(event);
    }

    /// A new subscription; filter by [`ServerEvent::workspace_id`] before forwarding.
    pub fn subscribe(&self) -> broadcast::Receiver<ServerEvent> {
        self.tx.subscribe()
    }
}
