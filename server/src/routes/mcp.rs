//! The MCP broker, `/mcp/tasks/{task_id}/composio`: a run reaches its connected apps here,
//! with its own task token as the bearer, and the server forwards the streamable-HTTP MCP
//! traffic (POST, GET, DELETE) to the task's Composio tool-router session, adding the project
//! key, which so never reaches a runner.
//!
//! A plain streaming reverse proxy, not an MCP server and client of its own (rmcp): the
//! broker has nothing to add to the protocol, and passing bytes through keeps its overhead to
//! the checks below (see `bench/broker.sh`). Every request is checked afresh (core's
//! `broker_access`): the path's task must be the token's and still running, its agent's owner
//! still a member who owns it, and every app granted at enqueue still connected and allowed.
//! An event stream is checked again every [`RECHECK`] while open and cut when that fails.
//! `tools/call` requests are recorded on the task (tool, toolkit, status, duration; never
//! arguments). The tool-router session is created on the run's first request.

mod calls;

use crate::auth::secret::{self, TASK_TOKEN_PREFIX};
use crate::composio::integration::Composio;
use crate::db::task_apps::{self, GrantRow, NewToolCall};
use crate::db::{self, now_ms};
use crate::state::AppState;
use agentry_core::apps::{broker_access, grant_apps, toolkit_of_tool, BrokerFacts, BrokerRefusal};
use agentry_core::TaskId;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use calls::{PendingCall, SseScanner};
use futures_util::stream::{self, Stream, StreamExt};
use serde_json::json;
use std::collections::BTreeMap;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often an open event stream is checked again.
pub const RECHECK: Duration = Duration::from_secs(1);
/// How long a session may take to answer a request, and to send a JSON answer's body.
const ANSWER_LIMIT: Duration = Duration::from_secs(300);
/// The largest request body forwarded.
const MAX_REQUEST: usize = 4 << 20;
/// The largest JSON answer read whole (to find tool results in it).
const MAX_ANSWER: usize = 16 << 20;
/// Request headers passed on to the session; everything else (our bearer first) stays here.
const FORWARD_UP: [&str; 5] = [
    "accept",
    "content-type",
    "mcp-session-id",
    "mcp-protocol-version",
    "last-event-id",
];
/// Answer headers passed back.
const FORWARD_DOWN: [&str; 4] = [
    "content-type",
    "mcp-session-id",
    "mcp-protocol-version",
    "cache-control",
];

fn refusal(error: &str, code: &str, status: StatusCode) -> Response {
    let mut response = (status, Json(json!({"error": error, "code": code}))).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

fn refused(why: BrokerRefusal) -> Response {
    let status = StatusCode::from_u16(why.status()).unwrap_or(StatusCode::FORBIDDEN);
    refusal(&why.to_string(), why.code(), status)
}

fn upstream_failed() -> Response {
    refusal(
        "the connected apps could not be reached",
        "composio_unavailable",
        StatusCode::BAD_GATEWAY,
    )
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && token.starts_with(TASK_TOKEN_PREFIX)).then_some(token)
}

/// Everything a request is judged on, read now.
struct Checked {
    grant: GrantRow,
    granted: BTreeMap<String, String>,
}

/// Reads the facts and asks core's rule; the grant when the request may go through.
async fn check(
    state: &AppState,
    task_id: TaskId,
    token_hash: Option<&str>,
) -> Result<Result<Checked, BrokerRefusal>, sqlx::Error> {
    let mut conn = state.db.pool.acquire().await?;
    let identity = match token_hash {
        Some(hash) => db::tasks::token_identity(&mut conn, hash, now_ms()).await?,
        None => None,
    };
    let path_task = task_id.to_string();
    let token_task = identity.as_ref().map(|i| i.task_id.to_string());
    let grant = match &identity {
        Some(i) if i.task_id == task_id => task_apps::grant(&mut conn, task_id).await?,
        _ => None,
    };
    let granted = grant.as_ref().map(GrantRow::apps);
    let mut owner_still_there = false;
    let mut granted_now = BTreeMap::new();
    if let (Some(identity), Some(grant)) = (&identity, &grant) {
        let agent = db::agents::get(&mut conn, identity.workspace_id, identity.agent_id).await?;
        let member = db::members::role(&mut conn, identity.workspace_id, grant.owner_id)
            .await?
            .is_some();
        if let Some(agent) = agent.filter(|a| a.owner_id() == Some(grant.owner_id)) {
            owner_still_there = member;
            let connections: Vec<(String, String)> =
                db::connections::list_active(&mut conn, grant.owner_id)
                    .await?
                    .into_iter()
                    .map(|c| (c.toolkit_slug, c.connected_account_id))
                    .collect();
            granted_now = grant_apps(agent.allowlist().as_deref(), &connections);
        }
    }
    let decision = broker_access(&BrokerFacts {
        path_task: &path_task,
        token_task: token_task.as_deref(),
        granted: granted.as_ref(),
        owner_still_there,
        granted_now: &granted_now,
    });
    Ok(match (decision, grant, granted) {
        (Ok(()), Some(grant), Some(granted)) => Ok(Checked { grant, granted }),
        (Err(why), _, _) => Err(why),
        _ => Err(BrokerRefusal::NoApps),
    })
}

