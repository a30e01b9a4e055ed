//! An agent's connected apps in its answers: the allowlist for its owner only (spec §4.10
//! RD4–RD8) and, for anyone else who may run it, whose apps its runs use (the act-as
//! disclosure). Both decisions are `core::apps` rules.

use crate::db::agents::AgentRecord;
use crate::db::{self};
use agentry_core::agents::{can_invoke, Caller};
use agentry_core::api::agents::{Agent, AppsInUse};
use agentry_core::apps::{act_as_disclosure, may_see_apps, normalise_slug, toolkit_display_name};
use agentry_core::UserId;
use sqlx::AnyConnection;
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

/// Keeps the allowlist in `agent` for its owner while connected apps are on; withholds it from
/// everyone else (flagged when a non-empty list was withheld) and from everyone while they are
/// off (not flagged: there is nothing to configure then).
pub fn show_allowlist(agent: &mut Agent, viewer: UserId, apps_on: bool) {
    let is_owner = agent
        .owner_id
        .is_some_and(|owner| may_see_apps(Some(viewer), owner, apps_on));
    if is_owner {
        return;
    }
    if apps_on {
        agent.redact_allowlist();
    } else {
        agent.composio_toolkit_allowlist = None;
    }
}

/// What the disclosure needs to know about an owner: their name and the slugs of their active
/// connections.
struct OwnerApps {
    name: String,
    connected: BTreeSet<String>,
}

/// The act-as disclosure for each of `agents` (in order): for a caller who may run an agent
/// someone else owns and that allows apps, the owner's name and the allowed apps the owner has
/// connected now, by display name. `None` while connected apps are off, and when no allowed
/// app is connected. Each owner is looked up once.
pub async fn apps_in_use(
    conn: &mut AnyConnection,
    apps_on: bool,
    caller: &Caller<'_>,
    agents: &[AgentRecord],
) -> Result<Vec<Option<AppsInUse>>, sqlx::Error> {
    let mut owners: HashMap<UserId, Option<OwnerApps>> = HashMap::new();
    let mut answers = Vec::with_capacity(agents.len());
    for agent in agents {
        let allowlist = agent.allowlist().unwrap_or_default();
        let (Some(owner), true) = (agent.owner_id(), apps_on) else {
            answers.push(None);
            continue;
        };
        let may_run = can_invoke(&agent.access(), caller).allowed;
        let viewer = caller.actor.effective_user();
        if !act_as_disclosure(viewer, owner, may_run, !allowlist.is_empty()) {
            answers.push(None);
            continue;
        }
        let facts = match owners.entry(owner) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(slot) => slot.insert(load_owner(conn, owner).await?),
        };
        let Some(facts) = facts else {
            answers.push(None);
            continue;
        };
        let apps: Vec<String> = allowlist
            .iter()
            .filter(|slug| facts.connected.contains(&normalise_slug(slug)))
            .map(|slug| toolkit_display_name(slug))
            .collect();
        answers.push((!apps.is_empty()).then(|| AppsInUse {
            owner_name: facts.name.clone(),
            apps,
        }));
    }
    Ok(answers)
}

async fn load_owner(
    conn: &mut AnyConnection,
    owner: UserId,
) -> Result<Option<OwnerApps>, sqlx::Error> {
    let Some(user) = db::users::by_id(&mut *conn, owner).await? else {
        return Ok(None);
    };
    let connected = db::connections::list_active(&mut *conn, owner)
        .await?
        .iter()
        .map(|c| normalise_slug(&c.toolkit_slug))
        .collect();
    Ok(Some(OwnerApps {
        name: user.name,
        connected,
    }))
}
