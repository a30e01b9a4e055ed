//! The Overview tab: the agent's fields (editable by its owner and workspace admins, read-only
//! with the reason otherwise), what the caller may do with it, and archive or restore.

use crate::api::ApiError;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::components::runtimes::picker::RuntimeName;
use crate::contexts::directory::Directory;
use crate::contexts::session::use_session;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, use_i18n, Key};
use crate::messages::agents::{access_reason_key, client_decision_key};
use agentry_core::agents::{can_edit_agent, ClientDecision};
use agentry_core::api::agents::{Agent, AgentPermissions};
use leptos::prelude::*;

mod archive;
mod edit;

use archive::ArchiveSection;
use edit::EditAgent;

/// The Overview tab.
#[component]
pub fn Overview(
    agent: Signal<Agent>,
    directory: Signal<Directory>,
    permissions: Resource<Result<AgentPermissions, ApiError>>,
    on_saved: Callback<Agent>,
    on_reload: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let decision = Memo::new(move |_| {
        let me = session.current().map(|me| me.user.id);
        let role = ws.role_state.get();
        agent.with(|a| can_edit_agent(Some(&a.access()), me, role))
    });
    let may_edit = move || decision.get().is_allowed();
    view! {
        <section class="card" aria-labelledby="agent-details-heading">
            <h2 id="agent-details-heading">{t(Key::AgentDetails)}</h2>
            <Facts agent directory />
            {move || match may_edit() {
                true => view! { <EditAgent agent directory on_saved /> }.into_any(),
                false => view! { <ReadOnlyFields agent decision /> }.into_any(),
            }}
        </section>
        <YourAccess permissions />
        <ArchiveSection agent decision on_reload />
    }
    .into_any()
}

#[component]
fn Facts(agent: Signal<Agent>, directory: Signal<Directory>) -> AnyView {
    let locale = use_i18n().locale;
    let owner = move || {
        let owner = agent.with(|a| a.owner_id);
        match owner {
            None => Key::NoOwner.text(locale.get()).to_owned(),
            Some(user) => directory
                .with(|d| d.member_name(user))
                .unwrap_or_else(|| Key::FormerMember.text(locale.get()).to_owned()),
        }
    };
    let created = move || agent.with(|a| a.created_at.get(..10).unwrap_or_default().to_owned());
    let status = move || match agent.with(|a| a.archived_at.is_some()) {
        true => t(Key::Archived)(),
        false => t(Key::StatusActive)(),
    };
    view! {
        <dl class="facts">
            <dt>{t(Key::ColOwner)}</dt>
            <dd>{owner}</dd>
            <dt>{t(Key::ColRuntime)}</dt>
            <dd>{move || view! { <RuntimeName runtime=agent.with(|a| a.runtime_id) directory /> }}</dd>
            <dt>{t(Key::Created)}</dt>
            <dd>{created}</dd>
            <dt>{t(Key::Status)}</dt>
            <dd>{status}</dd>
        </dl>
    }
    .into_any()
}

/// The fields as text, for someone who may not edit them, with the reason.
#[component]
fn ReadOnlyFields(agent: Signal<Agent>, decision: Memo<ClientDecision>) -> AnyView {
    let instructions = move || agent.with(|a| a.instructions.clone());
    view! {
        <dl class="facts">
            <dt>{t(Key::AgentName)}</dt>
            <dd>{move || agent.with(|a| a.name.clone())}</dd>
            <dt>{t(Key::AgentDescription)}</dt>
            <dd>{move || agent.with(|a| a.description.clone()).unwrap_or_default()}</dd>
        </dl>
        <h3>{t(Key::AgentInstructions)}</h3>
        {move || {
            let text = instructions();
            if text.is_empty() {
                view! { <p class="muted">{t(Key::NoInstructions)}</p> }.into_any()
            } else {
                view! { <pre class="instructions">{text}</pre> }.into_any()
            }
        }}
        <p class="reason">{move || client_decision_key(decision.get()).map(t)}</p>
    }
    .into_any()
}

/// What the caller may do with the agent, as the server decides it.
#[component]
fn YourAccess(permissions: Resource<Result<AgentPermissions, ApiError>>) -> AnyView {
    let line = move |allowed: bool, yes: Key, no: Key, reason: Key| {
        // A refusal says why; an allowance needs no explanation.
        view! {
            <li class:allowed=allowed>
                {t(if allowed { yes } else { no })}
                {(!allowed).then(|| view! { " " <span class="muted">{t(reason)}</span> })}
            </li>
        }
    };
    view! {
        <section class="card" aria-labelledby="agent-your-access-heading">
            <h2 id="agent-your-access-heading">{t(Key::YourAccess)}</h2>
            {move || match permissions.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Ok(p)) => view! {
                    <ul class="your-access">
                        {line(p.can_invoke.allowed, Key::YouCanRun, Key::YouCannotRun, access_reason_key(p.can_invoke.reason))}
                        {line(p.can_edit.allowed, Key::YouCanEdit, Key::YouCannotEdit, access_reason_key(p.can_edit.reason))}
                        {line(p.can_change_access.allowed, Key::YouCanShare, Key::YouCannotShare, access_reason_key(p.can_change_access.reason))}
                    </ul>
                }
                    .into_any(),
                Some(Err(error)) => view! { <ErrorView error /> }.into_any(),
            }}
        </section>
    }
    .into_any()
}
