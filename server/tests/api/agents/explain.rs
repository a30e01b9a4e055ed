//! "Who can run this?" in one request: `GET /api/agents/{id}/access/explain` without `user_id`
//! answers every member's verdict, equal to the single-member answers, for the same people.

use super::*;

fn batch(id: &str) -> String {
    format!("/api/agents/{id}/access/explain")
}

/// The single-member answer's fields of a batch entry.
fn single_shape(entry: &Value) -> Value {
    json!({
        "user_id": entry["user_id"],
        "allowed": entry["allowed"],
        "reason": entry["reason"],
        "via": entry["via"],
    })
}

#[tokio::test]
async fn the_batch_explainer_gives_every_member_the_single_member_verdict() {
    let s = Squad::new().await;
    let team = s.team("Core", &[&s.other_id]).await;
    let agent = s
        .member
        .create_agent(shared(
            "Batched",
            json!([team_target(&team), member_target(&s.crew.owner_id)]),
        ))
        .await;
    let id = id_of(&agent);
    let answer = s.member.get(&batch(&id)).await.expect(200);
    let entries = answer["members"].as_array().unwrap();
    let mut ids: Vec<&str> = entries
        .iter()
        .map(|e| e["user_id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    let mut everyone = vec![
        s.crew.owner_id.as_str(),
        s.crew.admin_id.as_str(),
        s.crew.member_id.as_str(),
        s.other_id.as_str(),
    ];
    everyone.sort_unstable();
    assert_eq!(ids, everyone);
    for entry in entries {
        let user = entry["user_id"].as_str().unwrap();
        let single = s
            .admin
            .get(&format!("{}?user_id={user}", batch(&id)))
            .await
            .expect(200);
        assert_eq!(single_shape(entry), single, "{entry}");
        assert!(entry["email"].as_str().unwrap().ends_with("@example.com"));
        assert!(!entry["name"].as_str().unwrap().is_empty());
    }
    let reason = |user: &str| {
        entries
            .iter()
            .find(|e| e["user_id"] == user)
            .map(|e| e["reason"].clone())
            .unwrap()
    };
    assert_eq!(reason(&s.crew.member_id), "allowed_owner");
    assert_eq!(reason(&s.other_id), "allowed_team");
    assert_eq!(reason(&s.crew.owner_id), "allowed_member");
    assert_eq!(reason(&s.crew.admin_id), "denied_not_targeted");
    // Workspace owners and admins may ask too; others get the single explainer's refusal.
    assert_eq!(s.owner.get(&batch(&id)).await.expect(200), answer);
    s.other
        .get(&batch(&id))
        .await
        .expect_error(403, "not_agent_manager");
}

#[tokio::test]
async fn a_member_removed_before_the_batch_is_left_out_and_breaks_nothing() {
    let s = Squad::new().await;
    let team = s.team("Core", &[&s.other_id]).await;
    let agent = s
        .member
        .create_agent(shared(
            "Pruned",
            json!([team_target(&team), member_target(&s.other_id)]),
        ))
        .await;
    let id = id_of(&agent);
    let removal = format!(
        "/api/workspaces/{}/members/{}",
        s.crew.workspace, s.other_id
    );
    s.crew.owner.delete(&removal).await.expect(204);

    let answer = s.member.get(&batch(&id)).await.expect(200);
    let entries = answer["members"].as_array().unwrap();
    assert_eq!(entries.len(), 3, "{answer}");
    assert!(entries.iter().all(|e| e["user_id"] != s.other_id.as_str()));
    // The one asked about alone is an outsider now.
    s.member
        .get(&format!("{}?user_id={}", batch(&id), s.other_id))
        .await
        .expect_error(404, "not_found");
}
