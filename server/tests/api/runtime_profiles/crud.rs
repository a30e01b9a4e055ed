//! Creating, reading and updating profiles: defaults, validation through `core`, the
//! immutable family, unique names, and who may do what (spec J 1–11).

use super::*;

#[tokio::test]
async fn creating_a_profile_answers_201_with_trimmed_fields_and_defaults() {
    let c = Crew::new().await;
    let profile = c
        .owner
        .post(
            &c.profiles(),
            json!({"display_name": "  Claude (ccms) ", "protocol_family": " claude ",
                   "command_name": " ccms "}),
        )
        .await
        .expect(201);
    assert_eq!(
        keys(&profile),
        [
            "command_name",
            "created_at",
            "created_by",
            "description",
            "display_name",
            "enabled",
            "fixed_args",
            "id",
            "protocol_family",
            "updated_at",
            "visibility",
            "workspace_id"
        ]
    );
    assert_eq!(profile["display_name"], "Claude (ccms)");
    assert_eq!(profile["protocol_family"], "claude");
    assert_eq!(profile["command_name"], "ccms");
    assert_eq!(profile["description"], Value::Null);
    assert_eq!(profile["fixed_args"], json!([]));
    assert_eq!(profile["enabled"], true);
    assert_eq!(profile["visibility"], "workspace");
    assert_eq!(profile["created_by"], c.owner_id.as_str());
    assert_eq!(profile["workspace_id"], c.workspace.as_str());
    assert!((unix_seconds(&profile["created_at"]) - now_seconds()).abs() < 60);
    assert_eq!(profile["created_at"], profile["updated_at"]);

    let path = format!("{}/{}", c.profiles(), id_of(&profile));
    assert_eq!(c.member.get(&path).await.expect(200), profile);
}

#[tokio::test]
async fn a_profile_sent_as_private_is_stored_and_returned_as_workspace() {
    let c = Crew::new().await;
    let mut body = profile_body("Private one");
    body["visibility"] = json!("private");
    let profile = c.admin.post(&c.profiles(), body).await.expect(201);
    assert_eq!(profile["visibility"], "workspace");
    assert_eq!(profile["created_by"], c.admin_id.as_str());
    let stored = c
        .app
        .sql_text(
            "SELECT visibility FROM runtime_profiles WHERE id = $1",
            &[id_of(&profile)],
        )
        .await;
    assert_eq!(stored.as_deref(), Some("workspace"));
}

#[tokio::test]
async fn a_command_is_a_bare_name_on_path_or_an_absolute_path_never_a_relative_one() {
    let c = Crew::new().await;
    for relative in ["./ccms", "bin/ccms", "../ccms"] {
        let mut body = profile_body("Relative");
        body["command_name"] = json!(relative);
        let refused = c
            .owner
            .post(&c.profiles(), body)
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(refused["field"], "command_name", "{relative}");
    }
    let mut body = profile_body("Absolute");
    body["command_name"] = json!("/opt/tools/ccms");
    c.owner.post(&c.profiles(), body).await.expect(201);
}

#[tokio::test]
async fn arguments_belong_in_fixed_args_which_keep_their_order_and_spacing() {
    let c = Crew::new().await;
    let mut body = profile_body("Cursor");
    body["command_name"] = json!("agent --model composer-2.5");
    c.owner
        .post(&c.profiles(), body.clone())
        .await
        .expect_error(400, "invalid_input");

    body["command_name"] = json!("agent");
    body["fixed_args"] = json!(["--model", "composer-2.5", " spaced "]);
    body["description"] = json!("");
    let profile = c.owner.post(&c.profiles(), body).await.expect(201);
    assert_eq!(
        profile["fixed_args"],
        json!(["--model", "composer-2.5", " spaced "])
    );
    assert_eq!(profile["description"], "");
}

#[tokio::test]
async fn blank_or_nul_fields_are_refused_naming_the_field() {
    let c = Crew::new().await;
    let cases = [
        // A NUL is refused as the body is read, naming the exact entry.
        (json!({"fixed_args": ["bad\0arg"]}), "fixed_args[0]"),
        (json!({"fixed_args": ["ok", "  "]}), "fixed_args"),
        (json!({"command_name": "cc\0ms"}), "command_name"),
        (json!({"command_name": "  "}), "command_name"),
        (json!({"command_name": "a\tb"}), "command_name"),
        (json!({"display_name": "   "}), "display_name"),
        (json!({"description": "x".repeat(1001)}), "description"),
    ];
    for (overrides, field) in cases {
        let mut body = profile_body("Bad");
        for (key, value) in overrides.as_object().unwrap() {
            body[key] = value.clone();
        }
        let error = c.owner.post(&c.profiles(), body).await.expect(400);
        assert_eq!(error["field"], field, "{error}");
    }
    let missing = c
        .owner
        .post(&c.profiles(), json!({"display_name": "No command"}))
        .await
        .expect(400);
    assert_eq!(missing["field"], "protocol_family");
    c.owner
        .post_raw(&c.profiles(), "{not json")
        .await
        .expect_error(400, "invalid_input");
    let list = c.owner.get(&c.profiles()).await.expect(200);
    assert_eq!(list, json!({"runtime_profiles": []}));
}

