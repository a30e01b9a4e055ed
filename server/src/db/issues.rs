//! Queries on `issues`: numbering (the workspace's counter), the full view an answer is built
//! from (assignee and creator names, parent, child count, the assignee's current run), lists
//! with filters, and writes. Every read is scoped to one workspace.

use super::rfc3339;
use agentry_core::api::issues::{Issue, IssueRun, IssueSummary, Party, PartyRef, PartyType};
use agentry_core::work::{issue_identifier, IssuePriority, IssueStatus, TaskStatus};
use agentry_core::{IssueId, TaskId, WorkspaceId};
use sqlx::{AnyConnection, FromRow};
use std::collections::BTreeMap;
use uuid::Uuid;

/// An issue as the API shows it, joined with what the answer names.
#[derive(Debug, FromRow)]
pub struct IssueRow {
    pub id: IssueId,
    pub workspace_id: WorkspaceId,
    pub number: i64,
    pub issue_key: String,
    pub title: String,
    pub description: String,
    pub status: String,
    pub priority: String,
    pub assignee_type: Option<String>,
    pub assignee_id: Option<String>,
    pub assignee_name: Option<String>,
    pub creator_type: String,
    pub creator_id: Option<String>,
    pub creator_name: Option<String>,
    pub parent_issue_id: Option<IssueId>,
    pub parent_number: Option<i64>,
    pub parent_title: Option<String>,
    pub parent_status: Option<String>,
    pub children_count: i64,
    pub metadata: String,
    pub origin_type: Option<String>,
    pub origin_id: Option<String>,
    pub run_task_id: Option<TaskId>,
    pub run_status: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

fn uuid(raw: Option<&str>) -> Option<Uuid> {
    raw.and_then(|r| Uuid::parse_str(r).ok())
}

impl IssueRow {
    /// The stored status (the CHECK constraint keeps it one of the known ones).
    pub fn status(&self) -> IssueStatus {
        IssueStatus::parse(&self.status).unwrap_or(IssueStatus::Todo)
    }

    /// The stored priority.
    pub fn priority(&self) -> IssuePriority {
        IssuePriority::parse(&self.priority).unwrap_or_default()
    }

    /// The assigned agent, if the assignee is one.
    pub fn assignee_agent(&self) -> Option<agentry_core::AgentId> {
        match self.assignee_type.as_deref() {
            Some("agent") => uuid(self.assignee_id.as_deref()).map(agentry_core::AgentId),
            _ => None,
        }
    }

    /// The assignee as a request names one.
    pub fn assignee_ref(&self) -> Option<PartyRef> {
        let kind = PartyType::parse(self.assignee_type.as_deref()?)?;
        Some(PartyRef {
            kind,
            id: uuid(self.assignee_id.as_deref())?,
        })
    }

    /// The metadata bag (an unreadable one reads as empty).
    pub fn metadata(&self) -> BTreeMap<String, String> {
        serde_json::from_str(&self.metadata).unwrap_or_default()
    }

    /// `KEY-N`.
    pub fn identifier(&self) -> String {
        issue_identifier(&self.issue_key, self.number)
    }

