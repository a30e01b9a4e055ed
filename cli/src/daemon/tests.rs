//! The daemon against a fake server on a local port: the order of heartbeats and the
//! deregistration at shutdown, and convergence when a profile goes away during registration.

use super::*;
use agentry_core::api::catalogue::Endpoint;
use agentry_core::api::daemon::{DaemonProfiles, HeartbeatRequest, RegisterRequest};
use agentry_core::api::runtimes::Runtime;
use agentry_core::runtimes::{family, RuntimeStatus, RuntimeVisibility};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use std::time::Instant;
use tokio::sync::Notify;

fn tracked(ids: &[RuntimeId]) -> Tracked {
    Tracked {
        runtimes: ids
            .iter()
            .map(|id| TrackedRuntime {
                id: *id,
                provider: "claude".into(),
                profile_id: None,
            })
            .collect(),
    }
}

#[test]
fn runtimes_no_longer_registered_are_the_ones_taken_offline() {
    let [a, b, c] = [0, 1, 2].map(|_| RuntimeId(uuid::Uuid::new_v4()));
    assert_eq!(dropped_ids(&tracked(&[a, b]), &tracked(&[b, c])), [a]);
    assert!(dropped_ids(&tracked(&[a]), &tracked(&[a])).is_empty());
    assert_eq!(dropped_ids(&tracked(&[a, b]), &Tracked::default()), [a, b]);
}

#[test]
fn only_the_refusals_naming_a_vanished_profile_mean_fetch_again() {
    let error = |status: u16, code: &str| {
        crate::client::status_error(
            reqwest::StatusCode::from_u16(status).unwrap(),
            json!({"error": "no", "code": code}).to_string(),
        )
    };
    assert!(profile_went_away(&error(400, "unknown_runtime_profile")));
    assert!(profile_went_away(&error(409, "runtime_profile_disabled")));
    assert!(!profile_went_away(&error(400, "invalid")));
    assert!(!profile_went_away(&error(403, "forbidden")));
}

/// What the fake server saw, in order.
#[derive(Default)]
struct Seen {
    events: Vec<&'static str>,
    /// The profile ids of each registration.
    registrations: Vec<Vec<String>>,
}

#[derive(Clone)]
struct Fake {
    workspace: WorkspaceId,
    seen: Arc<Mutex<Seen>>,
    /// What the next profile fetch returns.
    profiles: Arc<Mutex<Vec<RuntimeProfile>>>,
    /// Profiles removed right after a fetch (deleted between fetch and register).
    vanishing: Arc<Mutex<Vec<RuntimeProfile>>>,
    /// How a registration naming a removed profile is refused.
    refusal: (StatusCode, &'static str),
    heartbeat_takes: Duration,
    first_heartbeat: Arc<Notify>,
}

impl Fake {
    fn new(heartbeat_takes: Duration) -> Fake {
        Fake {
            workspace: WorkspaceId(uuid::Uuid::new_v4()),
            seen: Arc::default(),
            profiles: Arc::default(),
            vanishing: Arc::default(),
            refusal: (StatusCode::BAD_REQUEST, "unknown_runtime_profile"),
            heartbeat_takes,
            first_heartbeat: Arc::new(Notify::new()),
        }
    }

    fn note(&self, event: &'static str) {
        self.seen.lock().unwrap().events.push(event);
    }

    fn events(&self) -> Vec<&'static str> {
        self.seen.lock().unwrap().events.clone()
    }

