//! Creating, reading, listing and editing issues, and the edges of their input.

use super::{text, Board};
use axum::http::Method;
use serde_json::json;

#[tokio::test]
async fn issues_are_numbered_per_workspace_and_found_by_id_or_key_in_any_case() {
    let b = Board::new().await;
    let member = &b.crew.member;
    let first = b.issue(member, json!({"title": "  First  "})).await;
    let second = b
        .issue(member, json!({"title": "Second", "description": "more"}))
        .await;
    assert_eq!(first["number"], 1);
    assert_eq!(first["identifier"], "ACM-1");
    assert_eq!(first["title"], "First");
    assert_eq!(first["status"], "todo");
    assert_eq!(first["priority"], "none");
    assert_eq!(first["creator"]["type"], "member");
    assert_eq!(first["creator"]["id"], b.crew.member_id.as_str());
    assert_eq!(second["identifier"], "ACM-2");
    for key in ["acm-2", "ACM-2", &text(&second, "id")] {
        let found = b
            .get(&b.crew.admin, &format!("/api/issues/{key}"))
            .await
            .expect(200);
        assert_eq!(found["id"], second["id"], "{key}");
    }
    b.get(member, "/api/issues/ACM-3")
        .await
        .expect_error(404, "not_found");
    b.get(member, "/api/issues/XYZ-1")
        .await
        .expect_error(404, "not_found");
    let listed = b.get(member, "/api/issues").await.expect(200);
    let ids: Vec<_> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["identifier"].clone())
        .collect();
    assert_eq!(ids, [json!("ACM-2"), json!("ACM-1")], "newest first");
}

#[tokio::test]
async fn concurrent_creates_never_share_a_number() {
    let b = Board::new().await;
    let mut handles = Vec::new();
    for n in 0..8 {
        let client = b.crew.member.clone();
        let ws = b.ws().to_owned();
        handles.push(tokio::spawn(async move {
            client
                .request(
                    Method::POST,
                    "/api/issues",
                    Some(json!({"title": format!("Race {n}")})),
                    &[("x-workspace-id", ws.as_str())],
                )
                .await
                .expect(201)["number"]
                .as_i64()
                .unwrap()
        }));
    }
    let mut numbers = Vec::new();
    for h in handles {
        numbers.push(h.await.unwrap());
    }
    numbers.sort();
    assert_eq!(numbers, (1..=8).collect::<Vec<i64>>());
}

#[tokio::test]
async fn another_workspaces_issue_is_not_found_and_outsiders_see_nothing() {
    let b = Board::new().await;
    let issue = b.issue(&b.crew.member, json!({"title": "Ours"})).await;
    let id = text(&issue, "id");
    let (outsider, theirs) = b
        .crew
        .app
        .owner_with_workspace("out@example.com", "other")
        .await;
    for path in [
        format!("/api/issues/{id}"),
        format!("/api/issues/{id}/comments"),
        format!("/api/issues/{id}/metadata"),
        "/api/issues".to_owned(),
    ] {
        b.get(&outsider, &path).await.expect_error(404, "not_found");
    }
    // Their own workspace does not hold our issue either, by id or by number.
    let header = [("x-workspace-id", theirs.as_str())];
    for path in [format!("/api/issues/{id}"), "/api/issues/ACM-1".to_owned()] {
        outsider
            .request(Method::GET, &path, None, &header)
            .await
            .expect_error(404, "not_found");
        outsider
            .request(
                Method::PATCH,
                &path,
                Some(json!({"title": "Mine"})),
                &header,
            )
            .await
            .expect_error(404, "not_found");
    }
    b.get(&b.crew.member, &format!("/api/issues/{id}"))
        .await
        .expect(200);
}

