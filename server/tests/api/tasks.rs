//! The task queue after enqueue (issue 11; spec G): the daemon's batch claim with its payload
//! and task token, the run's reports (start, transcript, progress, complete, fail with retry,
//! status, lease, cancel-ack, recover-orphans), and who may touch which task.

mod brief;
mod cancel;
mod claim;
mod report;
mod sweep;
mod web;

use crate::daemon::{body, daemon, register};
use crate::helpers::*;
use axum::http::Method;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicI64, Ordering};

/// The daemon id the member's machine registers under.
pub const DAEMON_ID: &str = "member-laptop";

/// A workspace whose plain member runs a daemon with one `claude` runtime and owns an agent
/// bound to it.
pub struct Rig {
    pub crew: Crew,
    /// The member's daemon (a daemon token).
    pub daemon: Client,
    pub runtime: String,
    pub agent: String,
    issues: AtomicI64,
    clock: AtomicI64,
}

impl Rig {
    pub async fn new() -> Rig {
        Rig::with_capacity(10).await
    }

    /// With the agent's `max_concurrent_tasks` set to `capacity`.
    pub async fn with_capacity(capacity: i64) -> Rig {
        Rig::on(Crew::new().await, capacity).await
    }

    /// On `crew`'s app, with the agent's `max_concurrent_tasks` set to `capacity`.
    pub async fn on(crew: Crew, capacity: i64) -> Rig {
        let ws = crew.workspace.clone();
        let daemon = daemon(&crew.member, &ws).await;
        let registered = register(
            &daemon,
            body(
                &ws,
                DAEMON_ID,
                json!([{"name": "", "type": "claude", "version": "1.0"}]),
            ),
        )
        .await;
        let runtime = registered["runtimes"][0]["id"].as_str().unwrap().to_owned();
        let agent = crew
            .member
            .request(
                Method::POST,
                "/api/agents",
                Some(json!({
                    "name": "Builder", "runtime_id": runtime, "instructions": "Build things.",
                    "custom_args": ["--verbose"], "max_concurrent_tasks": capacity,
                    "mcp_config": {"mcpServers": {"git": {"command": "git-mcp"}}},
                })),
                &[("x-workspace-id", &ws)],
            )
            .await
            .expect(201)["id"]
            .as_str()
            .unwrap()
            .to_owned();
        Rig {
            crew,
            daemon,
            runtime,
            agent,
            issues: AtomicI64::new(0),
            clock: AtomicI64::new(1_700_000_000_000),
        }
    }

    pub fn app(&self) -> &TestApp {
        &self.crew.app
    }