/// Records what became of the calls; failures are logged (the audit never breaks a run).
async fn record(
    state: &AppState,
    task_id: TaskId,
    granted: &[String],
    done: Vec<(PendingCall, &str)>,
) {
    if done.is_empty() {
        return;
    }
    let Ok(mut conn) = state.db.pool.acquire().await else {
        tracing::warn!(task_id = %task_id, "tool calls not recorded: no connection");
        return;
    };
    for (call, status) in done {
        let toolkit = toolkit_of_tool(&call.tool, granted);
        let duration_ms = i64::try_from(call.started.elapsed().as_millis()).unwrap_or(i64::MAX);
        let recorded = task_apps::insert_tool_call(
            &mut conn,
            NewToolCall {
                task_id,
                tool_name: &call.tool,
                toolkit: toolkit.as_deref(),
                status,
                duration_ms,
                now: now_ms(),
            },
        )
        .await;
        if let Err(error) = recorded {
            tracing::warn!(task_id = %task_id, %error, "a tool call was not recorded");
        }
    }
}

/// The session's MCP URL: the stored one, or a new session for the grant (stored, then read
/// back so that concurrent first requests use the same one). Composio's URL must be on
/// Composio's own origin: the key is never sent anywhere else.
async fn session_url(
    state: &AppState,
    composio: &Composio,
    grant: &GrantRow,
    granted: &BTreeMap<String, String>,
) -> Option<String> {
    if let Some(url) = &grant.session_url {
        return Some(url.clone());
    }
    let enable: Vec<String> = granted.keys().cloned().collect();
    let accounts: BTreeMap<String, Vec<String>> = granted
        .iter()
        .map(|(slug, account)| (slug.clone(), vec![account.clone()]))
        .collect();
    let session = match composio
        .client
        .create_session(&grant.owner_id.to_string(), &enable, &accounts)
        .await
    {
        Ok(session) => session,
        Err(error) => {
            tracing::warn!(task_id = %grant.task_id, %error, "no Composio session for the run");
            return None;
        }
    };
    if !same_origin(&session.mcp.url, &composio.settings.base_url) {
        tracing::warn!(task_id = %grant.task_id, "Composio answered a session on another origin: not used");
        return None;
    }
    let mut conn = state.db.pool.acquire().await.ok()?;
    let stored = task_apps::set_session(
        &mut conn,
        grant.task_id,
        &session.session_id,
        &session.mcp.url,
        now_ms(),
    )
    .await;
    if let Err(error) = stored {
        tracing::warn!(task_id = %grant.task_id, %error, "the session was not stored");
        return None;
    }
    task_apps::grant(&mut conn, grant.task_id)
        .await
        .ok()
        .flatten()
        .and_then(|g| g.session_url)
}

fn same_origin(a: &str, b: &str) -> bool {
    match (reqwest::Url::parse(a), reqwest::Url::parse(b)) {
        (Ok(a), Ok(b)) => a.origin() == b.origin(),
        _ => false,
    }
}

