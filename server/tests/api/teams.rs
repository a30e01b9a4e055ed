//! Teams: owners and admins manage them, every member reads them, names are unique per
//! workspace, and only workspace members can be put in a team.

use crate::helpers::*;
use serde_json::{json, Value};

impl Crew {
    fn teams(&self) -> String {
        format!("/api/workspaces/{}/teams", self.workspace)
    }

    async fn create(&self, client: &Client, name: &str) -> (Value, String) {
        let team = client
            .post(&self.teams(), json!({"name": name}))
            .await
            .expect(201);
        let path = format!("{}/{}", self.teams(), team["id"].as_str().unwrap());
        (team, path)
    }
}

#[tokio::test]
async fn owners_and_admins_create_teams() {
    let c = Crew::new().await;
    let team = c
        .owner
        .post(
            &c.teams(),
            json!({"name": "  Core ", "description": " The core team "}),
        )
        .await
        .expect(201);
    assert_eq!(
        keys(&team),
        ["created_at", "description", "id", "member_ids", "name"]
    );
    assert_eq!(
        (&team["name"], &team["description"], &team["member_ids"]),
        (&json!("Core"), &json!("The core team"), &json!([]))
    );
    assert!(uuid::Uuid::parse_str(team["id"].as_str().unwrap()).is_ok());
    assert!((unix_seconds(&team["created_at"]) - now_seconds()).abs() < 60);

    let ops = c
        .admin
        .post(&c.teams(), json!({"name": "Ops", "description": "   "}))
        .await
        .expect(201);
    assert_eq!(ops["description"], Value::Null);
    let path = format!("{}/{}", c.teams(), team["id"].as_str().unwrap());
    assert_eq!(c.member.get(&path).await.expect(200), team);
}

#[tokio::test]
async fn a_blank_name_or_an_overlong_description_is_refused() {
    let c = Crew::new().await;
    for (body, field) in [
        (json!({"name": "  "}), "name"),
        (json!({}), "name"),
        (json!({"name": "x".repeat(101)}), "name"),
        (
            json!({"name": "Core", "description": "x".repeat(501)}),
            "description",
        ),
    ] {
        let answer = c
            .owner
            .post(&c.teams(), body.clone())
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(answer["field"], field, "{body}");
    }
    assert_eq!(c.owner.get(&c.teams()).await.expect(200), json!([]));
}

#[tokio::test]
async fn members_may_read_teams_but_not_change_them() {
    let c = Crew::new().await;
    let (team, path) = c.create(&c.owner, "Core").await;
    c.member
        .post(&c.teams(), json!({"name": "Mine"}))
        .await
        .expect_error(403, "requires_admin");
    c.member
        .patch(&path, json!({"name": "Renamed"}))
        .await
        .expect_error(403, "requires_admin");
    c.member
        .put(
            &format!("{path}/members"),
            json!({"user_ids": [c.member_id]}),
        )
        .await
        .expect_error(403, "requires_admin");
    c.member
        .delete(&path)
        .await
        .expect_error(403, "requires_admin");

    assert_eq!(c.member.get(&c.teams()).await.expect(200), json!([team]));
    assert_eq!(c.member.get(&path).await.expect(200), team);
}

#[tokio::test]
async fn team_names_are_unique_within_a_workspace_only() {
    let c = Crew::new().await;
    c.create(&c.owner, "Core").await;
    let (_, ops) = c.create(&c.owner, "Ops").await;
    c.admin
        .post(&c.teams(), json!({"name": " Core "}))
        .await
        .expect_error(409, "team_name_taken");
    c.owner
        .patch(&ops, json!({"name": "Core"}))
        .await
        .expect_error(409, "team_name_taken");
    assert_eq!(c.owner.get(&ops).await.expect(200)["name"], "Ops");
    assert_eq!(
        c.owner
            .get(&c.teams())
            .await
            .expect(200)
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let (other, other_ws) = c
        .app
        .owner_with_workspace("other@example.com", "other")
        .await;
    other
        .post(
            &format!("/api/workspaces/{other_ws}/teams"),
            json!({"name": "Core"}),
        )
        .await
        .expect(201);
}

#[tokio::test]
async fn teams_are_listed_by_name_with_their_members() {
    let c = Crew::new().await;
    let (_, ops) = c.create(&c.owner, "Ops").await;
    c.create(&c.owner, "Core").await;
    c.owner
        .put(
            &format!("{ops}/members"),
            json!({"user_ids": [c.member_id]}),
        )
        .await
        .expect(200);
    let list = c.member.get(&c.teams()).await.expect(200);
    let names: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["name"])
        .collect();
    assert_eq!(names, [&json!("Core"), &json!("Ops")]);
    assert_eq!(list[0]["member_ids"], json!([]));
    assert_eq!(list[1]["member_ids"], json!([c.member_id]));
}

