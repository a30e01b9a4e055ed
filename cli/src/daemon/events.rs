//! The daemon's subscription to `GET /api/daemon/events`: a server-sent-events parser and a
//! loop that reconnects with backoff and turns profile-change events for this workspace into
//! refresh triggers, `daemon:task_available` into a claim, and `daemon:task_cancelled` into
//! stopping that run. Every (re)connection also triggers one refresh and one claim, since
//! events sent while disconnected were missed (spec E.3 rule 3).

use super::run::Signals;
use super::Trigger;
use crate::client::{status_error, ApiClient};
use agentry_core::api::catalogue::{daemon as daemon_api, Endpoint};
use agentry_core::{TaskId, WorkspaceId};
use futures_util::StreamExt;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// The event name of a profile change.
pub const PROFILES_CHANGED: &str = "daemon:runtime_profiles_changed";
/// The event name of a task queued for one of the workspace's runtimes.
pub const TASK_AVAILABLE: &str = "daemon:task_available";
/// The event name of a held task a person cancelled.
pub const TASK_CANCELLED: &str = "daemon:task_cancelled";
const BACKOFF_START: Duration = Duration::from_secs(1);
const BACKOFF_MAX: Duration = Duration::from_secs(30);
/// The server sends a keep-alive comment every 15 s; silence this long means the connection is
/// dead even if TCP has not noticed (a sleeping laptop, a dropped NAT mapping).
const IDLE_TIMEOUT: Duration = Duration::from_secs(45);

/// One dispatched server-sent event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field (empty when absent).
    pub event: String,
    /// The `data:` lines joined with newlines.
    pub data: String,
}

/// An incremental parser: feed it chunks as they arrive, get whole events back.
#[derive(Debug, Default)]
pub struct SseParser {
    pending: Vec<u8>,
    event: String,
    data: Vec<String>,
}

impl SseParser {
    /// Consumes `chunk`; returns the events completed by it.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<SseEvent> {
        self.pending.extend_from_slice(chunk);
        let mut events = Vec::new();
        // Lines are cut on bytes, so a UTF-8 character split across chunks stays intact.
        while let Some(end) = self.pending.iter().position(|b| *b == b'\n') {
            let raw: Vec<u8> = self.pending.drain(..=end).collect();
            let line = String::from_utf8_lossy(&raw[..end]);
            let line = line.strip_suffix('\r').unwrap_or(&line);
            if let Some(event) = self.line(line) {
                events.push(event);
            }
        }
        events
    }

    fn line(&mut self, line: &str) -> Option<SseEvent> {
        if line.is_empty() {
            let event = std::mem::take(&mut self.event);
            let data = std::mem::take(&mut self.data);
            return (!data.is_empty()).then(|| SseEvent {
                event,
                data: data.join("\n"),
            });
        }
        if line.starts_with(':') {
            return None; // a comment, e.g. a keep-alive
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => self.event = value.to_owned(),
            "data" => self.data.push(value.to_owned()),
            _ => {} // `id`, `retry` and unknown fields are not used
        }
        None
    }
}

/// The event's name and data, when it belongs to `workspace`.
fn of_workspace(event: &SseEvent, workspace: WorkspaceId) -> Option<(String, Value)> {
    let data = serde_json::from_str::<Value>(&event.data).ok()?;
    let name = if event.event.is_empty() {
        data["type"].as_str().unwrap_or("").to_owned()
    } else {
        event.event.clone()
    };
    data["workspace_id"]
        .as_str()
        .and_then(WorkspaceId::parse)
        .filter(|id| *id == workspace)?;
    Some((name, data))
}

/// Whether `event` asks this workspace's daemon to re-fetch its profiles.
pub fn is_profile_change_for(event: &SseEvent, workspace: WorkspaceId) -> bool {
    of_workspace(event, workspace).is_some_and(|(name, _)| name == PROFILES_CHANGED)
}

/// What a task event asks of the runner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskEvent {
    /// Claim now.
    Available,
    /// Stop this run.
    Cancelled(TaskId),
}

/// The task event in `event`, when it is one for `workspace`.
pub fn task_event(event: &SseEvent, workspace: WorkspaceId) -> Option<TaskEvent> {
    let (name, data) = of_workspace(event, workspace)?;
    match name.as_str() {
        TASK_AVAILABLE => Some(TaskEvent::Available),
        TASK_CANCELLED => data["task_id"]
            .as_str()
            .and_then(|raw| uuid::Uuid::parse_str(raw).ok())
            .map(|id| TaskEvent::Cancelled(TaskId(id))),
        _ => None,
    }
}

