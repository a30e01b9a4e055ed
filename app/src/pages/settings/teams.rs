//! `/w/:slug/settings/teams`: teams and their members. Owners and admins manage them; members
//! see them read-only, with the reason.

mod card;
mod create;
mod edit;
mod fields;

use crate::api;
use crate::components::empty_state::EmptyState;
use crate::components::loaded::Loaded;
use crate::components::page_title::PageTitle;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use crate::pages::settings::Reason;
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::{Member, Team};
use agentry_core::roles::can_manage_teams;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The teams and the workspace's members (to name them and to pick from).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct TeamsData {
    teams: Vec<Team>,
    members: Vec<Member>,
}

/// The teams page.
#[component]
pub fn Teams() -> AnyView {
    let ws = use_workspace();
    let data = Resource::new(
        move || ws.id.get(),
        |id| {
            // Both requests are created now, while the render context is at hand.
            let missing = "no such workspace";
            let teams = api::call_known(
                id.map(|workspace| endpoints::teams::List { workspace }),
                &(),
                missing,
            );
            let members = api::call_known(
                id.map(|workspace| endpoints::members::List { workspace }),
                &(),
                missing,
            );
            async move {
                Ok(TeamsData {
                    teams: teams.await?,
                    members: members.await?,
                })
            }
        },
    );
    let allowed = Signal::derive(move || can_manage_teams(ws.role.get()));
    let on_changed = Callback::new(move |()| data.refetch());
    view! {
        <PageTitle key=Key::NavTeams />
        <h1>{t(Key::NavTeams)}</h1>
        <p class="muted">{t(Key::TeamsExplain)}</p>
        <Reason decision=allowed />
        <create::CreateTeam allowed on_created=on_changed />
        <Loaded
            resource=data
            view={move |data: Signal<TeamsData>| {
                // Memos: each team card reads these; a derived signal would clone per read.
                let teams: Signal<Vec<Team>> = Memo::new(move |_| data.with(|d| d.teams.clone())).into();
                let members: Signal<Vec<Member>> = Memo::new(move |_| data.with(|d| d.members.clone())).into();
                view! {
                    <Show
                        when=move || teams.with(|t| !t.is_empty())
                        fallback=|| view! { <EmptyState title=Key::NoTeamsTitle body=Key::NoTeamsBody /> }
                    >
                        <ul class="team-list">
                            <For
                                each=move || teams.get()
                                key=|team| (team.id, team.name.clone(), team.description.clone(), team.member_ids.clone())
                                let:team
                            >
                                <card::TeamCard team members allowed on_changed />
                            </For>
                        </ul>
                    </Show>
                }
            }}
        />
    }
    .into_any()
}
