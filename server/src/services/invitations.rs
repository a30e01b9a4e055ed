//! Invitation writes: creating one needs the invite gate's proof for the role it offers,
//! revoking one the invitation gate's; accepting one checks the invited email in `core` and
//! makes the account a member, all on the caller's transaction.

use crate::access::gates::{Allowed, Invite, ManageInvitations};
use crate::auth::secret;
use crate::db::{self, invitations::LinkRow, new_id, now_ms};
use crate::error::ApiError;
use agentry_core::{roles, InvitationId, UserId};
use sqlx::AnyConnection;

/// How long an invitation link works.
pub const INVITATION_TTL_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// An invitation just created, with its secret token (shown once).
pub struct NewInvitation {
    /// The row's id.
    pub id: InvitationId,
    /// The link's secret; only its hash is stored.
    pub token: String,
    /// When it stops working (epoch ms).
    pub expires_at: i64,
}

/// Invites `email` with the role the proof was checked for; 409 `already_member` when that
/// person already belongs.
pub async fn create(
    conn: &mut AnyConnection,
    actor: &Allowed<Invite>,
    email: &str,
) -> Result<NewInvitation, ApiError> {
    if let Some(existing) = db::users::id_by_email(&mut *conn, email).await? {
        if db::members::role(&mut *conn, actor.workspace_id, existing)
            .await?
            .is_some()
        {
            return Err(ApiError::Conflict(
                "already_member",
                "this person is already a member".into(),
            ));
        }
    }
    let token = secret::invitation_token();
    let id = InvitationId(new_id());
    let now = now_ms();
    let expires_at = now + INVITATION_TTL_MS;
    db::invitations::insert(
        conn,
        id,
        actor.workspace_id,
        email,
        actor.gate().role,
        &secret::hash(&token),
        actor.user_id,
        now,
        expires_at,
    )
    .await?;
    Ok(NewInvitation {
        id,
        token,
        expires_at,
    })
}

/// Revokes a pending invitation of the actor's workspace; 404 when there is none.
pub async fn revoke(
    conn: &mut AnyConnection,
    actor: &Allowed<ManageInvitations>,
    invitation: InvitationId,
) -> Result<(), ApiError> {
    if db::invitations::delete(conn, actor.workspace_id, invitation).await? {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// Makes `user` a member through `link`: their email must be the invited one (403
/// `email_mismatch`), the link works once, and a member already is a 409.
pub async fn accept(
    conn: &mut AnyConnection,
    link: &LinkRow,
    user: UserId,
) -> Result<(), ApiError> {
    let account = db::users::by_id(&mut *conn, user)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    roles::can_accept_invitation(&account.email, &link.email)?;
    if !db::invitations::mark_accepted(&mut *conn, link.id, user, now_ms()).await? {
        return Err(ApiError::InvitationInvalid);
    }
    if db::members::role(&mut *conn, link.workspace_id, user)
        .await?
        .is_some()
    {
        return Err(ApiError::Conflict(
            "already_member",
            "you are already a member of this workspace".into(),
        ));
    }
    db::members::insert(conn, link.workspace_id, user, link.role(), now_ms()).await?;
    Ok(())
}
