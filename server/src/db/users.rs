//! Queries on `users`. The password hash is read only by `credentials`, never with a profile.

use super::rfc3339;
use agentry_core::api::User;
use agentry_core::{Locale, UserId};
use sqlx::{AnyConnection, FromRow};

/// A user's profile row.
#[derive(Debug, FromRow)]
pub struct UserRow {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub locale: Option<String>,
    pub created_at: i64,
}

impl UserRow {
    /// The API form.
    pub fn into_api(self) -> User {
        User {
            id: self.id,
            email: self.email,
            name: self.name,
            locale: self.locale.as_deref().and_then(Locale::from_tag),
            created_at: rfc3339(self.created_at),
        }
    }
}

const PROFILE: &str = "SELECT id, email, name, locale, created_at FROM users";

/// Inserts a new user.
pub async fn insert(
    conn: &mut AnyConnection,
    id: UserId,
    email: &str,
    name: &str,
    password_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO users (id, email, name, password_hash, locale, created_at) VALUES ($1, $2, $3, $4, NULL, $5)")
        .bind(id)
        .bind(email)
        .bind(name)
        .bind(password_hash)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// A user's profile by id.
pub async fn by_id(conn: &mut AnyConnection, id: UserId) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as::<_, UserRow>(&format!("{PROFILE} WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The user id and password hash for a normalised email, for sign-in.
pub async fn credentials(
    conn: &mut AnyConnection,
    email: &str,
) -> Result<Option<(UserId, String)>, sqlx::Error> {
    sqlx::query_as::<_, (UserId, String)>("SELECT id, password_hash FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(conn)
        .await
}

/// The id of the user with this normalised email, if any.
pub async fn id_by_email(
    conn: &mut AnyConnection,
    email: &str,
) -> Result<Option<UserId>, sqlx::Error> {
    sqlx::query_scalar::<_, UserId>("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(conn)
        .await
}

/// Updates the display name.
pub async fn set_name(conn: &mut AnyConnection, id: UserId, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Updates the preferred locale.
pub async fn set_locale(
    conn: &mut AnyConnection,
    id: UserId,
    locale: Locale,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
        .bind(locale.tag())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;
    use crate::error::ApiError;
    use axum::http::StatusCode;
    use axum::response::IntoResponse;

    #[tokio::test]
    async fn a_stored_id_that_is_no_uuid_is_a_500_and_never_a_nil_id() {
        let db = Db::connect("sqlite::memory:", 1).await.expect("database");
        let mut conn = db.pool.acquire().await.expect("connection");
        sqlx::query(
            "INSERT INTO users (id, email, name, password_hash, locale, created_at) \
             VALUES ('not-a-uuid', 'ada@example.com', 'Ada', 'x', NULL, 0)",
        )
        .execute(&mut *conn)
        .await
        .expect("insert");
        let err = id_by_email(&mut conn, "ada@example.com")
            .await
            .expect_err("the id cannot be read");
        assert!(matches!(err, sqlx::Error::ColumnDecode { .. }), "{err}");
        assert!(err.to_string().contains("UserId is not a UUID"), "{err}");
        let response = ApiError::from(err).into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
