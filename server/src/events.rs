//! The live event hub: handlers publish [`ServerEvent`]s after their transaction commits, and
//! the SSE endpoints (`/api/events`, `/api/daemon/events`) forward each subscriber the events
//! of the one workspace it may see. In-process only: with several server processes behind one
//! PostgreSQL, a subscriber hears the events of the process it is connected to (a later
//! LISTEN/NOTIFY bridge would lift that).

use agentry_core::api::runtimes::ServerEvent;
use agentry_core::WorkspaceId;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};

/// How many events a slow subscriber may fall behind before it skips ahead. A skipped event is
/// harmless: every event only says "refetch", and a lagging subscriber is told to refetch.
const CAPACITY: usize = 1024;

/// The publish side, shared through `AppState`.
#[derive(Clone)]
pub struct Events {
    tx: broadcast::Sender<ServerEvent>,
    /// Set once the server begins to shut down: every stream ends, so a graceful shutdown
    /// does not wait forever on subscribers that never hang up.
    closing: watch::Sender<bool>,
}

impl std::fmt::Debug for Events {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Events")
            .field("subscribers", &self.tx.receiver_count())
            .finish()
    }
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
        let (closing, _) = watch::channel(false);
        Self { tx, closing }
    }

    /// Ends every stream, current and future (the server is shutting down).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Sends `event` to every current subscriber; nobody listening is not an error. Only the
    /// database publishes, after a commit ([`crate::db::Write`]).
    pub(crate) fn publish(&self, event: ServerEvent) {
        let _ = self.tx.send(event);
    }

    /// A new subscription; filter by [`ServerEvent::workspace_id`] before forwarding.
    pub fn subscribe(&self) -> broadcast::Receiver<ServerEvent> {
        self.tx.subscribe()
    }
}

/// How often an idle stream sends a comment, so proxies keep the connection open and a dead
/// client is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// A server-sent-events response carrying the events of `workspace_id` only: `event:` is
/// [`ServerEvent::name`], `data:` the event's JSON, a keep-alive comment every 15 s. The
/// subscription starts before this returns, so nothing published after the caller's access
/// check is missed. A subscriber that fell behind is sent one `runtimes:changed` and one
/// `daemon:runtime_profiles_changed` (no profile id) instead of what it missed: browsers and
/// daemons each refetch what they show or run. The stream ends when the server shuts down
/// ([`Events::close`]); browsers and daemons reconnect. Shared by `/api/events` and
/// `/api/daemon/events`; callers check access first.
pub fn sse_for_workspace(
    events: &Events,
    workspace_id: WorkspaceId,
) -> Sse<impl Stream<Item = Result<Event, Infallible>> + Send + 'static> {
    let start = Forwarder {
        rx: events.subscribe(),
        workspace_id,
        pending: VecDeque::new(),
    };
    let closing = events.closing.subscribe();
    let stream = stream::unfold(
        (start, closing),
        |(mut forwarder, mut closing)| async move {
            let event = tokio::select! {
                event = forwarder.next() => event?,
                _ = closing.wait_for(|closing| *closing) => return None,
            };
            Some((Ok(sse_event(&event)), (forwarder, closing)))
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
}

/// One subscriber's position: the receiver, its workspace, and the catch-up events owed after
/// a lag.
struct Forwarder {
    rx: broadcast::Receiver<ServerEvent>,
    workspace_id: WorkspaceId,
    pending: VecDeque<ServerEvent>,
}

impl Forwarder {
    /// The next event for this workspace; `None` once the hub is gone.
    async fn next(&mut self) -> Option<ServerEvent> {
        if let Some(event) = self.pending.pop_front() {
            return Some(event);
        }
        loop {
            match self.rx.recv().await {
                Ok(event) if event.workspace_id() == self.workspace_id => return Some(event),
                Ok(_) => continue,
                Err(RecvError::Lagged(_)) => {
                    let workspace_id = self.workspace_id;
                    self.pending.push_back(ServerEvent::RuntimeProfilesChanged {
                        workspace_id,
                        runtime_profile_id: None,
                    });
                    return Some(ServerEvent::RuntimesChanged { workspace_id });
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }
}

/// The SSE frame of one event.
fn sse_event(event: &ServerEvent) -> Event {
    // Serialising a derived enum of ids and strings cannot fail; `{}` keeps the frame valid.
    let data = serde_json::to_string(event).unwrap_or_else(|_| "{}".into());
    Event::default().event(event.name()).data(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    const ACME: WorkspaceId = WorkspaceId(Uuid::from_u128(1));
    const OTHER: WorkspaceId = WorkspaceId(Uuid::from_u128(2));

    fn forwarder(events: &Events, workspace_id: WorkspaceId) -> Forwarder {
        Forwarder {
            rx: events.subscribe(),
            workspace_id,
            pending: VecDeque::new(),
        }
    }

    #[tokio::test]
    async fn a_subscriber_hears_its_workspace_and_not_another() {
        let events = Events::new();
        let mut acme = forwarder(&events, ACME);
        events.publish(ServerEvent::RuntimesChanged {
            workspace_id: OTHER,
        });
        events.publish(ServerEvent::RuntimesChanged { workspace_id: ACME });
        assert_eq!(
            acme.next().await,
            Some(ServerEvent::RuntimesChanged { workspace_id: ACME })
        );
    }

    #[tokio::test]
    async fn a_lagging_subscriber_is_told_to_refetch_runtimes_and_profiles() {
        let events = Events::new();
        let mut acme = forwarder(&events, ACME);
        for _ in 0..CAPACITY + 10 {
            events.publish(ServerEvent::RuntimesChanged { workspace_id: ACME });
        }
        assert_eq!(
            acme.next().await,
            Some(ServerEvent::RuntimesChanged { workspace_id: ACME })
        );
        assert_eq!(
            acme.next().await,
            Some(ServerEvent::RuntimeProfilesChanged {
                workspace_id: ACME,
                runtime_profile_id: None
            })
        );
    }

    #[tokio::test]
    async fn closing_the_hub_ends_open_and_later_streams_at_once() {
        use axum::response::IntoResponse;
        use http_body_util::BodyExt;
        let events = Events::new();
        let open = sse_for_workspace(&events, ACME).into_response();
        events.close();
        let later = sse_for_workspace(&events, ACME).into_response();
        for response in [open, later] {
            let body = tokio::time::timeout(Duration::from_secs(5), response.into_body().collect())
                .await
                .expect("the stream ended after close")
                .unwrap();
            assert!(body.to_bytes().is_empty());
        }
    }

    #[test]
    fn an_sse_frame_is_named_after_the_event() {
        let event = ServerEvent::RuntimesChanged { workspace_id: ACME };
        // `Event` exposes no getters; its Debug form shows the buffered frame.
        let frame = format!("{:?}", sse_event(&event));
        assert!(frame.contains("runtimes:changed"), "{frame}");
    }
}
