//! The access picker (spec §6.1–§6.3): three scopes as radios and, for "specific people and
//! teams", searchable checklists of people and teams. It edits an [`AccessDraft`] only; the
//! caller decides when to save it. Used by the create dialog, the Access tab and the bulk
//! "Set access" dialog.

use crate::i18n::{t, t_with, Key};
use agentry_core::agents::{AccessDraft, AccessScope};
use agentry_core::api::{Member, Team};
use agentry_core::{TeamId, UserId};
use leptos::prelude::*;

/// The picker's radios, in the order they are offered.
const CHOICES: [(AccessScope, Key, Key); 3] = [
    (
        AccessScope::OwnerOnly,
        Key::ChoiceOnlyMe,
        Key::ChoiceOnlyMeHint,
    ),
    (
        AccessScope::Workspace,
        Key::ChoiceWorkspace,
        Key::ChoiceWorkspaceHint,
    ),
    (
        AccessScope::SpecificPeople,
        Key::ChoiceSpecific,
        Key::ChoiceSpecificHint,
    ),
];

fn matches(query: &str, texts: &[&str]) -> bool {
    let query = query.trim().to_lowercase();
    query.is_empty() || texts.iter().any(|t| t.to_lowercase().contains(&query))
}

fn toggle<T: PartialEq + Copy>(list: &mut Vec<T>, item: T, on: bool) {
    list.retain(|x| *x != item);
    if on {
        list.push(item);
    }
}

/// Scope radios and, for "specific", the people and teams to pick from.
#[component]
pub fn AccessPicker(
    /// Prefix of the element ids, unique on the page.
    prefix: &'static str,
    /// The draft being edited.
    draft: RwSignal<AccessDraft>,
    /// The people on offer (the agent's owner already left out).
    #[prop(into)]
    people: Signal<Vec<Member>>,
    /// The teams on offer.
    #[prop(into)]
    teams: Signal<Vec<Team>>,
    /// When given, no radio shows as chosen until this is set (the bulk dialog asks for an
    /// explicit choice); choosing sets it.
    #[prop(optional)]
    chosen: Option<RwSignal<bool>>,
) -> AnyView {
    let is_chosen = move || chosen.is_none_or(|c| c.get());
    let radios = CHOICES
        .into_iter()
        .map(|(scope, label, hint)| {
            let id = format!("{prefix}-scope-{}", scope.as_str());
            let hint_id = format!("{id}-hint");
            let checked = move || is_chosen() && draft.with(|d| d.scope == scope);
            view! {
                <div class="choice">
                    <input
                        type="radio"
                        id=id.clone()
                        name=format!("{prefix}-scope")
                        value=scope.as_str()
                        checked=checked()
                        prop:checked=checked
                        aria-describedby=hint_id.clone()
                        on:change=move |_| {
                            draft.update(|d| d.scope = scope);
                            if let Some(chosen) = chosen {
                                chosen.set(true);
                            }
                        }
                    />
                    <label for=id>{t(label)}</label>
                    <p class="field-hint" id=hint_id>{t(hint)}</p>
                </div>
            }
        })
        .collect_view();
    let specific = move || is_chosen() && draft.with(|d| d.scope == AccessScope::SpecificPeople);
    view! {
        <fieldset class="access-picker">
            <legend>{t(Key::AccessLegend)}</legend>
            {radios}
            <Show when=specific>
                <Candidates prefix draft people teams />
            </Show>
        </fieldset>
    }
    .into_any()
}

