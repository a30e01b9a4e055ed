//! `/api/issues`: issues, their comments, metadata and reruns, and `/api/workspace`. Callers
//! are members or running agents ([`WorkScope`]); `{id}` is an issue's UUID or its `KEY-N`.

use crate::access::work::WorkScope;
use crate::db::{self, issues::IssueRow};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdPath, QueryMap};
use crate::services::issues::{self as service, CommentDraft, Draft};
use crate::state::AppState;
use agentry_core::api::issues::{
    Comment, CommentCreated, CreateCommentRequest, CreateIssueRequest, Issue, Mention,
    RerunRequest, RerunResponse, SetMetadataRequest, UpdateIssueRequest, WorkspaceInfo,
};
use agentry_core::limits::{ISSUE_LIST_MAX, MENTIONS_MAX};
use agentry_core::validate::at_most_items;
use agentry_core::work::{fields, IssuePriority, IssueStatus};
use agentry_core::IssueId;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use sqlx::AnyConnection;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The issue `raw` names (a UUID or `KEY-N`) in the workspace; 404 otherwise.
async fn find(conn: &mut AnyConnection, scope: &WorkScope, raw: &str) -> ApiResult<IssueRow> {
    let id = match Uuid::parse_str(raw) {
        Ok(id) => Some(IssueId(id)),
        Err(_) => match fields::parse_identifier(raw) {
            Some((key, number)) => {
                db::issues::id_by_identifier(conn, scope.workspace_id, &key, number).await?
            }
            None => None,
        },
    };
    let Some(id) = id else {
        return Err(ApiError::NotFound);
    };
    db::issues::get(conn, scope.workspace_id, id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// The issue, read again under its lock inside the write transaction.
async fn find_locked(
    tx: &mut crate::access::WriteTx,
    scope: &WorkScope,
    raw: &str,
) -> ApiResult<IssueRow> {
    let row = find(tx, scope, raw).await?;
    db::issues::lock(tx, row.id).await?;
    db::issues::get(tx, scope.workspace_id, row.id)
        .await?
        .ok_or(ApiError::NotFound)
}

async fn answer(conn: &mut AnyConnection, scope: &WorkScope, id: IssueId) -> ApiResult<Issue> {
    Ok(db::issues::get(conn, scope.workspace_id, id)
        .await?
        .ok_or(ApiError::NotFound)?
        .into_api())
}

fn query_value<T>(
    query: &QueryMap,
    key: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> ApiResult<Option<T>> {
    match query.0.get(key) {
        None => Ok(None),
        Some(raw) => parse(raw.trim())
            .map(Some)
            .ok_or_else(|| ApiError::invalid(key, "invalid", format!("{key} is not valid here"))),
    }
}

/// `GET /api/issues?status=&assignee_type=&assignee_id=&parent_id=&limit=` → newest first.
pub async fn list(
    State(state): State<AppState>,
    scope: WorkScope,
    query: QueryMap,
) -> ApiResult<Json<Vec<Issue>>> {
    let filter = db::issues::Filter {
        status: query_value(&query, "status", IssueStatus::parse)?,
        assignee_type: query_value(&query, "assignee_type", |r| {
            agentry_core::api::issues::PartyType::parse(r).map(|t| t.as_str().to_owned())
        })?,
        assignee_id: query_value(&query, "assignee_id", |r| Uuid::parse_str(r).ok())?,
        parent_id: query_value(&query, "parent_id", |r| {
            Uuid::parse_str(r).ok().map(IssueId)
        })?,
        limit: query_value(&query, "limit", |r| {
            r.parse::<usize>()
                .ok()
                .filter(|n| (1..=ISSUE_LIST_MAX).contains(n))
        })?
        .unwrap_or(50) as i64,
    };
    let mut conn = state.db.pool.acquire().await?;
    let rows = db::issues::list(&mut conn, scope.workspace_id, &filter).await?;
    Ok(Json(rows.into_iter().map(IssueRow::into_api).collect()))
}

/// `POST /api/issues` → 201 with the issue.
pub async fn create(
    State(state): State<AppState>,
    scope: WorkScope,
    ApiJson(body): ApiJson<CreateIssueRequest>,
) -> ApiResult<(StatusCode, Json<Issue>)> {
    let metadata = body.metadata.unwrap_or_default();
    fields::metadata(&metadata)?;
    let draft = Draft {
        title: fields::issue_title(&body.title)?,
        description: fields::issue_description(body.description.as_deref().unwrap_or(""))?,
        status: body.status.unwrap_or(IssueStatus::Todo),
        priority: body.priority.unwrap_or(IssuePriority::None),
        assignee: body.assignee,
        parent_issue_id: body.parent_issue_id,
        metadata,
    };
    let mut tx = state.db.begin_write().await?;
    let id = service::create(&mut tx, &scope, &draft, body.no_start).await?;
    let issue = answer(&mut tx, &scope, id).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(issue)))
}

/// `GET /api/issues/{id}`.
pub async fn show(
    State(state): State<AppState>,
    scope: WorkScope,
    IdPath(raw): IdPath<String>,
) -> ApiResult<Json<Issue>> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(find(&mut conn, &scope, &raw).await?.into_api()))
}

