//! The `DaemonCaller` extractor for `/api/daemon/*`: a bearer daemon token (`agd_`, acting for
//! one member in one workspace) or a personal access token (`agt_`, acting for the user
//! wherever they are a member). Cookies are not accepted here: a daemon is never a browser, and
//! refusing them keeps these routes out of reach of cross-site requests.

use super::principal::{bearer, personal_token, use_is_stale};
use super::secret::{self, DAEMON_TOKEN_PREFIX, PAT_PREFIX};
use crate::db::{self, now_ms};
use crate::error::ApiError;
use crate::state::AppState;
use agentry_core::runtimes::{can_daemon_touch_runtime, RuntimeFacts};
use agentry_core::{DaemonTokenId, Role, TokenId, UserId, WorkspaceId};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sqlx::AnyConnection;

/// Which token the daemon presented.
#[derive(Clone, Debug)]
pub enum DaemonCredential {
    /// A daemon token: bound to one workspace.
    DaemonToken {
        token_id: DaemonTokenId,
        workspace_id: WorkspaceId,
    },
    /// A personal access token: any workspace the user belongs to.
    PersonalToken { token_id: TokenId },
}

/// An authenticated daemon (or CLI) on the daemon API.
#[derive(Clone, Debug)]
pub struct DaemonCaller {
    /// The member the daemon acts for.
    pub user_id: UserId,
    /// How it authenticated.
    pub credential: DaemonCredential,
}

/// Proof that a daemon caller may act in a workspace: built only by
/// [`DaemonCaller::access`].
#[derive(Clone, Debug)]
pub struct DaemonAccess {
    /// The workspace.
    pub workspace_id: WorkspaceId,
    /// The member the daemon acts for; runtimes it registers are theirs.
    pub user_id: UserId,
    /// Their role there.
    pub role: Role,
}

impl DaemonAccess {
    /// `core`'s rule for the rows a daemon may register, heartbeat, deregister or merge: its
    /// own member's, whatever their role (403 `runtime_of_another_member` otherwise).
    pub fn may_touch(&self, runtime: RuntimeFacts) -> Result<(), ApiError> {
        can_daemon_touch_runtime(self.user_id, runtime)?;
        Ok(())
    }

    /// A workspace owner or admin, who views every agent.
    pub fn sees_all_agents(&self) -> bool {
        self.role.is_admin_like()
    }
}

impl DaemonCaller {
    /// Resolves the caller's access to `workspace_id` (spec D.2): a daemon token only reaches
    /// its own workspace, and only while its member still belongs there; a personal token
    /// reaches the user's workspaces. Anything else is 404, never 403, so a token learns
    /// nothing about workspaces it does not serve.
    pub async fn access(
        &self,
        conn: &mut AnyConnection,
        workspace_id: WorkspaceId,
    ) -> Result<DaemonAccess, ApiError> {
        if let DaemonCredential::DaemonToken {
            workspace_id: bound,
            ..
        } = &self.credential
        {
            if *bound != workspace_id {
                return Err(ApiError::NotFound);
            }
        }
        let role = db::members::role(conn, workspace_id, self.user_id)
            .await?
            .ok_or(ApiError::NotFound)?;
        Ok(DaemonAccess {
            workspace_id,
            user_id: self.user_id,
            role,
        })
    }
}

impl FromRequestParts<AppState> for DaemonCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(parts).ok_or(ApiError::Unauthenticated)??;
        let now = now_ms();
        let mut conn = state.db.pool.acquire().await?;
        if token.starts_with(DAEMON_TOKEN_PREFIX) {
            let row = db::daemon_tokens::by_hash(&mut conn, &secret::hash(token), now)
                .await?
                .ok_or(ApiError::Unauthenticated)?;
            if use_is_stale(row.last_used_at, now) {
                db::daemon_tokens::touch(&mut conn, row.id, now).await?;
            }
            return Ok(DaemonCaller {
                user_id: row.user_id,
                credential: DaemonCredential::DaemonToken {
                    token_id: row.id,
                    workspace_id: row.workspace_id,
                },
            });
        }
        if token.starts_with(PAT_PREFIX) {
            let row = personal_token(&mut conn, token, now).await?;
            return Ok(DaemonCaller {
                user_id: row.user_id,
                credential: DaemonCredential::PersonalToken { token_id: row.id },
            });
        }
        Err(ApiError::Unauthenticated)
    }
}