    /// The API form.
    pub fn into_api(self) -> Issue {
        let parent = match (self.parent_issue_id, self.parent_number, &self.parent_title) {
            (Some(id), Some(number), Some(title)) => Some(IssueSummary {
                id,
                identifier: issue_identifier(&self.issue_key, number),
                title: title.clone(),
                status: self
                    .parent_status
                    .as_deref()
                    .and_then(IssueStatus::parse)
                    .unwrap_or(IssueStatus::Todo),
            }),
            _ => None,
        };
        let run = match (
            self.run_task_id,
            self.run_status.as_deref().and_then(TaskStatus::parse),
        ) {
            (Some(task_id), Some(status)) => Some(IssueRun { task_id, status }),
            _ => None,
        };
        Issue {
            id: self.id,
            workspace_id: self.workspace_id,
            number: self.number,
            identifier: self.identifier(),
            status: self.status(),
            priority: self.priority(),
            metadata: self.metadata(),
            assignee: self.assignee_type.clone().map(|kind| Party {
                kind,
                id: uuid(self.assignee_id.as_deref()),
                name: self.assignee_name.clone(),
            }),
            creator: Party {
                kind: self.creator_type.clone(),
                id: uuid(self.creator_id.as_deref()),
                name: self.creator_name.clone(),
            },
            parent,
            children_count: self.children_count,
            origin_type: self.origin_type,
            origin_id: uuid(self.origin_id.as_deref()),
            run,
            title: self.title,
            description: self.description,
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
        }
    }
}

/// The name of a party of `type_col`/`id_col` (a member's user name or an agent's name).
macro_rules! party_name {
    ($type_col:literal, $id_col:literal) => {
        concat!(
            "CASE ",
            $type_col,
            " WHEN 'agent' THEN (SELECT a.name FROM agents a WHERE a.id = ",
            $id_col,
            ") WHEN 'member' THEN (SELECT u.name FROM users u WHERE u.id = ",
            $id_col,
            ") END"
        )
    };
}

/// The assignee's run: a live one first, else the latest.
const RUN: &str = "FROM agent_task_queue t WHERE t.issue_id = i.id AND i.assignee_type = 'agent' \
     AND t.agent_id = i.assignee_id \
     ORDER BY CASE WHEN t.status IN ('completed', 'failed', 'cancelled') THEN 1 ELSE 0 END, \
     t.created_at DESC, t.id DESC LIMIT 1";

fn select() -> String {
    format!(
        "SELECT i.id, i.workspace_id, i.number, w.issue_key, i.title, i.description, i.status, \
         i.priority, i.assignee_type, i.assignee_id, {} AS assignee_name, i.creator_type, \
         i.creator_id, {} AS creator_name, i.parent_issue_id, p.number AS parent_number, \
         p.title AS parent_title, p.status AS parent_status, \
         (SELECT COUNT(*) FROM issues c WHERE c.parent_issue_id = i.id) AS children_count, \
         i.metadata, i.origin_type, i.origin_id, (SELECT t.id {RUN}) AS run_task_id, \
         (SELECT t.status {RUN}) AS run_status, i.created_at, i.updated_at \
         FROM issues i JOIN workspaces w ON w.id = i.workspace_id \
         LEFT JOIN issues p ON p.id = i.parent_issue_id",
        party_name!("i.assignee_type", "i.assignee_id"),
        party_name!("i.creator_type", "i.creator_id"),
    )
}

/// The issue `id` of the workspace.
pub async fn get(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    id: IssueId,
) -> Result<Option<IssueRow>, sqlx::Error> {
    sqlx::query_as::<_, IssueRow>(&format!(
        "{} WHERE i.workspace_id = $1 AND i.id = $2",
        select()
    ))
    .bind(workspace_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The id of issue number `number` of the workspace, if its key is `key` (any case).
pub async fn id_by_identifier(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    key: &str,
    number: i64,
) -> Result<Option<IssueId>, sqlx::Error> {
    sqlx::query_scalar::<_, IssueId>(
        "SELECT i.id FROM issues i JOIN workspaces w ON w.id = i.workspace_id \
         WHERE i.workspace_id = $1 AND UPPER(w.issue_key) = $2 AND i.number = $3",
    )
    .bind(workspace_id)
    .bind(key.to_ascii_uppercase())
    .bind(number)
    .fetch_optional(conn)
    .await
}

/// What a list is filtered by.
#[derive(Debug, Default)]
pub struct Filter {
    pub status: Option<IssueStatus>,
    pub assignee_type: Option<String>,
    pub assignee_id: Option<Uuid>,
    pub parent_id: Option<IssueId>,
    pub limit: i64,
}

/// The workspace's issues matching `filter`, newest first.
pub async fn list(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    filter: &Filter,
) -> Result<Vec<IssueRow>, sqlx::Error> {
    let mut sql = format!("{} WHERE i.workspace_id = $1", select());
    let mut n = 1;
    let mut clause = |column: &str| {
        n += 1;
        format!(" AND {column} = ${n}")
    };
    let status = filter.status.map(IssueStatus::as_str);
    let assignee_id = filter.assignee_id.map(|id| id.to_string());
    if status.is_some() {
        sql.push_str(&clause("i.status"));
    }
    if filter.assignee_type.is_some() {
        sql.push_str(&clause("i.assignee_type"));
    }
    if assignee_id.is_some() {
        sql.push_str(&clause("i.assignee_id"));
    }
    if filter.parent_id.is_some() {
        sql.push_str(&clause("i.parent_issue_id"));
    }
    n += 1;
    sql.push_str(&format!(
        " ORDER BY i.created_at DESC, i.number DESC LIMIT ${n}"
    ));
    let mut query = sqlx::query_as::<_, IssueRow>(&sql).bind(workspace_id);
    if let Some(status) = status {
        query = query.bind(status);
    }
    if let Some(kind) = &filter.assignee_type {
        query = query.bind(kind.clone());
    }
    if let Some(id) = assignee_id {
        query = query.bind(id);
    }
    if let Some(parent) = filter.parent_id {
        query = query.bind(parent);
    }
    query.bind(filter.limit).fetch_all(conn).await
}

/// Hands out the workspace's next issue number and returns it with the issue key. The
/// increment is one statement, so concurrent creates on either backend never share a number.
pub async fn next_number(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
) -> Result<(i64, String), sqlx::Error> {
    sqlx::query_as::<_, (i64, String)>(
        "UPDATE workspaces SET issue_counter = issue_counter + 1 WHERE id = $1 \
         RETURNING issue_counter, issue_key",
    )
    .bind(workspace_id)
    .fetch_one(conn)
    .await
}

/// The stored fields of an issue that a write sets.
#[derive(Debug)]
pub struct Fields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub status: IssueStatus,
    pub priority: IssuePriority,
    /// `(member|agent, id)`.
    pub assignee: Option<(&'static str, Uuid)>,
    pub parent_issue_id: Option<IssueId>,
    pub metadata: &'a BTreeMap<String, String>,
}

fn metadata_json(bag: &BTreeMap<String, String>) -> String {
    serde_json::to_string(bag).unwrap_or_else(|_| "{}".to_owned())
}

/// A new issue: its number from [`next_number`], its fields, who created it and, for an issue a
/// machine opened (an autopilot run), where it came from.
#[derive(Debug)]
pub struct NewIssue<'a> {
    pub id: IssueId,
    pub workspace_id: WorkspaceId,
    pub number: i64,
    pub fields: Fields<'a>,
    /// `(member|agent|system, id)`.
    pub creator: (&'static str, Option<Uuid>),
    /// `(autopilot, id)`; `None` for an issue a person or an agent opened.
    pub origin: Option<(&'static str, Uuid)>,
    pub now: i64,
}

/// Inserts an issue.
pub async fn insert(conn: &mut AnyConnection, new: &NewIssue<'_>) -> Result<(), sqlx::Error> {
    let fields = &new.fields;
    sqlx::query(
        "INSERT INTO issues (id, workspace_id, number, title, description, status, priority, \
         assignee_type, assignee_id, creator_type, creator_id, parent_issue_id, metadata, \
         origin_type, origin_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)",
    )
    .bind(new.id)
    .bind(new.workspace_id)
    .bind(new.number)
    .bind(fields.title)
    .bind(fields.description)
    .bind(fields.status.as_str())
    .bind(fields.priority.as_str())
    .bind(fields.assignee.map(|(kind, _)| kind))
    .bind(fields.assignee.map(|(_, id)| id.to_string()))
    .bind(new.creator.0)
    .bind(new.creator.1.map(|id| id.to_string()))
    .bind(fields.parent_issue_id)
    .bind(metadata_json(fields.metadata))
    .bind(new.origin.map(|(kind, _)| kind))
    .bind(new.origin.map(|(_, id)| id.to_string()))
    .bind(new.now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes every field of the issue.
pub async fn update(
    conn: &mut AnyConnection,
    id: IssueId,
    fields: &Fields<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE issues SET title = $1, description = $2, status = $3, priority = $4, \
         assignee_type = $5, assignee_id = $6, parent_issue_id = $7, metadata = $8, \
         updated_at = $9 WHERE id = $10",
    )
    .bind(fields.title)
    .bind(fields.description)
    .bind(fields.status.as_str())
    .bind(fields.priority.as_str())
    .bind(fields.assignee.map(|(kind, _)| kind))
    .bind(fields.assignee.map(|(_, id)| id.to_string()))
    .bind(fields.parent_issue_id)
    .bind(metadata_json(fields.metadata))
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces the metadata bag.
pub async fn set_metadata(
    conn: &mut AnyConnection,
    id: IssueId,
    bag: &BTreeMap<String, String>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE issues SET metadata = $1, updated_at = $2 WHERE id = $3")
        .bind(metadata_json(bag))
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Locks the issue's row until the transaction ends, so a read-modify-write (a PATCH, a
/// metadata key) never loses a concurrent one on PostgreSQL (SQLite's write transaction
/// already holds the database's lock).
pub async fn lock(conn: &mut AnyConnection, id: IssueId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE issues SET updated_at = updated_at WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The parent of an issue of the workspace (`None` at the top, or when there is no such issue).
pub async fn parent_of(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    id: IssueId,
) -> Result<Option<Option<IssueId>>, sqlx::Error> {
    sqlx::query_scalar::<_, Option<IssueId>>(
        "SELECT parent_issue_id FROM issues WHERE workspace_id = $1 AND id = $2",
    )
    .bind(workspace_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The agent of run `task`, if it is a run of this issue in this workspace.
pub async fn agent_of_run(
    conn: &mut AnyConnection,
    workspace_id: WorkspaceId,
    issue_id: IssueId,
    task: TaskId,
) -> Result<Option<agentry_core::AgentId>, sqlx::Error> {
    sqlx::query_scalar::<_, agentry_core::AgentId>(
        "SELECT agent_id FROM agent_task_queue WHERE id = $1 AND workspace_id = $2 AND issue_id = $3",
    )
    .bind(task)
    .bind(workspace_id)
    .bind(issue_id)
    .fetch_optional(conn)
    .await
}