#[tokio::test]
async fn patching_a_team_renames_it_and_an_empty_description_clears_it() {
    let c = Crew::new().await;
    let team = c
        .owner
        .post(
            &c.teams(),
            json!({"name": "Core", "description": "Builds things"}),
        )
        .await
        .expect(201);
    let path = format!("{}/{}", c.teams(), team["id"].as_str().unwrap());

    let renamed = c
        .admin
        .patch(&path, json!({"name": " Platform "}))
        .await
        .expect(200);
    assert_eq!(
        (&renamed["id"], &renamed["name"], &renamed["description"]),
        (&team["id"], &json!("Platform"), &json!("Builds things"))
    );
    let described = c
        .owner
        .patch(&path, json!({"description": "Keeps things running"}))
        .await
        .expect(200);
    assert_eq!(
        (&described["name"], &described["description"]),
        (&json!("Platform"), &json!("Keeps things running"))
    );
    let cleared = c
        .owner
        .patch(&path, json!({"description": ""}))
        .await
        .expect(200);
    assert_eq!(
        (&cleared["name"], &cleared["description"]),
        (&json!("Platform"), &Value::Null)
    );
    let body = c
        .owner
        .patch(&path, json!({"name": ""}))
        .await
        .expect_error(400, "invalid_input");
    assert_eq!(body["field"], "name");
    assert_eq!(c.member.get(&path).await.expect(200), cleared);
}

#[tokio::test]
async fn setting_members_accepts_workspace_members_only() {
    let c = Crew::new().await;
    let (_, path) = c.create(&c.owner, "Core").await;
    let members = format!("{path}/members");

    let team = c
        .admin
        .put(
            &members,
            json!({"user_ids": [c.member_id, c.owner_id, c.member_id]}),
        )
        .await
        .expect(200);
    let mut ids: Vec<String> = team["member_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    let mut expected = vec![c.member_id.clone(), c.owner_id.clone()];
    expected.sort();
    assert_eq!(ids, expected, "duplicates collapse: {team}");
    assert_eq!(
        keys(&team),
        ["created_at", "description", "id", "member_ids", "name"]
    );

    let stranger = c
        .app
        .register("stranger@example.com", "Stranger")
        .await
        .user_id()
        .await;
    for outsider in [stranger, uuid::Uuid::new_v4().to_string()] {
        let body = c
            .owner
            .put(&members, json!({"user_ids": [c.admin_id, outsider]}))
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(body["field"], "user_ids");
        assert!(
            body["error"].as_str().unwrap().contains(&outsider),
            "{body}"
        );
    }
    // The refused sets changed nothing.
    let shown = c.owner.get(&path).await.expect(200);
    assert_eq!(shown["member_ids"].as_array().unwrap().len(), 2);
    assert!(!shown["member_ids"]
        .as_array()
        .unwrap()
        .contains(&json!(c.admin_id)));

    let emptied = c
        .owner
        .put(&members, json!({"user_ids": []}))
        .await
        .expect(200);
    assert_eq!(emptied["member_ids"], json!([]));
}

#[tokio::test]
async fn another_workspaces_team_is_404() {
    let c = Crew::new().await;
    let (other, other_ws) = c
        .app
        .owner_with_workspace("other@example.com", "other")
        .await;
    let foreign = other
        .post(
            &format!("/api/workspaces/{other_ws}/teams"),
            json!({"name": "Secret"}),
        )
        .await
        .expect(201);
    let foreign_id = foreign["id"].as_str().unwrap();
    let through_ours = format!("{}/{foreign_id}", c.teams());

    let reference = c
        .owner
        .get(&through_ours)
        .await
        .expect_error(404, "not_found");
    assert_eq!(
        c.owner
            .patch(&through_ours, json!({"name": "Stolen"}))
            .await
            .expect_error(404, "not_found"),
        reference
    );
    assert_eq!(
        c.owner
            .put(
                &format!("{through_ours}/members"),
                json!({"user_ids": [c.owner_id]})
            )
            .await
            .expect_error(404, "not_found"),
        reference
    );
    assert_eq!(
        c.owner
            .delete(&through_ours)
            .await
            .expect_error(404, "not_found"),
        reference
    );
    for id in [uuid::Uuid::new_v4().to_string(), "nope".into()] {
        assert_eq!(
            c.owner
                .get(&format!("{}/{id}", c.teams()))
                .await
                .expect_error(404, "not_found"),
            reference
        );
    }
    // Directly, as a stranger to that workspace.
    let direct = format!("/api/workspaces/{other_ws}/teams/{foreign_id}");
    assert_eq!(
        c.owner.get(&direct).await.expect_error(404, "not_found"),
        reference
    );

    let untouched = other.get(&direct).await.expect(200);
    assert_eq!(
        (&untouched["name"], &untouched["member_ids"]),
        (&json!("Secret"), &json!([]))
    );
}

#[tokio::test]
async fn deleting_a_team_removes_it_and_its_memberships() {
    let c = Crew::new().await;
    let (_, path) = c.create(&c.owner, "Core").await;
    let (kept, _) = c.create(&c.owner, "Ops").await;
    c.owner
        .put(
            &format!("{path}/members"),
            json!({"user_ids": [c.member_id]}),
        )
        .await
        .expect(200);

    assert_eq!(c.admin.delete(&path).await.expect(204), Value::Null);
    c.owner.get(&path).await.expect_error(404, "not_found");
    assert_eq!(c.owner.get(&c.teams()).await.expect(200), json!([kept]));
    c.owner.delete(&path).await.expect_error(404, "not_found");
    // The name is free again and the new team starts empty.
    let (again, _) = c.create(&c.owner, "Core").await;
    assert_eq!(again["member_ids"], json!([]));
    assert_eq!(
        c.member
            .get(&format!("/api/workspaces/{}", c.workspace))
            .await
            .expect(200)["member_count"],
        3
    );
}
