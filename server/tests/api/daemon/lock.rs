//! Spec J 17: while a profile delete holds its lock, registration's lock step cannot proceed,
//! so a registration racing a delete can never leave an instance of a deleted profile behind.

use super::*;
use agentry_server::db::{runtime_profiles, Backend};

#[tokio::test]
async fn registrations_lock_step_waits_for_a_profile_delete_in_progress() {
    let app = TestApp::new().await;
    let (_, ws) = app.owner_with_workspace("o@example.com", "acme").await;
    let profile = insert_profile(&app, &ws, "Wrapped", "codex", true).await;
    let db = &app.state.db;
    let ws_id = agentry_core::WorkspaceId::parse(&ws).unwrap();
    let profile_id = agentry_core::ProfileId::parse(&profile).unwrap();
    match db.backend {
        Backend::Postgres => {
            // What profile delete does first (spec C.4 rule 24).
            let mut deleter = db.pool.begin().await.unwrap();
            sqlx::query(
                "SELECT id FROM runtime_profiles WHERE id = $1 AND workspace_id = $2 FOR UPDATE",
            )
            .bind(&profile)
            .bind(&ws)
            .execute(&mut *deleter)
            .await
            .unwrap();
            let mut registrar = db.pool.begin().await.unwrap();
            sqlx::query("SET LOCAL lock_timeout = '50ms'")
                .execute(&mut *registrar)
                .await
                .unwrap();
            let err = runtime_profiles::lock_for_registration(
                &mut registrar,
                db.backend,
                ws_id,
                profile_id,
            )
            .await
            .expect_err("the share lock must wait for the delete's update lock");
            let code = err
                .as_database_error()
                .and_then(|e| e.code())
                .map(|c| c.into_owned());
            assert_eq!(code.as_deref(), Some("55P03"), "lock_not_available: {err}");
            registrar.rollback().await.unwrap();
            deleter.rollback().await.unwrap();

            // With the delete gone, the lock step goes through, and two registrations of one
            // profile share it without waiting for each other.
            let mut first = db.pool.begin().await.unwrap();
            let mut second = db.pool.begin().await.unwrap();
            sqlx::query("SET LOCAL lock_timeout = '50ms'")
                .execute(&mut *second)
                .await
                .unwrap();
            for tx in [&mut first, &mut second] {
                let row =
                    runtime_profiles::lock_for_registration(tx, db.backend, ws_id, profile_id)
                        .await
                        .unwrap();
                assert!(row.is_some());
            }
            first.rollback().await.unwrap();
            second.rollback().await.unwrap();
        }
        Backend::Sqlite => {
            // SQLite has no row locks: every registration and every profile delete runs in a
            // write transaction (`BEGIN IMMEDIATE`), and the database's one write lock makes
            // them take turns. A second writer cannot even begin while the first holds it.
            let deleter = db.begin_write().await.unwrap();
            let mut registrar = db.pool.acquire().await.unwrap();
            sqlx::query("PRAGMA busy_timeout = 50")
                .execute(&mut *registrar)
                .await
                .unwrap();
            let err = sqlx::query("BEGIN IMMEDIATE")
                .execute(&mut *registrar)
                .await
                .expect_err("a second writer must wait for the first");
            assert!(err.to_string().contains("locked"), "{err}");
            sqlx::query("PRAGMA busy_timeout = 5000")
                .execute(&mut *registrar)
                .await
                .unwrap();
            drop(registrar);
            deleter.rollback().await.unwrap();
            let mut tx = db.begin_write().await.unwrap();
            assert!(runtime_profiles::lock_for_registration(
                &mut tx, db.backend, ws_id, profile_id
            )
            .await
            .unwrap()
            .is_some());
            tx.rollback().await.unwrap();
        }
    }
}
