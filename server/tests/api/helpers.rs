//! Test harness: a fresh database per test, the real router, and a small client that keeps a
//! session cookie and CSRF token like a browser, or a bearer token like a CLI.

use agentry_server::config::Config;
use agentry_server::db::Db;
use agentry_server::state::AppState;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;
use tower::ServiceExt;

/// How long one request may take, response and body, before the test fails.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The password every test account uses.
pub const PASSWORD: &str = "correct horse battery";

/// How long one test may run before the whole run stops, naming it: a hang that no request
/// timeout catches (a lock, a channel, a task) fails in minutes, not at CI's limit.
const TEST_DEADLINE: Duration = Duration::from_secs(300);

/// Ends the test run when the test that started it outlives [`TEST_DEADLINE`]; dropping it
/// (the test ended) stops the watch. libtest names each test's thread after the test.
struct Watchdog {
    _done: std::sync::mpsc::Sender<()>,
}

impl Watchdog {
    fn start() -> Watchdog {
        let test = std::thread::current().name().unwrap_or("a test").to_owned();
        let (done, watch) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                watch.recv_timeout(TEST_DEADLINE)
            {
                // Straight to stderr: libtest captures `eprintln!`, and this output must be seen.
                let _ = writeln!(
                    std::io::stderr(),
                    "\n{test} is still running after {} s: it hangs; stopping the test run",
                    TEST_DEADLINE.as_secs()
                );
                std::process::exit(101);
            }
        });
        Watchdog { _done: done }
    }
}

/// A running app on its own database.
pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    _watchdog: Watchdog,
}

/// One HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    /// Asserts the status and returns the body.
    #[track_caller]
    pub fn expect(self, status: u16) -> Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.body
        );
        self.body
    }

    /// Asserts an error status and stable code.
    #[track_caller]
    pub fn expect_error(self, status: u16, code: &str) -> Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.body
        );
        assert_eq!(
            self.body["code"], code,
            "unexpected code; body: {}",
            self.body
        );
        assert!(
            self.body["error"].as_str().is_some_and(|e| !e.is_empty()),
            "error message missing: {}",
            self.body
        );
        self.body
    }
}

/// A new database for one test: a fresh SQLite file, or a fresh PostgreSQL database on the
/// server `TEST_DATABASE_URL` names.
pub async fn fresh_database_url() -> String {
    match std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        Some(base) => {
            // One database per test, named after the run's database, created on the same server.
            let (server, run_db) = base
                .rsplit_once('/')
                .expect("TEST_DATABASE_URL needs a database name");
            let run_db = run_db.split('?').next().unwrap_or(run_db);
            let name = format!(
                "{run_db}_{}",
                &uuid::Uuid::new_v4().simple().to_string()[..12]
            );
            sqlx::any::install_default_drivers();
            let admin = format!("{server}/postgres");
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
                .await
                .expect("connect to PostgreSQL");
            sqlx::query(&format!("CREATE DATABASE \"{name}\""))
                .execute(&mut conn)
                .await
                .expect("create test database");
            format!("{server}/{name}")
        }
        None => {
            let dir = temp_dir();
            format!("sqlite://{}?mode=rwc", dir.join("agentry.db").display())
        }
    }
}

/// A new empty folder under the system's temporary folder.
pub fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir()
        .join("agentry-tests")
        .join(uuid::Uuid::new_v4().to_string());
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

impl TestApp {
    /// A fresh app with default settings.
    pub async fn new() -> TestApp {
        Self::with_config(|_| {}).await
    }

    /// A fresh app with adjusted settings.
    pub async fn with_config(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let watchdog = Watchdog::start();
        let url = fresh_database_url().await;
        let data_dir = temp_dir();
        let mut config = Config::for_database(&url, data_dir.clone());
        config.public_url = Some("http://agentry.test".into());
        config.db_max_connections = 4;
        adjust(&mut config);
        let db = Db::connect(&url, config.db_max_connections)
            .await
            .expect("database");
        let key = agentry_server::secrets::load_or_create(&data_dir).unwrap();
        let state = AppState::new(db, config, key);
        TestApp {
            router: agentry_server::app(state.clone()),
            state,
            _watchdog: watchdog,
        }
    }

