//! The test world: the real server in-process on a local port with its own SQLite database, an
//! HTTP helper for setting up accounts and reading runtimes, fake agent CLIs on a private PATH,
//! and the real `agentry` binary run with its own config directory.

use agentry_server::config::Config;
use agentry_server::db::Db;
use agentry_server::state::AppState;
use serde_json::{json, Value};
use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long anything may take to converge before a test fails.
pub const DEADLINE: Duration = Duration::from_secs(30);

/// A fresh directory under the system temp dir.
pub fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir()
        .join("agentry-cli-e2e")
        .join(uuid::Uuid::new_v4().to_string());
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A new SQLite file in `dir`, or a new database on the `TEST_DATABASE_URL` PostgreSQL server
/// named after that URL's database.
async fn fresh_database_url(dir: &Path) -> String {
    let Some(base) = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|url| !url.is_empty())
    else {
        return format!("sqlite://{}?mode=rwc", dir.join("agentry.db").display());
    };
    let (server, run_db) = base
        .rsplit_once('/')
        .expect("TEST_DATABASE_URL needs a database name");
    let run_db = run_db.split('?').next().unwrap_or(run_db);
    let name = format!(
        "{run_db}_{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    sqlx::any::install_default_drivers();
    let mut conn =
        <sqlx::AnyConnection as sqlx::Connection>::connect(&format!("{server}/postgres"))
            .await
            .expect("connect to PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE \"{name}\""))
        .execute(&mut conn)
        .await
        .expect("create test database");
    format!("{server}/{name}")
}

/// The real server, serving on 127.0.0.1.
pub struct Server {
    pub url: String,
    http: reqwest::Client,
}

impl Server {
    /// Starts a server on a fresh database (SQLite, or PostgreSQL when `TEST_DATABASE_URL` is
    /// set) with a fast runtime sweep.
    pub async fn start() -> Server {
        Server::start_with(Sweep::Fast).await
    }

    /// Starts a server whose sweeper marks silent runtimes offline as `sweep` says.
    pub async fn start_with(sweep: Sweep) -> Server {
        let dir = temp_dir();
        let url = fresh_database_url(&dir).await;
        let mut config = Config::for_database(&url, dir.clone());
        config.db_max_connections = 4;
        sweep.apply(&mut config);
        let db = Db::connect(&url, config.db_max_connections)
            .await
            .expect("database");
        let key = agentry_server::secrets::load_or_create(&dir).unwrap();
        let state = AppState::new(db, config, key);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let app = agentry_server::app(state.clone());
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
        start_sweeper(&state);
        Server {
            url: format!("http://{address}"),
            http: reqwest::Client::builder()
                .timeout(DEADLINE)
                .build()
                .unwrap(),
        }
    }

    /// Registers an owner with a workspace and a personal access token.
    pub async fn owner(&self, email: &str, slug: &str) -> Owner {
        let answer = self
            .http
            .post(format!("{}/api/auth/register", self.url))
            .json(&json!({"email": email, "name": "Owner", "password": "correct horse battery"}))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 201, "register failed");
        let cookie = answer
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.strip_prefix("agentry_session="))
            .map(|v| v.split(';').next().unwrap_or("").to_owned())
            .expect("session cookie");
        let body: Value = answer.json().await.unwrap();
        let csrf = body["csrf_token"].as_str().unwrap().to_owned();
        let session = |path: &str| {
            self.http
                .post(format!("{}{path}", self.url))
                .header("cookie", format!("agentry_session={cookie}"))
                .header("x-csrf-token", &csrf)
        };
        let workspace: Value = session("/api/workspaces")
            .json(&json!({"name": "Acme", "slug": slug}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token: Value = session("/api/tokens")
            .json(&json!({"name": "cli"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Owner {
            server: self.url.clone(),
            workspace: workspace["id"].as_str().expect("workspace id").to_owned(),
            token: token["token"].as_str().expect("token").to_owned(),
            http: self.http.clone(),
        }
    }
}

/// An owner of a workspace, acting with a personal access token.
pub struct Owner {
    pub server: String,
    pub workspace: String,
    pub token: String,
    http: reqwest::Client,
}

impl Owner {
    /// Sends a request with the token and the workspace header; returns status and body.
    pub async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.server))
            .bearer_auth(&self.token)
            .header("x-workspace-id", &self.workspace);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = request.send().await.unwrap();
        let status = answer.status().as_u16();
        let text = answer.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body)
    }

    /// The workspace's runtimes.
    pub async fn runtimes(&self) -> Vec<Value> {
        let (status, body) = self.call("GET", "/api/runtimes", None).await;
        assert_eq!(status, 200, "list runtimes: {body}");
        body.as_array().unwrap().clone()
    }

    /// The workspace's profiles.
    pub async fn profiles(&self) -> Vec<Value> {
        let path = format!("/api/workspaces/{}/runtime-profiles", self.workspace);
        let (status, body) = self.call("GET", &path, None).await;
        assert_eq!(status, 200, "list profiles: {body}");
        body["runtime_profiles"].as_array().unwrap().clone()
    }

    /// Creates a profile over HTTP; returns its id.
    pub async fn create_profile(&self, body: Value) -> String {
        let path = format!("/api/workspaces/{}/runtime-profiles", self.workspace);
        let (status, body) = self.call("POST", &path, Some(body)).await;
        assert_eq!(status, 201, "create profile: {body}");
        body["id"].as_str().unwrap().to_owned()
    }

    /// Creates a daemon token for the workspace; returns the secret.
    pub async fn daemon_token(&self) -> String {
        let path = format!("/api/workspaces/{}/daemon-tokens", self.workspace);
        let (status, body) = self
            .call("POST", &path, Some(json!({"name": "laptop"})))
            .await;
        assert_eq!(status, 201, "create daemon token: {body}");
        body["token"].as_str().unwrap().to_owned()
    }

    /// Waits until some runtime satisfies `matches`; returns it.
    pub async fn runtime_where(&self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        eventually(what, || async {
            self.runtimes()
                .await
                .into_iter()
                .find(|runtime| matches(runtime))
        })
        .await
    }
}

