//! Deleting a profile with its instance runtimes (spec C.4, J 13–17 and the unbinding half of
//! 18), and deleting a workspace with its profiles, runtimes and daemon tokens.

use super::*;
use agentry_server::db::runtime_profiles as profiles;
use agentry_server::db::Backend;

const INSTANCES: &str = "SELECT COUNT(*) FROM agent_runtimes WHERE profile_id = $1";
const PROFILES: &str = "SELECT COUNT(*) FROM runtime_profiles WHERE id = $1";

#[tokio::test]
async fn a_profile_with_an_active_agent_on_an_instance_cannot_be_deleted() {
    let c = Crew::new().await;
    let (profile, path) = c.create_profile("Busy").await;
    let id = id_of(&profile);
    let laptop = c.app.insert_runtime(&c.workspace, "laptop", Some(id)).await;
    c.app
        .insert_runtime(&c.workspace, "desktop", Some(id))
        .await;
    let active = c.agent(&c.member, "Builder").await;
    let archived = c.agent(&c.owner, "Old").await;
    c.app.bind(&active, &laptop).await;
    c.app.bind(&archived, &laptop).await;
    c.archive(&archived).await;

    let refusal = c.owner.delete(&path).await;
    let body = refusal.expect_error(409, "runtime_has_active_agents");
    assert_eq!(keys(&body), ["agents", "code", "error", "hidden_agents"]);
    assert_eq!(body["agents"], json!([{"id": active, "name": "Builder"}]));
    assert_eq!(
        body["hidden_agents"], 0,
        "owners and admins view every agent"
    );

    assert_eq!(c.app.count(PROFILES, &[id]).await, 1);
    assert_eq!(c.app.count(INSTANCES, &[id]).await, 2);
    assert_eq!(c.agent_body(&active).await["runtime_id"], laptop.as_str());
    assert_eq!(c.agent_body(&archived).await["runtime_id"], laptop.as_str());
}

#[tokio::test]
async fn deleting_unbinds_archived_agents_and_removes_the_instances_then_the_profile() {
    let c = Crew::new().await;
    let (profile, path) = c.create_profile("Retired").await;
    let id = id_of(&profile);
    let (_, kept_path) = c.create_profile("Kept").await;
    let kept = kept_path.rsplit('/').next().unwrap().to_owned();
    let instance = c.app.insert_runtime(&c.workspace, "laptop", Some(id)).await;
    let sibling = c
        .app
        .insert_runtime(&c.workspace, "laptop", Some(&kept))
        .await;
    let builtin = c.app.insert_runtime(&c.workspace, "laptop", None).await;
    let archived = c.agent(&c.owner, "Old").await;
    let elsewhere = c.agent(&c.owner, "Elsewhere").await;
    c.app.bind(&archived, &instance).await;
    c.app.bind(&elsewhere, &sibling).await;
    c.archive(&archived).await;

    c.owner.delete(&path).await.expect(204);

    assert_eq!(c.app.count(PROFILES, &[id]).await, 0);
    assert_eq!(c.app.count(INSTANCES, &[id]).await, 0);
    c.owner.get(&path).await.expect_error(404, "not_found");
    let survivor = c.agent_body(&archived).await;
    assert_eq!(survivor["runtime_id"], Value::Null);
    assert!(survivor["archived_at"].is_string());
    assert_eq!(
        c.agent_body(&elsewhere).await["runtime_id"],
        sibling.as_str()
    );
    for runtime in [&sibling, &builtin] {
        let left = c
            .app
            .count(
                "SELECT COUNT(*) FROM agent_runtimes WHERE id = $1",
                &[runtime],
            )
            .await;
        assert_eq!(left, 1);
    }
    c.owner.delete(&path).await.expect_error(404, "not_found");
}

#[tokio::test]
async fn instances_left_behind_by_a_deleted_profile_are_cleaned_up() {
    let c = Crew::new().await;
    let (profile, path) = c.create_profile("Gone").await;
    let id = id_of(&profile);
    let instance = c.app.insert_runtime(&c.workspace, "laptop", Some(id)).await;
    let archived = c.agent(&c.owner, "Old").await;
    c.app.bind(&archived, &instance).await;
    c.archive(&archived).await;
    c.app
        .sql("DELETE FROM runtime_profiles WHERE id = $1", &[id])
        .await;

    c.owner.delete(&path).await.expect(204);
    assert_eq!(c.app.count(INSTANCES, &[id]).await, 0);
    assert_eq!(c.agent_body(&archived).await["runtime_id"], Value::Null);
}

