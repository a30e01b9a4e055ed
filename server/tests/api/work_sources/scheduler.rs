//! The autopilot scheduler: a due schedule fires exactly once per slot, whoever races for it
//! (two tasks of one server, or two server processes on one database); scheduled runs have
//! no originator and are judged by the autopilot's creator (spec §4.5, §4.6); refusals are
//! recorded, never fatal; missed slots fire once.

use super::{id, Setup};
use crate::helpers::*;
use agentry_server::workers::fire_due_autopilots_once;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

async fn create(by: &crate::agents::Ws, agent: &str, cron: &str) -> String {
    let autopilot = by
        .post(
            "/api/autopilots",
            json!({
                "title": "Nightly", "description": "Summarise the day.", "agent_id": agent,
                "execution_mode": "run_only",
                "schedule": {"cron_expression": cron, "timezone": "UTC"},
            }),
        )
        .await
        .expect(201);
    id(&autopilot)
}

/// Makes the autopilot's schedule due at `at` (Unix ms).
async fn make_due(setup: &Setup, autopilot: &str, at: i64) {
    sqlx::query("UPDATE autopilot_triggers SET next_run_at = $1 WHERE autopilot_id = $2")
        .bind(at)
        .bind(autopilot.to_owned())
        .execute(&setup.crew.app.state.db.pool)
        .await
        .unwrap();
}

async fn next_run_at(setup: &Setup, autopilot: &str) -> Option<i64> {
    sqlx::query_scalar::<_, Option<i64>>(
        "SELECT next_run_at FROM autopilot_triggers WHERE autopilot_id = $1",
    )
    .bind(autopilot.to_owned())
    .fetch_one(&setup.crew.app.state.db.pool)
    .await
    .unwrap()
}

async fn runs(setup: &Setup, autopilot: &str) -> Value {
    setup
        .owner()
        .get(&format!("/api/autopilots/{autopilot}/runs"))
        .await
        .expect(200)
}

#[tokio::test]
async fn a_due_schedule_fires_once_with_no_originator_and_moves_to_its_next_slot() {
    let setup = Setup::new().await;
    let autopilot = create(&setup.member(), &setup.shared, "*/5 * * * *").await;
    let now = agentry_server::db::now_ms();
    let slot = now - 1_000;
    make_due(&setup, &autopilot, slot).await;
    let state = &setup.crew.app.state;
    let report = fire_due_autopilots_once(state, now).await.unwrap();
    assert_eq!((report.claimed, report.started), (1, 1));
    let runs = runs(&setup, &autopilot).await;
    assert_eq!(runs.as_array().unwrap().len(), 1);
    assert_eq!(runs[0]["source"], "schedule");
    assert_eq!(runs[0]["status"], "running");
    assert_eq!(runs[0]["triggered_by"], Value::Null);
    assert_eq!(unix_seconds(&runs[0]["scheduled_for"]), slot / 1000);
    let task_id = runs[0]["task_id"].as_str().unwrap();
    assert_eq!(setup.task_text(task_id, "originator_user_id").await, None);
    assert_eq!(
        setup
            .task_text(task_id, "originator_source")
            .await
            .as_deref(),
        Some("autopilot_schedule")
    );
    let next = next_run_at(&setup, &autopilot).await.unwrap();
    assert!(next > now && next - now <= 5 * 60_000, "{next} vs {now}");
    assert_eq!(next % 300_000, 0);
    // The same instant again finds nothing due.
    let again = fire_due_autopilots_once(state, now).await.unwrap();
    assert_eq!(again.claimed, 0);
    assert_eq!(setup.count("agent_task_queue", None).await, 1);
}

#[tokio::test]
async fn two_schedulers_racing_for_the_same_slot_fire_it_exactly_once() {
    let setup = Setup::new().await;
    let mut autopilots = Vec::new();
    for _ in 0..3 {
        autopilots.push(create(&setup.owner(), &setup.shared, "0 * * * *").await);
    }
    let now = agentry_server::db::now_ms();
    for autopilot in &autopilots {
        make_due(&setup, autopilot, now - 10).await;
    }
    let (a, b) = (setup.crew.app.state.clone(), setup.crew.app.state.clone());
    let (first, second) = tokio::join!(
        tokio::spawn(async move { fire_due_autopilots_once(&a, now).await.unwrap() }),
        tokio::spawn(async move { fire_due_autopilots_once(&b, now).await.unwrap() }),
    );
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!(first.claimed + second.claimed, 3, "{first:?} {second:?}");
    assert_eq!(setup.count("autopilot_runs", None).await, 3);
    assert_eq!(setup.count("agent_task_queue", None).await, 3);
}

#[tokio::test]
async fn a_scheduled_fire_the_creator_may_no_longer_ask_for_is_recorded_as_skipped() {
    let setup = Setup::new().await;
    let autopilot = create(&setup.member(), &setup.shared, "0 * * * *").await;
    setup.revoke_shared().await;
    let now = agentry_server::db::now_ms();
    make_due(&setup, &autopilot, now - 1).await;
    let report = fire_due_autopilots_once(&setup.crew.app.state, now)
        .await
        .unwrap();
    assert_eq!((report.claimed, report.started), (1, 0));
    let runs = runs(&setup, &autopilot).await;
    assert_eq!(runs[0]["status"], "skipped");
    assert_eq!(runs[0]["failure_reason"], "invocation_not_allowed");
    assert!(runs[0]["completed_at"].is_string());
    assert_eq!(setup.count("agent_task_queue", None).await, 0);
    assert!(next_run_at(&setup, &autopilot).await.unwrap() > now);
}