/// Polls `probe` every 100 ms until it returns `Some`, or fails the test after [`DEADLINE`].
pub async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(value) = probe().await {
            return value;
        }
        assert!(start.elapsed() < DEADLINE, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A machine: a config directory and a private PATH holding fake agent CLIs.
pub struct Machine {
    pub config_dir: PathBuf,
    pub bin: PathBuf,
    pub server: String,
}

impl Machine {
    /// An empty machine for `server`.
    pub fn new(server: &str) -> Machine {
        let root = temp_dir();
        let bin = root.join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        Machine {
            config_dir: root.join("config"),
            bin,
            server: server.to_owned(),
        }
    }

    /// Puts a fake CLI named `name` on this machine's PATH, answering `--version` with
    /// `version`; returns its path.
    pub fn fake_cli(&self, name: &str, version: &str) -> PathBuf {
        fake_cli(&self.bin, name, version)
    }

    /// The `agentry` command with this machine's environment and nothing inherited.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_agentry"));
        command
            .args(args)
            .env_clear()
            .env("AGENTRY_CONFIG_DIR", &self.config_dir)
            .env("PATH", &self.bin)
            .env("AGENTRY_HEARTBEAT_SECS", "1")
            .env("AGENTRY_LOG", "agentry_cli=debug,warn")
            .stdin(Stdio::null());
        command
    }

    /// Runs `agentry args…` to completion.
    pub fn run(&self, args: &[&str]) -> Run {
        Run(output_within(&mut self.command(args)))
    }

    /// Logs in with `token`, storing `workspace` as the default.
    pub fn login(&self, token: &str, workspace: &str) {
        self.run(&[
            "login",
            "--server",
            &self.server,
            "--token",
            token,
            "--workspace",
            workspace,
        ])
        .expect_success();
    }

    /// Starts `agentry daemon run` in the background; its log goes to a file.
    pub fn start_daemon(&self, workspace: &str) -> Daemon {
        self.start_daemon_with(workspace, &[])
    }

    /// Starts `agentry daemon run` with `extra` arguments; its log goes to a file (appended to,
    /// so a restarted daemon's log follows the first one's).
    pub fn start_daemon_with(&self, workspace: &str, extra: &[&str]) -> Daemon {
        let log = self.config_dir.with_file_name("daemon.log");
        let mut args = vec!["daemon", "run", "--workspace", workspace];
        args.extend_from_slice(extra);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .unwrap();
        let child = self
            .command(&args)
            .stdout(Stdio::null())
            .stderr(file)
            .spawn()
            .expect("spawn the daemon");
        Daemon { child, log }
    }

    /// The daemon id the machine chose (after a daemon has started).
    pub fn daemon_id(&self) -> Option<String> {
        std::fs::read_to_string(self.config_dir.join("daemon_id"))
            .ok()
            .map(|id| id.trim().to_owned())
    }

    /// The config file's bytes.
    pub fn config_bytes(&self) -> Vec<u8> {
        std::fs::read(self.config_dir.join("config.json")).unwrap_or_default()
    }
}

