//! Reports that must not be lost: transcript batches, completions, failures and cancel
//! acknowledgements are written to a directory first, one JSON file each, and sent in the
//! order written until the server acknowledges them. The server ignores a resent message
//! `seq` and answers a resent completion with the finished task, so sending twice after a
//! crash between "sent" and "deleted" does no harm. A daemon restarted with entries left over
//! sends them before anything else.

use crate::client::{ApiClient, ApiError};
use agentry_core::api::catalogue::daemon_tasks as tasks_api;
use agentry_core::api::tasks::{CompleteRequest, FailRequest, MessagesRequest};
use agentry_core::TaskId;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::{watch, Notify};

/// One report waiting to be acknowledged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "report", rename_all = "snake_case")]
pub enum Report {
    Messages { task: TaskId, body: MessagesRequest },
    Complete { task: TaskId, body: CompleteRequest },
    Fail { task: TaskId, body: FailRequest },
    CancelAck { task: TaskId },
}

/// The first retry waits this long; each further one doubles, up to [`RETRY_MAX`].
const RETRY_START: Duration = Duration::from_millis(200);
const RETRY_MAX: Duration = Duration::from_secs(10);

/// The on-disk queue.
#[derive(Debug)]
pub struct Outbox {
    dir: PathBuf,
    counter: AtomicU64,
    written: Notify,
    /// Bumped each time an entry is acknowledged (or given up), so callers can wait for one.
    sent: watch::Sender<u64>,
}

/// What became of one send.
enum Sent {
    /// Acknowledged, or refused for good (a task gone, a transition no longer possible):
    /// either way it is done.
    Done,
    /// Try again later (no connection, a server error).
    Retry(ApiError),
}

