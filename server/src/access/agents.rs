//! The agent gates on the server: load the facts (the agent, the caller's role and teams), ask
//! `core`, and hand back an [`Authorized`] proof that only a passed check can build. Services
//! that change an agent take `&Authorized<Manage>`.

use super::Membership;
use crate::db::{self, agents::AgentRecord};
use crate::error::ApiError;
use agentry_core::agents::{can_manage, can_view, AccessDecision, AccessReason, Caller};
use agentry_core::{AgentId, TeamId, UserId};
use sqlx::AnyConnection;
use std::marker::PhantomData;
use std::ops::Deref;

/// An agent of the caller's workspace with the facts about the caller, loaded once per
/// request. Team membership is read now, never cached, so leaving a team ends access through
/// it at once.
#[derive(Debug)]
pub struct AgentContext {
    /// The caller's membership (their role).
    pub member: Membership,
    /// The workspace teams the caller is in now.
    pub teams: Vec<TeamId>,
    /// The agent as stored.
    pub agent: AgentRecord,
}

impl AgentContext {
    /// Loads agent `id` of the caller's workspace; 404 when it is not there (or malformed).
    pub async fn load(
        conn: &mut AnyConnection,
        member: Membership,
        id: AgentId,
    ) -> Result<AgentContext, ApiError> {
        let agent = db::agents::get(&mut *conn, member.workspace_id, id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let teams = db::teams::of_user(&mut *conn, member.workspace_id, member.user_id).await?;
        Ok(AgentContext {
            member,
            teams,
            agent,
        })
    }

    /// The caller as `core` sees them: a member acting for themselves.
    pub fn caller(&self) -> Caller<'_> {
        Caller::member(self.user(), Some(self.member.role), &self.teams)
    }

    /// The caller's user id.
    pub fn user(&self) -> UserId {
        self.member.user_id
    }

    /// Whether the caller owns the agent.
    pub fn is_owner(&self) -> bool {
        self.agent.access().is_owned_by(Some(self.user()))
    }

    /// §4.7: may the caller see the agent? 403 otherwise, without saying why (§8.8).
    pub fn view(self) -> Result<Authorized<View>, ApiError> {
        let decision = can_view(&self.agent.access(), &self.caller());
        Authorized::check(self, decision)
    }

    /// §4.8 M1, M5: may the caller edit, archive or restore it (and read its activity)?
    pub fn manage(self) -> Result<Authorized<Manage>, ApiError> {
        let decision = can_manage(&self.agent.access(), &self.caller());
        Authorized::check(self, decision)
    }
}

/// The view gate, as a type.
#[derive(Debug)]
pub enum View {}

/// The manage gate, as a type.
#[derive(Debug)]
pub enum Manage {}

/// Proof that the caller passed gate `G` for this agent; derefs to the [`AgentContext`].
#[derive(Debug)]
pub struct Authorized<G> {
    context: AgentContext,
    /// The gate's decision (always allowed).
    pub decision: AccessDecision,
    gate: PhantomData<G>,
}

impl<G> Authorized<G> {
    fn check(context: AgentContext, decision: AccessDecision) -> Result<Self, ApiError> {
        match decision.into_result() {
            Ok(decision) => Ok(Self {
                context,
                decision,
                gate: PhantomData,
            }),
            Err(reason) => Err(refusal(reason)),
        }
    }

    /// Replaces the agent with its state after a write (the proof stays valid: the caller and
    /// the agent are the same).
    pub fn reload(&mut self, agent: AgentRecord) {
        self.context.agent = agent;
    }

    /// The context, for the response.
    pub fn into_context(self) -> AgentContext {
        self.context
    }
}

impl<G> Deref for Authorized<G> {
    type Target = AgentContext;

    fn deref(&self) -> &AgentContext {
        &self.context
    }
}

/// The API error for a refused agent gate: not a member → 404, like everything in a workspace
/// one does not belong to; otherwise 403 with a code and message that never reveal the agent's
/// mode or targets (spec §8.8; `core::Refusal` coarsens them).
pub fn refusal(reason: AccessReason) -> ApiError {
    ApiError::Refused(reason.into())
}
