//! The one way live events leave the server: a write transaction carries the events its
//! changes cause and publishes them only once it has committed, so no handler can announce a
//! change that then rolls back, nor forget to announce one that landed.

use crate::events::Events;
use agentry_core::api::runtimes::ServerEvent;
use sqlx::{Any, AnyConnection, Transaction};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// A write transaction (see [`super::Db::begin_write`]) and the events to publish when it
/// commits. It derefs to the connection, so queries take `&mut write` as they took
/// `&mut transaction`; dropped without [`Write::commit`], it rolls back and publishes nothing.
pub struct Write {
    tx: Transaction<'static, Any>,
    events: Events,
    pending: Vec<ServerEvent>,
    apps_broker: Option<Arc<str>>,
}

impl Write {
    pub(super) fn new(
        tx: Transaction<'static, Any>,
        events: Events,
        apps_broker: Option<Arc<str>>,
    ) -> Self {
        Self {
            tx,
            events,
            pending: Vec::new(),
            apps_broker,
        }
    }

    /// The origin runs reach their connected apps at (see [`super::Db::apps_broker`]);
    /// `None` while connected apps are off.
    pub fn apps_broker(&self) -> Option<&str> {
        self.apps_broker.as_deref()
    }

    /// Queues `event` for after the commit; an event already queued is not queued twice.
    pub fn announce(&mut self, event: ServerEvent) {
        if !self.pending.contains(&event) {
            self.pending.push(event);
        }
    }

    /// Commits, then publishes what was announced, in order.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await?;
        for event in self.pending {
            self.events.publish(event);
        }
        Ok(())
    }

    /// Rolls back; nothing announced is published.
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }
}

impl Deref for Write {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for Write {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

impl std::fmt::Debug for Write {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Write")
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use crate::db::Db;
    use agentry_core::api::runtimes::ServerEvent;
    use agentry_core::WorkspaceId;

    fn changed() -> ServerEvent {
        ServerEvent::RuntimesChanged {
            workspace_id: WorkspaceId(uuid::Uuid::from_u128(7)),
        }
    }

    #[tokio::test]
    async fn announced_events_are_published_once_and_only_after_the_commit() {
        let db = Db::connect("sqlite::memory:", 1).await.unwrap();
        let mut rx = db.events.subscribe();
        let mut write = db.begin_write().await.unwrap();
        write.announce(changed());
        write.announce(changed());
        assert!(
            rx.try_recv().is_err(),
            "nothing is published before the commit"
        );
        write.commit().await.unwrap();
        assert_eq!(rx.try_recv().unwrap(), changed());
        assert!(
            rx.try_recv().is_err(),
            "a repeated announcement is published once"
        );
    }

    #[tokio::test]
    async fn a_write_rolled_back_or_dropped_publishes_nothing() {
        let db = Db::connect("sqlite::memory:", 1).await.unwrap();
        let mut rx = db.events.subscribe();
        let mut write = db.begin_write().await.unwrap();
        write.announce(changed());
        write.rollback().await.unwrap();
        let mut write = db.begin_write().await.unwrap();
        write.announce(changed());
        drop(write);
        assert!(rx.try_recv().is_err());
    }
}
