//! The authorization matrix: every route of the router's own list, called by nine kinds of
//! caller against objects set up so that the call could succeed, must answer the exact status
//! in `EXPECTED`. The table is also `docs/authorization.md`, which the test compares with what
//! it produces (`UPDATE_AUTHZ_DOC=1` rewrites it), so the document cannot drift.

mod expected;

use crate::endpoints::{self, call, name, routes, Call, Ids};
use crate::helpers::*;
use agentry_server::routes::Route;
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// Who calls, in the table's column order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
    Anonymous,
    Outsider,
    Member,
    Admin,
    Owner,
    ObjectOwner,
    DaemonToken,
    PersonalToken,
    OtherDaemonToken,
}

/// Every caller with its column heading.
pub const CALLERS: [(Caller, &str); 9] = [
    (Caller::Anonymous, "anonymous"),
    (Caller::Outsider, "outsider"),
    (Caller::Member, "member"),
    (Caller::Admin, "admin"),
    (Caller::Owner, "owner"),
    (Caller::ObjectOwner, "object owner"),
    (Caller::DaemonToken, "daemon token"),
    (Caller::PersonalToken, "personal token"),
    (Caller::OtherDaemonToken, "other workspace's daemon token"),
];

/// The people, signed in once: an owner, an admin and two plain members of each world's
/// workspace (`olivia` owns the objects acted on), and an outsider who owns another workspace.
pub struct Cast {
    pub app: TestApp,
    pub owner: Client,
    pub admin: Client,
    pub member: Client,
    pub olivia: Client,
    pub outsider: Client,
    pub member_id: String,
    pub olivia_id: String,
    /// The plain member's personal access token.
    pub member_pat: String,
    /// The outsider's daemon token for their own workspace.
    pub other_daemon: String,
}

/// One workspace with everything the routes act on.
pub struct World {
    pub ids: Ids,
    /// The plain member's daemon token for this workspace.
    pub member_daemon: String,
}

fn text(value: &Value, key: &str) -> String {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {value}"))
        .to_owned()
}

impl Cast {
    pub async fn new() -> Cast {
        // Logout is called by every caller, so everyone signs in again; lift the sign-in limits.
        let app = TestApp::with_config(|c| {
            c.auth_rate_per_ip = 10_000;
            c.auth_rate_per_email = 10_000;
        })
        .await;
        let owner = app.register("owner@example.com", "Owner").await;
        let admin = app.register("admin@example.com", "Admin").await;
        let member = app.register("member@example.com", "Member").await;
        let olivia = app.register("olivia@example.com", "Olivia").await;
        let (outsider, outside) = app
            .owner_with_workspace("outsider@example.com", "outside")
            .await;
        let other_daemon = outsider
            .post(
                &format!("/api/workspaces/{outside}/daemon-tokens"),
                json!({"name": "theirs"}),
            )
            .await
            .expect(201);
        let member_pat = member
            .post("/api/tokens", json!({"name": "cli"}))
            .await
            .expect(201);
        Cast {
            member_id: member.user_id().await,
            olivia_id: olivia.user_id().await,
            member_pat: text(&member_pat, "token"),
            other_daemon: text(&other_daemon, "token"),
            app,
            owner,
            admin,
            member,
            olivia,
            outsider,
        }
    }

