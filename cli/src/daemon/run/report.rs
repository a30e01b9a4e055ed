//! Numbers, scrubs and batches one run's transcript into the outbox. Every string leaving the
//! machine passes `redact_secrets` first, so a token the agent printed (its own `agk_`, an
//! owner's `agt_` or `agd_`, a provider key) is stored masked.

use super::outbox::{Outbox, Report};
use super::stream::{scrub_value, Message};
use agentry_core::api::tasks::{MessagesRequest, TaskMessageInput};
use agentry_core::work::redact_secrets;
use agentry_core::TaskId;

/// A batch is sent once it holds this many messages (the server takes up to 500).
pub const BATCH_MAX: usize = 100;

/// The transcript writer of one task.
#[derive(Debug)]
pub struct Transcript<'a> {
    outbox: &'a Outbox,
    task: TaskId,
    next_seq: i64,
    batch: Vec<TaskMessageInput>,
}

impl<'a> Transcript<'a> {
    /// An empty transcript; the first message gets seq 1.
    pub fn new(outbox: &'a Outbox, task: TaskId) -> Transcript<'a> {
        Transcript {
            outbox,
            task,
            next_seq: 1,
            batch: Vec::new(),
        }
    }

    /// Adds messages in order; sends a full batch.
    pub fn push(&mut self, messages: Vec<Message>) {
        for message in messages {
            let scrub = |s: &str| redact_secrets(s);
            self.batch.push(TaskMessageInput {
                seq: self.next_seq,
                kind: message.kind.to_owned(),
                tool: message.tool,
                content: message.content.map(|c| redact_secrets(&c)),
                input: message.input.map(|v| scrub_value(v, &scrub)),
                output: message.output.map(|v| scrub_value(v, &scrub)),
            });
            self.next_seq += 1;
            if self.batch.len() >= BATCH_MAX {
                self.flush();
            }
        }
    }

    /// Queues what is batched.
    pub fn flush(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        let report = Report::Messages {
            task: self.task,
            body: MessagesRequest {
                messages: std::mem::take(&mut self.batch),
            },
        };
        if let Err(e) = self.outbox.put(&report) {
            tracing::error!(task = %self.task, error = %e, "cannot queue transcript messages");
        }
    }

    /// Queues the final report after what is batched.
    pub fn finish(mut self, report: Report) {
        self.flush();
        if let Err(e) = self.outbox.put(&report) {
            tracing::error!(task = %self.task, error = %e, "cannot queue the final report");
        }
    }
}
