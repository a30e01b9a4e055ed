//! `/api/issues` and `/api/workspace`: issues, comments, mentions, metadata, reruns, the runs
//! they ask for, and running agents calling with their task tokens.

mod agents;
mod assign;
mod assignees;
mod comments;
mod crud;

use crate::helpers::*;
use axum::http::Method;
use serde_json::{json, Value};

/// The crew's workspace with a runtime (the owner's) and agents on it: `helper`, which every
/// member may run, and whatever a test adds with [`Board::agent`].
pub struct Board {
    pub crew: Crew,
    pub runtime: String,
    pub helper: String,
}

pub fn text(value: &Value, key: &str) -> String {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {value}"))
        .to_owned()
}

impl Board {
    pub async fn new() -> Board {
        let crew = Crew::new().await;
        let ws = crew.workspace.clone();
        let token = crew
            .owner
            .post(
                &format!("/api/workspaces/{ws}/daemon-tokens"),
                json!({"name": "box"}),
            )
            .await
            .expect(201);
        let registered = crew
            .owner
            .with_bearer(&text(&token, "token"))
            .post(
                "/api/daemon/register",
                json!({
                    "workspace_id": ws, "daemon_id": "box", "device_name": "box",
                    "cli_version": "0.1.0", "launched_by": "cli",
                    "runtimes": [{"name": "", "type": "claude", "version": "1.0"}],
                }),
            )
            .await
            .expect(200);
        let runtime = text(&registered["runtimes"][0], "id");
        let mut board = Board {
            crew,
            runtime,
            helper: String::new(),
        };
        board.helper = board
            .agent(json!({"permission_mode": "public_to",
                "invocation_targets": [{"target_type": "workspace"}]}))
            .await;
        board
    }

    pub fn ws(&self) -> &str {
        &self.crew.workspace
    }

    /// A new agent of the owner's on the runtime, with these access keys.
    pub async fn agent(&self, access: Value) -> String {
        let mut body = access;
        body["name"] = json!(format!("Agent {}", uuid::Uuid::new_v4().simple()));
        body["runtime_id"] = json!(self.runtime);
        let agent = self
            .call(&self.crew.owner, Method::POST, "/api/agents", Some(body))
            .await;
        text(&agent.expect(201), "id")
    }

    /// A request in the board's workspace.
    pub async fn call(
        &self,
        who: &Client,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Answer {
        who.request(method, path, body, &[("x-workspace-id", self.ws())])
            .await
    }

    pub async fn get(&self, who: &Client, path: &str) -> Answer {
        self.call(who, Method::GET, path, None).await
    }

    pub async fn post(&self, who: &Client, path: &str, body: Value) -> Answer {
        self.call(who, Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, who: &Client, path: &str, body: Value) -> Answer {
        self.call(who, Method::PATCH, path, Some(body)).await
    }

    /// Creates an issue as `who` and returns it.
    pub async fn issue(&self, who: &Client, body: Value) -> Value {
        self.post(who, "/api/issues", body).await.expect(201)
    }

    /// A running task of `agent` with a live task token; `originator` is a user id or none.
    pub async fn task_token(&self, agent: &str, originator: Option<&str>) -> (String, String) {
        let app = &self.crew.app;
        let task = uuid::Uuid::new_v4().to_string();
        let originator_sql = if originator.is_some() { "$5" } else { "NULL" };
        let mut params = vec![task.as_str(), self.ws(), agent, self.runtime.as_str()];
        if let Some(o) = originator {
            params.push(o);
        }
        app.sql(
            &format!(
                "INSERT INTO agent_task_queue (id, workspace_id, agent_id, runtime_id, kind, \
                 status, originator_user_id, originator_source, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'chat', 'running', {originator_sql}, 'chat', 1, 1)"
            ),
            &params,
        )
        .await;
        let token = agentry_server::auth::secret::task_token();
        let hash = agentry_server::auth::secret::hash(&token);
        let id = uuid::Uuid::new_v4().to_string();
        app.sql(
            "INSERT INTO task_tokens (id, token_hash, task_id, agent_id, workspace_id, user_id, \
             expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, 99999999999999, 1)",
            &[&id, &hash, &task, agent, self.ws(), &self.crew.owner_id],
        )
        .await;
        (token, task)
    }

    /// The runs of `agent` on `issue`: (status, trigger comment, coalesced ids, originator,
    /// force fresh).
    pub async fn runs(&self, issue: &str, agent: &str) -> Vec<Value> {
        let rows = sqlx::query_as::<_, (String, String, Option<String>, String, Option<String>, i64)>(
            "SELECT id, status, trigger_comment_id, coalesced_comment_ids, originator_user_id, \
             force_fresh_session FROM agent_task_queue WHERE issue_id = $1 AND agent_id = $2 \
             ORDER BY created_at",
        )
        .bind(issue)
        .bind(agent)
        .fetch_all(&self.crew.app.state.db.pool)
        .await
        .unwrap();
        rows.into_iter()
            .map(|(id, status, trigger, coalesced, originator, fresh)| {
                json!({"id": id, "status": status, "trigger": trigger,
                    "coalesced": serde_json::from_str::<Value>(&coalesced).unwrap(),
                    "originator": originator, "fresh": fresh == 1})
            })
            .collect()
    }

    /// How many issues the workspace has.
    pub async fn issue_count(&self) -> usize {
        self.get(&self.crew.owner, "/api/issues?limit=200")
            .await
            .expect(200)
            .as_array()
            .unwrap()
            .len()
    }
}