    /// An anonymous client.
    pub fn anonymous(&self) -> Client {
        Client {
            router: self.router.clone(),
            auth: Auth::None,
        }
    }

    /// Registers an account and returns its signed-in browser-like client.
    pub async fn register(&self, email: &str, name: &str) -> Client {
        let answer = self
            .anonymous()
            .post(
                "/api/auth/register",
                json!({"email": email, "name": name, "password": PASSWORD}),
            )
            .await;
        assert_eq!(
            answer.status.as_u16(),
            201,
            "register failed: {}",
            answer.body
        );
        self.client_from_auth_answer(&answer)
    }

    /// Registers an owner and creates a workspace; returns the client and the workspace id.
    pub async fn owner_with_workspace(&self, email: &str, slug: &str) -> (Client, String) {
        let owner = self.register(email, "Owner").await;
        let ws = owner
            .post("/api/workspaces", json!({"name": "Acme", "slug": slug}))
            .await
            .expect(201);
        (owner, ws["id"].as_str().unwrap().to_owned())
    }

    /// Invites `email` with `role` into `workspace` and has a new account accept; returns it.
    pub async fn join(&self, inviter: &Client, workspace: &str, email: &str, role: &str) -> Client {
        let invitation = inviter
            .post(
                &format!("/api/workspaces/{workspace}/invitations"),
                json!({"email": email, "role": role}),
            )
            .await
            .expect(201);
        let member = self.register(email, email.split('@').next().unwrap()).await;
        let token = invitation["token"].as_str().unwrap();
        member
            .post(&format!("/api/invitations/{token}/accept"), json!({}))
            .await
            .expect(200);
        member
    }
}

/// How a client authenticates.
#[derive(Clone, Debug)]
pub enum Auth {
    None,
    Session { cookie: String, csrf: String },
    Bearer(String),
}

/// A client of the in-process router.
#[derive(Clone)]
pub struct Client {
    router: Router,
    pub auth: Auth,
}

