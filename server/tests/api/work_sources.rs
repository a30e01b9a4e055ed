//! Work sources (issue 11): chat, quick-create and autopilots with their scheduler. Each asks
//! the invoke gate before it stores anything (spec §4.6); spec case numbers (§9) are named in
//! the tests they cover.

mod autopilots;
mod chat;
mod quick_create;
mod scheduler;

use crate::agents::Ws;
use crate::helpers::*;
use axum::http::Method;
use serde_json::{json, Value};

/// A workspace (the `Crew`) with a runtime of the owner's and two agents on it: `shared`, which
/// everyone in the workspace may run, and `private`, which only the owner may.
pub struct Setup {
    pub crew: Crew,
    pub shared: String,
    pub private: String,
}

impl Setup {
    pub async fn new() -> Setup {
        Setup::on(TestApp::new().await).await
    }

    pub async fn on(app: TestApp) -> Setup {
        let crew = Crew::on(app).await;
        let ws = crew.workspace.clone();
        let daemon = crew
            .owner
            .post(
                &format!("/api/workspaces/{ws}/daemon-tokens"),
                json!({"name": "box"}),
            )
            .await
            .expect(201);
        let registered = crew
            .owner
            .with_bearer(daemon["token"].as_str().unwrap())
            .post(
                "/api/daemon/register",
                json!({
                    "workspace_id": ws, "daemon_id": "owner-box", "device_name": "box",
                    "cli_version": "0.1.0", "launched_by": "cli",
                    "runtimes": [{"name": "", "type": "claude", "version": "1.0"}],
                }),
            )
            .await
            .expect(200);
        let runtime = registered["runtimes"][0]["id"].as_str().unwrap().to_owned();
        let owner = crew.owner.at(&ws);
        let shared = owner
            .create_agent(json!({
                "name": "Helper", "runtime_id": runtime, "permission_mode": "public_to",
                "invocation_targets": [{"target_type": "workspace", "target_id": ws}],
            }))
            .await;
        let private = owner
            .create_agent(json!({"name": "Secret", "runtime_id": runtime}))
            .await;
        Setup {
            shared: id(&shared),
            private: id(&private),
            crew,
        }
    }

    pub fn owner(&self) -> Ws {
        self.crew.owner.at(&self.crew.workspace)
    }

    pub fn admin(&self) -> Ws {
        self.crew.admin.at(&self.crew.workspace)
    }

    pub fn member(&self) -> Ws {
        self.crew.member.at(&self.crew.workspace)
    }

    /// Makes the shared agent private to its owner: the member may no longer run it.
    pub async fn revoke_shared(&self) {
        self.owner()
            .put(
                &format!("/api/agents/{}", self.shared),
                json!({"permission_mode": "private"}),
            )
            .await
            .expect(200);
    }

    /// How many rows `table` holds (optionally `WHERE` the given clause with one parameter).
    pub async fn count(&self, table: &str, filter: Option<(&str, &str)>) -> i64 {
        let sql = match filter {
            Some((clause, _)) => format!("SELECT COUNT(*) FROM {table} WHERE {clause}"),
            None => format!("SELECT COUNT(*) FROM {table}"),
        };
        let mut query = sqlx::query_scalar::<_, i64>(&sql);
        if let Some((_, param)) = filter {
            query = query.bind(param.to_owned());
        }
        query.fetch_one(&self.crew.app.state.db.pool).await.unwrap()
    }

    /// One task's columns as text (NULL → `None`).
    pub async fn task_text(&self, task_id: &str, column: &str) -> Option<String> {
        self.text(
            &format!("SELECT {column} FROM agent_task_queue WHERE id = $1"),
            task_id,
        )
        .await
    }

    /// One nullable text value of the row a query with one parameter finds.
    pub async fn text(&self, sql: &str, param: &str) -> Option<String> {
        sqlx::query_scalar::<_, Option<String>>(sql)
            .bind(param.to_owned())
            .fetch_one(&self.crew.app.state.db.pool)
            .await
            .unwrap()
    }
}

impl Ws {
    pub async fn patch(&self, path: &str, body: Value) -> Answer {
        self.send(Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(Method::DELETE, path, None).await
    }

    pub async fn post_empty(&self, path: &str) -> Answer {
        self.send(Method::POST, path, None).await
    }

    /// A POST of `body` declared as `content_type` instead of JSON.
    pub async fn post_as(&self, path: &str, body: Value, content_type: &str) -> Answer {
        self.client
            .request(
                Method::POST,
                path,
                Some(body),
                &[
                    ("x-workspace-id", &self.workspace),
                    ("content-type", content_type),
                ],
            )
            .await
    }
}

pub fn id(value: &Value) -> String {
    value["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {value}"))
        .to_owned()
}