#[tokio::test]
async fn lists_filter_by_status_assignee_and_parent_and_honour_the_limit() {
    let b = Board::new().await;
    let m = &b.crew.member;
    let parent = b.issue(m, json!({"title": "Epic"})).await;
    let pid = text(&parent, "id");
    b.issue(
        m,
        json!({"title": "Child", "parent_issue_id": pid, "status": "backlog"}),
    )
    .await;
    b.issue(
        m,
        json!({"title": "Mine", "assignee": {"type": "member", "id": b.crew.member_id}}),
    )
    .await;
    let count = |v: serde_json::Value| v.as_array().unwrap().len();
    assert_eq!(
        count(b.get(m, "/api/issues?status=backlog").await.expect(200)),
        1
    );
    let mine = format!(
        "/api/issues?assignee_type=member&assignee_id={}",
        b.crew.member_id
    );
    assert_eq!(count(b.get(m, &mine).await.expect(200)), 1);
    assert_eq!(
        count(
            b.get(m, &format!("/api/issues?parent_id={pid}"))
                .await
                .expect(200)
        ),
        1
    );
    assert_eq!(count(b.get(m, "/api/issues?limit=2").await.expect(200)), 2);
    let children = b
        .get(m, &format!("/api/issues/{pid}/children"))
        .await
        .expect(200);
    assert_eq!(children[0]["title"], "Child");
    assert_eq!(children[0]["parent"]["identifier"], "ACM-1");
    let shown = b.get(m, &format!("/api/issues/{pid}")).await.expect(200);
    assert_eq!(shown["children_count"], 1);
    for bad in [
        "status=open",
        "assignee_type=squad",
        "assignee_id=x",
        "limit=0",
        "limit=201",
    ] {
        b.get(m, &format!("/api/issues?{bad}"))
            .await
            .expect_error(400, "invalid_input");
    }
}

#[tokio::test]
async fn a_parent_that_would_make_a_cycle_is_refused() {
    let b = Board::new().await;
    let m = &b.crew.member;
    let top = text(&b.issue(m, json!({"title": "Top"})).await, "id");
    let mid = text(
        &b.issue(m, json!({"title": "Mid", "parent_issue_id": top}))
            .await,
        "id",
    );
    let low = text(
        &b.issue(m, json!({"title": "Low", "parent_issue_id": mid}))
            .await,
        "id",
    );
    for parent in [&low, &top] {
        b.patch(
            m,
            &format!("/api/issues/{top}"),
            json!({"parent_issue_id": parent}),
        )
        .await
        .expect_error(400, "issue_parent_cycle");
    }
    let unknown = uuid::Uuid::new_v4().to_string();
    b.patch(
        m,
        &format!("/api/issues/{top}"),
        json!({"parent_issue_id": unknown}),
    )
    .await
    .expect_error(400, "invalid_input");
    let moved = b
        .patch(
            m,
            &format!("/api/issues/{low}"),
            json!({"parent_issue_id": null}),
        )
        .await
        .expect(200);
    assert_eq!(moved["parent"], json!(null));
}

#[tokio::test]
async fn a_patch_changes_only_the_keys_sent_and_null_unassigns() {
    let b = Board::new().await;
    let m = &b.crew.member;
    let issue = b
        .issue(
            m,
            json!({"title": "Old", "description": "keep", "priority": "high",
            "assignee": {"type": "member", "id": b.crew.admin_id}, "metadata": {"a": "1"}}),
        )
        .await;
    let path = format!("/api/issues/{}", text(&issue, "id"));
    let renamed = b
        .patch(&b.crew.owner, &path, json!({"title": "New"}))
        .await
        .expect(200);
    assert_eq!(renamed["title"], "New");
    assert_eq!(renamed["description"], "keep");
    assert_eq!(renamed["priority"], "high");
    assert_eq!(renamed["assignee"]["name"], "admin");
    assert_eq!(renamed["metadata"], json!({"a": "1"}));
    let unassigned = b
        .patch(m, &path, json!({"assignee": null, "status": "done"}))
        .await
        .expect(200);
    assert_eq!(unassigned["assignee"], json!(null));
    assert_eq!(unassigned["status"], "done");
}

#[tokio::test]
async fn assigning_someone_outside_the_workspace_is_refused() {
    let b = Board::new().await;
    let (_, _) = b
        .crew
        .app
        .owner_with_workspace("out@example.com", "other")
        .await;
    let stranger = uuid::Uuid::new_v4().to_string();
    b.post(
        &b.crew.member,
        "/api/issues",
        json!({"title": "x", "assignee": {"type": "member", "id": stranger}}),
    )
    .await
    .expect_error(400, "invalid_input");
    b.post(
        &b.crew.member,
        "/api/issues",
        json!({"title": "x", "assignee": {"type": "squad", "id": stranger}}),
    )
    .await
    .expect_error(400, "invalid_input");
    assert_eq!(b.issue_count().await, 0);
}