/// `POST|GET|DELETE /mcp/tasks/{task_id}/composio`.
pub async fn composio(
    State(state): State<AppState>,
    Path(task_id): Path<String>,
    request: Request,
) -> Response {
    let started = Instant::now();
    let Some(composio) = state.composio.clone() else {
        return refusal(
            "connected apps are not configured on this server",
            "composio_not_configured",
            StatusCode::SERVICE_UNAVAILABLE,
        );
    };
    let Ok(task_id) = uuid::Uuid::parse_str(&task_id).map(TaskId) else {
        return refused(BrokerRefusal::NoApps);
    };
    let method = request.method().clone();
    if !matches!(method, Method::POST | Method::GET | Method::DELETE) {
        return refusal(
            "the broker answers POST, GET and DELETE",
            "method_not_allowed",
            StatusCode::METHOD_NOT_ALLOWED,
        );
    }
    let token_hash = bearer(request.headers()).map(secret::hash);
    let checked = match check(&state, task_id, token_hash.as_deref()).await {
        Ok(checked) => checked,
        Err(error) => {
            tracing::error!(task_id = %task_id, %error, "the broker could not read the task");
            return refusal(
                "internal error",
                "internal",
                StatusCode::INTERNAL_SERVER_ERROR,
            );
        }
    };
    let (headers, body) = {
        let (parts, body) = request.into_parts();
        (parts.headers, body)
    };
    let Ok(body) = axum::body::to_bytes(body, MAX_REQUEST).await else {
        return refusal(
            "the request body is too large",
            "payload_too_large",
            StatusCode::PAYLOAD_TOO_LARGE,
        );
    };
    let pending = if method == Method::POST {
        calls::tool_calls(&body, started)
    } else {
        Vec::new()
    };
    let checked = match checked {
        Ok(checked) => checked,
        Err(why) => {
            // A refused call of this very task (its own live token) is part of its audit.
            if matches!(why, BrokerRefusal::OwnerGone | BrokerRefusal::AppRevoked) {
                let done = pending.into_iter().map(|c| (c, calls::REFUSED)).collect();
                record(&state, task_id, &[], done).await;
            }
            tracing::info!(task_id = %task_id, code = why.code(), "broker request refused");
            return refused(why);
        }
    };
    let granted: Vec<String> = checked.granted.keys().cloned().collect();
    let Some(url) = session_url(&state, &composio, &checked.grant, &checked.granted).await else {
        let done = pending.into_iter().map(|c| (c, calls::ERROR)).collect();
        record(&state, task_id, &granted, done).await;
        return upstream_failed();
    };
    let mut upstream = composio
        .broker_http
        .request(method, &url)
        .header("x-api-key", composio.settings.api_key.expose());
    for name in FORWARD_UP {
        if let Some(value) = headers.get(name) {
            upstream = upstream.header(name, value.as_bytes());
        }
    }
    if !body.is_empty() {
        upstream = upstream.body(body);
    }
    // A JSON answer's head comes when the tool is done, so the wait is a tool's run time, not
    // an API call's; an event stream, once begun, stays open while both ends want it (and the
    // checks pass).
    let limit = ANSWER_LIMIT.max(composio.settings.timeout);
    let answer = match tokio::time::timeout(limit, upstream.send()).await {
        Ok(Ok(answer)) => answer,
        Ok(Err(error)) => {
            tracing::warn!(task_id = %task_id, error = %redact(&error.to_string(), &url), "the session could not be reached");
            let done = pending.into_iter().map(|c| (c, calls::ERROR)).collect();
            record(&state, task_id, &granted, done).await;
            return upstream_failed();
        }
        Err(_) => {
            tracing::warn!(task_id = %task_id, "the session did not answer in time");
            let done = pending.into_iter().map(|c| (c, calls::ERROR)).collect();
            record(&state, task_id, &granted, done).await;
            return upstream_failed();
        }
    };
    let status = answer.status();
    if status == reqwest::StatusCode::UNAUTHORIZED || status == reqwest::StatusCode::FORBIDDEN {
        // Composio refusing our key is no fault of the run's token: never a 401 to it.
        tracing::warn!(task_id = %task_id, status = status.as_u16(), "Composio refused the session request");
        let done = pending.into_iter().map(|c| (c, calls::ERROR)).collect();
        record(&state, task_id, &granted, done).await;
        return upstream_failed();
    }
    let mut response = Response::builder()
        .status(StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::BAD_GATEWAY));
    for name in FORWARD_DOWN {
        if let Some(value) = answer.headers().get(name) {
            if let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_bytes(value.as_bytes()),
            ) {
                response = response.header(n, v);
            }
        }
    }
    let is_stream = answer
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    if is_stream {
        let body = guarded_stream(state, task_id, token_hash, granted, pending, answer);
        return response
            .body(Body::from_stream(body))
            .unwrap_or_else(|_| upstream_failed());
    }
    let Ok(Some(bytes)) = tokio::time::timeout(limit, read_capped(answer)).await else {
        let done = pending.into_iter().map(|c| (c, calls::ERROR)).collect();
        record(&state, task_id, &granted, done).await;
        return upstream_failed();
    };
    if !pending.is_empty() {
        let answered: Vec<(String, &'static str)> = serde_json::from_slice(&bytes)
            .map(|v| calls::answers(&v))
            .unwrap_or_default();
        let fallback = if status.is_success() {
            calls::NO_ANSWER
        } else {
            calls::ERROR
        };
        let done = pending
            .into_iter()
            .map(|call| {
                let status = answered
                    .iter()
                    .find(|(id, _)| *id == call.id)
                    .map_or(fallback, |(_, s)| *s);
                (call, status)
            })
            .collect();
        record(&state, task_id, &granted, done).await;
    }
    response
        .body(Body::from(bytes))
        .unwrap_or_else(|_| upstream_failed())
}

