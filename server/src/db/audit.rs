//! Queries on `audit_events`, the append-only log of agent access changes and archive/restore
//! (a trigger refuses updates). Ids are UUIDv7, so they order events within a millisecond.

use super::rfc3339;
use agentry_core::api::agents::{AgentActivity, AuditAction};
use agentry_core::{AgentId, UserId, WorkspaceId};
use serde_json::Value;
use sqlx::{AnyConnection, FromRow};
use uuid::Uuid;

/// One event to append.
#[derive(Debug)]
pub struct NewEvent {
    pub workspace_id: WorkspaceId,
    pub agent_id: AgentId,
    /// `None` for the system.
    pub actor_id: Option<UserId>,
    pub action: AuditAction,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub now: i64,
}

/// Appends one event.
pub async fn insert(conn: &mut AnyConnection, event: NewEvent) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_events \
         (id, workspace_id, agent_id, actor_id, action, before_state, after_state, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(event.workspace_id)
    .bind(event.agent_id)
    .bind(event.actor_id)
    .bind(event.action.as_str())
    .bind(event.before.map(|v| v.to_string()))
    .bind(event.after.map(|v| v.to_string()))
    .bind(event.now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, FromRow)]
struct EventRow {
    /// UUIDv7 text, an event id with no newtype of its own.
    id: String,
    agent_id: AgentId,
    actor_id: Option<UserId>,
    actor_name: Option<String>,
    action: String,
    before_state: Option<String>,
    after_state: Option<String>,
    created_at: i64,
}

impl EventRow {
    fn into_api(self) -> Result<AgentActivity, sqlx::Error> {
        let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
        // Decoded here rather than as a column type: no `core` newtype names an event.
        let id = Uuid::parse_str(&self.id).map_err(|err| sqlx::Error::ColumnDecode {
            index: "id".into(),
            source: Box::new(err),
        })?;
        Ok(AgentActivity {
            id,
            agent_id: self.agent_id,
            actor_id: self.actor_id,
            actor_name: self.actor_name,
            action: serde_json::from_value(Value::String(self.action))
                .unwrap_or(AuditAction::Other),
            before: json(self.before_state),
            after: json(self.after_state),
            created_at: rfc3339(self.created_at),
        })
    }
}

/// The agent's events, newest first, with each actor's current name.
pub async fn for_agent(
    conn: &mut AnyConnection,
    agent_id: AgentId,
) -> Result<Vec<AgentActivity>, sqlx::Error> {
    let rows = sqlx::query_as::<_, EventRow>(
        "SELECT e.id, e.agent_id, e.actor_id, u.name AS actor_name, e.action, e.before_state, \
         e.after_state, e.created_at FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id \
         WHERE e.agent_id = $1 ORDER BY e.created_at DESC, e.id DESC",
    )
    .bind(agent_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(EventRow::into_api).collect()
}