/// `PATCH /api/issues/{id}`: keys present change; `null` unassigns or unparents.
pub async fn update(
    State(state): State<AppState>,
    scope: WorkScope,
    IdPath(raw): IdPath<String>,
    ApiJson(body): ApiJson<UpdateIssueRequest>,
) -> ApiResult<Json<Issue>> {
    let title = body.title.as_deref().map(fields::issue_title).transpose()?;
    let description = body
        .description
        .as_deref()
        .map(fields::issue_description)
        .transpose()?;
    if let Some(bag) = &body.metadata {
        fields::metadata(bag)?;
    }
    let mut tx = state.db.begin_write().await?;
    let before = find_locked(&mut tx, &scope, &raw).await?;
    let draft = Draft {
        title: title.unwrap_or_else(|| before.title.clone()),
        description: description.unwrap_or_else(|| before.description.clone()),
        status: body.status.unwrap_or(before.status()),
        priority: body.priority.unwrap_or(before.priority()),
        assignee: match body.assignee.into_patch() {
            None => before.assignee_ref(),
            Some(next) => next,
        },
        parent_issue_id: match body.parent_issue_id.into_patch() {
            None => before.parent_issue_id,
            Some(next) => next,
        },
        metadata: body.metadata.unwrap_or_else(|| before.metadata()),
    };
    service::update(&mut tx, &scope, &before, &draft, body.no_start).await?;
    let issue = answer(&mut tx, &scope, before.id).await?;
    tx.commit().await?;
    Ok(Json(issue))
}

/// `GET /api/issues/{id}/children` → newest first.
pub async fn children(
    State(state): State<AppState>,
    scope: WorkScope,
    IdPath(raw): IdPath<String>,
) -> ApiResult<Json<Vec<Issue>>> {
    let mut conn = state.db.pool.acquire().await?;
    let parent = find(&mut conn, &scope, &raw).await?;
    let filter = db::issues::Filter {
        parent_id: Some(parent.id),
        limit: ISSUE_LIST_MAX as i64,
        ..Default::default()
    };
    let rows = db::issues::list(&mut conn, scope.workspace_id, &filter).await?;
    Ok(Json(rows.into_iter().map(IssueRow::into_api).collect()))
}

/// `GET /api/issues/{id}/comments` → oldest first.
pub async fn list_comments(
    State(state): State<AppState>,
    scope: WorkScope,
    IdPath(raw): IdPath<String>,
) -> ApiResult<Json<Vec<Comment>>> {
    let mut conn = state.db.pool.acquire().await?;
    let issue = find(&mut conn, &scope, &raw).await?;
    Ok(Json(db::comments::list(&mut conn, issue.id).await?))
}