#[tokio::test]
async fn a_family_outside_the_whitelist_is_refused_with_the_whitelist() {
    let c = Crew::new().await;
    for family in ["gemini", "Claude", ""] {
        let mut body = profile_body("Gem");
        body["protocol_family"] = json!(family);
        let error = c
            .owner
            .post(&c.profiles(), body)
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(error["field"], "protocol_family");
        let message = error["error"].as_str().unwrap();
        assert!(
            message.contains(&agentry_core::runtimes::family_list()),
            "{message}"
        );
    }
}

#[tokio::test]
async fn display_names_are_unique_per_workspace_and_case_sensitive() {
    let c = Crew::new().await;
    c.create_profile("Claude").await;
    c.owner
        .post(&c.profiles(), profile_body(" Claude "))
        .await
        .expect_error(409, "runtime_profile_name_taken");
    c.owner
        .post(&c.profiles(), profile_body("claude"))
        .await
        .expect(201);

    let (other, other_ws) = c
        .app
        .owner_with_workspace("other@example.com", "other")
        .await;
    other
        .post(&profiles_path(&other_ws), profile_body("Claude"))
        .await
        .expect(201);
}

#[tokio::test]
async fn members_read_profiles_while_only_owners_and_admins_write_them() {
    let c = Crew::new().await;
    let (profile, path) = c.create_profile("Shared").await;

    let list = c.member.get(&c.profiles()).await.expect(200);
    assert_eq!(list["runtime_profiles"], json!([profile]));
    assert_eq!(c.member.get(&path).await.expect(200), profile);

    c.member
        .post(&c.profiles(), profile_body("Mine"))
        .await
        .expect_error(403, "requires_admin");
    c.member
        .patch(&path, json!({"enabled": false}))
        .await
        .expect_error(403, "requires_admin");
    c.member
        .put(&path, json!({"enabled": false}))
        .await
        .expect_error(403, "requires_admin");
    c.member
        .delete(&path)
        .await
        .expect_error(403, "requires_admin");

    let admin_made = c
        .admin
        .post(&c.profiles(), profile_body("Admin's"))
        .await
        .expect(201);
    let admin_path = format!("{}/{}", c.profiles(), id_of(&admin_made));
    c.admin
        .patch(&admin_path, json!({"enabled": false}))
        .await
        .expect(200);
    c.admin.delete(&admin_path).await.expect(204);
    assert_eq!(c.member.get(&path).await.expect(200), profile);
}

#[tokio::test]
async fn non_members_get_404_and_anonymous_callers_401() {
    let c = Crew::new().await;
    let (_, path) = c.create_profile("Hidden").await;
    let stranger = c.app.register("stranger@example.com", "Stranger").await;
    stranger
        .get(&c.profiles())
        .await
        .expect_error(404, "not_found");
    stranger.get(&path).await.expect_error(404, "not_found");
    stranger
        .post(&c.profiles(), profile_body("Intruder"))
        .await
        .expect_error(404, "not_found");
    stranger
        .patch(&path, json!({"enabled": false}))
        .await
        .expect_error(404, "not_found");
    stranger.delete(&path).await.expect_error(404, "not_found");
    c.app
        .anonymous()
        .get(&c.profiles())
        .await
        .expect_error(401, "unauthenticated");
    assert_eq!(c.owner.get(&path).await.expect(200)["enabled"], true);
}

#[tokio::test]
async fn a_personal_access_token_works_like_a_session() {
    let c = Crew::new().await;
    let token = c
        .owner
        .post("/api/tokens", json!({"name": "cli"}))
        .await
        .expect(201);
    let cli = c.owner.with_bearer(token["token"].as_str().unwrap());
    let profile = cli
        .post(&c.profiles(), profile_body("From the CLI"))
        .await
        .expect(201);
    assert_eq!(profile["created_by"], c.owner_id.as_str());
}

