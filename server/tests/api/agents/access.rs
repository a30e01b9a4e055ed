//! Who may run, see and re-share an agent, through the API: permission input (spec §9 cases
//! 1–11), the invoke and view gates (13–15, 23–24, 72–73), the owner-only access change
//! (29–35), team targets that grant, the permissions endpoint and the explainer.

use super::*;

#[tokio::test]
async fn spec_1_to_4_the_access_forms_of_create() {
    let s = Squad::new().await;
    let ws = s.crew.workspace.as_str();
    // 1: legacy visibility workspace → public_to + one workspace target.
    let a = s
        .owner
        .create_agent(json!({"name": "A", "visibility": "workspace"}))
        .await;
    assert_eq!(a["permission_mode"], "public_to");
    assert_eq!(
        a["invocation_targets"],
        json!([{"target_type": "workspace", "target_id": ws}])
    );
    assert_eq!(a["visibility"], "workspace");
    // 2: legacy private → private, no targets.
    let b = s
        .owner
        .create_agent(json!({"name": "B", "visibility": "private"}))
        .await;
    assert_eq!(
        (&b["permission_mode"], &b["invocation_targets"]),
        (&json!("private"), &json!([]))
    );
    assert_eq!(b["visibility"], "private");
    // 3: public_to with no targets → the whole workspace (P6).
    let c = s
        .owner
        .create_agent(json!({"name": "C", "permission_mode": "public_to"}))
        .await;
    assert_eq!(c["invocation_targets"], a["invocation_targets"]);
    assert_eq!(c["visibility"], "workspace");
    let c2 = s
        .owner
        .create_agent(
            json!({"name": "C2", "permission_mode": "public_to", "invocation_targets": []}),
        )
        .await;
    assert_eq!(c2["invocation_targets"], a["invocation_targets"]);
    // 4: public_to with a member only → derived visibility private.
    let d = s
        .owner
        .create_agent(shared("D", json!([member_target(&s.crew.member_id)])))
        .await;
    assert_eq!(d["permission_mode"], "public_to");
    assert_eq!(d["visibility"], "private");
    // P3: a present mode wins over any visibility, even an invalid one; P7: a null mode on
    // create counts as absent.
    let e = s
        .owner
        .create_agent(json!({"name": "E", "permission_mode": "private", "visibility": "bogus"}))
        .await;
    assert_eq!(e["permission_mode"], "private");
    let f = s
        .owner
        .create_agent(json!({"name": "F", "permission_mode": null, "visibility": "workspace"}))
        .await;
    assert_eq!(f["visibility"], "workspace");
    assert_eq!(s.target_rows(&id_of(&a)).await, 1);
    assert_eq!(s.target_rows(&id_of(&b)).await, 0);
}

#[tokio::test]
async fn spec_5_and_6_invalid_access_input_is_a_400_naming_the_key() {
    let s = Squad::new().await;
    let member = s.crew.member_id.as_str();
    let cases = [
        (json!({"visibility": "public"}), "visibility"),
        (json!({"permission_mode": "everyone"}), "permission_mode"),
        (
            json!({"permission_mode": "public_to", "invocation_targets": [{"target_type": "group", "target_id": member}]}),
            "invocation_targets",
        ),
        (
            json!({"permission_mode": "public_to", "invocation_targets": [{"target_type": "member"}]}),
            "invocation_targets",
        ),
        (
            json!({"permission_mode": "public_to", "invocation_targets": [{"target_type": "member", "target_id": ""}]}),
            "invocation_targets",
        ),
        (
            json!({"permission_mode": "public_to", "invocation_targets": [{"target_type": "team", "target_id": "nope"}]}),
            "invocation_targets",
        ),
        (
            json!({"permission_mode": "public_to", "invocation_targets": [{"target_id": member}]}),
            "invocation_targets",
        ),
    ];
    for (mut body, field) in cases {
        body["name"] = json!("Bad");
        let answer = s
            .owner
            .post("/api/agents", body.clone())
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(answer["field"], field, "{body}");
    }
    assert_eq!(s.owner.agent_names("").await, Vec::<String>::new());
}

