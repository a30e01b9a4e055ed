//! Workspaces: creation with slug rules, listing, 404 for outsiders, editing by owners and
//! admins, and deletion by owners who retype the slug.

use crate::helpers::*;
use axum::http::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn creating_a_workspace_makes_the_creator_its_owner() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    let created = ada
        .post(
            "/api/workspaces",
            json!({"name": " Acme Robotics ", "slug": " acme-2 "}),
        )
        .await
        .expect(201);

    assert_eq!(
        keys(&created),
        ["created_at", "id", "member_count", "name", "role", "slug"]
    );
    assert_eq!(created["name"], "Acme Robotics");
    assert_eq!(created["slug"], "acme-2");
    assert_eq!(created["role"], "owner");
    assert_eq!(created["member_count"], 1);
    assert!(uuid::Uuid::parse_str(created["id"].as_str().unwrap()).is_ok());
    assert!((unix_seconds(&created["created_at"]) - now_seconds()).abs() < 60);

    let members = ada
        .get(&format!(
            "/api/workspaces/{}/members",
            created["id"].as_str().unwrap()
        ))
        .await
        .expect(200);
    assert_eq!(members.as_array().unwrap().len(), 1);
    assert_eq!(members[0]["user_id"], ada.user_id().await);
    assert_eq!(members[0]["role"], "owner");
}

#[tokio::test]
async fn slugs_must_be_three_to_forty_lowercase_letters_digits_or_hyphens() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    let refused = [
        "ab",
        "  ab  ",
        "",
        "Acme",
        "ACME",
        &"a".repeat(41),
        "acme_co",
        "acme co",
        "acme.io",
        "akmé",
    ];
    for slug in refused {
        let body = ada
            .post("/api/workspaces", json!({"name": "Acme", "slug": slug}))
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(body["field"], "slug", "{slug:?}: {body}");
    }
    assert_eq!(ada.get("/api/workspaces").await.expect(200), json!([]));

    for slug in ["abc", "a-1", &"a".repeat(40), "0-0-0"] {
        let body = ada
            .post("/api/workspaces", json!({"name": "Acme", "slug": slug}))
            .await
            .expect(201);
        assert_eq!(body["slug"], slug);
    }
}

#[tokio::test]
async fn a_blank_or_missing_name_is_refused() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", "Ada").await;
    for body in [
        json!({"name": "  ", "slug": "acme"}),
        json!({"slug": "acme"}),
        json!({"name": "x".repeat(101), "slug": "acme"}),
    ] {
        let answer = ada
            .post("/api/workspaces", body.clone())
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(answer["field"], "name", "{body}");
    }
    let answer = ada
        .post("/api/workspaces", json!({"name": "Acme"}))
        .await
        .expect_error(400, "invalid_input");
    assert_eq!(answer["field"], "slug");
}

