//! Autopilots through the API: created for an agent the creator may run, changed by their
//! creator or an owner or admin, "Run now" gated on the clicking member (spec §4.6) in both
//! modes, schedules validated with their next fire times.

use super::{id, Setup};
use crate::agents::Ws;
use crate::helpers::*;
use serde_json::{json, Value};

fn body(agent: &str, mode: &str) -> Value {
    json!({
        "title": "Morning triage", "description": "Look at new issues and sort them.",
        "agent_id": agent, "execution_mode": mode,
        "schedule": {"cron_expression": "0 9 * * MON-FRI", "timezone": "Europe/Paris"},
    })
}

async fn create(by: &Ws, body: Value) -> Value {
    by.post("/api/autopilots", body).await.expect(201)
}

#[tokio::test]
async fn an_autopilot_is_created_with_its_schedule_and_next_five_fire_times() {
    let setup = Setup::new().await;
    let member = setup.member();
    let autopilot = create(&member, body(&setup.shared, "run_only")).await;
    assert_eq!(
        keys(&autopilot),
        [
            "agent_id",
            "created_at",
            "created_by",
            "description",
            "execution_mode",
            "id",
            "issue_title_template",
            "status",
            "title",
            "triggers",
            "updated_at"
        ]
    );
    assert_eq!(autopilot["status"], "active");
    assert_eq!(autopilot["execution_mode"], "run_only");
    assert_eq!(autopilot["created_by"], setup.crew.member_id.as_str());
    let trigger = &autopilot["triggers"][0];
    assert_eq!(trigger["enabled"], true);
    assert_eq!(trigger["kind"], "schedule");
    assert_eq!(trigger["timezone"], "Europe/Paris");
    let fires: Vec<i64> = trigger["next_fires"]
        .as_array()
        .unwrap()
        .iter()
        .map(unix_seconds)
        .collect();
    assert_eq!(fires.len(), 5);
    assert!(fires.windows(2).all(|w| w[0] < w[1]));
    assert!(fires[0] > now_seconds());
    assert_eq!(unix_seconds(&trigger["next_run_at"]), fires[0]);
    // 09:00 in Paris is 07:00 or 08:00 UTC, on a weekday.
    for fire in &fires {
        let at = time::OffsetDateTime::from_unix_timestamp(*fire).unwrap();
        assert!([7, 8].contains(&at.hour()), "{at}");
        assert!(at.weekday().number_days_from_monday() < 5, "{at}");
    }
    let autopilot_id = id(&autopilot);
    let shown = setup
        .owner()
        .get(&format!("/api/autopilots/{autopilot_id}"))
        .await
        .expect(200);
    assert_eq!(shown["id"], autopilot_id.as_str());
    let list = setup.admin().get("/api/autopilots").await.expect(200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["triggers"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn creating_an_autopilot_for_an_agent_one_may_not_run_is_refused_and_stores_nothing() {
    let setup = Setup::new().await;
    setup
        .member()
        .post("/api/autopilots", body(&setup.private, "run_only"))
        .await
        .expect_error(403, "invocation_not_allowed");
    assert_eq!(setup.count("autopilots", None).await, 0);
    assert_eq!(setup.count("autopilot_triggers", None).await, 0);
}

#[tokio::test]
async fn invalid_cron_expressions_and_time_zones_are_400s_with_their_own_codes() {
    let setup = Setup::new().await;
    let member = setup.member();
    for cron in ["0 9 * *", "0 25 * * *", "every day", "0 0 9 * * MON"] {
        let mut request = body(&setup.shared, "run_only");
        request["schedule"]["cron_expression"] = json!(cron);
        let answer = member.post("/api/autopilots", request).await;
        assert_eq!(
            answer.expect_error(400, "invalid_cron")["field"],
            "cron_expression",
            "{cron}"
        );
    }
    for zone in ["Europe/Atlantis", "GMT+2", ""] {
        let mut request = body(&setup.shared, "run_only");
        request["schedule"]["timezone"] = json!(zone);
        let answer = member.post("/api/autopilots", request).await;
        assert_eq!(
            answer.expect_error(400, "invalid_timezone")["field"],
            "timezone"
        );
    }
    assert_eq!(setup.count("autopilots", None).await, 0);
    // The same on update.
    let autopilot = id(&create(&member, body(&setup.shared, "run_only")).await);
    member
        .patch(
            &format!("/api/autopilots/{autopilot}"),
            json!({"schedule": {"cron_expression": "61 * * * *", "timezone": "UTC"}}),
        )
        .await
        .expect_error(400, "invalid_cron");
}

#[tokio::test]
async fn run_now_in_run_only_mode_queues_an_autopilot_run_on_behalf_of_the_clicking_member() {
    let setup = Setup::new().await;
    let autopilot = id(&create(&setup.owner(), body(&setup.shared, "run_only")).await);
    let started = setup
        .member()
        .post_empty(&format!("/api/autopilots/{autopilot}/run"))
        .await
        .expect(202);
    assert_eq!(started["issue_id"], Value::Null);
    let (run_id, task_id) = (
        started["run_id"].as_str().unwrap(),
        started["task_id"].as_str().unwrap(),
    );
    assert_eq!(
        setup.task_text(task_id, "kind").await.as_deref(),
        Some("autopilot")
    );
    assert_eq!(
        setup
            .task_text(task_id, "autopilot_run_id")
            .await
            .as_deref(),
        Some(run_id)
    );
    assert_eq!(
        setup.task_text(task_id, "trigger_summary").await.as_deref(),
        Some("Morning triage")
    );
    assert_eq!(
        setup
            .task_text(task_id, "originator_user_id")
            .await
            .as_deref(),
        Some(setup.crew.member_id.as_str())
    );
    assert_eq!(
        setup
            .task_text(task_id, "originator_source")
            .await
            .as_deref(),
        Some("autopilot_manual")
    );
    let runs = setup
        .member()
        .get(&format!("/api/autopilots/{autopilot}/runs"))
        .await
        .expect(200);
    assert_eq!(runs.as_array().unwrap().len(), 1);
    assert_eq!(runs[0]["id"], run_id);
    assert_eq!(runs[0]["source"], "manual");
    assert_eq!(runs[0]["status"], "running");
    assert_eq!(runs[0]["triggered_by"], setup.crew.member_id.as_str());
    assert_eq!(runs[0]["task_id"], task_id);
    assert_eq!(runs[0]["scheduled_for"], Value::Null);
}

#[tokio::test]
async fn run_now_in_create_issue_mode_opens_an_assigned_issue_and_queues_its_run() {
    let setup = Setup::new().await;
    let mut request = body(&setup.shared, "create_issue");
    request["issue_title_template"] = json!("Triage {{date}}");
    let autopilot = id(&create(&setup.owner(), request).await);
    let started = setup
        .member()
        .post_empty(&format!("/api/autopilots/{autopilot}/run"))
        .await
        .expect(202);
    let issue = started["issue_id"].as_str().unwrap();
    let task_id = started["task_id"].as_str().unwrap();
    let column = |c: &str| format!("SELECT {c} FROM issues WHERE id = $1");
    let title = setup.text(&column("title"), issue).await.unwrap();
    assert!(title.starts_with("Triage 20"), "{title}");
    assert_eq!(title.len(), "Triage 2026-01-01".len());
    for (c, want) in [
        ("description", "Look at new issues and sort them."),
        ("origin_type", "autopilot"),
        ("origin_id", autopilot.as_str()),
        ("assignee_type", "agent"),
        ("assignee_id", setup.shared.as_str()),
        ("status", "todo"),
        ("creator_id", setup.crew.member_id.as_str()),
    ] {
        assert_eq!(
            setup.text(&column(c), issue).await.as_deref(),
            Some(want),
            "{c}"
        );
    }
    assert_eq!(
        setup.task_text(task_id, "kind").await.as_deref(),
        Some("issue")
    );
    assert_eq!(
        setup.task_text(task_id, "issue_id").await.as_deref(),
        Some(issue)
    );
    assert_eq!(
        setup
            .task_text(task_id, "originator_user_id")
            .await
            .as_deref(),
        Some(setup.crew.member_id.as_str())
    );
    let runs = setup
        .owner()
        .get(&format!("/api/autopilots/{autopilot}/runs"))
        .await
        .expect(200);
    assert_eq!(runs[0]["status"], "issue_created");
    assert_eq!(runs[0]["issue_id"], issue);
}

#[tokio::test]
async fn run_now_by_a_member_who_may_not_run_the_agent_is_refused_and_creates_nothing() {
    let setup = Setup::new().await;
    for mode in ["run_only", "create_issue"] {
        let autopilot = id(&create(&setup.owner(), body(&setup.private, mode)).await);
        setup
            .member()
            .post_empty(&format!("/api/autopilots/{autopilot}/run"))
            .await
            .expect_error(403, "invocation_not_allowed");
    }
    assert_eq!(setup.count("autopilot_runs", None).await, 0);
    assert_eq!(setup.count("agent_task_queue", None).await, 0);
    assert_eq!(setup.count("issues", None).await, 0);
}

#[tokio::test]
async fn only_the_creator_or_an_owner_or_admin_may_change_or_delete_an_autopilot() {
    let setup = Setup::new().await;
    let owners = id(&create(&setup.owner(), body(&setup.shared, "run_only")).await);
    let path = format!("/api/autopilots/{owners}");
    setup
        .member()
        .patch(&path, json!({"title": "Mine now"}))
        .await
        .expect_error(403, "not_autopilot_editor");
    setup
        .member()
        .delete(&path)
        .await
        .expect_error(403, "not_autopilot_editor");
    let changed = setup
        .admin()
        .patch(&path, json!({"title": "Renamed", "status": "paused"}))
        .await
        .expect(200);
    assert_eq!(changed["title"], "Renamed");
    assert_eq!(changed["status"], "paused");
    let mine = id(&create(&setup.member(), body(&setup.shared, "run_only")).await);
    setup
        .member()
        .patch(
            &format!("/api/autopilots/{mine}"),
            json!({"description": "New instruction", "execution_mode": "create_issue"}),
        )
        .await
        .expect(200);
    // Moving it to an agent the member may not run is the invoke gate's refusal.
    setup
        .member()
        .patch(
            &format!("/api/autopilots/{mine}"),
            json!({"agent_id": setup.private}),
        )
        .await
        .expect_error(403, "invocation_not_allowed");
    setup
        .member()
        .delete(&format!("/api/autopilots/{mine}"))
        .await
        .expect(204);
    setup.owner().delete(&path).await.expect(204);
    setup
        .owner()
        .get(&path)
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn a_schedule_can_be_replaced_disabled_and_removed() {
    let setup = Setup::new().await;
    let owner = setup.owner();
    let autopilot = id(&create(&owner, body(&setup.shared, "run_only")).await);
    let path = format!("/api/autopilots/{autopilot}");
    let hourly = owner
        .patch(
            &path,
            json!({"schedule": {"cron_expression": "0 * * * *", "timezone": "UTC"}}),
        )
        .await
        .expect(200);
    let fires: Vec<i64> = hourly["triggers"][0]["next_fires"]
        .as_array()
        .unwrap()
        .iter()
        .map(unix_seconds)
        .collect();
    assert!(fires.windows(2).all(|w| w[1] - w[0] == 3600), "{fires:?}");
    assert_eq!(fires[0] % 3600, 0);
    let disabled = owner
        .patch(
            &path,
            json!({"schedule": {"cron_expression": "0 * * * *", "timezone": "UTC", "enabled": false}}),
        )
        .await
        .expect(200);
    assert_eq!(disabled["triggers"][0]["enabled"], false);
    assert_eq!(disabled["triggers"][0]["next_run_at"], Value::Null);
    let removed = owner
        .patch(&path, json!({"schedule": null}))
        .await
        .expect(200);
    assert_eq!(removed["triggers"], json!([]));
    let cleared = owner
        .patch(&path, json!({"issue_title_template": null}))
        .await
        .expect(200);
    assert_eq!(cleared["issue_title_template"], Value::Null);
}

#[tokio::test]
async fn a_running_agent_reads_an_autopilot_of_its_workspace_with_its_task_token() {
    let setup = Setup::new().await;
    let autopilot = id(&create(&setup.owner(), body(&setup.shared, "run_only")).await);
    let started = setup
        .owner()
        .post_empty(&format!("/api/autopilots/{autopilot}/run"))
        .await
        .expect(202);
    let task_id: agentry_core::TaskId = serde_json::from_value(started["task_id"].clone()).unwrap();
    let token = agentry_server::auth::secret::task_token();
    let mut conn = setup.crew.app.state.db.pool.acquire().await.unwrap();
    let now = agentry_server::db::now_ms();
    agentry_server::db::tasks::insert_token(
        &mut conn,
        agentry_server::db::tasks::NewTaskToken {
            id: agentry_core::TaskTokenId(uuid::Uuid::new_v4()),
            token_hash: &agentry_server::auth::secret::hash(&token),
            task_id,
            agent_id: serde_json::from_value(json!(setup.shared)).unwrap(),
            workspace_id: serde_json::from_value(json!(setup.crew.workspace)).unwrap(),
            user_id: serde_json::from_value(json!(setup.crew.owner_id)).unwrap(),
            expires_at: now + 3_600_000,
            now,
        },
    )
    .await
    .unwrap();
    drop(conn);
    let agent = setup.crew.app.anonymous().with_bearer(&token);
    let shown = agent
        .at(&setup.crew.workspace)
        .get(&format!("/api/autopilots/{autopilot}"))
        .await
        .expect(200);
    assert_eq!(shown["id"], autopilot.as_str());
    // Outside its workspace the token is no credential at all.
    agent
        .at(&uuid::Uuid::new_v4().to_string())
        .get(&format!("/api/autopilots/{autopilot}"))
        .await
        .expect_error(401, "unauthenticated");
}

#[tokio::test]
async fn autopilot_bodies_with_nul_bytes_oversized_text_or_no_json_type_are_refused() {
    let setup = Setup::new().await;
    let member = setup.member();
    let mut nul = body(&setup.shared, "run_only");
    nul["title"] = json!("a\u{0}");
    member
        .post("/api/autopilots", nul)
        .await
        .expect_error(400, "nul_byte");
    let mut long = body(&setup.shared, "run_only");
    long["description"] =
        json!("d".repeat(agentry_core::api::autopilots::AUTOPILOT_DESCRIPTION_MAX + 1));
    member
        .post("/api/autopilots", long)
        .await
        .expect_error(400, "invalid_input");
    let mut mode = body(&setup.shared, "run_only");
    mode["execution_mode"] = json!("sometimes");
    member
        .post("/api/autopilots", mode)
        .await
        .expect_error(400, "invalid_input");
    member
        .post_as(
            "/api/autopilots",
            body(&setup.shared, "run_only"),
            "text/plain",
        )
        .await
        .expect_error(415, "unsupported_media_type");
    assert_eq!(setup.count("autopilots", None).await, 0);
}

#[tokio::test]
async fn an_autopilot_of_another_workspace_is_not_found_through_ones_own() {
    let setup = Setup::new().await;
    let autopilot = id(&create(&setup.owner(), body(&setup.shared, "run_only")).await);
    let elsewhere = setup
        .crew
        .member
        .post("/api/workspaces", json!({"name": "Side", "slug": "side"}))
        .await
        .expect(201);
    let side = setup.crew.member.at(elsewhere["id"].as_str().unwrap());
    let path = format!("/api/autopilots/{autopilot}");
    side.get(&path).await.expect_error(404, "not_found");
    side.patch(&path, json!({"title": "x"}))
        .await
        .expect_error(404, "not_found");
    side.delete(&path).await.expect_error(404, "not_found");
    side.post_empty(&format!("{path}/run"))
        .await
        .expect_error(404, "not_found");
    side.get(&format!("{path}/runs"))
        .await
        .expect_error(404, "not_found");
    assert_eq!(setup.count("autopilot_runs", None).await, 0);
}
