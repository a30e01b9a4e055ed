//! Agents and who may run them (issue 3): CRUD, the access rules of spec §4 through the API,
//! member removal and team deletion, redaction, the audit log, and a property test against
//! `core`. Spec case numbers (§9) are named in the tests they cover.

mod access;
mod apps;
mod crud;
mod explain;
mod lifecycle;
mod property;

use crate::helpers::*;
use axum::http::Method;
use serde_json::{json, Value};

/// A client speaking to one workspace (`X-Workspace-ID`).
#[derive(Clone)]
pub struct Ws {
    pub client: Client,
    pub workspace: String,
}

impl Client {
    /// This client, in `workspace`.
    pub fn at(&self, workspace: &str) -> Ws {
        Ws {
            client: self.clone(),
            workspace: workspace.to_owned(),
        }
    }
}

impl Ws {
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.client
            .request(method, path, body, &[("x-workspace-id", &self.workspace)])
            .await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Answer {
        self.send(Method::PUT, path, Some(body)).await
    }

    /// Creates an agent; returns its body.
    pub async fn create_agent(&self, body: Value) -> Value {
        self.post("/api/agents", body).await.expect(201)
    }

    /// The names of the agents this client's list shows.
    pub async fn agent_names(&self, query: &str) -> Vec<String> {
        let list = self.get(&format!("/api/agents{query}")).await.expect(200);
        list.as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The caller's verdicts on agent `id` (200 expected).
    pub async fn permissions(&self, id: &str) -> Value {
        self.get(&format!("/api/agents/{id}/permissions"))
            .await
            .expect(200)
    }

    /// Whether the caller may run agent `id` (false when they may not even see it).
    pub async fn can_invoke(&self, id: &str) -> bool {
        let answer = self.get(&format!("/api/agents/{id}/permissions")).await;
        match answer.status.as_u16() {
            200 => answer.body["can_invoke"]["allowed"].as_bool().unwrap(),
            403 => false,
            other => panic!("unexpected status {other}: {}", answer.body),
        }
    }
}

/// Invites an existing account into `workspace` with `role` and has it accept.
pub async fn invite_existing(
    inviter: &Client,
    workspace: &str,
    invitee: &Client,
    email: &str,
    role: &str,
) {
    let invitation = inviter
        .post(
            &format!("/api/workspaces/{workspace}/invitations"),
            json!({"email": email, "role": role}),
        )
        .await
        .expect(201);
    let token = invitation["token"].as_str().unwrap();
    invitee
        .post(&format!("/api/invitations/{token}/accept"), json!({}))
        .await
        .expect(200);
}

/// The crew of `helpers::Crew` (owner, admin, member) plus a second plain member, `other`,
/// each as a workspace client.
pub struct Squad {
    pub crew: Crew,
    pub owner: Ws,
    pub admin: Ws,
    pub member: Ws,
    pub other: Ws,
    pub other_id: String,
}

impl Squad {
    pub async fn new() -> Squad {
        Squad::on(TestApp::new().await).await
    }

    /// The squad on `app`.
    pub async fn on(app: TestApp) -> Squad {
        let crew = Crew::on(app).await;
        let other = crew
            .app
            .join(&crew.owner, &crew.workspace, "other@example.com", "member")
            .await;
        let other_id = other.user_id().await;
        let ws = &crew.workspace;
        Squad {
            owner: crew.owner.at(ws),
            admin: crew.admin.at(ws),
            member: crew.member.at(ws),
            other: other.at(ws),
            other_id,
            crew,
        }
    }

    /// Creates a team with these members (by the workspace owner); returns its id.
    pub async fn team(&self, name: &str, members: &[&str]) -> String {
        let path = format!("/api/workspaces/{}/teams", self.crew.workspace);
        let team = self
            .crew
            .owner
            .post(&path, json!({"name": name}))
            .await
            .expect(201);
        let id = team["id"].as_str().unwrap().to_owned();
        self.crew
            .owner
            .put(
                &format!("{path}/{id}/members"),
                json!({"user_ids": members}),
            )
            .await
            .expect(200);
        id
    }

    /// Number of target rows stored for an agent.
    pub async fn target_rows(&self, agent_id: &str) -> i64 {
        self.crew
            .app
            .sql_text(
                "SELECT CAST(COUNT(*) AS TEXT) FROM agent_invocation_targets WHERE agent_id = $1",
                &[agent_id],
            )
            .await
            .unwrap()
            .parse()
            .unwrap()
    }
}

/// An agent's id.
pub fn id_of(agent: &Value) -> String {
    agent["id"].as_str().unwrap().to_owned()
}

/// `{target_type: member, target_id: id}`.
pub fn member_target(id: &str) -> Value {
    json!({"target_type": "member", "target_id": id})
}

/// `{target_type: team, target_id: id}`.
pub fn team_target(id: &str) -> Value {
    json!({"target_type": "team", "target_id": id})
}

/// An agent shared with exactly these targets.
pub fn shared(name: &str, targets: Value) -> Value {
    json!({"name": name, "permission_mode": "public_to", "invocation_targets": targets})
}

/// The `(target_type, target_id)` pairs of an agent body, sorted.
pub fn targets_of(agent: &Value) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = agent["invocation_targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["target_type"].as_str().unwrap().to_owned(),
                t["target_id"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    pairs.sort();
    pairs
}