    /// Serves on a local port; returns a daemon pointed at it with one built-in CLI.
    async fn start(&self, heartbeat_every: Duration) -> Daemon {
        let router = Router::new()
            .route(daemon_api::Profiles::PATH, get(profiles))
            .route(daemon_api::Register::PATH, post(register))
            .route(daemon_api::Heartbeat::PATH, post(heartbeat))
            .route(daemon_api::Deregister::PATH, post(deregister))
            .with_state(self.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        let api = ApiClient::new(&format!("http://{address}"), "agd_test").unwrap();
        let builtin = Builtin {
            family: family("claude").unwrap(),
            path: PathBuf::from("/usr/bin/claude"),
            version: "1.0".into(),
        };
        Daemon {
            api,
            settings: Settings {
                workspace: self.workspace,
                identity: Identity {
                    daemon_id: "d1".into(),
                    device_name: "laptop".into(),
                },
                overrides: BTreeMap::new(),
                path_var: None,
                heartbeat_every,
                tasks: None,
            },
            builtins: vec![builtin],
            tracked: Arc::default(),
            launch_specs: Arc::default(),
            profiles: Vec::new(),
            signature: None,
        }
    }
}

async fn profiles(State(fake): State<Fake>) -> Json<DaemonProfiles> {
    let list = fake.profiles.lock().unwrap().clone();
    let vanishing = fake.vanishing.lock().unwrap().clone();
    fake.profiles
        .lock()
        .unwrap()
        .retain(|p| !vanishing.iter().any(|v| v.id == p.id));
    fake.note("fetch");
    Json(DaemonProfiles {
        workspace_id: fake.workspace,
        runtime_profiles: list,
    })
}

async fn register(State(fake): State<Fake>, Json(body): Json<RegisterRequest>) -> Response {
    let named: Vec<String> = body
        .runtimes
        .iter()
        .filter_map(|r| r.profile_id.clone())
        .collect();
    fake.seen.lock().unwrap().registrations.push(named.clone());
    let known = fake.profiles.lock().unwrap().clone();
    if named
        .iter()
        .any(|id| !known.iter().any(|p| &p.id.to_string() == id))
    {
        fake.note("register refused");
        let (status, code) = fake.refusal;
        return (status, Json(json!({"error": "profile gone", "code": code}))).into_response();
    }
    fake.note("register");
    let runtimes = body
        .runtimes
        .iter()
        .map(|entry| runtime(fake.workspace, entry))
        .collect();
    Json(RegisterResponse {
        runtimes,
        repos: Vec::new(),
        repos_version: String::new(),
        settings: json!({}),
    })
    .into_response()
}

fn runtime(workspace: WorkspaceId, entry: &agentry_core::api::daemon::RegisterRuntime) -> Runtime {
    Runtime {
        id: RuntimeId(uuid::Uuid::new_v4()),
        workspace_id: workspace,
        daemon_id: Some("d1".into()),
        name: entry.name.clone(),
        custom_name: None,
        runtime_mode: "local".into(),
        provider: entry.kind.clone(),
        launch_header: entry.kind.clone(),
        status: RuntimeStatus::Online,
        device_info: String::new(),
        metadata: json!({}),
        owner_id: None,
        visibility: RuntimeVisibility::Private,
        profile_id: entry
            .profile_id
            .as_deref()
            .and_then(|id| uuid::Uuid::parse_str(id).ok())
            .map(ProfileId),
        last_seen_at: None,
        running: None,
        capacity: None,
        last_error: None,
        created_at: String::new(),
        updated_at: String::new(),
    }
}

async fn heartbeat(State(fake): State<Fake>, Json(_): Json<HeartbeatRequest>) -> Json<StatusOk> {
    fake.note("heartbeat received");
    fake.first_heartbeat.notify_one();
    tokio::time::sleep(fake.heartbeat_takes).await;
    fake.note("heartbeat answered");
    Json(StatusOk {
        status: "ok".into(),
    })
}

async fn deregister(State(fake): State<Fake>, Json(_): Json<DeregisterRequest>) -> Json<StatusOk> {
    fake.note("deregister");
    Json(StatusOk {
        status: "ok".into(),
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn shutdown_awaits_the_heartbeat_in_flight_then_deregisters_and_sends_no_more() {
    let fake = Fake::new(Duration::from_millis(400));
    let daemon = fake.start(Duration::from_millis(50)).await;
    // Shut down while the server is still handling the first heartbeat.
    let arrived = Arc::clone(&fake.first_heartbeat);
    let run = daemon.run(async move { arrived.notified().await });
    tokio::time::timeout(Duration::from_secs(10), run)
        .await
        .expect("the daemon stops")
        .expect("a clean stop");
    // Anything still on its way would land within a few heartbeat intervals.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let events = fake.events();
    let deregistered = events
        .iter()
        .position(|e| *e == "deregister")
        .unwrap_or_else(|| panic!("no deregistration: {events:?}"));
    let before = &events[..deregistered];
    let received = before
        .iter()
        .filter(|e| **e == "heartbeat received")
        .count();
    let answered = before
        .iter()
        .filter(|e| **e == "heartbeat answered")
        .count();
    assert!(received >= 1, "{events:?}");
    assert_eq!(
        received, answered,
        "a heartbeat outlived the deregistration: {events:?}"
    );
    assert_eq!(events.last(), Some(&"deregister"), "{events:?}");
}

/// A profile whose command is this test's shell, so it resolves on any machine.
fn runnable_profile(workspace: WorkspaceId) -> RuntimeProfile {
    let mut profile = crate::daemon::resolve::tests::profile("claude", "/bin/sh");
    profile.workspace_id = workspace;
    profile.fixed_args = vec!["-c".into(), "echo 1.0".into()];
    profile
}

async fn converges_when_a_profile_vanishes_after_the_fetch(refusal: (StatusCode, &'static str)) {
    let mut fake = Fake::new(Duration::ZERO);
    fake.refusal = refusal;
    let kept = runnable_profile(fake.workspace);
    let gone = runnable_profile(fake.workspace);
    *fake.profiles.lock().unwrap() = vec![kept.clone(), gone.clone()];
    *fake.vanishing.lock().unwrap() = vec![gone.clone()];
    let daemon = fake.start(Duration::from_secs(60)).await;
    let tracked = daemon.tracked();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    // Driven on this task: the daemon's future is not `Send` (it borrows across awaits).
    let mut run = std::pin::pin!(daemon.run(async move {
        let _ = stopped.await;
    }));
    let registered = tokio::select! {
        result = &mut run => panic!("the daemon exited ({result:?}): {:?}", fake.events()),
        registered = async {
            let start = Instant::now();
            loop {
                let now: Vec<Option<ProfileId>> =
                    tracked.lock().unwrap().runtimes.iter().map(|r| r.profile_id).collect();
                if now.len() == 2 {
                    return now;
                }
                assert!(
                    start.elapsed() < Duration::from_secs(10),
                    "never registered: {:?}",
                    fake.events()
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        } => registered,
    };
    assert_eq!(registered, [None, Some(kept.id)]);
    // Converged with fresh profiles at once, well before the 60 s retry.
    let events = fake.events();
    assert_eq!(
        events,
        ["fetch", "register refused", "fetch", "register"],
        "{events:?}"
    );
    stop.send(()).unwrap();
    run.await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_deleted_between_fetch_and_registration_is_fetched_again_not_fatal() {
    converges_when_a_profile_vanishes_after_the_fetch((
        StatusCode::BAD_REQUEST,
        "unknown_runtime_profile",
    ))
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_disabled_between_fetch_and_registration_is_fetched_again() {
    converges_when_a_profile_vanishes_after_the_fetch((
        StatusCode::CONFLICT,
        "runtime_profile_disabled",
    ))
    .await;
}