    /// Inserts an issue (the issues API is another part of the issue); returns its id.
    pub async fn issue(&self, title: &str) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        let number = self.issues.fetch_add(1, Ordering::SeqCst) + 1;
        self.app()
            .sql(
                &format!(
                    "INSERT INTO issues (id, workspace_id, number, title, status, priority, \
                     creator_type, created_at, updated_at) \
                     VALUES ($1, $2, {number}, $3, 'todo', 'medium', 'member', 1, 1)"
                ),
                &[&id, &self.crew.workspace, title],
            )
            .await;
        id
    }

    /// Inserts a chat session of the member with the agent, with one user message.
    pub async fn chat(&self, message: &str) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        self.app()
            .sql(
                "INSERT INTO chat_sessions (id, workspace_id, agent_id, creator_id, title, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, 'Chat', 1, 1)",
                &[&id, &self.crew.workspace, &self.agent, &self.crew.member_id],
            )
            .await;
        self.app()
            .sql(
                "INSERT INTO chat_messages (id, chat_session_id, role, author_id, content, \
                 created_at) VALUES ($1, $2, 'user', $3, $4, 2)",
                &[
                    &uuid::Uuid::new_v4().to_string(),
                    &id,
                    &self.crew.member_id,
                    message,
                ],
            )
            .await;
        id
    }

    /// Queues a task directly (as `services::enqueue` would), each one a millisecond younger
    /// than the last; returns its id.
    pub async fn enqueue(&self, link: Link<'_>, priority: i64) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        let at = self.clock.fetch_add(1, Ordering::SeqCst);
        let (kind, issue, chat) = match link {
            Link::Issue(issue) => ("issue", Some(issue), None),
            Link::Chat(chat) => ("chat", None, Some(chat)),
            Link::Autopilot => ("autopilot", None, None),
        };
        let ws = self.crew.workspace.clone();
        let mut params: Vec<&str> =
            vec![&id, &ws, &self.agent, &self.runtime, &self.crew.member_id];
        let mut issue_sql = "NULL".to_owned();
        let mut chat_sql = "NULL".to_owned();
        if let Some(issue) = issue {
            params.push(issue);
            issue_sql = format!("${}", params.len());
        }
        if let Some(chat) = chat {
            params.push(chat);
            chat_sql = format!("${}", params.len());
        }
        let (issue, chat) = (issue_sql, chat_sql);
        self.app()
            .sql(
                &format!(
                    "INSERT INTO agent_task_queue (id, workspace_id, agent_id, runtime_id, \
                     issue_id, chat_session_id, kind, status, priority, originator_user_id, \
                     originator_source, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, {issue}, {chat}, '{kind}', 'queued', {priority}, $5, \
                     'assignment', {at}, {at})"
                ),
                &params,
            )
            .await;
        id
    }

    /// Gives `task` a stored MCP overlay and connected-app list, as enqueue would.
    pub async fn set_overlay(&self, task: &str, overlay: &str, apps: &str) {
        self.app()
            .sql(
                "UPDATE agent_task_queue SET runtime_mcp_overlay = $1, \
                 runtime_connected_apps = $2 WHERE id = $3",
                &[overlay, apps, task],
            )
            .await;
    }

    /// Claims as the member's daemon; returns the tasks.
    pub async fn claim(&self, max: i64) -> Vec<Value> {
        claim_as(&self.daemon, &self.runtime, max).await
    }

    /// One column of a task, as text (`None` for NULL).
    pub async fn column(&self, task: &str, column: &str) -> Option<String> {
        sqlx::query_scalar::<_, Option<String>>(&format!(
            "SELECT CAST({column} AS TEXT) FROM agent_task_queue WHERE id = $1"
        ))
        .bind(task)
        .fetch_one(&self.app().state.db.pool)
        .await
        .unwrap()
    }

    /// The task's status.
    pub async fn status(&self, task: &str) -> String {
        self.column(task, "status").await.unwrap()
    }

    /// Claims, then starts, the one queued task; returns its claim payload.
    pub async fn running(&self) -> Value {
        let tasks = self.claim(1).await;
        assert_eq!(tasks.len(), 1, "one task to claim");
        let id = tasks[0]["id"].as_str().unwrap();
        self.report(id, "start", Value::Null).await.expect(200);
        tasks[0].clone()
    }

    /// `POST /api/daemon/tasks/{id}/{what}` as the member's daemon.
    pub async fn report(&self, task: &str, what: &str, body: Value) -> Answer {
        let path = format!("/api/daemon/tasks/{task}/{what}");
        if body.is_null() {
            self.daemon.request(Method::POST, &path, None, &[]).await
        } else {
            self.daemon.post(&path, body).await
        }
    }

    /// How many rows `sql` counts (one `$1` parameter).
    pub async fn count(&self, sql: &str, param: &str) -> i64 {
        let mut query = sqlx::query_scalar::<_, i64>(sql);
        query = query.bind(param);
        query.fetch_one(&self.app().state.db.pool).await.unwrap()
    }
}

/// What a test task is linked to.
#[derive(Clone, Copy)]
pub enum Link<'a> {
    Issue(&'a str),
    Chat(&'a str),
    Autopilot,
}

/// Claims as `client` for `runtime`.
pub async fn claim_as(client: &Client, runtime: &str, max: i64) -> Vec<Value> {
    client
        .post(
            "/api/daemon/tasks/claim",
            json!({"daemon_id": DAEMON_ID, "runtime_ids": [runtime], "max_tasks": max}),
        )
        .await
        .expect(200)["tasks"]
        .as_array()
        .unwrap()
        .clone()
}