    /// A fresh workspace (slug `world-{n}`) owned by the owner, with the admin and both
    /// members, and Olivia's daemon token, runtime, agents and personal token; a team, a
    /// profile and an invitation of the outsider's email, made by the owner.
    pub async fn world(&self, n: usize) -> World {
        let slug = format!("world-{n}");
        let ws = self
            .owner
            .post("/api/workspaces", json!({"name": "Acme", "slug": slug}))
            .await
            .expect(201);
        let ws = text(&ws, "id");
        let at = |path: &str| format!("/api/workspaces/{ws}{path}");
        for (client, email, role) in [
            (&self.admin, "admin@example.com", "admin"),
            (&self.member, "member@example.com", "member"),
            (&self.olivia, "olivia@example.com", "member"),
        ] {
            let invitation = self
                .owner
                .post(&at("/invitations"), json!({"email": email, "role": role}))
                .await
                .expect(201);
            client
                .post(
                    &format!("/api/invitations/{}/accept", text(&invitation, "token")),
                    json!({}),
                )
                .await
                .expect(200);
        }
        let member_daemon = self
            .member
            .post(&at("/daemon-tokens"), json!({"name": "mine"}))
            .await
            .expect(201);
        let olivia_daemon = self
            .olivia
            .post(&at("/daemon-tokens"), json!({"name": "hers"}))
            .await
            .expect(201);
        let registered = self
            .olivia
            .with_bearer(&text(&olivia_daemon, "token"))
            .post(
                "/api/daemon/register",
                json!({
                    "workspace_id": ws, "daemon_id": "olivia-box", "device_name": "box",
                    "cli_version": "0.1.0", "launched_by": "cli",
                    "runtimes": [{"name": "", "type": "claude", "version": "1.0"}],
                }),
            )
            .await
            .expect(200);
        let header = [("x-workspace-id", ws.as_str())];
        let agent = |name: &str| {
            json!({
                "name": name, "permission_mode": "public_to",
                "invocation_targets": [{"target_type": "workspace", "target_id": ws}],
            })
        };
        let create = |body: Value| {
            self.olivia
                .request(axum::http::Method::POST, "/api/agents", Some(body), &header)
        };
        let active = create(agent("Helper")).await.expect(201);
        let create_issue = |body: Value| {
            self.olivia
                .request(axum::http::Method::POST, "/api/issues", Some(body), &header)
        };
        let archived = create(agent("Retired")).await.expect(201);
        let archived = text(&archived, "id");
        self.olivia
            .request(
                axum::http::Method::POST,
                &format!("/api/agents/{archived}/archive"),
                None,
                &header,
            )
            .await
            .expect(200);
        // The issue's agent runs on a runtime of its own, so the runtime routes act on one
        // no agent is bound to.
        let second = self
            .olivia
            .with_bearer(&text(&olivia_daemon, "token"))
            .post(
                "/api/daemon/register",
                json!({
                    "workspace_id": ws, "daemon_id": "olivia-box-2", "device_name": "box2",
                    "cli_version": "0.1.0", "launched_by": "cli",
                    "runtimes": [{"name": "", "type": "codex", "version": "1.0"}],
                }),
            )
            .await
            .expect(200);
        // Work (issues, chat, quick-create, autopilots) is queued for this one.
        let mut worker = agent("Worker");
        worker["runtime_id"] = json!(text(&second["runtimes"][0], "id"));
        let worker = create(worker).await.expect(201);
        let issue = create_issue(json!({
            "title": "Shared", "assignee": {"type": "agent", "id": text(&worker, "id")},
        }))
        .await
        .expect(201);
        let pat = self
            .olivia
            .post("/api/tokens", json!({"name": format!("olivia {n}")}))
            .await
            .expect(201);
        let team = self
            .owner
            .post(&at("/teams"), json!({"name": "Core"}))
            .await
            .expect(201);
        let profile = self
            .owner
            .post(
                &at("/runtime-profiles"),
                json!({"display_name": "Wrapped", "protocol_family": "claude",
                       "command_name": "wrapper"}),
            )
            .await
            .expect(201);
        let invitation = self
            .owner
            .post(
                &at("/invitations"),
                json!({"email": "outsider@example.com", "role": "member"}),
            )
            .await
            .expect(201);
        let runtime = text(&registered["runtimes"][0], "id");
        let active_id = text(&active, "id");
        let task = uuid::Uuid::new_v4().to_string();
        self.app
            .sql(
                "INSERT INTO agent_task_queue (id, workspace_id, agent_id, runtime_id, kind, \
                 status, originator_user_id, originator_source, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'autopilot', 'queued', $5, 'assignment', 1, 1)",
                &[&task, &ws, &active_id, &runtime, &self.olivia_id],
            )
            .await;
        let chat = self
            .olivia
            .request(
                axum::http::Method::POST,
                "/api/chat/sessions",
                Some(json!({"agent_id": text(&worker, "id")})),
                &header,
            )
            .await
            .expect(201);
        let autopilot = self
            .olivia
            .request(
                axum::http::Method::POST,
                "/api/autopilots",
                Some(json!({
                    "title": "Tidy", "description": "Tidy up.", "agent_id": text(&worker, "id"),
                    "execution_mode": "run_only",
                })),
                &header,
            )
            .await
            .expect(201);
        World {
            ids: Ids {
                task,
                chat_session: text(&chat, "id"),
                autopilot: text(&autopilot, "id"),
                worker_agent: text(&worker, "id"),
                slug,
                agent: text(&active, "id"),
                archived_agent: archived,
                runtime,
                personal_token: text(&pat, "id"),
                daemon_token: text(&olivia_daemon["daemon_token"], "id"),
                member: self.olivia_id.clone(),
                invitation: text(&invitation, "id"),
                invitation_token: text(&invitation, "token"),
                profile: text(&profile, "id"),
                team: text(&team, "id"),
                explain_user: self.member_id.clone(),
                issue: text(&issue, "id"),
                workspace: ws,
            },
            member_daemon: text(&member_daemon, "token"),
        }
    }

