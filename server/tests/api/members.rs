//! Workspace members: listing, role changes, removal and leaving, by the `core` rules (owners
//! manage owners, a workspace always keeps one owner, removal cleans up team memberships).

use crate::helpers::*;
use serde_json::{json, Value};

impl Crew {
    fn member_path(&self, user_id: &str) -> String {
        format!("/api/workspaces/{}/members/{user_id}", self.workspace)
    }

    async fn roles(&self) -> Vec<(String, String)> {
        let list = self
            .owner
            .get(&format!("/api/workspaces/{}/members", self.workspace))
            .await
            .expect(200);
        list.as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["user_id"].as_str().unwrap().to_owned(),
                    m["role"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    /// The stored role, read from the database so that it works whoever is left to ask.
    async fn role_of(&self, user_id: &str) -> Option<String> {
        self.app
            .sql_text(
                "SELECT role FROM members WHERE workspace_id = $1 AND user_id = $2",
                &[&self.workspace, user_id],
            )
            .await
    }
}

#[tokio::test]
async fn members_are_listed_with_name_email_role_and_join_date_owners_first() {
    let c = Crew::new().await;
    let list = c
        .member
        .get(&format!("/api/workspaces/{}/members", c.workspace))
        .await
        .expect(200);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    for entry in list {
        assert_eq!(
            keys(entry),
            ["email", "joined_at", "name", "role", "user_id"]
        );
        assert!((unix_seconds(&entry["joined_at"]) - now_seconds()).abs() < 60);
    }
    assert_eq!(
        (
            &list[0]["user_id"],
            &list[0]["role"],
            &list[0]["email"],
            &list[0]["name"]
        ),
        (
            &json!(c.owner_id),
            &json!("owner"),
            &json!("owner@example.com"),
            &json!("Owner")
        )
    );
    assert_eq!(
        (
            &list[1]["user_id"],
            &list[1]["role"],
            &list[1]["email"],
            &list[1]["name"]
        ),
        (
            &json!(c.admin_id),
            &json!("admin"),
            &json!("admin@example.com"),
            &json!("admin")
        )
    );
    assert_eq!(
        (&list[2]["user_id"], &list[2]["role"]),
        (&json!(c.member_id), &json!("member"))
    );
}

#[tokio::test]
async fn an_owner_changes_roles_including_granting_owner() {
    let c = Crew::new().await;
    let updated = c
        .owner
        .patch(&c.member_path(&c.member_id), json!({"role": "admin"}))
        .await
        .expect(200);
    assert_eq!(
        keys(&updated),
        ["email", "joined_at", "name", "role", "user_id"]
    );
    assert_eq!(
        (&updated["user_id"], &updated["role"]),
        (&json!(c.member_id), &json!("admin"))
    );
    assert_eq!(
        c.member
            .get(&format!("/api/workspaces/{}", c.workspace))
            .await
            .expect(200)["role"],
        "admin"
    );

    c.owner
        .patch(&c.member_path(&c.admin_id), json!({"role": "owner"}))
        .await
        .expect(200);
    assert_eq!(c.role_of(&c.admin_id).await.as_deref(), Some("owner"));
    // A promoted member gets the powers at once.
    c.member
        .post(
            &format!("/api/workspaces/{}/teams", c.workspace),
            json!({"name": "Ops"}),
        )
        .await
        .expect(201);
}

#[tokio::test]
async fn an_admin_changes_non_owner_roles_but_cannot_grant_or_take_owner() {
    let c = Crew::new().await;
    c.admin
        .patch(&c.member_path(&c.member_id), json!({"role": "owner"}))
        .await
        .expect_error(403, "owner_role_requires_owner");
    c.admin
        .patch(&c.member_path(&c.owner_id), json!({"role": "member"}))
        .await
        .expect_error(403, "owner_role_requires_owner");
    c.admin
        .patch(&c.member_path(&c.owner_id), json!({"role": "admin"}))
        .await
        .expect_error(403, "owner_role_requires_owner");
    c.admin
        .patch(&c.member_path(&c.admin_id), json!({"role": "owner"}))
        .await
        .expect_error(403, "owner_role_requires_owner");
    assert_eq!(c.role_of(&c.owner_id).await.as_deref(), Some("owner"));
    assert_eq!(c.role_of(&c.member_id).await.as_deref(), Some("member"));
    assert_eq!(c.role_of(&c.admin_id).await.as_deref(), Some("admin"));

    c.admin
        .patch(&c.member_path(&c.member_id), json!({"role": "admin"}))
        .await
        .expect(200);
    assert_eq!(c.role_of(&c.member_id).await.as_deref(), Some("admin"));
}

#[tokio::test]
async fn members_cannot_change_roles() {
    let c = Crew::new().await;
    c.member
        .patch(&c.member_path(&c.member_id), json!({"role": "admin"}))
        .await
        .expect_error(403, "requires_admin");
    c.member
        .patch(&c.member_path(&c.admin_id), json!({"role": "member"}))
        .await
        .expect_error(403, "requires_admin");
    assert_eq!(c.role_of(&c.member_id).await.as_deref(), Some("member"));
    assert_eq!(c.role_of(&c.admin_id).await.as_deref(), Some("admin"));
}

#[tokio::test]
async fn the_last_owner_cannot_be_demoted() {
    let c = Crew::new().await;
    for role in ["admin", "member"] {
        let body = c
            .owner
            .patch(&c.member_path(&c.owner_id), json!({"role": role}))
            .await
            .expect_error(409, "last_owner");
        assert!(body.get("field").is_none());
    }
    assert_eq!(c.role_of(&c.owner_id).await.as_deref(), Some("owner"));
    // Confirming one's own owner role is harmless.
    c.owner
        .patch(&c.member_path(&c.owner_id), json!({"role": "owner"}))
        .await
        .expect(200);
}

#[tokio::test]
async fn with_two_owners_one_may_demote_the_other() {
    let c = Crew::new().await;
    c.owner
        .patch(&c.member_path(&c.admin_id), json!({"role": "owner"}))
        .await
        .expect(200);
    let demoted = c
        .admin
        .patch(&c.member_path(&c.owner_id), json!({"role": "member"}))
        .await
        .expect(200);
    assert_eq!(demoted["role"], "member");
    // Now the former admin is the only owner, and the former owner has no say.
    c.admin
        .patch(&c.member_path(&c.admin_id), json!({"role": "admin"}))
        .await
        .expect_error(409, "last_owner");
    c.owner
        .patch(&c.member_path(&c.admin_id), json!({"role": "member"}))
        .await
        .expect_error(403, "requires_admin");
    assert_eq!(c.role_of(&c.admin_id).await.as_deref(), Some("owner"));
}

#[tokio::test]
async fn an_unknown_role_or_user_is_refused() {
    let c = Crew::new().await;
    for role in [json!("boss"), json!("Owner"), json!(null)] {
        let body = c
            .owner
            .patch(&c.member_path(&c.member_id), json!({"role": role}))
            .await
            .expect_error(400, "invalid_input");
        assert_eq!(body["field"], "role");
    }
    let stranger = c
        .app
        .register("stranger@example.com", "Stranger")
        .await
        .user_id()
        .await;
    for user in [stranger, uuid::Uuid::new_v4().to_string(), "nope".into()] {
        c.owner
            .patch(&c.member_path(&user), json!({"role": "admin"}))
            .await
            .expect_error(404, "not_found");
        c.owner
            .delete(&c.member_path(&user))
            .await
            .expect_error(404, "not_found");
    }
}

#[tokio::test]
async fn an_admin_removes_a_member_who_then_loses_access() {
    let c = Crew::new().await;
    assert_eq!(
        c.admin
            .delete(&c.member_path(&c.member_id))
            .await
            .expect(204),
        Value::Null
    );
    assert_eq!(c.role_of(&c.member_id).await, None);
    let ws = format!("/api/workspaces/{}", c.workspace);
    c.member.get(&ws).await.expect_error(404, "not_found");
    c.member
        .get(&format!("{ws}/members"))
        .await
        .expect_error(404, "not_found");
    assert_eq!(
        c.member.get("/api/me").await.expect(200)["workspaces"],
        json!([])
    );
    assert_eq!(c.owner.get(&ws).await.expect(200)["member_count"], 2);
    c.admin
        .delete(&c.member_path(&c.member_id))
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn an_admin_cannot_remove_an_owner_and_a_member_cannot_remove_anyone() {
    let c = Crew::new().await;
    c.admin
        .delete(&c.member_path(&c.owner_id))
        .await
        .expect_error(403, "admin_cannot_remove_owner");
    c.member
        .delete(&c.member_path(&c.admin_id))
        .await
        .expect_error(403, "requires_admin");
    c.member
        .delete(&c.member_path(&c.owner_id))
        .await
        .expect_error(403, "requires_admin");
    assert_eq!(c.roles().await.len(), 3);
    // Anyone may remove themselves, which is leaving.
    c.admin
        .delete(&c.member_path(&c.admin_id))
        .await
        .expect(204);
    c.member
        .delete(&c.member_path(&c.member_id))
        .await
        .expect(204);
    assert_eq!(c.roles().await.len(), 1);
}

#[tokio::test]
async fn the_last_owner_cannot_remove_themselves_but_an_owner_may_remove_another_owner() {
    let c = Crew::new().await;
    c.owner
        .delete(&c.member_path(&c.owner_id))
        .await
        .expect_error(409, "last_owner");
    assert_eq!(c.role_of(&c.owner_id).await.as_deref(), Some("owner"));

    c.owner
        .patch(&c.member_path(&c.admin_id), json!({"role": "owner"}))
        .await
        .expect(200);
    c.admin
        .delete(&c.member_path(&c.owner_id))
        .await
        .expect(204);
    assert_eq!(c.role_of(&c.owner_id).await, None);
    c.owner
        .get(&format!("/api/workspaces/{}", c.workspace))
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn a_member_may_leave_and_then_gets_404() {
    let c = Crew::new().await;
    let ws = format!("/api/workspaces/{}", c.workspace);
    assert_eq!(
        c.member
            .post(&format!("{ws}/leave"), json!({}))
            .await
            .expect(204),
        Value::Null
    );
    c.member.get(&ws).await.expect_error(404, "not_found");
    c.member
        .post(&format!("{ws}/leave"), json!({}))
        .await
        .expect_error(404, "not_found");
    assert_eq!(c.role_of(&c.member_id).await, None);
    c.admin
        .post(&format!("{ws}/leave"), json!({}))
        .await
        .expect(204);
    assert_eq!(c.roles().await.len(), 1);
}

#[tokio::test]
async fn the_last_owner_cannot_leave_but_one_of_two_owners_may() {
    let c = Crew::new().await;
    let leave = format!("/api/workspaces/{}/leave", c.workspace);
    c.owner
        .post(&leave, json!({}))
        .await
        .expect_error(409, "last_owner");
    assert_eq!(c.role_of(&c.owner_id).await.as_deref(), Some("owner"));

    c.owner
        .patch(&c.member_path(&c.member_id), json!({"role": "owner"}))
        .await
        .expect(200);
    c.owner.post(&leave, json!({})).await.expect(204);
    assert_eq!(c.role_of(&c.owner_id).await, None);
    assert_eq!(c.role_of(&c.member_id).await.as_deref(), Some("owner"));
    c.member
        .post(&leave, json!({}))
        .await
        .expect_error(409, "last_owner");
}

#[tokio::test]
async fn removal_takes_the_person_out_of_every_team_of_that_workspace_only() {
    let c = Crew::new().await;
    let ws = format!("/api/workspaces/{}", c.workspace);
    // The member also belongs to another workspace, with a team there.
    let (other_owner, other) = c
        .app
        .owner_with_workspace("other@example.com", "other")
        .await;
    let invitation = other_owner
        .post(
            &format!("/api/workspaces/{other}/invitations"),
            json!({"email": "member@example.com", "role": "member"}),
        )
        .await
        .expect(201);
    c.member
        .post(
            &format!(
                "/api/invitations/{}/accept",
                invitation["token"].as_str().unwrap()
            ),
            json!({}),
        )
        .await
        .expect(200);
    let elsewhere = other_owner
        .post(
            &format!("/api/workspaces/{other}/teams"),
            json!({"name": "Elsewhere"}),
        )
        .await
        .expect(201);
    let elsewhere = format!(
        "/api/workspaces/{other}/teams/{}",
        elsewhere["id"].as_str().unwrap()
    );
    other_owner
        .put(
            &format!("{elsewhere}/members"),
            json!({"user_ids": [c.member_id]}),
        )
        .await
        .expect(200);

    let mut teams = Vec::new();
    for name in ["Core", "Ops"] {
        let team = c
            .owner
            .post(&format!("{ws}/teams"), json!({"name": name}))
            .await
            .expect(201);
        let path = format!("{ws}/teams/{}", team["id"].as_str().unwrap());
        c.owner
            .put(
                &format!("{path}/members"),
                json!({"user_ids": [c.member_id, c.admin_id]}),
            )
            .await
            .expect(200);
        teams.push(path);
    }

    c.owner
        .delete(&c.member_path(&c.member_id))
        .await
        .expect(204);
    for path in &teams {
        assert_eq!(
            c.owner.get(path).await.expect(200)["member_ids"],
            json!([c.admin_id]),
            "{path}"
        );
    }
    assert_eq!(
        other_owner.get(&elsewhere).await.expect(200)["member_ids"],
        json!([c.member_id])
    );

    // Leaving cleans up the same way.
    c.admin
        .post(&format!("{ws}/leave"), json!({}))
        .await
        .expect(204);
    for path in &teams {
        assert_eq!(
            c.owner.get(path).await.expect(200)["member_ids"],
            json!([]),
            "{path}"
        );
    }

    // Coming back through a new invitation does not restore old team places.
    let again = c
        .owner
        .post(
            &format!("{ws}/invitations"),
            json!({"email": "member@example.com", "role": "member"}),
        )
        .await
        .expect(201);
    c.member
        .post(
            &format!(
                "/api/invitations/{}/accept",
                again["token"].as_str().unwrap()
            ),
            json!({}),
        )
        .await
        .expect(200);
    for path in &teams {
        assert_eq!(
            c.member.get(path).await.expect(200)["member_ids"],
            json!([]),
            "{path}"
        );
    }
}

#[tokio::test]
async fn non_members_get_404_on_every_members_route() {
    let c = Crew::new().await;
    let stranger = c.app.register("stranger@example.com", "Stranger").await;
    let ws = format!("/api/workspaces/{}", c.workspace);
    let reference = stranger
        .get(&format!("{ws}/members"))
        .await
        .expect_error(404, "not_found");
    assert_eq!(
        stranger
            .patch(&c.member_path(&c.member_id), json!({"role": "admin"}))
            .await
            .expect_error(404, "not_found"),
        reference
    );
    assert_eq!(
        stranger
            .delete(&c.member_path(&c.member_id))
            .await
            .expect_error(404, "not_found"),
        reference
    );
    assert_eq!(
        stranger
            .post(&format!("{ws}/leave"), json!({}))
            .await
            .expect_error(404, "not_found"),
        reference
    );
    assert_eq!(c.roles().await.len(), 3);
}

#[tokio::test]
async fn two_owners_demoting_each_other_at_once_leave_exactly_one_owner() {
    let c = Crew::new().await;
    let (owner_path, admin_path) = (c.member_path(&c.owner_id), c.member_path(&c.admin_id));
    // Several rounds, since a race only shows when the two requests interleave.
    for round in 0..5 {
        c.owner
            .patch(&admin_path, json!({"role": "owner"}))
            .await
            .expect(200);
        let (first, second) = tokio::join!(
            c.owner.patch(&admin_path, json!({"role": "admin"})),
            c.admin.patch(&owner_path, json!({"role": "admin"})),
        );
        let mut statuses = [first.status.as_u16(), second.status.as_u16()];
        statuses.sort();
        assert_eq!(
            statuses[0], 200,
            "round {round}: {} / {}",
            first.body, second.body
        );
        assert!(
            [403, 409].contains(&statuses[1]),
            "round {round}: {} / {}",
            first.body,
            second.body
        );
        let roles = [
            c.role_of(&c.owner_id).await.unwrap(),
            c.role_of(&c.admin_id).await.unwrap(),
        ];
        assert_eq!(
            roles.iter().filter(|r| *r == "owner").count(),
            1,
            "round {round}: {roles:?}"
        );
        // Put the original owner back in charge for the next round.
        if roles[0] != "owner" {
            c.admin
                .patch(&owner_path, json!({"role": "owner"}))
                .await
                .expect(200);
            c.owner
                .patch(&admin_path, json!({"role": "admin"}))
                .await
                .expect(200);
        }
    }
}

#[tokio::test]
async fn two_owners_leaving_at_once_leave_exactly_one_owner() {
    let c = Crew::new().await;
    c.owner
        .patch(&c.member_path(&c.admin_id), json!({"role": "owner"}))
        .await
        .expect(200);
    let leave = format!("/api/workspaces/{}/leave", c.workspace);
    let (first, second) = tokio::join!(
        c.owner.post(&leave, json!({})),
        c.admin.post(&leave, json!({}))
    );
    let mut statuses = [first.status.as_u16(), second.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [204, 409], "{} / {}", first.body, second.body);
    let owners = [c.role_of(&c.owner_id).await, c.role_of(&c.admin_id).await];
    assert_eq!(
        owners
            .iter()
            .filter(|r| r.as_deref() == Some("owner"))
            .count(),
        1,
        "{owners:?}"
    );
}