/// Writes an executable `#!/bin/sh` script that prints `version` (builtins only, so it runs
/// with any PATH).
pub fn fake_cli(dir: &Path, name: &str, version: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\necho '{version}'\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// Runs `command` to completion and returns its output, or kills it and fails the test after
/// [`DEADLINE`], naming the command (a stuck CLI must not hang the run).
pub fn output_within(command: &mut Command) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run agentry");
    // Read both pipes while waiting, so a chatty child never blocks on a full pipe.
    let read = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = read(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = read(child.stderr.take().map(|p| Box::new(p) as _));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} still ran after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// A finished `agentry` run.
pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }

    /// Asserts exit 0; returns stdout.
    #[track_caller]
    pub fn expect_success(&self) -> String {
        assert_eq!(self.code(), 0, "agentry failed: {}", self.stderr());
        self.stdout()
    }

    /// Asserts `code`; returns stderr.
    #[track_caller]
    pub fn expect_failure(&self, code: i32) -> String {
        assert_eq!(
            self.code(),
            code,
            "unexpected exit; stdout: {} stderr: {}",
            self.stdout(),
            self.stderr()
        );
        self.stderr()
    }

    /// Stdout parsed as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.expect_success()).expect("JSON output")
    }
}

/// A daemon process; killed when dropped so a failing test leaves nothing behind.
pub struct Daemon {
    pub child: Child,
    pub log: PathBuf,
}

impl Daemon {
    /// Sends SIGTERM.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill -TERM");
        assert!(status.success());
    }

    /// Waits for the process to exit; returns its exit code.
    pub async fn wait(&mut self) -> i32 {
        let status = eventually("the daemon to exit", || {
            let exited = self.child.try_wait().unwrap();
            async move { exited }
        })
        .await;
        status.code().unwrap_or(-1)
    }

    /// The daemon's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether a runtime row is online.
pub fn online(runtime: &Value) -> bool {
    runtime["status"] == "online"
}

/// Seconds without a heartbeat after which the test server's sweeper marks a runtime offline.
pub const OFFLINE_AFTER_SECS: i64 = 3;

/// How soon the test server's sweeper marks a runtime without heartbeats offline.
#[derive(Clone, Copy)]
pub enum Sweep {
    /// After `OFFLINE_AFTER_SECS`, checked every second, so a killed daemon's runtimes go
    /// offline within seconds (the daemons under test heartbeat every second).
    Fast,
    /// Not within any test's lifetime (an hour), so a runtime seen offline was deregistered:
    /// nothing else can explain it.
    Slow,
}

impl Sweep {
    fn apply(self, config: &mut Config) {
        let (offline_after, every) = match self {
            Sweep::Fast => (OFFLINE_AFTER_SECS, 1),
            Sweep::Slow => (3600, 3600),
        };
        config.runtime_offline_after_secs = offline_after;
        config.runtime_sweep_every_secs = every;
    }
}

/// The server's own sweeper worker, as `main` spawns it.
fn start_sweeper(state: &AppState) {
    tokio::spawn(agentry_server::workers::runtime_sweeper(state.clone()));
}

/// A TCP relay in front of the server that a test takes down and brings back: down, it cuts
/// every open connection and refuses new ones, which is what a daemon sees while its server
/// restarts.
pub struct Relay {
    pub url: String,
    up: std::sync::Arc<tokio::sync::watch::Sender<bool>>,
}

impl Relay {
    /// A relay to `server` (an `http://host:port` URL), up.
    pub async fn start(server: &str) -> Relay {
        let target = server.trim_start_matches("http://").to_owned();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let up = std::sync::Arc::new(tokio::sync::watch::channel(true).0);
        let relay_up = std::sync::Arc::clone(&up);
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !*relay_up.borrow() {
                    continue; // dropped: the connection closes at once
                }
                let mut down = relay_up.subscribe();
                let target = target.clone();
                tokio::spawn(async move {
                    let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = down.wait_for(|up| !*up) => {}
                    }
                });
            }
        });
        Relay { url, up }
    }

    /// Cuts every connection and refuses new ones.
    pub fn down(&self) {
        self.up.send_replace(false);
    }

    /// Relays again.
    pub fn up(&self) {
        self.up.send_replace(true);
    }
}