/// Listens forever, sending triggers to the daemon; returns when the daemon is gone.
pub async fn listen(
    api: ApiClient,
    workspace: WorkspaceId,
    triggers: mpsc::Sender<Trigger>,
    tasks: Option<Arc<Signals>>,
) {
    let endpoint = daemon_api::Events { workspace };
    let path = endpoint.path();
    let mut backoff = BACKOFF_START;
    loop {
        let request = api
            .stream(&endpoint)
            .header(reqwest::header::ACCEPT, "text/event-stream");
        match request.send().await {
            Ok(response) if response.status().is_success() => {
                tracing::info!("connected to the event stream");
                backoff = BACKOFF_START;
                if triggers.send(Trigger::Reconnected).await.is_err() {
                    return;
                }
                if let Some(tasks) = &tasks {
                    tasks.wake();
                }
                let mut parser = SseParser::default();
                let mut body = response.bytes_stream();
                loop {
                    let chunk = match tokio::time::timeout(IDLE_TIMEOUT, body.next()).await {
                        Ok(Some(Ok(chunk))) => chunk,
                        Ok(Some(Err(e))) => {
                            tracing::warn!(error = %api.network(&path, e), "event stream broke");
                            break;
                        }
                        Ok(None) => break,
                        Err(_) => {
                            tracing::warn!("event stream silent for {IDLE_TIMEOUT:?}");
                            break;
                        }
                    };
                    for event in parser.push(&chunk) {
                        match (task_event(&event, workspace), &tasks) {
                            (Some(TaskEvent::Available), Some(tasks)) => tasks.wake(),
                            (Some(TaskEvent::Cancelled(id)), Some(tasks)) => tasks.cancel(id),
                            _ => {}
                        }
                        if is_profile_change_for(&event, workspace) {
                            tracing::info!("runtime profiles changed");
                            if triggers.send(Trigger::ProfilesChanged).await.is_err() {
                                return;
                            }
                        }
                    }
                }
                tracing::warn!("event stream closed; reconnecting");
            }
            Ok(response) => {
                let status = response.status();
                let body = response.text().await.unwrap_or_default();
                tracing::warn!(status = status.as_u16(), error = %status_error(status, body), "event stream refused");
            }
            Err(e) => {
                tracing::warn!(error = %api.network(&path, e), "cannot open the event stream")
            }
        }
        if triggers.is_closed() {
            return;
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(BACKOFF_MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_dispatched_on_a_blank_line_even_across_chunks() {
        let mut parser = SseParser::default();
        assert!(parser.push(b"event: a\nda").is_empty());
        let events = parser.push(b"ta: {\"x\":1}\r\n\r\n: keep-alive\n\ndata: one\ndata: two\n\n");
        assert_eq!(
            events,
            [
                SseEvent {
                    event: "a".into(),
                    data: "{\"x\":1}".into()
                },
                SseEvent {
                    event: String::new(),
                    data: "one\ntwo".into()
                },
            ]
        );
    }

    #[test]
    fn a_multibyte_character_split_between_chunks_survives() {
        let mut parser = SseParser::default();
        let text = "data: caf\u{e9}\n\n".as_bytes();
        let (first, second) = text.split_at(9);
        assert!(parser.push(first).is_empty());
        assert_eq!(parser.push(second)[0].data, "caf\u{e9}");
    }

    #[test]
    fn only_profile_changes_of_this_workspace_trigger_a_refresh() {
        let ours = WorkspaceId(uuid::Uuid::new_v4());
        let other = WorkspaceId(uuid::Uuid::new_v4());
        let event = |name: &str, ws: WorkspaceId| SseEvent {
            event: name.into(),
            data: format!(r#"{{"type":"{name}","workspace_id":"{ws}"}}"#),
        };
        assert!(is_profile_change_for(&event(PROFILES_CHANGED, ours), ours));
        assert!(!is_profile_change_for(
            &event(PROFILES_CHANGED, other),
            ours
        ));
        assert!(!is_profile_change_for(
            &event("runtimes:changed", ours),
            ours
        ));
        let unnamed = SseEvent {
            event: String::new(),
            ..event(PROFILES_CHANGED, ours)
        };
        assert!(is_profile_change_for(&unnamed, ours));
    }

    #[test]
    fn task_events_of_this_workspace_wake_the_claim_or_stop_a_run() {
        let ours = WorkspaceId(uuid::Uuid::new_v4());
        let task = uuid::Uuid::new_v4();
        let event = |name: &str, ws: WorkspaceId| SseEvent {
            event: name.into(),
            data: format!(r#"{{"type":"{name}","workspace_id":"{ws}","task_id":"{task}"}}"#),
        };
        assert_eq!(
            task_event(&event(TASK_AVAILABLE, ours), ours),
            Some(TaskEvent::Available)
        );
        assert_eq!(
            task_event(&event(TASK_CANCELLED, ours), ours),
            Some(TaskEvent::Cancelled(TaskId(task)))
        );
        let other = WorkspaceId(uuid::Uuid::new_v4());
        assert_eq!(task_event(&event(TASK_AVAILABLE, other), ours), None);
        assert_eq!(task_event(&event(PROFILES_CHANGED, ours), ours), None);
    }
}