/// `POST /api/issues/{id}/comments` → 201 `{comment, triggered}`.
pub async fn create_comment(
    State(state): State<AppState>,
    scope: WorkScope,
    IdPath(raw): IdPath<String>,
    ApiJson(body): ApiJson<CreateCommentRequest>,
) -> ApiResult<(StatusCode, Json<CommentCreated>)> {
    let content = fields::comment_content(&body.content)?;
    at_most_items("mentions", body.mentions.len(), MENTIONS_MAX)?;
    let mut mentions: Vec<Mention> = Vec::new();
    for m in &body.mentions {
        let mention = Mention {
            kind: m.kind,
            id: m.id,
        };
        if !mentions.contains(&mention) {
            mentions.push(mention);
        }
    }
    let draft = CommentDraft {
        content,
        mentions,
        parent_id: body.parent_id,
    };
    let mut tx = state.db.begin_write().await?;
    let issue = find(&mut tx, &scope, &raw).await?;
    let (id, triggered) = service::comment(&mut tx, &scope, &issue, &draft).await?;
    let created = service::comment_created(&mut tx, issue.id, id, triggered).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// `GET /api/issues/{id}/metadata` → the bag.
pub async fn metadata(
    State(state): State<AppState>,
    scope: WorkScope,
    IdPath(raw): IdPath<String>,
) -> ApiResult<Json<BTreeMap<String, String>>> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(find(&mut conn, &scope, &raw).await?.metadata()))
}

/// `PUT /api/issues/{id}/metadata/{key} {value}` → the bag.
pub async fn set_metadata(
    State(state): State<AppState>,
    scope: WorkScope,
    IdPath((raw, key)): IdPath<(String, String)>,
    ApiJson(body): ApiJson<SetMetadataRequest>,
) -> ApiResult<Json<BTreeMap<String, String>>> {
    fields::metadata_key(&key)?;
    fields::metadata_value(&body.value)?;
    let mut tx = state.db.begin_write().await?;
    let issue = find_locked(&mut tx, &scope, &raw).await?;
    let mut bag = issue.metadata();
    bag.insert(key, body.value);
    service::set_metadata(&mut tx, &scope, issue.id, &bag).await?;
    tx.commit().await?;
    Ok(Json(bag))
}

/// `DELETE /api/issues/{id}/metadata/{key}` → 204, set or not.
pub async fn delete_metadata(
    State(state): State<AppState>,
    scope: WorkScope,
    IdPath((raw, key)): IdPath<(String, String)>,
) -> ApiResult<StatusCode> {
    fields::metadata_key(&key)?;
    let mut tx = state.db.begin_write().await?;
    let issue = find_locked(&mut tx, &scope, &raw).await?;
    let mut bag = issue.metadata();
    if bag.remove(&key).is_some() {
        service::set_metadata(&mut tx, &scope, issue.id, &bag).await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/issues/{id}/rerun {task_id?}` → 202 `{task_id}`.
pub async fn rerun(
    State(state): State<AppState>,
    scope: WorkScope,
    IdPath(raw): IdPath<String>,
    ApiJson(body): ApiJson<Option<RerunRequest>>,
) -> ApiResult<(StatusCode, Json<RerunResponse>)> {
    let task = body.and_then(|b| b.task_id);
    let mut tx = state.db.begin_write().await?;
    let issue = find(&mut tx, &scope, &raw).await?;
    let task_id = service::rerun(&mut tx, &scope, &issue, task).await?;
    tx.commit().await?;
    Ok((StatusCode::ACCEPTED, Json(RerunResponse { task_id })))
}

/// `GET /api/workspace` → the workspace with its issue key.
pub async fn show_workspace(
    State(state): State<AppState>,
    scope: WorkScope,
) -> ApiResult<Json<WorkspaceInfo>> {
    let mut conn = state.db.pool.acquire().await?;
    db::workspaces::info(&mut conn, scope.workspace_id)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}