    /// How `caller` authenticates in `world`.
    pub fn auth(&self, caller: Caller, world: &World) -> Auth {
        let bearer = |token: &str| Auth::Bearer(token.to_owned());
        match caller {
            Caller::Anonymous => Auth::None,
            Caller::Outsider => self.outsider.auth.clone(),
            Caller::Member => self.member.auth.clone(),
            Caller::Admin => self.admin.auth.clone(),
            Caller::Owner => self.owner.auth.clone(),
            Caller::ObjectOwner => self.olivia.auth.clone(),
            Caller::DaemonToken => bearer(&world.member_daemon),
            Caller::PersonalToken => bearer(&self.member_pat),
            Caller::OtherDaemonToken => bearer(&self.other_daemon),
        }
    }

    /// Sends `call` with `auth` and returns the status and the body. A successful event stream
    /// never ends, so its body is not read.
    pub async fn send(&self, auth: &Auth, call: &Call) -> (u16, String) {
        let mut builder = Request::builder()
            .method(call.method.clone())
            .uri(&call.path);
        match auth {
            Auth::None => {}
            Auth::Session { cookie, csrf } => {
                builder = builder.header("cookie", format!("agentry_session={cookie}"));
                if call.method != axum::http::Method::GET {
                    builder = builder.header("x-csrf-token", csrf);
                }
            }
            Auth::Bearer(token) => {
                builder = builder.header("authorization", format!("Bearer {token}"))
            }
        }
        for (header, value) in &call.headers {
            builder = builder.header(*header, value);
        }
        let body = match &call.body {
            Some(body) => {
                builder = builder.header("content-type", "application/json");
                Body::from(body.to_string())
            }
            None => Body::empty(),
        };
        let response = self
            .app
            .router
            .clone()
            .oneshot(builder.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status().as_u16();
        let streaming = response
            .headers()
            .get("content-type")
            .is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"));
        if streaming {
            return (status, "(event stream)".into());
        }
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Signs `caller` in again (after their logout ended the session).
    async fn sign_in_again(&mut self, caller: Caller) {
        let (client, email) = match caller {
            Caller::Outsider => (&mut self.outsider, "outsider@example.com"),
            Caller::Member => (&mut self.member, "member@example.com"),
            Caller::Admin => (&mut self.admin, "admin@example.com"),
            Caller::Owner => (&mut self.owner, "owner@example.com"),
            Caller::ObjectOwner => (&mut self.olivia, "olivia@example.com"),
            _ => return,
        };
        *client = self.app.login(email, PASSWORD).await.expect("sign in");
    }
}

/// Calls that change what the next caller would find: each starts on a fresh world, and
/// after any success the next caller gets a fresh one too.
fn changes_the_world(route: &Route) -> bool {
    route.method == axum::http::Method::DELETE
        || [
            "/api/auth/logout",
            "/api/agents/{id}/archive",
            "/api/agents/{id}/restore",
            "/api/daemon/deregister",
            "/api/tasks/{id}/cancel",
            "/api/workspaces/{id}/members/{user_id}",
            "/api/workspaces/{id}/leave",
            "/api/invitations/{token}/accept",
            "/api/chat/sessions/{id}/archive",
        ]
        .contains(&route.path)
}

/// Every route × caller → (status, body), in route list order.
pub async fn observe(cast: &mut Cast) -> Vec<(String, Vec<(u16, String)>)> {
    let mut n = 0;
    let shared = cast.world(n).await;
    let mut rows = Vec::new();
    for route in routes() {
        let logout = route.path == "/api/auth/logout";
        let mut own = None::<World>;
        let changes = changes_the_world(&route);
        let mut stale = changes;
        let mut row = Vec::new();
        for (caller, _) in CALLERS {
            n += 1;
            if stale {
                own = Some(cast.world(n).await);
            }
            let world = own.as_ref().unwrap_or(&shared);
            let request = call(&route, &world.ids, n);
            let answer = cast.send(&cast.auth(caller, world), &request).await;
            stale = changes && (200..300).contains(&answer.0);
            if logout && stale {
                cast.sign_in_again(caller).await;
            }
            row.push(answer);
        }
        rows.push((name(&route), row));
    }
    rows
}

/// The Markdown document for a table of statuses.
fn document(rows: &[(&str, [u16; 9])]) -> String {
    let mut doc = String::from(
        "# Authorization matrix\n\n\
         Generated by `server/tests/api/authorization.rs` (run it with `UPDATE_AUTHZ_DOC=1` to \
         rewrite this file); the test fails when this table and the server disagree.\n\n\
         Every route is called with objects that exist, and a valid JSON body, so that a 2xx is \
         possible when the caller is allowed. The workspace has an owner, an admin and two plain \
         members. The callers:\n\n\
         - **anonymous**: no credentials.\n\
         - **outsider**: a signed-in user who owns another workspace and is no member here.\n\
         - **member**, **admin**, **owner**: signed in with a session cookie (and its CSRF \
         header on writes).\n\
         - **object owner**: the other plain member, who created the agent, runtime, daemon \
         token and personal token acted on, and whom the member routes act on. Teams, profiles \
         and invitations are the owner's; for them this is just another plain member.\n\
         - **daemon token**: the plain member's daemon token for this workspace.\n\
         - **personal token**: the plain member's personal access token.\n\
         - **other workspace's daemon token**: the outsider's daemon token for their workspace.\n\n\
         The invitation acted on is addressed to the outsider's email.\n\n",
    );
    doc.push_str("| Route |");
    for (_, heading) in CALLERS {
        doc.push_str(&format!(" {heading} |"));
    }
    doc.push_str("\n|---|");
    doc.push_str(&"---|".repeat(CALLERS.len()));
    doc.push('\n');
    for (route, statuses) in rows {
        doc.push_str(&format!("| `{route}` |"));
        for status in statuses {
            doc.push_str(&format!(" {status} |"));
        }
        doc.push('\n');
    }
    doc
}

fn doc_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/authorization.md")
}

#[tokio::test]
async fn every_route_answers_each_kind_of_caller_with_the_status_in_the_matrix() {
    let mut cast = Cast::new().await;
    let observed = observe(&mut cast).await;

    let mut problems = Vec::new();
    for (route, answers) in &observed {
        match expected::EXPECTED.iter().find(|(r, _)| r == route) {
            None => problems.push(format!("{route}: no row in the matrix")),
            Some((_, statuses)) => {
                for ((status, body), (expected, (_, who))) in
                    answers.iter().zip(statuses.iter().zip(CALLERS))
                {
                    if status != expected {
                        problems.push(format!(
                            "{route} as {who}: {status}, expected {expected}: {body}"
                        ));
                    }
                }
            }
        }
    }
    for (route, _) in expected::EXPECTED {
        if !observed.iter().any(|(r, _)| r == route) {
            problems.push(format!("{route}: in the matrix but no such route"));
        }
    }
    if !problems.is_empty() {
        let table: Vec<String> = observed
            .iter()
            .map(|(route, answers)| {
                let statuses: Vec<String> = answers.iter().map(|(s, _)| s.to_string()).collect();
                format!("    (\"{route}\", [{}]),", statuses.join(", "))
            })
            .collect();
        panic!(
            "the server disagrees with the authorization matrix:\n{}\n\nobserved:\n{}",
            problems.join("\n"),
            table.join("\n")
        );
    }

    let wanted = document(expected::EXPECTED);
    let path = doc_path();
    if std::env::var("UPDATE_AUTHZ_DOC").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &wanted).expect("write docs/authorization.md");
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == wanted,
        "docs/authorization.md is out of date: run \
         `UPDATE_AUTHZ_DOC=1 cargo test -p agentry-server --test api authorization` and commit it"
    );
}