impl Outbox {
    /// The outbox in `dir` (created private).
    pub fn open(dir: &Path) -> std::io::Result<Outbox> {
        super::mcp::create_private_dir(dir)?;
        // Names sort by a start-time prefix and a counter, so entries left by an earlier run
        // come first and ours keep the order they were written in.
        let start = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_micros() as u64)
            .unwrap_or(0);
        Ok(Outbox {
            dir: dir.to_path_buf(),
            counter: AtomicU64::new(start.saturating_mul(1000)),
            written: Notify::new(),
            sent: watch::channel(0).0,
        })
    }

    /// Queues `report` durably (written to a temporary name, then renamed) and wakes the sender.
    pub fn put(&self, report: &Report) -> std::io::Result<()> {
        let n = self.counter.fetch_add(1, Ordering::SeqCst);
        let name = format!("{n:024}.json");
        let temp = self.dir.join(format!(".{name}.tmp"));
        let bytes = serde_json::to_vec(report).map_err(std::io::Error::other)?;
        super::mcp::write_private(&temp, &bytes)?;
        std::fs::rename(&temp, self.dir.join(name))?;
        self.written.notify_one();
        Ok(())
    }

    /// The entries waiting, oldest first.
    fn pending(&self) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| {
                path.extension().is_some_and(|ext| ext == "json")
                    && !path
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        files.sort();
        files
    }

    /// How many entries wait.
    pub fn len(&self) -> usize {
        self.pending().len()
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Sends every waiting entry in order; stops at the first that must be retried and
    /// returns its error.
    pub async fn send_pending(&self, api: &ApiClient) -> Result<(), ApiError> {
        for path in self.pending() {
            let Some(report) = std::fs::read(&path)
                .ok()
                .and_then(|bytes| serde_json::from_slice::<Report>(&bytes).ok())
            else {
                tracing::warn!(path = %path.display(), "dropping an unreadable outbox entry");
                let _ = std::fs::remove_file(&path);
                continue;
            };
            match send(api, &report).await {
                Sent::Done => {
                    let _ = std::fs::remove_file(&path);
                    self.sent.send_modify(|n| *n += 1);
                }
                Sent::Retry(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Sends entries as they are written, retrying with backoff, until `stop` turns true.
    pub async fn run(&self, api: ApiClient, mut stop: watch::Receiver<bool>) {
        let mut backoff = RETRY_START;
        loop {
            let wait = match self.send_pending(&api).await {
                Ok(()) => {
                    backoff = RETRY_START;
                    None
                }
                Err(e) => {
                    tracing::warn!(error = %e, retry_in = ?backoff, "cannot deliver a report yet");
                    let wait = backoff;
                    backoff = (backoff * 2).min(RETRY_MAX);
                    Some(wait)
                }
            };
            let pause = async {
                match wait {
                    Some(wait) => tokio::time::sleep(wait).await,
                    None => self.written.notified().await,
                }
            };
            tokio::select! {
                _ = stop.wait_for(|stopped| *stopped) => return,
                () = pause => {}
            }
        }
    }

    /// Waits (up to `limit`) until nothing is left to send.
    pub async fn flushed(&self, limit: Duration) -> bool {
        let mut sent = self.sent.subscribe();
        let wait = async {
            while !self.is_empty() {
                if sent.changed().await.is_err() {
                    return;
                }
            }
        };
        tokio::time::timeout(limit, wait).await.is_ok()
    }
}

/// Sends one report. A 4xx other than 408 and 429 will not change by resending (the task was
/// cancelled, finished elsewhere or deleted), so it is logged and dropped.
async fn send(api: &ApiClient, report: &Report) -> Sent {
    let outcome = match report {
        Report::Messages { task, body } => api
            .call(&tasks_api::Messages { id: *task }, body)
            .await
            .map(drop),
        Report::Complete { task, body } => api
            .call(&tasks_api::Complete { id: *task }, body)
            .await
            .map(drop),
        Report::Fail { task, body } => api
            .call(&tasks_api::Fail { id: *task }, body)
            .await
            .map(drop),
        Report::CancelAck { task } => api
            .call(&tasks_api::CancelAck { id: *task }, &())
            .await
            .map(drop),
    };
    match outcome {
        Ok(()) | Err(ApiError::Decode(_)) => Sent::Done,
        Err(e) => match e.status() {
            Some(status) if (400..500).contains(&status) && status != 408 && status != 429 => {
                tracing::warn!(error = %e, status, kind = report_kind(report), "the server refused a report; dropping it");
                Sent::Done
            }
            _ => Sent::Retry(e),
        },
    }
}

fn report_kind(report: &Report) -> &'static str {
    match report {
        Report::Messages { .. } => "messages",
        Report::Complete { .. } => "complete",
        Report::Fail { .. } => "fail",
        Report::CancelAck { .. } => "cancel_ack",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::resolve::tests::temp_dir;

    #[test]
    fn entries_survive_a_restart_in_the_order_written() {
        let dir = temp_dir().join("outbox");
        let task = TaskId(uuid::Uuid::new_v4());
        let first = Outbox::open(&dir).unwrap();
        first.put(&Report::CancelAck { task }).unwrap();
        first
            .put(&Report::Fail {
                task,
                body: FailRequest::default(),
            })
            .unwrap();
        drop(first);
        let again = Outbox::open(&dir).unwrap();
        again.put(&Report::CancelAck { task }).unwrap();
        let kinds: Vec<String> = again
            .pending()
            .iter()
            .map(|path| {
                let report: Report = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
                report_kind(&report).to_owned()
            })
            .collect();
        assert_eq!(kinds, ["cancel_ack", "fail", "cancel_ack"]);
    }

    #[tokio::test]
    async fn an_unreachable_server_keeps_the_entry_for_a_retry() {
        let dir = temp_dir().join("outbox");
        let outbox = Outbox::open(&dir).unwrap();
        let task = TaskId(uuid::Uuid::new_v4());
        outbox.put(&Report::CancelAck { task }).unwrap();
        // Nothing listens on port 9 of localhost.
        let api = ApiClient::new("http://127.0.0.1:9", "agd_x").unwrap();
        assert!(outbox.send_pending(&api).await.is_err());
        assert_eq!(outbox.len(), 1);
    }
}