/// Session URLs are bearer-like: never in a log line.
fn redact(text: &str, url: &str) -> String {
    text.replace(url, "[session]")
}

async fn read_capped(answer: reqwest::Response) -> Option<Bytes> {
    if answer
        .content_length()
        .is_some_and(|n| n > MAX_ANSWER as u64)
    {
        return None;
    }
    let mut stream = answer.bytes_stream();
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.ok()?;
        if out.len() + chunk.len() > MAX_ANSWER {
            return None;
        }
        out.extend_from_slice(&chunk);
    }
    Some(Bytes::from(out))
}

type ByteStream = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// What a forwarded event stream carries along.
struct Guard {
    state: AppState,
    task_id: TaskId,
    token_hash: Option<String>,
    granted: Arc<Vec<String>>,
    pending: Vec<PendingCall>,
    scanner: SseScanner,
    upstream: ByteStream,
    next_check: tokio::time::Instant,
    done: bool,
}

/// The upstream event stream, passed through as it comes, its tool answers recorded, and cut
/// when a check fails (the task ended, the owner left, an app was disconnected).
fn guarded_stream(
    state: AppState,
    task_id: TaskId,
    token_hash: Option<String>,
    granted: Vec<String>,
    pending: Vec<PendingCall>,
    answer: reqwest::Response,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send {
    let guard = Guard {
        state,
        task_id,
        token_hash,
        granted: Arc::new(granted),
        pending,
        scanner: SseScanner::default(),
        upstream: Box::pin(answer.bytes_stream()),
        next_check: tokio::time::Instant::now() + RECHECK,
        done: false,
    };
    stream::unfold(guard, |mut g| async move {
        if g.done {
            return None;
        }
        loop {
            tokio::select! {
                chunk = g.upstream.next() => {
                    match chunk {
                        Some(Ok(chunk)) => {
                            let answered = g.scanner.feed(&chunk);
                            settle(&mut g, answered).await;
                            return Some((Ok(chunk), g));
                        }
                        Some(Err(error)) => {
                            tracing::info!(task_id = %g.task_id, %error, "the session's event stream broke");
                            finish(&mut g, calls::ERROR).await;
                            return None;
                        }
                        None => {
                            finish(&mut g, calls::NO_ANSWER).await;
                            return None;
                        }
                    }
                }
                () = tokio::time::sleep_until(g.next_check) => {
                    g.next_check = tokio::time::Instant::now() + RECHECK;
                    let still = check(&g.state, g.task_id, g.token_hash.as_deref()).await;
                    if !matches!(still, Ok(Ok(_))) {
                        tracing::info!(task_id = %g.task_id, "a live broker stream was cut");
                        finish(&mut g, calls::REFUSED).await;
                        return None;
                    }
                }
            }
        }
    })
}

async fn settle(g: &mut Guard, answered: Vec<(String, &'static str)>) {
    if answered.is_empty() || g.pending.is_empty() {
        return;
    }
    let mut done = Vec::new();
    for (id, status) in answered {
        if let Some(at) = g.pending.iter().position(|c| c.id == id) {
            done.push((g.pending.remove(at), status));
        }
    }
    let granted = Arc::clone(&g.granted);
    record(&g.state, g.task_id, &granted, done).await;
}

async fn finish(g: &mut Guard, status: &'static str) {
    g.done = true;
    let done = g.pending.drain(..).map(|c| (c, status)).collect();
    let granted = Arc::clone(&g.granted);
    record(&g.state, g.task_id, &granted, done).await;
}
