//! What the work pages need to name and offer people and agents: the workspace's directory
//! plus its agents, with the invoke rule asked per agent for the current person.

use crate::api::{self, ApiError};
use crate::contexts::directory::{load_directory, Directory};
use agentry_core::agents::{can_assign_agent, ClientDecision, RoleState};
use agentry_core::api::agents::Agent;
use agentry_core::api::catalogue::agents;
use agentry_core::api::issues::{Party, PartyType};
use agentry_core::{AgentId, TeamId, UserId, WorkspaceId};
use serde::{Deserialize, Serialize};
use std::future::Future;

/// The workspace's people, teams and the agents the caller may see.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkDirectory {
    /// Members, teams and runtimes.
    pub directory: Directory,
    /// The agents the caller may see (archived ones left out).
    pub agents: Vec<Agent>,
}

impl WorkDirectory {
    /// An agent's name, if the caller may see it.
    pub fn agent_name(&self, id: AgentId) -> Option<String> {
        self.agents
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.name.clone())
    }

    /// The teams `user` is in now (team targets grant the invoke gate).
    pub fn teams_of(&self, user: UserId) -> Vec<TeamId> {
        self.directory
            .teams
            .iter()
            .filter(|t| t.member_ids.contains(&user))
            .map(|t| t.id)
            .collect()
    }

    /// Whether `user` (with `role`) may ask `agent` for work: core's invoke rule, the one the
    /// server applies after the click.
    pub fn may_invoke(
        &self,
        agent: &Agent,
        user: Option<UserId>,
        role: RoleState,
    ) -> ClientDecision {
        let teams = user.map(|u| self.teams_of(u)).unwrap_or_default();
        can_assign_agent(Some(&agent.access()), user, role, &teams)
    }

    /// The agents `user` may ask for work, in list order.
    pub fn invokable(&self, user: Option<UserId>, role: RoleState) -> Vec<Agent> {
        self.agents
            .iter()
            .filter(|a| self.may_invoke(a, user, role).is_allowed())
            .cloned()
            .collect()
    }

    /// A party's display name: the one the server sent, else the directory's.
    pub fn party_name(&self, party: &Party) -> Option<String> {
        party.name.clone().or_else(|| {
            let id = party.id?;
            match PartyType::parse(&party.kind)? {
                PartyType::Member => self.directory.member_name(UserId(id)),
                PartyType::Agent => self.agent_name(AgentId(id)),
            }
        })
    }
}

/// Loads the directory and the agents of `ws` together.
pub fn load_work_directory(
    ws: Option<WorkspaceId>,
) -> impl Future<Output = Result<WorkDirectory, ApiError>> + Send + 'static {
    let directory = load_directory(ws);
    let agents = api::call_known(
        ws.map(|workspace| agents::List {
            workspace,
            include_archived: false,
        }),
        &(),
        "no such workspace",
    );
    async move {
        Ok(WorkDirectory {
            directory: directory.await?,
            agents: agents.await?,
        })
    }
}
