//! Queries on `issue_comments` and their `comment_mentions` (links to ids, never parsed from
//! the text).

use super::rfc3339;
use agentry_core::api::issues::{Comment, Mention, Party, PartyType};
use agentry_core::{CommentId, IssueId, TaskId, WorkspaceId};
use sqlx::{AnyConnection, FromRow};
use std::collections::HashMap;
use uuid::Uuid;

/// A comment with its author's name.
#[derive(Debug, FromRow)]
pub struct CommentRow {
    pub id: CommentId,
    pub issue_id: IssueId,
    pub author_type: String,
    pub author_id: Option<String>,
    pub author_name: Option<String>,
    pub content: String,
    pub kind: String,
    pub parent_id: Option<CommentId>,
    pub source_task_id: Option<TaskId>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl CommentRow {
    /// The author's id (a user's or an agent's).
    pub fn author_uuid(&self) -> Option<Uuid> {
        self.author_id
            .as_deref()
            .and_then(|r| Uuid::parse_str(r).ok())
    }

    /// The API form, with its mentions.
    pub fn into_api(self, mentions: Vec<Mention>) -> Comment {
        Comment {
            id: self.id,
            issue_id: self.issue_id,
            author: Party {
                id: self.author_uuid(),
                kind: self.author_type,
                name: self.author_name,
            },
            content: self.content,
            kind: self.kind,
            parent_id: self.parent_id,
            mentions,
            source_task_id: self.source_task_id,
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
        }
    }
}

const SELECT: &str = "SELECT c.id, c.issue_id, c.author_type, c.author_id, \
     CASE c.author_type WHEN 'agent' THEN (SELECT a.name FROM agents a WHERE a.id = c.author_id) \
     WHEN 'member' THEN (SELECT u.name FROM users u WHERE u.id = c.author_id) END AS author_name, \
     c.content, c.kind, c.parent_id, c.source_task_id, c.created_at, c.updated_at \
     FROM issue_comments c";

/// A new comment.
#[derive(Debug)]
pub struct NewComment<'a> {
    pub id: CommentId,
    pub issue_id: IssueId,
    pub workspace_id: WorkspaceId,
    /// `member`, `agent`, or `system` (with no id) for a note the platform writes.
    pub author_type: &'static str,
    pub author_id: Option<Uuid>,
    /// `comment`, or `system` for the platform's own notes (a failed run).
    pub kind: &'static str,
    pub content: &'a str,
    pub parent_id: Option<CommentId>,
    pub source_task_id: Option<TaskId>,
    pub now: i64,
}

/// Inserts a comment and its mentions.
pub async fn insert(
    conn: &mut AnyConnection,
    c: &NewComment<'_>,
    mentions: &[Mention],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO issue_comments (id, issue_id, workspace_id, author_type, author_id, \
         content, kind, parent_id, source_task_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
    )
    .bind(c.id)
    .bind(c.issue_id)
    .bind(c.workspace_id)
    .bind(c.author_type)
    .bind(c.author_id.map(|id| id.to_string()))
    .bind(c.content)
    .bind(c.kind)
    .bind(c.parent_id)
    .bind(c.source_task_id)
    .bind(c.now)
    .execute(&mut *conn)
    .await?;
    for mention in mentions {
        sqlx::query(
            "INSERT INTO comment_mentions (comment_id, target_type, target_id) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(c.id)
        .bind(mention.kind.as_str())
        .bind(mention.id.to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// One comment of the issue.
pub async fn get(
    conn: &mut AnyConnection,
    issue_id: IssueId,
    id: CommentId,
) -> Result<Option<CommentRow>, sqlx::Error> {
    sqlx::query_as::<_, CommentRow>(&format!("{SELECT} WHERE c.issue_id = $1 AND c.id = $2"))
        .bind(issue_id)
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The issue's comments, oldest first, with their mentions.
pub async fn list(
    conn: &mut AnyConnection,
    issue_id: IssueId,
) -> Result<Vec<Comment>, sqlx::Error> {
    let rows = sqlx::query_as::<_, CommentRow>(&format!(
        "{SELECT} WHERE c.issue_id = $1 ORDER BY c.created_at, c.id"
    ))
    .bind(issue_id)
    .fetch_all(&mut *conn)
    .await?;
    let links = sqlx::query_as::<_, (CommentId, String, String)>(
        "SELECT m.comment_id, m.target_type, m.target_id FROM comment_mentions m \
         JOIN issue_comments c ON c.id = m.comment_id WHERE c.issue_id = $1 \
         ORDER BY m.target_type, m.target_id",
    )
    .bind(issue_id)
    .fetch_all(conn)
    .await?;
    let mut mentions: HashMap<CommentId, Vec<Mention>> = HashMap::new();
    for (comment, kind, id) in links {
        if let (Some(kind), Ok(id)) = (PartyType::parse(&kind), Uuid::parse_str(&id)) {
            mentions
                .entry(comment)
                .or_default()
                .push(Mention { kind, id });
        }
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let of = mentions.remove(&row.id).unwrap_or_default();
            row.into_api(of)
        })
        .collect())
}