#[tokio::test]
async fn a_scheduled_fire_of_an_archived_agent_is_recorded_as_failed_and_the_others_still_fire() {
    let setup = Setup::new().await;
    let doomed = create(&setup.owner(), &setup.private, "0 * * * *").await;
    let fine = create(&setup.owner(), &setup.shared, "0 * * * *").await;
    setup
        .owner()
        .post_empty(&format!("/api/agents/{}/archive", setup.private))
        .await
        .expect(200);
    let now = agentry_server::db::now_ms();
    make_due(&setup, &doomed, now - 2).await;
    make_due(&setup, &fine, now - 1).await;
    let report = fire_due_autopilots_once(&setup.crew.app.state, now)
        .await
        .unwrap();
    assert_eq!((report.claimed, report.started), (2, 1));
    let failed = runs(&setup, &doomed).await;
    assert_eq!(failed[0]["status"], "failed");
    assert_eq!(failed[0]["failure_reason"], "agent_archived");
    assert_eq!(runs(&setup, &fine).await[0]["status"], "running");
}

#[tokio::test]
async fn slots_missed_while_no_server_ran_fire_once_and_paused_autopilots_not_at_all() {
    let setup = Setup::new().await;
    let missed = create(&setup.owner(), &setup.shared, "*/5 * * * *").await;
    let paused = create(&setup.owner(), &setup.shared, "*/5 * * * *").await;
    setup
        .owner()
        .patch(
            &format!("/api/autopilots/{paused}"),
            json!({"status": "paused"}),
        )
        .await
        .expect(200);
    let now = agentry_server::db::now_ms();
    // Three hours of five-minute slots went by unfired.
    make_due(&setup, &missed, now - 3 * 3_600_000).await;
    make_due(&setup, &paused, now - 3 * 3_600_000).await;
    let state = &setup.crew.app.state;
    assert_eq!(
        fire_due_autopilots_once(state, now).await.unwrap().claimed,
        1
    );
    assert_eq!(
        fire_due_autopilots_once(state, now).await.unwrap().claimed,
        0
    );
    assert_eq!(runs(&setup, &missed).await.as_array().unwrap().len(), 1);
    assert_eq!(runs(&setup, &paused).await, json!([]));
    assert!(next_run_at(&setup, &missed).await.unwrap() > now);
    // Resuming counts from now: the slots that fell due while paused are not fired.
    let resumed = setup
        .owner()
        .patch(
            &format!("/api/autopilots/{paused}"),
            json!({"status": "active"}),
        )
        .await
        .expect(200);
    assert!(unix_seconds(&resumed["triggers"][0]["next_run_at"]) * 1000 > now);
    assert_eq!(
        fire_due_autopilots_once(state, now).await.unwrap().claimed,
        0
    );
}

/// A server process with a one-second scheduler tick, killed when dropped.
struct Server {
    child: Child,
    log: PathBuf,
}

impl Server {
    fn start(database_url: &str) -> Server {
        let dir = temp_dir();
        let log = dir.join("server.log");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let out = std::fs::File::create(&log).expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_agentry-server"))
            .env("AGENTRY_BIND", format!("127.0.0.1:{port}"))
            .env("DATABASE_URL", database_url)
            .env("AGENTRY_DATA_DIR", dir.join("data"))
            .env("AGENTRY_SITE_ROOT", dir.join("site"))
            .env("AGENTRY_DB_MAX_CONNECTIONS", "4")
            .env("AGENTRY_AUTOPILOT_TICK_SECS", "1")
            .env("RUST_LOG", "info")
            .env_remove("RUST_BACKTRACE")
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("start the server binary");
        Server { child, log }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    async fn wait_listening(&mut self) {
        let started = Instant::now();
        while !self.log_text().contains("is listening") {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the server exited with {status}:\n{}", self.log_text());
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the server did not start within 60 s:\n{}",
                self.log_text()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn two_server_processes_on_one_database_fire_a_due_slot_exactly_once() {
    let setup = Setup::new().await;
    let autopilot = create(&setup.owner(), &setup.shared, "0 0 1 1 *").await;
    let url = setup.crew.app.state.config.database_url();
    let mut servers = [Server::start(&url), Server::start(&url)];
    for server in &mut servers {
        server.wait_listening().await;
    }
    make_due(&setup, &autopilot, agentry_server::db::now_ms() - 1).await;
    let started = Instant::now();
    while setup.count("autopilot_runs", None).await == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no server fired the due slot:\n{}\n{}",
            servers[0].log_text(),
            servers[1].log_text()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Both go on ticking for a few more seconds; neither fires the slot again.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(setup.count("autopilot_runs", None).await, 1);
    assert_eq!(setup.count("agent_task_queue", None).await, 1);
    assert!(next_run_at(&setup, &autopilot).await.unwrap() > agentry_server::db::now_ms());
    for server in &servers {
        let log = server.log_text();
        assert!(!log.contains("panicked"), "a server panicked:\n{log}");
    }
}