#[tokio::test]
async fn deleting_a_profile_that_never_existed_is_404() {
    let c = Crew::new().await;
    let unknown = format!("{}/{}", c.profiles(), uuid::Uuid::new_v4());
    c.owner
        .delete(&unknown)
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn another_workspaces_instances_of_the_same_profile_id_are_left_alone() {
    let c = Crew::new().await;
    let (profile, path) = c.create_profile("Ours").await;
    let id = id_of(&profile);
    let (_, other_ws) = c
        .app
        .owner_with_workspace("other@example.com", "other")
        .await;
    // A row of another workspace naming our profile id (it cannot be registered that way;
    // the delete must still scope by workspace).
    c.app.insert_runtime(&other_ws, "laptop", Some(id)).await;
    c.app.insert_runtime(&c.workspace, "laptop", Some(id)).await;

    c.owner.delete(&path).await.expect(204);
    assert_eq!(c.app.count(INSTANCES, &[id]).await, 1);
    c.owner.delete(&path).await.expect_error(404, "not_found");
}

#[tokio::test]
async fn deleting_a_workspace_removes_its_profiles_runtimes_and_daemon_tokens() {
    let c = Crew::new().await;
    let (profile, _) = c.create_profile("Doomed").await;
    c.app
        .insert_runtime(&c.workspace, "laptop", Some(id_of(&profile)))
        .await;
    c.app.insert_runtime(&c.workspace, "laptop", None).await;
    let (other, other_ws) = c
        .app
        .owner_with_workspace("other@example.com", "other")
        .await;
    other
        .post(&profiles_path(&other_ws), profile_body("Survivor"))
        .await
        .expect(201);
    c.app.insert_runtime(&other_ws, "desktop", None).await;
    for (workspace, hash) in [(&c.workspace, "h1"), (&other_ws, "h2")] {
        c.app
            .sql(
                "INSERT INTO daemon_tokens (id, workspace_id, user_id, name, token_hash, \
                 token_prefix, expires_at, created_at) VALUES ($1, $2, $3, 'laptop', $4, \
                 'agd_1234', 0, 0)",
                &[
                    &uuid::Uuid::new_v4().to_string(),
                    workspace,
                    &c.owner_id,
                    hash,
                ],
            )
            .await;
    }

    c.owner
        .delete_with(
            &format!("/api/workspaces/{}", c.workspace),
            json!({"confirm_slug": "acme"}),
        )
        .await
        .expect(204);

    for table in ["runtime_profiles", "agent_runtimes", "daemon_tokens"] {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE workspace_id = $1");
        assert_eq!(c.app.count(&sql, &[&c.workspace]).await, 0, "{table}");
        assert_eq!(c.app.count(&sql, &[&other_ws]).await, 1, "{table}");
    }
}

/// Spec J 17: on PostgreSQL a registration's share lock on the profile waits while a delete
/// holds the row, and a delete waits while a registration holds it. (SQLite serialises every
/// write transaction, so there is no row lock to observe.)
#[tokio::test]
async fn a_registration_lock_waits_for_a_delete_holding_the_profile_on_postgres() {
    let c = Crew::new().await;
    let db = &c.app.state.db;
    if db.backend != Backend::Postgres {
        return;
    }
    let (profile, _) = c.create_profile("Contended").await;
    let id = agentry_core::ProfileId::parse(id_of(&profile)).unwrap();
    let ws = agentry_core::WorkspaceId::parse(&c.workspace).unwrap();

    let mut deleting = db.pool.begin().await.unwrap();
    let held = profiles::lock_for_delete(&mut deleting, db.backend, ws, id)
        .await
        .unwrap();
    assert!(held.is_some());
    let mut registering = db.pool.begin().await.unwrap();
    sqlx::query("SET LOCAL lock_timeout = '200ms'")
        .execute(&mut *registering)
        .await
        .unwrap();
    let blocked = profiles::lock_for_registration(&mut registering, db.backend, ws, id).await;
    assert_lock_timeout(
        blocked.map(|_| ()),
        "the share lock must wait for the delete",
    );
    registering.rollback().await.unwrap();
    deleting.rollback().await.unwrap();

    let mut registering = db.pool.begin().await.unwrap();
    profiles::lock_for_registration(&mut registering, db.backend, ws, id)
        .await
        .unwrap()
        .expect("the profile");
    let mut deleting = db.pool.begin().await.unwrap();
    sqlx::query("SET LOCAL lock_timeout = '200ms'")
        .execute(&mut *deleting)
        .await
        .unwrap();
    let blocked = profiles::lock_for_delete(&mut deleting, db.backend, ws, id).await;
    assert!(
        blocked.is_err(),
        "the delete must wait for the registration"
    );
}

/// Asserts PostgreSQL gave up waiting for a row lock (`lock_not_available`, 55P03).
#[track_caller]
fn assert_lock_timeout(result: Result<(), sqlx::Error>, why: &str) {
    let err = result.expect_err(why);
    let code = err.as_database_error().and_then(|e| e.code());
    assert_eq!(code.as_deref(), Some("55P03"), "{why}: {err}");
}

#[tokio::test]
async fn a_profile_delete_waits_for_a_binding_in_progress_and_then_refuses_with_409() {
    let c = Crew::new().await;
    let (profile, path) = c.create_profile("Contended").await;
    let id = id_of(&profile).to_owned();
    let instance = c
        .app
        .insert_runtime(&c.workspace, "laptop", Some(&id))
        .await;
    let agent = c.agent(&c.member, "Binder").await;

    // A binding in progress holds the workspace lock, as every agent write does.
    let mut binding = c.app.state.db.begin_write().await.unwrap();
    agentry_server::db::workspaces::lock(
        &mut binding,
        agentry_core::WorkspaceId::parse(&c.workspace).unwrap(),
    )
    .await
    .unwrap();
    let owner = c.owner.clone();
    let delete = tokio::spawn(async move { owner.delete(&path).await });
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert!(
        !delete.is_finished(),
        "the delete must queue behind the binding's workspace lock"
    );
    sqlx::query("UPDATE agents SET runtime_id = $1 WHERE id = $2")
        .bind(&instance)
        .bind(&agent)
        .execute(&mut *binding)
        .await
        .unwrap();
    binding.commit().await.unwrap();

    let refusal = delete.await.unwrap();
    let body = refusal.expect_error(409, "runtime_has_active_agents");
    assert_eq!(body["agents"][0]["id"], agent.as_str());
    assert_eq!(c.app.count(INSTANCES, &[&id]).await, 1);
    assert_eq!(c.agent_body(&agent).await["runtime_id"], instance.as_str());
}
