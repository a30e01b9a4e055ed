//! The Access tab (spec §6.1): the agent's owner edits a draft of who can run it and saves it,
//! warned when sharing a private agent would let others use their connected apps; everyone
//! else, workspace admins included, sees a read-only summary with a lock and no controls.
//! Owners and admins also see who can run it now.

use super::panels::Later;
use super::who::WhoCanRun;
use crate::api;
use crate::components::agents::picker::AccessPicker;
use crate::components::form::FormError;
use crate::contexts::directory::Directory;
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::api_error_text;
use agentry_core::agents::{
    can_change_access, can_explain_access, effective_scope, AccessDraft, AccessScope, TargetType,
};
use agentry_core::api::agents::{Agent, MemberExplanation, UpdateAgentRequest};
use agentry_core::api::catalogue as endpoints;
use agentry_core::apps::apps_hint_when_sharing;
use agentry_core::Locale;
use agentry_core::{TeamId, UserId};
use leptos::{prelude::*, task::spawn_local};

/// The Access tab; `dirty` tells the page whether leaving would lose changes.
#[component]
pub fn AccessTab(
    agent: Signal<Agent>,
    directory: Signal<Directory>,
    dirty: RwSignal<bool>,
    /// The explainer's answers for "Who can run this?".
    who: Later<MemberExplanation>,
    on_saved: Callback<Agent>,
) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let me = Memo::new(move |_| session.current().map(|me| me.user.id));
    let is_owner =
        Memo::new(move |_| agent.with(|a| can_change_access(me.get(), a.owner_id).allowed));
    let may_explain = move || {
        agent
            .with(|a| can_explain_access(Some(&a.access()), me.get(), ws.role_state.get()))
            .is_allowed()
    };
    view! {
        <section class="card" aria-labelledby="agent-access-heading">
            <h2 id="agent-access-heading">{t(Key::AccessHeading)}</h2>
            <p class="muted">{t(Key::AccessHint)}</p>
            {move || match is_owner.get() {
                true => view! { <AccessEditor agent directory dirty on_saved /> }.into_any(),
                false => view! { <AccessReadOnly agent directory /> }.into_any(),
            }}
        </section>
        <Show when=may_explain>
            <WhoCanRun answers=who directory />
        </Show>
    }
    .into_any()
}