#[component]
fn Candidates(
    prefix: &'static str,
    draft: RwSignal<AccessDraft>,
    people: Signal<Vec<Member>>,
    teams: Signal<Vec<Team>>,
) -> AnyView {
    let query = RwSignal::new(String::new());
    let search_id = format!("{prefix}-search");
    let shown_people = move || {
        let q = query.get();
        people.with(|all| {
            all.iter()
                .filter(|m| matches(&q, &[&m.name, &m.email]))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let shown_teams = move || {
        let q = query.get();
        teams.with(|all| {
            all.iter()
                .filter(|team| matches(&q, &[&team.name]))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let nobody_matches = move || query.with(|q| !q.trim().is_empty());
    view! {
        <div class="candidates">
            <div class="field">
                <label for=search_id.clone()>{t(Key::SearchPeopleTeams)}</label>
                <input
                    type="search"
                    id=search_id
                    autocomplete="off"
                    bind:value=query
                />
            </div>
            <div class="candidate-groups">
                <div class="candidate-group">
                    <p class="candidate-heading">{t(Key::PeopleGroup)}</p>
                    {move || {
                        let list = shown_people();
                        if list.is_empty() {
                            let key = if nobody_matches() { Key::NoMatches } else { Key::NoPeopleToPick };
                            view! { <p class="muted">{t(key)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="candidate-list">
                                    <For each=move || list.clone() key=|m| m.user_id let:member>
                                        <PersonRow prefix draft member />
                                    </For>
                                </ul>
                            }
                                .into_any()
                        }
                    }}
                </div>
                <div class="candidate-group">
                    <p class="candidate-heading">{t(Key::TeamsGroup)}</p>
                    {move || {
                        let list = shown_teams();
                        if list.is_empty() {
                            let key = if nobody_matches() { Key::NoMatches } else { Key::NoTeamsToPick };
                            view! { <p class="muted">{t(key)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="candidate-list">
                                    <For each=move || list.clone() key=|team| team.id let:team>
                                        <TeamRow prefix draft team />
                                    </For>
                                </ul>
                            }
                                .into_any()
                        }
                    }}
                </div>
            </div>
            {move || {
                draft
                    .with(AccessDraft::needs_a_pick)
                    .then(|| view! { <p class="field-error" role="alert">{t(Key::PickAtLeastOne)}</p> })
            }}
        </div>
    }
    .into_any()
}

/// A person to tick, with their email beside the name.
#[component]
fn PersonRow(prefix: &'static str, draft: RwSignal<AccessDraft>, member: Member) -> AnyView {
    let user: UserId = member.user_id;
    let id = format!("{prefix}-person-{user}");
    let detail_id = format!("{id}-detail");
    view! {
        <li class="check">
            <input
                type="checkbox"
                id=id.clone()
                checked=draft.with_untracked(|d| d.members.contains(&user))
                prop:checked=move || draft.with(|d| d.members.contains(&user))
                aria-describedby=detail_id.clone()
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    draft.update(|d| toggle(&mut d.members, user, on));
                }
            />
            <label for=id>{member.name.clone()}</label>
            <span class="muted candidate-detail" id=detail_id>{member.email.clone()}</span>
        </li>
    }
    .into_any()
}

/// A team to tick, with how many people are in it.
#[component]
fn TeamRow(prefix: &'static str, draft: RwSignal<AccessDraft>, team: Team) -> AnyView {
    let team_id: TeamId = team.id;
    let id = format!("{prefix}-team-{team_id}");
    let detail_id = format!("{id}-detail");
    let count = team.member_ids.len().to_string();
    view! {
        <li class="check">
            <input
                type="checkbox"
                id=id.clone()
                checked=draft.with_untracked(|d| d.teams.contains(&team_id))
                prop:checked=move || draft.with(|d| d.teams.contains(&team_id))
                aria-describedby=detail_id.clone()
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    draft.update(|d| toggle(&mut d.teams, team_id, on));
                }
            />
            <label for=id>{team.name.clone()}</label>
            <span class="muted candidate-detail" id=detail_id>
                {t_with(Key::TeamMemberCount, vec![count])}
            </span>
        </li>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_matches_any_text_ignoring_case_and_blank_matches_all() {
        assert!(matches("", &["Ann"]));
        assert!(matches("  ", &["Ann"]));
        assert!(matches("ann", &["Bob", "ANNA@example.com"]));
        assert!(!matches("zed", &["Bob", "bob@example.com"]));
    }

    #[test]
    fn ticking_twice_keeps_one_entry_and_unticking_removes_it() {
        let mut list = vec![1, 2];
        toggle(&mut list, 2, true);
        assert_eq!(list, vec![1, 2]);
        toggle(&mut list, 1, false);
        assert_eq!(list, vec![2]);
    }
}
