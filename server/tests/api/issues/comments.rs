//! Comments: which agents they ask for work (spec G.2 path 2), folding into a queued run
//! (path 3), mentions as stored links, and mentions the author may not use (§9 case 22).

use super::{text, Board};
use serde_json::json;

#[tokio::test]
async fn two_comments_on_an_issue_whose_run_is_queued_fold_into_that_one_run() {
    let b = Board::new().await;
    let issue = b
        .issue(
            &b.crew.member,
            json!({"title": "Work", "assignee": {"type": "agent", "id": b.helper}}),
        )
        .await;
    let id = text(&issue, "id");
    let path = format!("/api/issues/{id}/comments");
    let first = b
        .post(&b.crew.member, &path, json!({"content": "also this"}))
        .await
        .expect(201);
    let second = b
        .post(&b.crew.admin, &path, json!({"content": "and that"}))
        .await
        .expect(201);
    assert_eq!(first["triggered"][0]["result"], "coalesced");
    assert_eq!(second["triggered"][0]["result"], "coalesced");
    assert_eq!(second["triggered"][0]["agent_id"], b.helper.as_str());
    let runs = b.runs(&id, &b.helper).await;
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0]["trigger"], second["comment"]["id"]);
    assert_eq!(runs[0]["coalesced"], json!([first["comment"]["id"]]));
}

#[tokio::test]
async fn a_members_comment_asks_the_assigned_agent_and_a_note_asks_nobody() {
    let b = Board::new().await;
    let issue = b
        .issue(
            &b.crew.member,
            json!({"title": "Idle", "no_start": true,
            "assignee": {"type": "agent", "id": b.helper}}),
        )
        .await;
    let path = format!("/api/issues/{}/comments", text(&issue, "id"));
    let note = b
        .post(
            &b.crew.member,
            &path,
            json!({"content": "/NOTE for people"}),
        )
        .await
        .expect(201);
    assert_eq!(note["triggered"], json!([]));
    assert!(b.runs(&text(&issue, "id"), &b.helper).await.is_empty());
    let asked = b
        .post(&b.crew.member, &path, json!({"content": "go"}))
        .await
        .expect(201);
    assert_eq!(asked["triggered"][0]["result"], "queued");
    let runs = b.runs(&text(&issue, "id"), &b.helper).await;
    assert_eq!(runs[0]["trigger"], asked["comment"]["id"]);
    assert_eq!(runs[0]["originator"], b.crew.member_id.as_str());
    // A reply to a person asks nobody.
    let reply = b
        .post(
            &b.crew.admin,
            &path,
            json!({"content": "agreed", "parent_id": asked["comment"]["id"]}),
        )
        .await
        .expect(201);
    assert_eq!(reply["triggered"], json!([]));
    let stray = uuid::Uuid::new_v4().to_string();
    b.post(
        &b.crew.admin,
        &path,
        json!({"content": "x", "parent_id": stray}),
    )
    .await
    .expect_error(400, "invalid_input");
}

#[tokio::test]
async fn mentions_ask_each_agent_and_one_the_author_may_not_run_is_reported_blocked() {
    // Spec §9 case 22.
    let b = Board::new().await;
    let private = b.agent(json!({"permission_mode": "private"})).await;
    let nowhere = uuid::Uuid::new_v4().to_string();
    let issue = b.issue(&b.crew.member, json!({"title": "Help"})).await;
    let path = format!("/api/issues/{}/comments", text(&issue, "id"));
    let posted = b
        .post(
            &b.crew.member,
            &path,
            json!({"content": "@all please", "mentions": [
                {"type": "agent", "id": private}, {"type": "agent", "id": b.helper},
                {"type": "agent", "id": nowhere}, {"type": "member", "id": b.crew.admin_id},
            ]}),
        )
        .await
        .expect(201);
    let triggered = posted["triggered"].as_array().unwrap();
    assert_eq!(triggered.len(), 3);
    assert_eq!(triggered[0]["result"], "blocked");
    assert_eq!(triggered[0]["reason_code"], "invocation_not_allowed");
    assert_eq!(triggered[1]["result"], "queued");
    assert_eq!(triggered[2]["result"], "blocked");
    assert_eq!(
        triggered[2]["reason_code"], "invocation_not_allowed",
        "no enumeration"
    );
    assert!(b.runs(&text(&issue, "id"), &private).await.is_empty());
    assert_eq!(posted["comment"]["mentions"].as_array().unwrap().len(), 4);
    let listed = b.get(&b.crew.admin, &path).await.expect(200);
    assert_eq!(listed[0]["mentions"], posted["comment"]["mentions"]);
    assert_eq!(listed[0]["author"]["name"], "member");
    // A person outside the workspace, or an id that is no UUID, is refused.
    b.post(
        &b.crew.member,
        &path,
        json!({"content": "hi", "mentions": [{"type": "member", "id": nowhere}]}),
    )
    .await
    .expect_error(400, "invalid_input");
    b.post(
        &b.crew.member,
        &path,
        json!({"content": "hi", "mentions": [{"type": "agent", "id": "bob"}]}),
    )
    .await
    .expect_error(400, "invalid_input");
}

#[tokio::test]
async fn comments_are_listed_oldest_first() {
    let b = Board::new().await;
    let issue = b.issue(&b.crew.member, json!({"title": "Chat"})).await;
    let path = format!("/api/issues/{}/comments", text(&issue, "id"));
    for n in 0..3 {
        b.post(&b.crew.member, &path, json!({"content": format!("c{n}")}))
            .await
            .expect(201);
    }
    let listed = b.get(&b.crew.owner, &path).await.expect(200);
    let texts: Vec<_> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["content"].clone())
        .collect();
    assert_eq!(texts, [json!("c0"), json!("c1"), json!("c2")]);
}