impl Client {
    /// The user id of this client (via `/api/me`).
    pub async fn user_id(&self) -> String {
        self.get("/api/me").await.expect(200)["user"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// A copy of this client that authenticates with a bearer token instead.
    pub fn with_bearer(&self, token: &str) -> Client {
        Client {
            router: self.router.clone(),
            auth: Auth::Bearer(token.to_owned()),
        }
    }

    /// A copy without the CSRF header (keeps the cookie).
    pub fn without_csrf(&self) -> Client {
        let auth = match &self.auth {
            Auth::Session { cookie, .. } => Auth::Session {
                cookie: cookie.clone(),
                csrf: String::new(),
            },
            other => other.clone(),
        };
        Client {
            router: self.router.clone(),
            auth,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.request(Method::GET, path, None, &[]).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.request(Method::POST, path, Some(body), &[]).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Answer {
        self.request(Method::PATCH, path, Some(body), &[]).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Answer {
        self.request(Method::PUT, path, Some(body), &[]).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.request(Method::DELETE, path, None, &[]).await
    }

    pub async fn delete_with(&self, path: &str, body: Value) -> Answer {
        self.request(Method::DELETE, path, Some(body), &[]).await
    }

    /// Sends a raw body (for malformed-JSON tests).
    pub async fn post_raw(&self, path: &str, raw: &str) -> Answer {
        self.send(Method::POST, path, Some(raw.to_owned()), &[])
            .await
    }

    /// Sends `raw` (or no body) as `content_type`, or with no `Content-Type` at all.
    pub async fn send_typed(
        &self,
        method: Method,
        path: &str,
        raw: Option<&str>,
        content_type: Option<&str>,
    ) -> Answer {
        let headers: Vec<(&str, &str)> = content_type
            .map(|value| ("content-type", value))
            .into_iter()
            .collect();
        self.send_as(method, path, raw.map(str::to_owned), &headers, false)
            .await
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        self.send(method, path, body.map(|b| b.to_string()), headers)
            .await
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        headers: &[(&str, &str)],
    ) -> Answer {
        self.send_as(method, path, body, headers, true).await
    }

    /// `json_type`: a body goes as `application/json` unless `headers` name a content type.
    async fn send_as(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        headers: &[(&str, &str)],
        json_type: bool,
    ) -> Answer {
        let mut builder = Request::builder().method(method.clone()).uri(path);
        match &self.auth {
            Auth::None => {}
            Auth::Session { cookie, csrf } => {
                builder = builder.header("cookie", format!("agentry_session={cookie}"));
                if method != Method::GET && !csrf.is_empty() {
                    builder = builder.header("x-csrf-token", csrf);
                }
            }
            Auth::Bearer(token) => {
                builder = builder.header("authorization", format!("Bearer {token}"))
            }
        }
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let typed = headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
        if body.is_some() && json_type && !typed {
            builder = builder.header("content-type", "application/json");
        }
        let request = builder.body(Body::from(body.unwrap_or_default())).unwrap();
        // A response or body that never comes fails the test with the request's name instead
        // of hanging the whole run.
        let response = tokio::time::timeout(REQUEST_TIMEOUT, self.router.clone().oneshot(request))
            .await
            .unwrap_or_else(|_| panic!("{method} {path}: no response within {REQUEST_TIMEOUT:?}"))
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = tokio::time::timeout(REQUEST_TIMEOUT, response.into_body().collect())
            .await
            .unwrap_or_else(|_| {
                panic!("{method} {path}: body not complete within {REQUEST_TIMEOUT:?}")
            })
            .unwrap()
            .to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        Answer {
            status,
            headers,
            body,
        }
    }
}

/// The session cookie value from a response's `Set-Cookie`, if any.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("agentry_session="))
        .map(|v| v.split(';').next().unwrap_or("").to_owned())
}

impl TestApp {
    /// Signs in with email and password; returns a browser-like client.
    pub async fn login(&self, email: &str, password: &str) -> Result<Client, Answer> {
        let answer = self
            .anonymous()
            .post(
                "/api/auth/login",
                json!({"email": email, "password": password}),
            )
            .await;
        if answer.status != StatusCode::OK {
            return Err(answer);
        }
        Ok(self.client_from_auth_answer(&answer))
    }

    /// Builds a session client from a register/login answer.
    pub fn client_from_auth_answer(&self, answer: &Answer) -> Client {
        let cookie = session_cookie(&answer.headers).expect("session cookie");
        let csrf = answer.body["csrf_token"].as_str().unwrap().to_owned();
        Client {
            router: self.router.clone(),
            auth: Auth::Session { cookie, csrf },
        }
    }
}

impl Answer {
    /// A response header as text (empty when absent).
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    }
}

/// The sorted keys of a JSON object, to pin a response's exact shape.
pub fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .expect("a JSON object")
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

/// Parses an RFC 3339 timestamp from the API into Unix seconds.
pub fn unix_seconds(value: &Value) -> i64 {
    let text = value.as_str().expect("a timestamp string");
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .expect("RFC 3339")
        .unix_timestamp()
}

/// Now, in Unix seconds.
pub fn now_seconds() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

impl TestApp {
    /// Runs one SQL statement with text parameters directly on the database (to age a token or
    /// an invitation, or to break something on purpose).
    pub async fn sql(&self, statement: &str, params: &[&str]) {
        let mut query = sqlx::query(statement);
        for param in params {
            query = query.bind(*param);
        }
        query
            .execute(&self.state.db.pool)
            .await
            .expect("SQL statement");
    }

    /// One text value read directly from the database.
    pub async fn sql_text(&self, statement: &str, params: &[&str]) -> Option<String> {
        let mut query = sqlx::query_scalar::<_, String>(statement);
        for param in params {
            query = query.bind(*param);
        }
        query
            .fetch_optional(&self.state.db.pool)
            .await
            .expect("SQL query")
    }
}

/// A workspace (slug `acme`) with an owner, an admin and a member, each signed in.
pub struct Crew {
    pub app: TestApp,
    pub workspace: String,
    pub owner: Client,
    pub admin: Client,
    pub member: Client,
    pub owner_id: String,
    pub admin_id: String,
    pub member_id: String,
}

impl Crew {
    /// Sets the crew up on a fresh app.
    pub async fn new() -> Crew {
        Crew::on(TestApp::new().await).await
    }

    /// Sets the crew up on `app`.
    pub async fn on(app: TestApp) -> Crew {
        let (owner, workspace) = app.owner_with_workspace("owner@example.com", "acme").await;
        let admin = app
            .join(&owner, &workspace, "admin@example.com", "admin")
            .await;
        let member = app
            .join(&owner, &workspace, "member@example.com", "member")
            .await;
        let (owner_id, admin_id, member_id) = (
            owner.user_id().await,
            admin.user_id().await,
            member.user_id().await,
        );
        Crew {
            app,
            workspace,
            owner,
            admin,
            member,
            owner_id,
            admin_id,
            member_id,
        }
    }
}

/// The server's log lines emitted on this test's thread, at every level, while the capture is
/// alive. One process-wide subscriber is installed once and writes only for threads that asked:
/// a per-test `set_default` subscriber proved flaky here, because callsites first hit by
/// other tests' threads could keep a cached "not interested" verdict, silently dropping the very
/// events a test looks for. A `#[tokio::test]` runs the app on its own thread, so the capture
/// holds exactly that test's events.
pub struct LogCapture {
    _not_send: std::marker::PhantomData<*const ()>,
}

thread_local! {
    static CAPTURED: std::cell::RefCell<Option<Vec<u8>>> = const { std::cell::RefCell::new(None) };
}

/// Appends to the current thread's capture, if it has one.
struct ThreadBuffer;

impl std::io::Write for ThreadBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        CAPTURED.with(|c| {
            if let Some(buffer) = c.borrow_mut().as_mut() {
                buffer.extend_from_slice(bytes);
            }
        });
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl LogCapture {
    /// Starts capturing this thread's log.
    pub fn start() -> LogCapture {
        use tracing_subscriber::layer::SubscriberExt;
        use tracing_subscriber::Layer;
        static INSTALL: std::sync::Once = std::sync::Once::new();
        INSTALL.call_once(|| {
            let layer = tracing_subscriber::fmt::layer()
                .with_writer(|| ThreadBuffer)
                // A dynamic filter: a plain `filter_fn` is asked once per callsite, and its
                // answer on the thread that first hit the callsite would stick for every thread.
                .with_filter(tracing_subscriber::filter::dynamic_filter_fn(|_, _| {
                    CAPTURED.with(|c| c.borrow().is_some())
                }));
            let subscriber = tracing_subscriber::registry().with(layer);
            tracing::subscriber::set_global_default(subscriber)
                .expect("no other global subscriber in the API tests");
            // Callsites registered before the subscriber existed re-ask it.
            tracing::callsite::rebuild_interest_cache();
        });
        CAPTURED.with(|c| *c.borrow_mut() = Some(Vec::new()));
        LogCapture {
            _not_send: std::marker::PhantomData,
        }
    }

    /// What was captured so far.
    pub fn text(&self) -> String {
        CAPTURED.with(|c| {
            String::from_utf8_lossy(c.borrow().as_deref().unwrap_or_default()).into_owned()
        })
    }
}

impl Drop for LogCapture {
    fn drop(&mut self) {
        CAPTURED.with(|c| *c.borrow_mut() = None);
    }
}