#[tokio::test]
async fn a_taken_slug_is_409_for_anyone() {
    let app = TestApp::new().await;
    let (ada, _) = app.owner_with_workspace("ada@example.com", "acme").await;
    let bob = app.register("bob@example.com", "Bob").await;
    ada.post("/api/workspaces", json!({"name": "Again", "slug": "acme"}))
        .await
        .expect_error(409, "slug_taken");
    let body = bob
        .post("/api/workspaces", json!({"name": "Mine", "slug": " acme "}))
        .await
        .expect_error(409, "slug_taken");
    assert!(body.get("field").is_none());
    assert_eq!(bob.get("/api/workspaces").await.expect(200), json!([]));
    assert_eq!(
        ada.get("/api/workspaces")
            .await
            .expect(200)
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn listing_shows_only_the_callers_workspaces_with_their_role() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let zeta = ada
        .post("/api/workspaces", json!({"name": "Zeta", "slug": "zeta"}))
        .await
        .expect(201);
    let (bob, bobs) = app.owner_with_workspace("bob@example.com", "bobs").await;
    app.join(&ada, &acme, "carol@example.com", "admin").await;
    let dave = app.join(&bob, &bobs, "dave@example.com", "member").await;

    let list = ada.get("/api/workspaces").await.expect(200);
    let ids: Vec<&Value> = list.as_array().unwrap().iter().map(|w| &w["id"]).collect();
    assert_eq!(ids, [&json!(acme), &zeta["id"]]);
    assert_eq!(
        keys(&list[0]),
        ["created_at", "id", "member_count", "name", "role", "slug"]
    );
    assert_eq!(list[0]["member_count"], 2);
    assert_eq!(list[1]["member_count"], 1);

    let list = dave.get("/api/workspaces").await.expect(200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        (&list[0]["id"], &list[0]["role"]),
        (&json!(bobs), &json!("member"))
    );
}

#[tokio::test]
async fn a_member_sees_the_workspace_with_their_own_role() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let carol = app.join(&ada, &acme, "carol@example.com", "admin").await;
    let path = format!("/api/workspaces/{acme}");
    let owner_view = ada.get(&path).await.expect(200);
    let admin_view = carol.get(&path).await.expect(200);
    assert_eq!(owner_view["role"], "owner");
    assert_eq!(admin_view["role"], "admin");
    assert_eq!(admin_view["member_count"], 2);
    assert_eq!(
        (
            &admin_view["name"],
            &admin_view["slug"],
            &admin_view["created_at"]
        ),
        (
            &owner_view["name"],
            &owner_view["slug"],
            &owner_view["created_at"]
        )
    );
}

#[tokio::test]
async fn a_non_member_a_random_id_and_a_malformed_id_all_get_the_same_404() {
    let app = TestApp::new().await;
    let (_ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let bob = app.register("bob@example.com", "Bob").await;
    let reference = bob
        .get(&format!("/api/workspaces/{acme}"))
        .await
        .expect_error(404, "not_found");
    for id in [
        uuid::Uuid::new_v4().to_string(),
        "not-a-uuid".into(),
        "1".into(),
    ] {
        assert_eq!(
            bob.get(&format!("/api/workspaces/{id}"))
                .await
                .expect_error(404, "not_found"),
            reference,
            "{id}"
        );
    }
    // Writes by a stranger are 404 too, never 403: the workspace does not exist for them.
    let writes: [(Method, String, Option<Value>); 4] = [
        (
            Method::PATCH,
            format!("/api/workspaces/{acme}"),
            Some(json!({"name": "Pwned"})),
        ),
        (
            Method::DELETE,
            format!("/api/workspaces/{acme}"),
            Some(json!({"confirm_slug": "acme"})),
        ),
        (Method::GET, format!("/api/workspaces/{acme}/members"), None),
        (Method::GET, format!("/api/workspaces/{acme}/teams"), None),
    ];
    for (method, path, body) in writes {
        assert_eq!(
            bob.request(method, &path, body, &[])
                .await
                .expect_error(404, "not_found"),
            reference,
            "{path}"
        );
    }
}

#[tokio::test]
async fn owners_and_admins_may_rename_and_reslug_but_members_may_not() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let carol = app.join(&ada, &acme, "carol@example.com", "admin").await;
    let dave = app.join(&ada, &acme, "dave@example.com", "member").await;
    let path = format!("/api/workspaces/{acme}");

    let renamed = ada
        .patch(&path, json!({"name": "  Acme Inc "}))
        .await
        .expect(200);
    assert_eq!(
        (&renamed["name"], &renamed["slug"], &renamed["role"]),
        (&json!("Acme Inc"), &json!("acme"), &json!("owner"))
    );
    let reslugged = carol
        .patch(&path, json!({"slug": "acme-inc"}))
        .await
        .expect(200);
    assert_eq!(
        (&reslugged["name"], &reslugged["slug"], &reslugged["role"]),
        (&json!("Acme Inc"), &json!("acme-inc"), &json!("admin"))
    );

    dave.patch(&path, json!({"name": "Dave's"}))
        .await
        .expect_error(403, "requires_admin");
    dave.patch(&path, json!({"slug": "daves"}))
        .await
        .expect_error(403, "requires_admin");
    let shown = dave.get(&path).await.expect(200);
    assert_eq!(
        (&shown["name"], &shown["slug"]),
        (&json!("Acme Inc"), &json!("acme-inc"))
    );
    // The old slug is free again.
    ada.post("/api/workspaces", json!({"name": "Old", "slug": "acme"}))
        .await
        .expect(201);
}