#[component]
fn AccessEditor(
    agent: Signal<Agent>,
    directory: Signal<Directory>,
    dirty: RwSignal<bool>,
    on_saved: Callback<Agent>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let stored = Memo::new(move |_| {
        agent.with(|a| AccessDraft::from_stored(a.permission_mode, &a.invocation_targets))
    });
    let draft = RwSignal::new(stored.get_untracked());
    // A new stored value (after saving, or changed elsewhere) replaces the draft; the memo
    // only notifies when the value differs, not on every reload.
    Effect::watch(
        move || stored.get(),
        move |now, _, _| draft.set(now.clone()),
        false,
    );
    let is_dirty = Memo::new(move |_| draft.with(|d| stored.with(|s| d.is_dirty(s))));
    Effect::new(move |_| dirty.set(is_dirty.get()));
    on_cleanup(move || dirty.set(false));
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None);
    let owner = move || agent.with(|a| a.owner_id);
    let people = Signal::derive(move || directory.with(|d| d.members_except(owner())));
    let teams = Signal::derive(move || directory.with(|d| d.teams.clone()));
    let can_save = move || {
        ws.id
            .get()
            .is_some_and(|id| draft.with(|d| stored.with(|s| d.can_save(s, id))))
    };
    let save = move |_| {
        let Some(ws_id) = ws.id.get_untracked() else {
            return;
        };
        let Some(setting) = draft.with_untracked(|d| d.to_setting(ws_id)) else {
            return;
        };
        busy.set(true);
        error.set(None);
        let update = endpoints::agents::Update {
            workspace: ws_id,
            id: agent.with_untracked(|a| a.id),
        };
        let call = api::call(&update, &UpdateAgentRequest::access_only(&setting));
        spawn_local(async move {
            match call.await {
                Ok(saved) => {
                    toasts.success(Key::AccessSaved);
                    on_saved.run(saved);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let error_text =
        Signal::derive(move || error.with(|e| e.as_ref().map(|e| api_error_text(e, locale.get()))));
    let apps_hint = move || {
        let allows_apps = agent.with(|a| !a.allowlist().is_empty());
        apps_hint_when_sharing(
            allows_apps,
            stored.with(|s| s.scope),
            draft.with(|d| d.scope),
        )
    };
    view! {
        <AccessPicker prefix="agent-access" draft people teams />
        <Show when=apps_hint>
            <p class="apps-warning" role="alert">{t(Key::AppsPickerHint)}</p>
        </Show>
        <FormError error=error_text />
        <div class="actions save-row">
            <button
                type="button"
                class="btn btn-primary"
                aria-describedby="agent-access-save-hint"
                disabled=move || busy.get() || !can_save()
                on:click=save
            >
                {t(Key::SaveAccess)}
            </button>
            <span class="field-hint" id="agent-access-save-hint">
                {move || (!is_dirty.get()).then(|| Key::NoUnsavedChanges.text(locale.get()))}
            </span>
        </div>
    }
    .into_any()
}

/// What the summary names: the people and teams a specific-people agent is shared with.
fn grants(agent: &Agent) -> (Vec<UserId>, Vec<TeamId>) {
    let ids = |kind: TargetType| {
        agent
            .invocation_targets
            .iter()
            .filter(move |t| t.target_type == kind)
            .filter_map(|t| t.target_id)
    };
    (
        ids(TargetType::Member).map(UserId).collect(),
        ids(TargetType::Team).map(TeamId).collect(),
    )
}

/// The names of the people and teams a specific-people agent is shared with, as the summary
/// and the MCP Apps warning show them.
pub(super) fn grantee_names(agent: &Agent, directory: &Directory, locale: Locale) -> Vec<String> {
    let (people, teams) = grants(agent);
    let unknown = Key::FormerMember.text(locale);
    let people = people.into_iter().map(|id| {
        directory
            .member_name(id)
            .unwrap_or_else(|| unknown.to_owned())
    });
    let teams = teams.into_iter().map(|id| {
        let name = directory.team_name(id).unwrap_or_default();
        fill(Key::TeamChip.text(locale), &[&name])
    });
    people.chain(teams).collect()
}

/// The read-only summary for everyone but the owner: no inputs, no buttons.
#[component]
fn AccessReadOnly(agent: Signal<Agent>, directory: Signal<Directory>) -> AnyView {
    let locale = use_i18n().locale;
    let scope = move || agent.with(|a| effective_scope(a.permission_mode, &a.invocation_targets));
    let summary = move || match scope() {
        AccessScope::OwnerOnly => Key::SummaryOwnerOnly,
        AccessScope::Workspace => Key::SummaryWorkspace,
        AccessScope::SpecificPeople => Key::SummarySpecific,
    };
    let names = move || agent.with(|a| directory.with(|d| grantee_names(a, d, locale.get())));
    view! {
        <div class="access-locked" role="region" aria-label=t(Key::OwnerOnlyReadonly)>
            <svg
                class="lock-icon"
                role="img"
                aria-label=t(Key::Locked)
                viewBox="0 0 24 24"
                width="20"
                height="20"
                fill="none"
                stroke="currentColor"
                stroke-width="2"
                stroke-linecap="round"
                stroke-linejoin="round"
            >
                <rect x="4" y="11" width="16" height="10" rx="2"></rect>
                <path d="M8 11V7a4 4 0 0 1 8 0v4"></path>
            </svg>
            <div class="access-locked-body">
                <p class="access-summary">{move || t(summary())()}</p>
                {move || {
                    let names = names();
                    (scope() == AccessScope::SpecificPeople && !names.is_empty()).then(|| view! {
                        <ul class="chips">
                            {names.into_iter().map(|n| view! { <li class="chip">{n}</li> }).collect_view()}
                        </ul>
                    })
                }}
                <p class="muted">{t(Key::OwnerOnlyReadonly)}</p>
            </div>
        </div>
    }
    .into_any()
}