/// The classes the 401 and CSRF tests go by agree with the matrix: public routes answer the
/// anonymous caller, the daemon API refuses every cookie and serves its token, and every other
/// route serves the owner's cookie.
#[test]
fn each_route_takes_the_credentials_its_access_class_says() {
    let column = |heading: &str| CALLERS.iter().position(|(_, h)| *h == heading).unwrap();
    let (anonymous, owner, daemon) = (column("anonymous"), column("owner"), column("daemon token"));
    for route in routes() {
        let (_, statuses) = expected::EXPECTED
            .iter()
            .find(|(r, _)| *r == name(&route))
            .unwrap_or_else(|| panic!("{} has no row in the matrix", name(&route)));
        let took = |i: usize| statuses[i] != 401;
        let class = endpoints::access(&route);
        let agrees = match class {
            endpoints::Access::Public => took(anonymous),
            endpoints::Access::Daemon => !took(anonymous) && !took(owner) && took(daemon),
            endpoints::Access::User => !took(anonymous) && took(owner) && !took(daemon),
        };
        assert!(
            agrees,
            "{} is {class:?}, but the matrix says {statuses:?}",
            name(&route)
        );
    }
}

#[test]
fn every_public_route_in_the_list_exists() {
    let names: Vec<String> = routes().iter().map(name).collect();
    for (method, path) in endpoints::PUBLIC {
        assert!(
            names.contains(&format!("{method} {path}")),
            "{method} {path} is no route"
        );
    }
}
