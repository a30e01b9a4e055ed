//! A person's connected apps: starting a connect flow, finishing it when Composio sends the
//! browser back, and disconnecting. Every upstream failure fails closed: nothing is written
//! and the caller gets a 502 (or, on the callback, the one generic failure redirect).

use crate::auth::secret;
use crate::composio::client::{AccountFilter, AccountStatus, ComposioError};
use crate::composio::integration::Composio;
use crate::composio::state::{self as connect_state, Claims, TTL_SECS};
use crate::db::connections::{self, ConnectionRow, NewConnection, ACTIVE};
use crate::db::{new_id, Db};
use crate::error::ApiError;
use agentry_core::apps::normalise_slug;
use agentry_core::{validate, ConnectionId, UserId};

/// The longest toolkit slug accepted; Composio's are short words.
const SLUG_MAX: usize = 64;

/// The 502 for an upstream failure; the cause is logged, never sent (it may name Composio's
/// internals, never the key: the client scrubs it).
fn unavailable(error: &ComposioError) -> ApiError {
    tracing::warn!(%error, "Composio request failed");
    ApiError::Upstream(
        "composio_unavailable",
        "connected apps could not reach Composio; try again in a moment".into(),
    )
}

/// Starts connecting `toolkit` for the person signed in with `session_id`: resolves its auth
/// config, signs a state carrying a one-time nonce bound to that session, asks Composio for
/// its hosted consent page, and answers that page's URL.
pub async fn begin(
    db: &Db,
    composio: &Composio,
    user: UserId,
    session_id: &str,
    toolkit: &str,
) -> Result<String, ApiError> {
    validate::no_nul("toolkit_slug", toolkit)?;
    let slug = normalise_slug(toolkit);
    if slug.is_empty() {
        return Err(ApiError::invalid(
            "toolkit_slug",
            "required",
            "name the app to connect",
        ));
    }
    validate::at_most_chars("toolkit_slug", &slug, SLUG_MAX)?;
    let configs = composio.auth_configs().await.map_err(|e| unavailable(&e))?;
    let auth_config = configs.get(&slug).ok_or_else(|| {
        ApiError::InvalidWithCode(
            "toolkit_not_supported",
            validate::ValidationError::new(
                "toolkit_slug",
                "toolkit_not_supported",
                "this app cannot be connected here",
            ),
        )
    })?;
    let now = composio.clock.now_secs();
    let nonce = secret::connect_nonce();
    let claims = Claims {
        user: user.to_string(),
        toolkit: slug,
        auth_config: auth_config.clone(),
        expires: now + TTL_SECS,
        nonce: nonce.clone(),
    };
    let state = connect_state::sign(&claims, composio.settings.state_secret.expose().as_bytes())
        .map_err(|e| ApiError::Internal(e.into()))?;
    let callback = format!(
        "{}/api/integrations/composio/callback?state={state}",
        composio.settings.callback_base
    );
    let link = composio
        .client
        .create_link(auth_config, &user.to_string(), Some(&callback))
        .await
        .map_err(|e| unavailable(&e))?;
    let mut conn = db.pool.acquire().await?;
    // The whole expiry second counts, as it does for the state itself.
    let expires_ms = claims.expires.saturating_mul(1000).saturating_add(999);
    connections::insert_nonce(
        &mut conn,
        &secret::hash(&nonce),
        session_id,
        user,
        expires_ms,
    )
    .await?;
    Ok(link.redirect_url)
}

/// What Composio appended to the callback URL, and who opened it.
pub struct Callback<'a> {
    pub state: &'a str,
    pub status: &'a str,
    pub account_id: &'a str,
    /// The browser's session and its user, when it has one.
    pub session: Option<(&'a str, UserId)>,
}