#[tokio::test]
async fn nul_bytes_oversized_text_and_non_json_bodies_are_refused() {
    let b = Board::new().await;
    let m = &b.crew.member;
    let issue = b.issue(m, json!({"title": "Fine"})).await;
    let id = text(&issue, "id");
    let nul = "a\u{0}b";
    for (method, path, body) in [
        (
            Method::POST,
            "/api/issues".to_owned(),
            json!({"title": nul}),
        ),
        (
            Method::POST,
            "/api/issues".to_owned(),
            json!({"title": "t", "description": nul}),
        ),
        (
            Method::POST,
            "/api/issues".to_owned(),
            json!({"title": "t", "metadata": {"k": nul}}),
        ),
        (
            Method::PATCH,
            format!("/api/issues/{id}"),
            json!({"description": nul}),
        ),
        (
            Method::POST,
            format!("/api/issues/{id}/comments"),
            json!({"content": nul}),
        ),
        (
            Method::PUT,
            format!("/api/issues/{id}/metadata/k"),
            json!({"value": nul}),
        ),
    ] {
        b.call(m, method, &path, Some(body))
            .await
            .expect_error(400, "nul_byte");
    }
    let long = "x".repeat(agentry_core::limits::ISSUE_TITLE_MAX + 1);
    b.post(m, "/api/issues", json!({"title": long}))
        .await
        .expect_error(400, "invalid_input");
    let huge = "x".repeat(agentry_core::limits::COMMENT_MAX + 1);
    b.post(
        m,
        &format!("/api/issues/{id}/comments"),
        json!({"content": huge}),
    )
    .await
    .expect_error(400, "invalid_input");
    let many: Vec<_> = (0..=agentry_core::limits::MENTIONS_MAX)
        .map(|_| json!({"type": "member", "id": b.crew.member_id}))
        .collect();
    b.post(
        m,
        &format!("/api/issues/{id}/comments"),
        json!({"content": "hi", "mentions": many}),
    )
    .await
    .expect_error(400, "invalid_input");
    for path in [
        "/api/issues".to_owned(),
        format!("/api/issues/{id}/comments"),
    ] {
        m.request(
            Method::POST,
            &path,
            Some(json!({"title": "t", "content": "c"})),
            &[("x-workspace-id", b.ws()), ("content-type", "text/plain")],
        )
        .await
        .expect_error(415, "unsupported_media_type");
    }
    let bad_key = b
        .call(
            m,
            Method::PUT,
            &format!("/api/issues/{id}/metadata/has%20space"),
            Some(json!({"value": "v"})),
        )
        .await;
    bad_key.expect_error(400, "invalid_input");
    assert_eq!(b.issue_count().await, 1);
}

#[tokio::test]
async fn metadata_keys_are_set_read_and_removed_one_at_a_time() {
    let b = Board::new().await;
    let m = &b.crew.member;
    let issue = b
        .issue(m, json!({"title": "Bag", "metadata": {"keep": "1"}}))
        .await;
    let base = format!("/api/issues/{}/metadata", text(&issue, "id"));
    let bag = b
        .call(
            m,
            Method::PUT,
            &format!("{base}/pr.url"),
            Some(json!({"value": "https://x/1"})),
        )
        .await
        .expect(200);
    assert_eq!(bag, json!({"keep": "1", "pr.url": "https://x/1"}));
    b.call(&b.crew.admin, Method::DELETE, &format!("{base}/keep"), None)
        .await
        .expect(204);
    b.call(
        &b.crew.admin,
        Method::DELETE,
        &format!("{base}/never-set"),
        None,
    )
    .await
    .expect(204);
    assert_eq!(
        b.get(m, &base).await.expect(200),
        json!({"pr.url": "https://x/1"})
    );
    let replaced = b
        .patch(
            m,
            &format!("/api/issues/{}", text(&issue, "id")),
            json!({"metadata": {"z": "9"}}),
        )
        .await
        .expect(200);
    assert_eq!(replaced["metadata"], json!({"z": "9"}));
}

#[tokio::test]
async fn every_change_to_an_issue_announces_issue_changed() {
    let b = Board::new().await;
    let m = &b.crew.member;
    let mut events = b.crew.app.state.db.events.subscribe();
    let issue = b.issue(m, json!({"title": "Loud"})).await;
    let id = text(&issue, "id");
    b.patch(m, &format!("/api/issues/{id}"), json!({"title": "Louder"}))
        .await
        .expect(200);
    b.post(
        m,
        &format!("/api/issues/{id}/comments"),
        json!({"content": "hi"}),
    )
    .await
    .expect(201);
    b.call(
        m,
        Method::PUT,
        &format!("/api/issues/{id}/metadata/k"),
        Some(json!({"value": "v"})),
    )
    .await
    .expect(200);
    let mut seen = 0;
    while let Ok(event) = events.try_recv() {
        if event.name() == "issue:changed" {
            seen += 1;
        }
    }
    assert_eq!(seen, 4, "create, patch, comment and metadata each announce");
}