#[tokio::test]
async fn the_list_is_oldest_first_with_disabled_profiles_included() {
    let c = Crew::new().await;
    let mut names = Vec::new();
    for name in ["Zeta", "Alpha", "Mid"] {
        let mut body = profile_body(name);
        body["enabled"] = json!(name != "Alpha");
        c.owner.post(&c.profiles(), body).await.expect(201);
        names.push(name);
        // Distinct creation instants, so the order is the creation order and not the ids'.
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    }
    let list = c.member.get(&c.profiles()).await.expect(200);
    let listed: Vec<(&str, bool)> = list["runtime_profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["display_name"].as_str().unwrap(),
                p["enabled"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [("Zeta", true), ("Alpha", false), ("Mid", true)],
        "{names:?}"
    );

    // What daemons get (their endpoint is tested with the daemon API): enabled ones only.
    let mut conn = c.app.state.db.pool.acquire().await.unwrap();
    let for_daemons = agentry_server::db::runtime_profiles::list_enabled(
        &mut conn,
        agentry_core::WorkspaceId::parse(&c.workspace).unwrap(),
    )
    .await
    .unwrap();
    let for_daemons: Vec<&str> = for_daemons
        .iter()
        .map(|p| p.display_name.as_str())
        .collect();
    assert_eq!(for_daemons, ["Zeta", "Mid"]);
}

#[tokio::test]
async fn a_malformed_profile_id_is_400_and_an_unknown_or_foreign_one_404() {
    let c = Crew::new().await;
    let base = c.profiles();
    let error = c
        .member
        .get(&format!("{base}/not-a-uuid"))
        .await
        .expect_error(400, "invalid_input");
    assert_eq!(error["field"], "profile_id");
    c.owner
        .patch(&format!("{base}/not-a-uuid"), json!({}))
        .await
        .expect(400);
    c.owner
        .delete(&format!("{base}/not-a-uuid"))
        .await
        .expect(400);

    let unknown = format!("{base}/{}", uuid::Uuid::new_v4());
    c.member.get(&unknown).await.expect_error(404, "not_found");
    c.owner
        .patch(&unknown, json!({"enabled": false}))
        .await
        .expect_error(404, "not_found");

    let (other, other_ws) = c
        .app
        .owner_with_workspace("other@example.com", "other")
        .await;
    let foreign = other
        .post(&profiles_path(&other_ws), profile_body("Theirs"))
        .await
        .expect(201);
    let through_ours = format!("{base}/{}", id_of(&foreign));
    c.owner
        .get(&through_ours)
        .await
        .expect_error(404, "not_found");
    c.owner
        .patch(&through_ours, json!({"display_name": "Stolen"}))
        .await
        .expect_error(404, "not_found");
    c.owner
        .delete(&through_ours)
        .await
        .expect_error(404, "not_found");
    let theirs = format!("{}/{}", profiles_path(&other_ws), id_of(&foreign));
    assert_eq!(other.get(&theirs).await.expect(200), foreign);
}

#[tokio::test]
async fn the_protocol_family_cannot_change_after_create() {
    let c = Crew::new().await;
    let (_, path) = c.create_profile("Fixed family").await;
    let updated = c
        .owner
        .patch(
            &path,
            json!({"protocol_family": "codex", "visibility": "private"}),
        )
        .await
        .expect(200);
    assert_eq!(updated["protocol_family"], "claude");
    assert_eq!(updated["visibility"], "workspace");
}

#[tokio::test]
async fn updates_validate_like_create_and_keep_names_unique() {
    let c = Crew::new().await;
    c.create_profile("Taken").await;
    let (before, path) = c.create_profile("Mine").await;
    for (body, field) in [
        (json!({"display_name": "  "}), "display_name"),
        (json!({"command_name": " "}), "command_name"),
        (json!({"command_name": "ccms start"}), "command_name"),
        (json!({"fixed_args": ["ok", ""]}), "fixed_args"),
        (json!({"fixed_args": ["\0"]}), "fixed_args[0]"),
    ] {
        let error = c.owner.patch(&path, body).await.expect(400);
        assert_eq!(error["field"], field, "{error}");
    }
    c.owner
        .patch(&path, json!({"display_name": " Taken "}))
        .await
        .expect_error(409, "runtime_profile_name_taken");
    assert_eq!(c.owner.get(&path).await.expect(200), before);
}

#[tokio::test]
async fn patch_and_put_change_only_the_fields_given() {
    let c = Crew::new().await;
    let mut body = profile_body("Partial");
    body["fixed_args"] = json!(["start", "q 36"]);
    body["description"] = json!("Team wrapper");
    let created = c.owner.post(&c.profiles(), body).await.expect(201);
    let path = format!("{}/{}", c.profiles(), id_of(&created));

    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let cleared = c
        .owner
        .patch(&path, json!({"fixed_args": [], "display_name": null}))
        .await
        .expect(200);
    assert_eq!(cleared["fixed_args"], json!([]));
    for field in ["display_name", "command_name", "description", "enabled"] {
        assert_eq!(cleared[field], created[field], "{field}");
    }
    assert!(cleared["updated_at"] != created["updated_at"]);

    let put = c
        .owner
        .put(
            &path,
            json!({"command_name": " /opt/bin/ccms ", "enabled": false, "description": ""}),
        )
        .await
        .expect(200);
    assert_eq!(put["command_name"], "/opt/bin/ccms");
    assert_eq!(put["enabled"], false);
    assert_eq!(put["description"], "");
    assert_eq!(put["display_name"], "Partial");
    assert_eq!(put["created_at"], created["created_at"]);

    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let touched = c.owner.patch(&path, json!({})).await.expect(200);
    assert!(touched["updated_at"] != put["updated_at"]);
    let mut unchanged = touched.clone();
    unchanged["updated_at"] = put["updated_at"].clone();
    assert_eq!(unchanged, put);

    let empty = c
        .owner
        .request(Method::PATCH, &path, None, &[])
        .await
        .expect(200);
    assert_eq!(empty["display_name"], "Partial");
}
