//! The workspace's directory: its people, teams and runtimes, loaded together so the agent
//! pages can name owners, grants and machines and offer them in pickers.

use crate::api::{self, ApiError};
use agentry_core::api::catalogue::{members, runtimes, teams};
use agentry_core::api::runtimes::Runtime;
use agentry_core::api::{Member, Team};
use agentry_core::{TeamId, UserId, WorkspaceId};
use serde::{Deserialize, Serialize};
use std::future::Future;

/// The workspace's people and teams, to name owners and grants and to pick from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Directory {
    /// Everyone in the workspace.
    pub members: Vec<Member>,
    /// Its teams.
    pub teams: Vec<Team>,
    /// The runtimes the caller can see, to name an agent's runtime and to pick one.
    pub runtimes: Vec<Runtime>,
}

impl Directory {
    /// A member's name, if they are one.
    pub fn member_name(&self, id: UserId) -> Option<String> {
        self.members
            .iter()
            .find(|m| m.user_id == id)
            .map(|m| m.name.clone())
    }

    /// A team's name, if it exists.
    pub fn team_name(&self, id: TeamId) -> Option<String> {
        self.teams
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.name.clone())
    }

    /// The display name of the runtime with id `id`, if the caller can see it.
    pub fn runtime_name(&self, id: uuid::Uuid) -> Option<String> {
        self.runtimes
            .iter()
            .find(|r| r.id.0 == id)
            .map(|r| r.display_name().to_owned())
    }

    /// The members except `excluded` (the agent's owner, who always may run it).
    pub fn members_except(&self, excluded: Option<UserId>) -> Vec<Member> {
        self.members
            .iter()
            .filter(|m| Some(m.user_id) != excluded)
            .cloned()
            .collect()
    }
}

/// Loads the members and teams of `ws` together.
pub fn load_directory(
    ws: Option<WorkspaceId>,
) -> impl Future<Output = Result<Directory, ApiError>> + Send + 'static {
    // The requests are created now, while the render context is at hand.
    let missing = "no such workspace";
    let members = api::call_known(
        ws.map(|workspace| members::List { workspace }),
        &(),
        missing,
    );
    let teams = api::call_known(ws.map(|workspace| teams::List { workspace }), &(), missing);
    let runtimes = api::call_known(
        ws.map(|workspace| runtimes::List { workspace }),
        &(),
        missing,
    );
    async move {
        let (members, teams) = (members.await?, teams.await?);
        // Runtimes only name and offer a machine: without them the agents pages still work.
        let runtimes = runtimes.await.unwrap_or_default();
        Ok(Directory {
            members,
            teams,
            runtimes,
        })
    }
}
