//! One team: its name, description and members, with rename, edit-members and delete.

use super::edit::{EditMembers, RenameTeam};
use crate::api;
use crate::components::confirm::ConfirmDialog;
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::{Member, Team};
use agentry_core::{Decision, UserId};
use leptos::{prelude::*, task::spawn_local};

/// Which inline editor is open.
#[derive(Clone, Copy, PartialEq)]
enum Editing {
    None,
    Rename,
    Members,
}

/// A team card.
#[component]
pub fn TeamCard(
    team: Team,
    /// Everyone in the workspace.
    members: Signal<Vec<Member>>,
    /// Whether the viewer may manage teams.
    allowed: Signal<Decision>,
    /// Called after a change, to reload.
    on_changed: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let editing = RwSignal::new(Editing::None);
    let confirm_open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let locked = move || allowed.get().is_err();
    let team_id = team.id;

    let name = team.name.clone();
    let on_delete = Callback::new(move |()| {
        let Some(id) = ws.id.get_untracked() else {
            return;
        };
        busy.set(true);
        let name = name.clone();
        spawn_local(async move {
            let delete = endpoints::teams::Delete {
                workspace: id,
                id: team_id,
            };
            match api::call(&delete, &()).await {
                Ok(()) => toasts.success_with(Key::TeamDeleted, &[&name]),
                Err(e) => toasts.error(e),
            }
            busy.set(false);
            confirm_open.set(false);
            on_changed.run(());
        });
    });

    let label = |key: Key, name: String| move || fill(key.text(locale.get()), &[&name]);
    let name = team.name.clone();
    let message = Signal::derive(move || fill(Key::DeleteTeamWarning.text(locale.get()), &[&name]));
    let toggle = move |which: Editing| {
        editing.update(|e| *e = if *e == which { Editing::None } else { which })
    };

    view! {
        <li class="card team-card">
            <div class="team-head">
                <div>
                    <h3 class="team-name">{team.name.clone()}</h3>
                    {team.description.clone().map(|d| view! { <p class="muted">{d}</p> })}
                </div>
                <div class="actions">
                    <button
                        type="button"
                        class="btn btn-small"
                        aria-label=label(Key::RenameTeamLabel, team.name.clone())
                        aria-expanded=move || (editing.get() == Editing::Rename).to_string()
                        disabled=locked
                        on:click=move |_| toggle(Editing::Rename)
                    >
                        {t(Key::Rename)}
                    </button>
                    <button
                        type="button"
                        class="btn btn-small"
                        aria-label=label(Key::EditMembersLabel, team.name.clone())
                        aria-expanded=move || (editing.get() == Editing::Members).to_string()
                        disabled=locked
                        on:click=move |_| toggle(Editing::Members)
                    >
                        {t(Key::EditMembers)}
                    </button>
                    <button
                        type="button"
                        class="btn btn-small btn-danger-quiet"
                        aria-label=label(Key::DeleteTeamLabel, team.name.clone())
                        disabled=locked
                        on:click=move |_| confirm_open.set(true)
                    >
                        {t(Key::Delete)}
                    </button>
                </div>
            </div>
            <TeamMembers ids=team.member_ids.clone() members />
            <TeamEditor team=team.clone() members editing on_changed />
            <ConfirmDialog
                open=confirm_open
                title=Key::DeleteTeamTitle
                message
                confirm_label=Key::DeleteTeam
                on_confirm=on_delete
                busy
            />
        </li>
    }
    .into_any()
}

/// How many people are in the team, and their names.
#[component]
fn TeamMembers(ids: Vec<UserId>, members: Signal<Vec<Member>>) -> AnyView {
    let locale = use_i18n().locale;
    let count = ids.len().to_string();
    let count_text = move || fill(Key::TeamMemberCount.text(locale.get()), &[&count]);
    let names = move || {
        members.with(|all| {
            all.iter()
                .filter(|m| ids.contains(&m.user_id))
                .map(|m| m.name.clone())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <p class="muted team-count">{count_text}</p>
        {move || {
            let names = names();
            if names.is_empty() {
                view! { <p class="muted">{t(Key::TeamHasNoMembers)}</p> }.into_any()
            } else {
                view! {
                    <ul class="chips">
                        {names.into_iter().map(|n| view! { <li class="chip">{n}</li> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }
        }}
    }
    .into_any()
}

/// The open inline editor, if any; closing it after a save reloads.
#[component]
fn TeamEditor(
    team: Team,
    members: Signal<Vec<Member>>,
    editing: RwSignal<Editing>,
    on_changed: Callback<()>,
) -> AnyView {
    let on_done = Callback::new(move |saved: bool| {
        editing.set(Editing::None);
        if saved {
            on_changed.run(());
        }
    });
    (move || match editing.get() {
        Editing::None => ().into_any(),
        Editing::Rename => view! { <RenameTeam team=team.clone() on_done /> }.into_any(),
        Editing::Members => view! { <EditMembers team=team.clone() members on_done /> }.into_any(),
    })
    .into_any()
}
