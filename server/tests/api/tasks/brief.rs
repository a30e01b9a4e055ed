//! The agent page's brief preview (`GET /api/agents/{id}/brief`): the same bytes a claimed
//! task of each kind is given, and the agent's own visibility.

use super::*;
use agentry_core::brief::TaskKind;

impl Rig {
    /// The agent's brief previews as `client` sees them.
    async fn briefs_as(&self, client: &Client) -> Answer {
        client
            .request(
                Method::GET,
                &format!("/api/agents/{}/brief", self.agent),
                None,
                &[("x-workspace-id", &self.crew.workspace)],
            )
            .await
    }

    /// The preview of `kind`, as the agent's owner sees it.
    async fn preview(&self, kind: &str) -> Value {
        let all = self.briefs_as(&self.crew.member).await.expect(200);
        all["briefs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} brief in {all}"))
            .clone()
    }
}

#[tokio::test]
async fn the_preview_of_each_kind_has_the_hash_a_claimed_task_of_that_kind_stores() {
    let rig = Rig::new().await;
    let issue = rig.issue("Fix the login page").await;
    let chat = rig.chat("Hello").await;
    let mut tasks = vec![
        ("issue", rig.enqueue(Link::Issue(&issue), 0).await),
        ("chat", rig.enqueue(Link::Chat(&chat), 0).await),
        // An autopilot task whose autopilot row is absent carries no autopilot facts, which is
        // exactly what the preview leaves out.
        ("autopilot", rig.enqueue(Link::Autopilot, 0).await),
    ];
    // Quick-create through its own endpoint, as a person would.
    let accepted = rig
        .crew
        .member
        .request(
            Method::POST,
            "/api/quick-create",
            Some(json!({"agent_id": rig.agent, "prompt": "The login page is slow"})),
            &[("x-workspace-id", &rig.crew.workspace)],
        )
        .await
        .expect(202);
    tasks.push((
        "quick_create",
        accepted["task_id"].as_str().unwrap().to_owned(),
    ));

    // Different conversations, so all four are claimed at once.
    let claimed = rig.claim(10).await;
    assert_eq!(claimed.len(), 4, "{claimed:?}");
    for (kind, task) in &tasks {
        let stored = rig.column(task, "brief_hash").await.expect("hash stored");
        let preview = rig.preview(kind).await;
        assert_eq!(preview["hash"], stored, "{kind}");
        assert_eq!(
            preview["hash"],
            agentry_core::brief::brief_hash(preview["text"].as_str().unwrap()),
            "{kind}: the hash is the text's"
        );
        assert_eq!(preview["family"], "claude", "{kind}");
        assert_eq!(preview["file_name"], "CLAUDE.md", "{kind}");
        assert_eq!(preview["per_autopilot"], *kind == "autopilot");
    }
}

#[tokio::test]
async fn the_four_kinds_give_four_different_briefs_each_with_the_agents_instructions() {
    let rig = Rig::new().await;
    let all = rig.briefs_as(&rig.crew.member).await.expect(200);
    let briefs = all["briefs"].as_array().unwrap();
    let kinds: Vec<&str> = briefs.iter().map(|b| b["kind"].as_str().unwrap()).collect();
    let expected: Vec<&str> = TaskKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(kinds, expected);
    let mut hashes: Vec<&str> = briefs.iter().map(|b| b["hash"].as_str().unwrap()).collect();
    hashes.sort_unstable();
    hashes.dedup();
    assert_eq!(hashes.len(), 4, "every kind has its own brief");
    for brief in briefs {
        let text = brief["text"].as_str().unwrap();
        assert!(text.contains("Build things."), "{}", brief["kind"]);
        assert!(text.contains("Builder"), "{}", brief["kind"]);
    }
}

#[tokio::test]
async fn only_who_may_see_the_agent_sees_its_brief_with_the_agents_own_answers() {
    let rig = Rig::new().await;
    let crew = &rig.crew;
    // The rig's agent is private to the member who owns it.
    let other = crew
        .app
        .join(&crew.owner, &crew.workspace, "other@example.com", "member")
        .await;
    let show = |client: Client| {
        let agent = rig.agent.clone();
        let ws = crew.workspace.clone();
        async move {
            client
                .request(
                    Method::GET,
                    &format!("/api/agents/{agent}"),
                    None,
                    &[("x-workspace-id", &ws)],
                )
                .await
        }
    };
    // A member who may not see the agent: the same refusal as the agent itself gives, which
    // says nothing about it (spec §8.8), and no brief text.
    let refused = rig
        .briefs_as(&other)
        .await
        .expect_error(403, "agent_no_access");
    assert_eq!(
        refused,
        show(other.clone())
            .await
            .expect_error(403, "agent_no_access")
    );
    assert!(!refused.to_string().contains("Build things."));
    // Owner and admin see all agents; so does the agent's owner.
    for client in [&crew.owner, &crew.admin, &crew.member] {
        rig.briefs_as(client).await.expect(200);
    }
    // Anonymous → 401; someone of another workspace → 404, as for the agent.
    rig.briefs_as(&crew.app.anonymous())
        .await
        .expect_error(401, "unauthenticated");
    let (stranger, _) = crew
        .app
        .owner_with_workspace("stranger@example.com", "elsewhere")
        .await;
    rig.briefs_as(&stranger)
        .await
        .expect_error(404, "not_found");
    show(stranger).await.expect_error(404, "not_found");
    // An agent id that names nothing → 404.
    crew.member
        .request(
            Method::GET,
            &format!("/api/agents/{}/brief", uuid::Uuid::new_v4()),
            None,
            &[("x-workspace-id", &crew.workspace)],
        )
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn an_archived_agent_whose_runtime_is_gone_still_previews_the_same_bytes_without_a_file() {
    let rig = Rig::new().await;
    let before = rig.briefs_as(&rig.crew.member).await.expect(200);
    let ws = [("x-workspace-id", rig.crew.workspace.as_str())];
    rig.crew
        .member
        .request(
            Method::POST,
            &format!("/api/agents/{}/archive", rig.agent),
            None,
            &ws,
        )
        .await
        .expect(200);
    assert_eq!(
        rig.briefs_as(&rig.crew.member).await.expect(200),
        before,
        "archiving changes nothing the brief says"
    );
    rig.crew
        .member
        .request(
            Method::DELETE,
            &format!("/api/runtimes/{}", rig.runtime),
            None,
            &ws,
        )
        .await
        .expect(200);
    let after = rig.briefs_as(&rig.crew.member).await.expect(200);
    for (old, new) in before["briefs"]
        .as_array()
        .unwrap()
        .iter()
        .zip(after["briefs"].as_array().unwrap())
    {
        assert_eq!(new["family"], Value::Null);
        assert_eq!(new["file_name"], Value::Null);
        // The family only names the file: the bytes stay.
        assert_eq!(new["hash"], old["hash"]);
        assert_eq!(new["text"], old["text"]);
    }
}