/// Why a callback was refused: logged for operators, never told to the browser.
#[derive(Debug, thiserror::Error)]
pub enum CallbackRefusal {
    #[error("the state is invalid: {0}")]
    State(#[from] connect_state::StateError),
    #[error("no signed-in session, or another person's")]
    Session,
    #[error("the nonce was used, expired or belongs to another session")]
    Nonce,
    #[error("Composio reported status {0:?}")]
    NotSuccess(String),
    #[error("no usable connected account id")]
    AccountId,
    #[error("the account is not this person's active account for this auth config")]
    Ownership,
    #[error("Composio could not be asked: {0}")]
    Upstream(#[from] ComposioError),
    #[error("storing the connection failed: {0}")]
    Database(#[from] sqlx::Error),
}

/// Finishes a connect flow: the state's signature and expiry, the nonce (once, same session
/// and user), Composio's `status`, then the account itself at Composio (this user's, this auth
/// config's, `ACTIVE`). Only then is the connection recorded. Answers the toolkit's slug.
pub async fn finish(
    db: &Db,
    composio: &Composio,
    callback: Callback<'_>,
) -> Result<String, CallbackRefusal> {
    let claims = connect_state::verify(
        callback.state,
        composio.settings.state_secret.expose().as_bytes(),
        composio.clock.now_secs(),
    )?;
    let (session_id, user) = callback.session.ok_or(CallbackRefusal::Session)?;
    if user.to_string() != claims.user {
        return Err(CallbackRefusal::Session);
    }
    let mut conn = db.pool.acquire().await?;
    let fresh = connections::consume_nonce(
        &mut conn,
        &secret::hash(&claims.nonce),
        session_id,
        user,
        composio.clock.now_ms(),
    )
    .await?;
    if !fresh {
        return Err(CallbackRefusal::Nonce);
    }
    if !callback.status.trim().eq_ignore_ascii_case("success") {
        return Err(CallbackRefusal::NotSuccess(callback.status.to_owned()));
    }
    let account_id = callback.account_id.trim();
    if !plausible_account_id(account_id) || claims.auth_config.is_empty() {
        return Err(CallbackRefusal::AccountId);
    }
    let accounts = composio
        .client
        .list_connected_accounts(&AccountFilter {
            ids: vec![account_id.to_owned()],
            ..AccountFilter::default()
        })
        .await?;
    let owned = accounts.iter().any(|account| {
        account.id == account_id
            && account.user_id == claims.user
            && account.auth_config.id == claims.auth_config
            && account.status == AccountStatus::Active
    });
    if !owned {
        return Err(CallbackRefusal::Ownership);
    }
    connections::upsert(
        &mut conn,
        NewConnection {
            id: ConnectionId(new_id()),
            user_id: user,
            toolkit_slug: &claims.toolkit,
            auth_config_id: &claims.auth_config,
            connected_account_id: account_id,
            now: composio.clock.now_ms(),
        },
    )
    .await?;
    Ok(claims.toolkit)
}

/// An id Composio could have issued: short, printable, no separators that would change the
/// request made with it.
fn plausible_account_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Disconnects the user's connection `id` (spec D1-D4): someone else's or unknown is a 404; one
/// already disconnected is done without asking Composio; otherwise revoke, then delete, at
/// Composio, and only then hide it. A revoke refused as unsupported (400) or already done
/// (409), and a 404 from either call, count as done; any other upstream error is a 502 and the
/// connection stays.
pub async fn disconnect(
    db: &Db,
    composio: &Composio,
    user: UserId,
    id: ConnectionId,
) -> Result<(), ApiError> {
    let row: ConnectionRow = {
        let mut conn = db.pool.acquire().await?;
        connections::get_owned(&mut conn, id, user)
            .await?
            .ok_or(ApiError::NotFound)?
    };
    if row.status != ACTIVE {
        return Ok(());
    }
    match composio.client.revoke(&row.connected_account_id).await {
        Ok(_) => {}
        Err(error) if matches!(error.status(), Some(400 | 404 | 409)) => {
            tracing::info!(%error, "Composio had nothing to revoke; deleting the account");
        }
        Err(error) => return Err(unavailable(&error)),
    }
    match composio.client.delete(&row.connected_account_id).await {
        Ok(_) => {}
        Err(error) if error.status() == Some(404) => {}
        Err(error) => return Err(unavailable(&error)),
    }
    let mut conn = db.pool.acquire().await?;
    connections::mark_revoked(&mut conn, id, user, composio.clock.now_ms()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_printable_account_ids_are_sent_to_composio() {
        assert!(plausible_account_id("ca_1AbC-9"));
        for bad in ["", "ca/1", "ca?x=1", "ca 1", "ca%2F", &"a".repeat(129)] {
            assert!(!plausible_account_id(bad), "{bad:?}");
        }
    }
}
