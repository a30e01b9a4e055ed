//! The daemon's load on the Runtimes page (issue 12): a heartbeat may carry the runs in
//! flight, the capacity and the last error; an older daemon's bare heartbeat keeps working and
//! leaves them as they were; the last error is shown only to those who may edit the runtime.

use super::*;

#[tokio::test]
async fn a_heartbeat_with_its_load_is_shown_on_the_runtime_and_the_error_only_to_its_editors() {
    let crew = Crew::new().await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let id = register_builtin(&d, &crew.workspace, "machine-1", "claude").await;
    let fresh = runtime(&crew.member, &crew.workspace, &id).await;
    assert!(fresh["running"].is_null() && fresh["capacity"].is_null());

    let mut events = crew.app.state.db.events.subscribe();
    d.post(
        "/api/daemon/heartbeat",
        json!({"runtime_id": id, "running": 2, "capacity": 4,
               "last_error": "  cannot start claude: key agk_0123456789abcdef refused  "}),
    )
    .await
    .expect(200);
    assert!(
        events.try_recv().is_ok(),
        "a changed load is announced so the page refetches"
    );
    let mine = runtime(&crew.member, &crew.workspace, &id).await;
    assert_eq!(
        (mine["running"].clone(), mine["capacity"].clone()),
        (json!(2), json!(4))
    );
    assert_eq!(
        mine["last_error"],
        "cannot start claude: key [redacted] refused"
    );
    let admins = runtime(&crew.admin, &crew.workspace, &id).await;
    assert_eq!(admins["last_error"], mine["last_error"]);
    // Another member sees the load, not the error (it can name the owner's paths).
    let other = crew
        .app
        .join(&crew.owner, &crew.workspace, "other@example.com", "member")
        .await;
    let theirs = runtime(&other, &crew.workspace, &id).await;
    assert_eq!(theirs["running"], 2);
    assert!(theirs["last_error"].is_null(), "{theirs}");

    // The same load again is not a change.
    let mut events = crew.app.state.db.events.subscribe();
    d.post(
        "/api/daemon/heartbeat",
        json!({"runtime_id": id, "running": 2, "capacity": 4,
               "last_error": "cannot start claude: key agk_0123456789abcdef refused"}),
    )
    .await
    .expect(200);
    assert!(
        events.try_recv().is_err(),
        "nothing changed, nothing announced"
    );

    // An older daemon's bare heartbeat leaves the load alone; a report without an error
    // clears it.
    d.post("/api/daemon/heartbeat", json!({"runtime_id": id}))
        .await
        .expect(200);
    assert_eq!(
        runtime(&crew.member, &crew.workspace, &id).await["running"],
        2
    );
    d.post(
        "/api/daemon/heartbeat",
        json!({"runtime_id": id, "running": 0, "capacity": 4}),
    )
    .await
    .expect(200);
    let cleared = runtime(&crew.member, &crew.workspace, &id).await;
    assert_eq!(cleared["running"], 0);
    assert!(cleared["last_error"].is_null(), "{cleared}");
}

#[tokio::test]
async fn a_heartbeats_error_is_cut_to_length_and_a_nul_byte_is_refused() {
    let crew = Crew::new().await;
    let d = daemon(&crew.member, &crew.workspace).await;
    let id = register_builtin(&d, &crew.workspace, "machine-1", "claude").await;
    d.post(
        "/api/daemon/heartbeat",
        json!({"runtime_id": id, "running": 1, "capacity": 1, "last_error": "x".repeat(5000)}),
    )
    .await
    .expect(200);
    let row = runtime(&crew.member, &crew.workspace, &id).await;
    assert_eq!(row["last_error"].as_str().unwrap().len(), 500);
    d.post(
        "/api/daemon/heartbeat",
        json!({"runtime_id": id, "running": 1, "capacity": 1, "last_error": "a\u{0}b"}),
    )
    .await
    .expect_error(400, "nul_byte");
    d.post(
        "/api/daemon/heartbeat",
        json!({"runtime_id": id, "running": -1, "capacity": 1}),
    )
    .await
    .expect_error(400, "invalid_input");
}
