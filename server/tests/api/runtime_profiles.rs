//! Runtime profiles (issue 4; spec C.1–C.4, J 1–18): CRUD and its rules, deletion with its
//! instance runtimes and bound agents, workspace deletion, and the events each write publishes
//! (in-process hub and `GET /api/events`). Instance runtimes are inserted by SQL here: the
//! daemon API that registers them is tested on its own.

mod crud;
mod delete;
mod events;

use crate::helpers::*;
use axum::http::Method;
use serde_json::{json, Value};

impl Crew {
    /// `/api/workspaces/{workspace}/runtime-profiles`.
    fn profiles(&self) -> String {
        profiles_path(&self.workspace)
    }

    /// Creates a profile named `name` as the owner; returns its body and its path.
    async fn create_profile(&self, name: &str) -> (Value, String) {
        let profile = self
            .owner
            .post(&self.profiles(), profile_body(name))
            .await
            .expect(201);
        let path = format!("{}/{}", self.profiles(), id_of(&profile));
        (profile, path)
    }

    /// Creates an agent as `client` in the crew's workspace; returns its id.
    async fn agent(&self, client: &Client, name: &str) -> String {
        let agent = client
            .request(
                Method::POST,
                "/api/agents",
                Some(json!({"name": name})),
                &[("x-workspace-id", &self.workspace)],
            )
            .await
            .expect(201);
        id_of(&agent).to_owned()
    }

    /// Archives agent `id` through the API, as the owner.
    async fn archive(&self, id: &str) {
        self.owner
            .request(
                Method::POST,
                &format!("/api/agents/{id}/archive"),
                Some(json!({})),
                &[("x-workspace-id", &self.workspace)],
            )
            .await
            .expect(200);
    }

    /// Agent `id` as the owner sees it (archived ones included).
    async fn agent_body(&self, id: &str) -> Value {
        self.owner
            .request(
                Method::GET,
                &format!("/api/agents/{id}"),
                None,
                &[("x-workspace-id", &self.workspace)],
            )
            .await
            .expect(200)
    }
}

fn profiles_path(workspace: &str) -> String {
    format!("/api/workspaces/{workspace}/runtime-profiles")
}

/// A valid create body.
fn profile_body(name: &str) -> Value {
    json!({"display_name": name, "protocol_family": "claude", "command_name": "ccms"})
}

fn id_of(body: &Value) -> &str {
    body["id"].as_str().expect("an id")
}

impl TestApp {
    /// Inserts a runtime row as a daemon registration would: an instance of `profile_id`, or a
    /// built-in CLI when it is `None`. Returns its id.
    async fn insert_runtime(
        &self,
        workspace: &str,
        daemon_id: &str,
        profile_id: Option<&str>,
    ) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        match profile_id {
            Some(profile) => {
                self.sql(
                    "INSERT INTO agent_runtimes (id, workspace_id, daemon_id, name, provider, \
                     status, profile_id, created_at, updated_at) \
                     VALUES ($1, $2, $3, 'ccms (laptop)', 'claude', 'online', $4, 0, 0)",
                    &[&id, workspace, daemon_id, profile],
                )
                .await
            }
            None => {
                self.sql(
                    "INSERT INTO agent_runtimes (id, workspace_id, daemon_id, name, provider, \
                     status, created_at, updated_at) \
                     VALUES ($1, $2, $3, 'claude (laptop)', 'claude', 'online', 0, 0)",
                    &[&id, workspace, daemon_id],
                )
                .await
            }
        }
        id
    }

    /// Binds agent `agent` to runtime `runtime` directly (binding through the API is tested
    /// with the runtimes API).
    async fn bind(&self, agent: &str, runtime: &str) {
        self.sql(
            "UPDATE agents SET runtime_id = $1 WHERE id = $2",
            &[runtime, agent],
        )
        .await;
    }

    /// A count read directly from the database.
    async fn count(&self, statement: &str, params: &[&str]) -> i64 {
        let mut query = sqlx::query_scalar::<_, i64>(statement);
        for param in params {
            query = query.bind(*param);
        }
        query
            .fetch_one(&self.state.db.pool)
            .await
            .expect("count query")
    }
}