#[tokio::test]
async fn changing_the_slug_to_a_taken_or_invalid_one_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    app.owner_with_workspace("bob@example.com", "bobs").await;
    let path = format!("/api/workspaces/{acme}");
    ada.patch(&path, json!({"name": "New name", "slug": "bobs"}))
        .await
        .expect_error(409, "slug_taken");
    for slug in ["BOBS", "x", "a b c"] {
        let body = ada
            .patch(&path, json!({"slug": slug}))
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(body["field"], "slug");
    }
    let body = ada
        .patch(&path, json!({"name": " "}))
        .await
        .expect_error(400, "invalid_input");
    assert_eq!(body["field"], "name");
    let shown = ada.get(&path).await.expect(200);
    assert_eq!(
        (&shown["name"], &shown["slug"]),
        (&json!("Acme"), &json!("acme"))
    );
    // Keeping one's own slug is not a conflict.
    ada.patch(&path, json!({"slug": "acme"})).await.expect(200);
}

#[tokio::test]
async fn an_owner_deletes_a_workspace_by_retyping_its_slug() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let dave = app.join(&ada, &acme, "dave@example.com", "member").await;
    ada.post(
        &format!("/api/workspaces/{acme}/teams"),
        json!({"name": "Core"}),
    )
    .await
    .expect(201);
    ada.post(
        &format!("/api/workspaces/{acme}/invitations"),
        json!({"email": "eve@example.com", "role": "member"}),
    )
    .await
    .expect(201);
    let path = format!("/api/workspaces/{acme}");

    assert_eq!(
        ada.delete_with(&path, json!({"confirm_slug": " acme "}))
            .await
            .expect(204),
        Value::Null
    );
    ada.get(&path).await.expect_error(404, "not_found");
    dave.get(&path).await.expect_error(404, "not_found");
    assert_eq!(ada.get("/api/workspaces").await.expect(200), json!([]));
    assert_eq!(
        dave.get("/api/me").await.expect(200)["workspaces"],
        json!([])
    );
    ada.delete_with(&path, json!({"confirm_slug": "acme"}))
        .await
        .expect_error(404, "not_found");
    // The slug can be used again.
    ada.post("/api/workspaces", json!({"name": "Acme", "slug": "acme"}))
        .await
        .expect(201);
}

#[tokio::test]
async fn a_mismatched_or_missing_confirm_slug_is_400_and_keeps_the_workspace() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let path = format!("/api/workspaces/{acme}");
    for body in [
        json!({"confirm_slug": "acm"}),
        json!({"confirm_slug": "ACME"}),
        json!({"confirm_slug": ""}),
        json!({}),
    ] {
        let answer = ada
            .delete_with(&path, body.clone())
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(answer["field"], "confirm_slug", "{body}");
    }
    ada.delete(&path).await.expect_error(400, "invalid_input");
    ada.get(&path).await.expect(200);
}

#[tokio::test]
async fn only_owners_delete_workspaces() {
    let app = TestApp::new().await;
    let (ada, acme) = app.owner_with_workspace("ada@example.com", "acme").await;
    let carol = app.join(&ada, &acme, "carol@example.com", "admin").await;
    let dave = app.join(&ada, &acme, "dave@example.com", "member").await;
    let bob = app.register("bob@example.com", "Bob").await;
    let path = format!("/api/workspaces/{acme}");
    let confirm = json!({"confirm_slug": "acme"});
    carol
        .delete_with(&path, confirm.clone())
        .await
        .expect_error(403, "requires_owner");
    dave.delete_with(&path, confirm.clone())
        .await
        .expect_error(403, "requires_owner");
    bob.delete_with(&path, confirm.clone())
        .await
        .expect_error(404, "not_found");
    assert_eq!(ada.get(&path).await.expect(200)["member_count"], 3);
}