#[tokio::test]
async fn spec_7_and_8_duplicates_collapse_and_private_ignores_targets() {
    let s = Squad::new().await;
    let member = s.crew.member_id.as_str();
    let elsewhere = uuid::Uuid::new_v4().to_string();
    let agent = s
        .owner
        .create_agent(shared(
            "Dup",
            json!([
                member_target(member),
                {"target_type": "workspace", "target_id": elsewhere},
                member_target(member),
                {"target_type": "workspace"},
            ]),
        ))
        .await;
    assert_eq!(
        targets_of(&agent),
        [
            ("member".to_owned(), member.to_owned()),
            ("workspace".to_owned(), s.crew.workspace.clone()),
        ]
    );
    assert_eq!(s.target_rows(&id_of(&agent)).await, 2);

    let private = s
        .owner
        .create_agent(json!({"name": "Junk", "permission_mode": "private",
            "invocation_targets": [{"target_type": "bogus"}, {"target_type": "member", "target_id": "x"}]}))
        .await;
    assert_eq!(private["invocation_targets"], json!([]));
    assert_eq!(s.target_rows(&id_of(&private)).await, 0);
}

#[tokio::test]
async fn member_and_team_targets_must_belong_to_the_workspace() {
    let s = Squad::new().await;
    let stranger = s
        .crew
        .app
        .register("stranger@example.com", "Stranger")
        .await;
    let stranger_id = stranger.user_id().await;
    let (elsewhere_owner, elsewhere) = s
        .crew
        .app
        .owner_with_workspace("else@example.com", "elsewhere")
        .await;
    let foreign_team = elsewhere_owner
        .post(
            &format!("/api/workspaces/{elsewhere}/teams"),
            json!({"name": "Far"}),
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for targets in [
        json!([member_target(&stranger_id)]),
        json!([member_target(&uuid::Uuid::new_v4().to_string())]),
        json!([team_target(&foreign_team)]),
        json!([team_target(&uuid::Uuid::new_v4().to_string())]),
    ] {
        let answer = s
            .owner
            .post("/api/agents", shared("Far", targets.clone()))
            .await
            .expect(400);
        assert_eq!(
            (&answer["field"], &answer["code"]),
            (&json!("invocation_targets"), &json!("invalid_input")),
            "{targets}"
        );
        assert!(
            answer["error"].as_str().unwrap().contains("workspace"),
            "{answer}"
        );
    }
    // The same check on update, by the owner.
    let agent = s.owner.create_agent(json!({"name": "Near"})).await;
    s.owner
        .put(
            &format!("/api/agents/{}", id_of(&agent)),
            json!({"permission_mode": "public_to", "invocation_targets": [member_target(&stranger_id)]}),
        )
        .await
        .expect_error(400, "invalid_input");
    assert_eq!(s.target_rows(&id_of(&agent)).await, 0);
}

#[tokio::test]
async fn spec_9_member_and_team_targets_persist_and_the_team_grants_its_members() {
    let s = Squad::new().await;
    let team = s.team("Core", &[&s.other_id]).await;
    let agent = s
        .owner
        .create_agent(shared(
            "Mixed",
            json!([member_target(&s.crew.member_id), team_target(&team)]),
        ))
        .await;
    let id = id_of(&agent);
    assert_eq!(s.target_rows(&id).await, 2);
    assert_eq!(agent["visibility"], "private");
    // The member target and (issue 3's improvement) the team target grant; the admin is
    // neither and gets no bypass.
    assert!(s.member.can_invoke(&id).await);
    assert!(s.other.can_invoke(&id).await);
    assert!(!s.admin.can_invoke(&id).await);
    let via_team = s.other.permissions(&id).await;
    assert_eq!(
        via_team["can_invoke"],
        json!({"allowed": true, "reason": "allowed_team"})
    );
    assert_eq!(
        via_team["can_view"],
        json!({"allowed": true, "reason": "allowed_team"})
    );
}

#[tokio::test]
async fn leaving_a_team_ends_access_through_it_at_once() {
    let s = Squad::new().await;
    let team = s.team("Core", &[&s.other_id, &s.crew.member_id]).await;
    let agent = s
        .owner
        .create_agent(shared("TeamOnly", json!([team_target(&team)])))
        .await;
    let id = id_of(&agent);
    assert_eq!(s.other.agent_names("").await, ["TeamOnly"]);
    assert!(s.other.can_invoke(&id).await);
    s.crew
        .owner
        .put(
            &format!("/api/workspaces/{}/teams/{team}/members", s.crew.workspace),
            json!({"user_ids": [s.crew.member_id]}),
        )
        .await
        .expect(200);
    assert!(!s.other.can_invoke(&id).await);
    assert_eq!(s.other.agent_names("").await, Vec::<String>::new());
    s.other
        .get(&format!("/api/agents/{id}"))
        .await
        .expect_error(403, "agent_no_access");
    assert!(s.member.can_invoke(&id).await);
}

#[tokio::test]
async fn spec_10_and_11_replacing_targets_moves_access() {
    let s = Squad::new().await;
    let c = s
        .crew
        .app
        .join(&s.crew.owner, &s.crew.workspace, "c@example.com", "member")
        .await;
    let c_id = c.user_id().await;
    let c = c.at(&s.crew.workspace);
    let (a_id, b_id) = (s.crew.member_id.clone(), s.other_id.clone());
    let agent = s
        .owner
        .create_agent(shared(
            "Batch",
            json!([member_target(&a_id), member_target(&b_id)]),
        ))
        .await;
    let id = id_of(&agent);
    let path = format!("/api/agents/{id}");
    assert!(s.member.can_invoke(&id).await && s.other.can_invoke(&id).await);
    assert!(!c.can_invoke(&id).await);
    // 10: {A, B} → {B, C}.
    let replaced = s
        .owner
        .put(
            &path,
            shared("Batch", json!([member_target(&b_id), member_target(&c_id)])),
        )
        .await
        .expect(200);
    assert_eq!(s.target_rows(&id).await, 2);
    assert_eq!(targets_of(&replaced).len(), 2);
    assert!(!s.member.can_invoke(&id).await);
    assert!(s.other.can_invoke(&id).await);
    assert!(c.can_invoke(&id).await);
    // 11: workspace + member admits every member; member-only C narrows it.
    s.owner
        .put(
            &path,
            shared(
                "Batch",
                json!([{"target_type": "workspace"}, member_target(&c_id)]),
            ),
        )
        .await
        .expect(200);
    assert!(
        s.member.can_invoke(&id).await && s.other.can_invoke(&id).await && c.can_invoke(&id).await
    );
    s.owner
        .put(&path, shared("Batch", json!([member_target(&c_id)])))
        .await
        .expect(200);
    assert!(!s.member.can_invoke(&id).await && !s.other.can_invoke(&id).await);
    assert!(c.can_invoke(&id).await);
    assert_eq!(s.target_rows(&id).await, 1);
}

#[tokio::test]
async fn spec_13_to_15_and_73_who_may_run_an_agent() {
    let s = Squad::new().await;
    let private = id_of(&s.member.create_agent(json!({"name": "Private"})).await);
    let public = id_of(
        &s.owner
            .create_agent(json!({"name": "Public", "visibility": "workspace"}))
            .await,
    );
    let for_other = id_of(
        &s.owner
            .create_agent(shared("ForOther", json!([member_target(&s.other_id)])))
            .await,
    );
    let verdict = |v: &Value| {
        (
            v["can_invoke"]["allowed"].as_bool().unwrap(),
            v["can_invoke"]["reason"].as_str().unwrap().to_owned(),
        )
    };
    // 13: the owner runs their private agent.
    assert_eq!(
        verdict(&s.member.permissions(&private).await),
        (true, "allowed_owner".into())
    );
    // 14: workspace owners and admins may not run someone else's private agent (§8.1).
    assert_eq!(
        verdict(&s.admin.permissions(&private).await),
        (false, "denied_private".into())
    );
    assert_eq!(
        verdict(&s.owner.permissions(&private).await),
        (false, "denied_private".into())
    );
    // 15: any member runs a workspace agent.
    assert_eq!(
        verdict(&s.member.permissions(&public).await),
        (true, "allowed_workspace".into())
    );
    // 73: a member target admits only that member; an admin sees but may not run it.
    assert_eq!(
        verdict(&s.other.permissions(&for_other).await),
        (true, "allowed_member".into())
    );
    assert_eq!(
        verdict(&s.admin.permissions(&for_other).await),
        (false, "denied_not_targeted".into())
    );
    assert!(!s.member.can_invoke(&for_other).await);
}

#[tokio::test]
async fn spec_23_lists_show_each_member_what_they_may_view() {
    let s = Squad::new().await;
    let team = s.team("Core", &[&s.other_id]).await;
    s.owner.create_agent(json!({"name": "OwnersPrivate"})).await;
    s.owner
        .create_agent(json!({"name": "Everyone", "visibility": "workspace"}))
        .await;
    s.owner
        .create_agent(shared(
            "ForMember",
            json!([member_target(&s.crew.member_id)]),
        ))
        .await;
    s.owner
        .create_agent(shared("ForTeam", json!([team_target(&team)])))
        .await;
    s.member
        .create_agent(json!({"name": "MembersPrivate"}))
        .await;
    assert_eq!(
        s.member.agent_names("").await,
        ["Everyone", "ForMember", "MembersPrivate"]
    );
    assert_eq!(s.other.agent_names("").await, ["Everyone", "ForTeam"]);
    let all = [
        "Everyone",
        "ForMember",
        "ForTeam",
        "MembersPrivate",
        "OwnersPrivate",
    ];
    assert_eq!(s.admin.agent_names("").await, all);
    assert_eq!(s.owner.agent_names("").await, all);
    // Every list item carries mode, targets and derived visibility (R-P1).
    let list = s.member.get("/api/agents").await.expect(200);
    for agent in list.as_array().unwrap() {
        assert!(agent["invocation_targets"].is_array() && agent["permission_mode"].is_string());
        assert!(agent["visibility"].is_string());
    }
}

#[tokio::test]
async fn spec_24_a_member_who_may_not_view_gets_a_403_that_reveals_nothing() {
    let s = Squad::new().await;
    let private = id_of(&s.owner.create_agent(json!({"name": "Secret"})).await);
    let targeted = id_of(
        &s.owner
            .create_agent(shared("Narrow", json!([member_target(&s.other_id)])))
            .await,
    );
    let mut bodies = Vec::new();
    for id in [&private, &targeted] {
        for path in [
            format!("/api/agents/{id}"),
            format!("/api/agents/{id}/permissions"),
        ] {
            let body = s
                .member
                .get(&path)
                .await
                .expect_error(403, "agent_no_access");
            let text = body["error"].as_str().unwrap().to_lowercase();
            for word in ["private", "public", "target", "member", "team", "workspace"] {
                assert!(!text.contains(word), "{text}");
            }
            assert_eq!(keys(&body), ["code", "error"]);
            bodies.push(body);
        }
    }
    // Private and shared-with-someone-else answer alike (§8.8).
    assert!(bodies.windows(2).all(|w| w[0] == w[1]));
    s.admin
        .get(&format!("/api/agents/{private}"))
        .await
        .expect(200);
    s.owner
        .get(&format!("/api/agents/{private}"))
        .await
        .expect(200);
}

#[tokio::test]
async fn spec_72_the_permissions_answer_for_owners_admins_and_members() {
    let s = Squad::new().await;
    let mine = id_of(
        &s.member
            .create_agent(json!({"name": "Mine", "visibility": "workspace"}))
            .await,
    );
    let v = |allowed: bool, reason: &str| json!({"allowed": allowed, "reason": reason});
    assert_eq!(
        s.member.permissions(&mine).await,
        json!({"can_view": v(true, "allowed_owner"), "can_edit": v(true, "allowed_owner"),
               "can_change_access": v(true, "allowed_owner"), "can_invoke": v(true, "allowed_owner")})
    );
    assert_eq!(
        s.admin.permissions(&mine).await,
        json!({"can_view": v(true, "allowed_admin"), "can_edit": v(true, "allowed_admin"),
               "can_change_access": v(false, "denied_not_agent_owner"),
               "can_invoke": v(true, "allowed_workspace")})
    );
    assert_eq!(
        s.other.permissions(&mine).await,
        json!({"can_view": v(true, "allowed_workspace"), "can_edit": v(false, "denied_not_manager"),
               "can_change_access": v(false, "denied_not_agent_owner"),
               "can_invoke": v(true, "allowed_workspace")})
    );
    // An orphan (its owner's account is gone): only admins manage it, nobody re-shares it.
    s.crew
        .app
        .sql("UPDATE agents SET owner_id = NULL WHERE id = $1", &[&mine])
        .await;
    let orphan = s.member.permissions(&mine).await;
    assert_eq!(orphan["can_edit"], v(false, "denied_not_manager"));
    assert_eq!(
        orphan["can_change_access"],
        v(false, "denied_not_agent_owner")
    );
    assert_eq!(
        s.admin.permissions(&mine).await["can_edit"],
        v(true, "allowed_admin")
    );
    let read = s
        .admin
        .get(&format!("/api/agents/{mine}"))
        .await
        .expect(200);
    assert_eq!(read["owner_id"], Value::Null);
    s.member
        .put(&format!("/api/agents/{mine}"), json!({"description": "x"}))
        .await
        .expect_error(403, "not_agent_manager");
    s.admin
        .put(
            &format!("/api/agents/{mine}"),
            json!({"visibility": "private"}),
        )
        .await
        .expect_error(403, "not_agent_owner");
}

#[tokio::test]
async fn spec_29_to_32_only_the_owner_changes_access() {
    // §4.8 M4 with a workspace-public agent of the plain member.
    let s = Squad::new().await;
    let agent = s
        .member
        .create_agent(json!({"name": "Shared", "visibility": "workspace"}))
        .await;
    let path = format!("/api/agents/{}", id_of(&agent));
    // 29: a real change by an admin → 403, nothing applied (not even the other fields).
    for admin in [&s.admin, &s.owner] {
        let body = admin
            .put(
                &path,
                json!({"permission_mode": "private", "description": "sneaky"}),
            )
            .await
            .expect_error(403, "not_agent_owner");
        assert_eq!(
            body["error"],
            "only the agent's owner can change who can run it"
        );
    }
    assert_eq!(s.member.get(&path).await.expect(200), agent);
    // 30: an unchanged resubmit is accepted, and the other fields applied.
    let resubmit = s
        .admin
        .put(&path, json!({"permission_mode": "public_to", "invocation_targets": [{"target_type": "workspace"}], "description": "ok"}))
        .await
        .expect(200);
    assert_eq!(resubmit["description"], "ok");
    assert_eq!(resubmit["invocation_targets"], agent["invocation_targets"]);
    // 31: a plain edit.
    s.admin
        .put(&path, json!({"description": "edited"}))
        .await
        .expect(200);
    // 32: the owner makes it private: 0 targets.
    let private = s
        .member
        .put(&path, json!({"permission_mode": "private"}))
        .await
        .expect(200);
    assert_eq!(
        (&private["permission_mode"], &private["invocation_targets"]),
        (&json!("private"), &json!([]))
    );
    assert_eq!(s.target_rows(&id_of(&agent)).await, 0);
    // P7 on update: an explicit null mode is present and means private.
    let back = s
        .member
        .put(&path, json!({"visibility": "workspace"}))
        .await
        .expect(200);
    assert_eq!(back["visibility"], "workspace");
    let nulled = s
        .member
        .put(&path, json!({"permission_mode": null}))
        .await
        .expect(200);
    assert_eq!(nulled["permission_mode"], "private");
}

#[tokio::test]
async fn spec_33_and_34_legacy_and_garbage_input_from_non_owners() {
    let s = Squad::new().await;
    let agent = s
        .member
        .create_agent(shared("Narrow", json!([member_target(&s.other_id)])))
        .await;
    let path = format!("/api/agents/{}", id_of(&agent));
    // 33: member-only public_to derives "private": echoing it is a no-op, "workspace" is not.
    let echoed = s
        .admin
        .put(&path, json!({"visibility": "private", "description": "x"}))
        .await
        .expect(200);
    assert_eq!(echoed["invocation_targets"], agent["invocation_targets"]);
    assert_eq!(echoed["description"], "x");
    s.admin
        .put(&path, json!({"visibility": "workspace"}))
        .await
        .expect_error(403, "not_agent_owner");
    // 34: unreadable access input from a non-owner is ignored, not a 403 (nor a 400).
    for garbage in [
        json!({"permission_mode": "bogus", "description": "g1"}),
        json!({"permission_mode": "public_to", "invocation_targets": [{"target_type": "nope"}], "description": "g2"}),
        json!({"permission_mode": 7, "description": "g3"}),
        json!({"invocation_targets": "junk", "description": "g4"}),
        json!({"invocation_targets": [member_target(&s.other_id)], "description": "g5"}),
    ] {
        let answer = s.admin.put(&path, garbage.clone()).await.expect(200);
        assert_eq!(
            answer["invocation_targets"], agent["invocation_targets"],
            "{garbage}"
        );
        assert_eq!(answer["description"], garbage["description"]);
    }
    // The same garbage from the owner is a 400.
    for garbage in [
        json!({"permission_mode": "bogus"}),
        json!({"permission_mode": 7}),
        json!({"visibility": "everyone"}),
    ] {
        s.member
            .put(&path, garbage)
            .await
            .expect_error(400, "invalid_input");
    }
}

#[tokio::test]
async fn spec_35_targets_without_a_mode_are_a_400() {
    let s = Squad::new().await;
    let agent = s
        .member
        .create_agent(json!({"name": "P8", "visibility": "workspace"}))
        .await;
    let answer = s
        .member
        .put(
            &format!("/api/agents/{}", id_of(&agent)),
            json!({"invocation_targets": [member_target(&s.other_id)]}),
        )
        .await
        .expect_error(400, "invalid_input");
    assert_eq!(answer["field"], "permission_mode");
    let create = s
        .member
        .post(
            "/api/agents",
            json!({"name": "P8b", "invocation_targets": [{"target_type": "workspace"}]}),
        )
        .await
        .expect_error(400, "invalid_input");
    assert_eq!(create["field"], "permission_mode");
}

#[tokio::test]
async fn the_explainer_names_the_admitting_target_for_owners_and_admins() {
    let s = Squad::new().await;
    let team = s.team("Core", &[&s.other_id]).await;
    let agent = s
        .member
        .create_agent(shared("Explained", json!([team_target(&team)])))
        .await;
    let id = id_of(&agent);
    let explain = |user: &str| format!("/api/agents/{id}/access/explain?user_id={user}");
    // The agent's owner (a plain member) and the admins may ask.
    let via_team = s.member.get(&explain(&s.other_id)).await.expect(200);
    assert_eq!(
        via_team,
        json!({"user_id": s.other_id, "allowed": true, "reason": "allowed_team",
               "via": {"target_type": "team", "target_id": team}})
    );
    let owner = s.admin.get(&explain(&s.crew.member_id)).await.expect(200);
    assert_eq!(
        (&owner["reason"], &owner["via"]),
        (&json!("allowed_owner"), &Value::Null)
    );
    let admin = s.owner.get(&explain(&s.crew.admin_id)).await.expect(200);
    assert_eq!(
        (&admin["allowed"], &admin["reason"], &admin["via"]),
        (&json!(false), &json!("denied_not_targeted"), &Value::Null)
    );
    // Others may not ask, even when they can run the agent.
    s.other
        .get(&explain(&s.other_id))
        .await
        .expect_error(403, "not_agent_manager");
    // A user_id must be a UUID (an empty one too); a non-member is not found.
    for bad in [explain("nope"), explain("")] {
        let body = s.member.get(&bad).await.expect_error(400, "invalid_input");
        assert_eq!(body["field"], "user_id");
    }
    let stranger = s
        .crew
        .app
        .register("stranger@example.com", "Stranger")
        .await;
    s.member
        .get(&explain(&stranger.user_id().await))
        .await
        .expect_error(404, "not_found");
    s.member
        .get(&explain(&uuid::Uuid::new_v4().to_string()))
        .await
        .expect_error(404, "not_found");
}
