//! The inline editors of a team card: rename (name and description) and its member checklist.

use super::fields::{TeamDraft, TeamFields, FIELDS};
use crate::api;
use crate::components::form::{FormError, FormState};
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::{Member, SetTeamMembersRequest, Team, UpdateTeamRequest};
use agentry_core::UserId;
use leptos::{prelude::*, task::spawn_local};

/// Renames a team; `on_done(saved)` closes the editor.
#[component]
pub fn RenameTeam(team: Team, on_done: Callback<bool>) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let form = FormState::new();
    let draft = TeamDraft::new(
        &form,
        team.name.clone(),
        team.description.clone().unwrap_or_default(),
    );
    let general_error = form.general_error(FIELDS);
    let team_id = team.id;

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let Some((new_name, new_description)) = draft.checked() else {
            return;
        };
        let Some(id) = ws.id.get_untracked() else {
            return;
        };
        // An empty description clears it.
        let request = UpdateTeamRequest {
            name: Some(new_name),
            description: Some(new_description.unwrap_or_default()),
        };
        let update = endpoints::teams::Update {
            workspace: id,
            id: team_id,
        };
        form.submit(api::call(&update, &request), move |team| {
            toasts.success_with(Key::TeamSaved, &[&team.name]);
            on_done.run(true);
        });
    };

    view! {
        <form class="form inline-editor" method="post" novalidate=true on:submit=on_submit>
            <TeamFields draft prefix=format!("team-{team_id}") name_label=Key::NameOfTeam />
            <FormError error=general_error />
            <div class="actions">
                <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>
                    {t(Key::SaveChanges)}
                </button>
                <button type="button" class="btn" on:click=move |_| on_done.run(false)>
                    {t(Key::Cancel)}
                </button>
            </div>
        </form>
    }
    .into_any()
}

/// Picks a team's members from the workspace's; `on_done(saved)` closes the editor.
#[component]
pub fn EditMembers(team: Team, members: Signal<Vec<Member>>, on_done: Callback<bool>) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let chosen = RwSignal::new(team.member_ids.clone());
    let busy = RwSignal::new(false);
    let team_id = team.id;
    let team_name = team.name.clone();

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = ws.id.get_untracked() else {
            return;
        };
        busy.set(true);
        let request = SetTeamMembersRequest {
            user_ids: chosen.get_untracked(),
        };
        let name = team_name.clone();
        spawn_local(async move {
            let set = endpoints::teams::SetMembers {
                workspace: id,
                id: team_id,
            };
            match api::call(&set, &request).await {
                Ok(_) => {
                    toasts.success_with(Key::TeamMembersSaved, &[&name]);
                    on_done.run(true);
                }
                Err(e) => {
                    busy.set(false);
                    toasts.error(e);
                }
            }
        });
    };
    let toggle = move |user: UserId, on: bool| {
        chosen.update(|ids| {
            ids.retain(|id| *id != user);
            if on {
                ids.push(user);
            }
        })
    };

    view! {
        <form class="form inline-editor" method="post" on:submit=save>
            <fieldset>
                <legend>{t(Key::TeamMembersLegend)}</legend>
                <For each=move || members.get() key=|m| m.user_id let:member>
                    {
                        let user = member.user_id;
                        let id = format!("team-{team_id}-member-{user}");
                        view! {
                            <div class="check">
                                <input
                                    type="checkbox"
                                    id=id.clone()
                                    checked=chosen.with_untracked(|c| c.contains(&user))
                                    prop:checked=move || chosen.with(|c| c.contains(&user))
                                    on:change=move |ev| toggle(user, event_target_checked(&ev))
                                />
                                <label for=id>
                                    {member.name.clone()}
                                    <span class="muted">" · " {member.email.clone()}</span>
                                </label>
                            </div>
                        }
                    }
                </For>
            </fieldset>
            <div class="actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {t(Key::SaveMembers)}
                </button>
                <button type="button" class="btn" on:click=move |_| on_done.run(false)>
                    {t(Key::Cancel)}
                </button>
            </div>
        </form>
    }
    .into_any()
}
