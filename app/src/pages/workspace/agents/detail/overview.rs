//! The Overview tab: the agent's fields (editable by its owner and workspace admins, read-only
//! with the reason otherwise), what the caller may do with it, and archive or restore.

use crate::api::{self, ApiError};
use crate::components::confirm::ConfirmDialog;
use crate::components::error_view::ErrorView;
use crate::components::form::{FormError, FormState, TextArea, TextField};
use crate::components::loading::Loading;
use crate::components::runtimes::picker::{RuntimeName, RuntimePicker};
use crate::contexts::directory::Directory;
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::agents::{access_reason_key, agent_validation_text, client_decision_key};
use agentry_core::agents::{can_edit_agent, fields, ClientDecision, Field};
use agentry_core::api::agents::{Agent, AgentPermissions, UpdateAgentRequest};
use agentry_core::api::catalogue as endpoints;
use leptos::{prelude::*, task::spawn_local};

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

#[component]
fn EditAgent(
    agent: Signal<Agent>,
    directory: Signal<Directory>,
    on_saved: Callback<Agent>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let form = FormState::new();
    let stored = agent.get_untracked();
    let name = RwSignal::new(stored.name.clone());
    let description = RwSignal::new(stored.description.clone().unwrap_or_default());
    let instructions = RwSignal::new(stored.instructions.clone());
    let runtime = RwSignal::new(stored.runtime_id);
    let runtimes = Signal::derive(move || directory.with(|d| d.runtimes.clone()));
    let owner = Signal::derive(move || agent.with(|a| a.owner_id));
    let bound = Signal::derive(move || agent.with(|a| a.runtime_id));
    let (name_error, name_touched) = form.field_error_in(
        "name",
        name,
        |v| fields::agent_name(v).map(|_| ()),
        agent_validation_text,
    );
    let (description_error, description_touched) = form.field_error_in(
        "description",
        description,
        |v| fields::agent_description(Some(v)).map(|_| ()),
        agent_validation_text,
    );
    let (instructions_error, instructions_touched) = form.field_error_in(
        "instructions",
        instructions,
        |v| fields::instructions(v).map(|_| ()),
        agent_validation_text,
    );
    let general_error = form.general_error(&["name", "description", "instructions"]);
    let changed = move || {
        agent.with(|a| {
            name.with(|n| n.trim() != a.name)
                || description.with(|d| d.trim() != a.description.as_deref().unwrap_or_default())
                || instructions.with(|i| *i != a.instructions)
                || runtime.get() != a.runtime_id
        })
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let (Ok(new_name), Ok(new_description), Ok(new_instructions)) = (
            fields::agent_name(&name.get_untracked()),
            fields::agent_description(Some(&description.get_untracked())),
            fields::instructions(&instructions.get_untracked()),
        ) else {
            return;
        };
        let Some(ws_id) = ws.id.get_untracked() else {
            return;
        };
        let current = agent.get_untracked();
        // Only what changed is sent; an emptied description is cleared.
        let request = UpdateAgentRequest {
            name: changed_to(&current.name, new_name),
            description: match new_description {
                Some(d) if current.description.as_deref() != Some(d.as_str()) => Field::Value(d),
                None if current.description.is_some() => Field::Null,
                _ => Field::Absent,
            },
            instructions: changed_to(&current.instructions, new_instructions),
            runtime_id: match runtime.get_untracked() {
                chosen if chosen == current.runtime_id => Field::Absent,
                Some(id) => Field::Value(id),
                None => Field::Null,
            },
            ..Default::default()
        };
        form.busy.set(true);
        let update = endpoints::agents::Update {
            workspace: ws_id,
            id: current.id,
        };
        let call = api::call(&update, &request);
        spawn_local(async move {
            match call.await {
                Ok(saved) => {
                    toasts.success_with(Key::AgentSaved, &[&saved.name]);
                    form.reset();
                    on_saved.run(saved);
                }
                Err(e) => form.server.set(Some(e)),
            }
            form.busy.set(false);
        });
    };

    view! {
        <form class="form" method="post" novalidate=true on:submit=on_submit>
            <TextField
                id="agent-edit-name"
                label=Key::AgentName
                value=name
                required=true
                autocomplete="off"
                error=name_error
                touched=name_touched
            />
            <TextArea
                id="agent-edit-description"
                label=Key::AgentDescription
                value=description
                rows=2
                error=description_error
                touched=description_touched
            />
            <TextArea
                id="agent-edit-instructions"
                label=Key::AgentInstructions
                hint=Key::AgentInstructionsHint
                value=instructions
                rows=8
                error=instructions_error
                touched=instructions_touched
            />
            <RuntimePicker id="agent-edit-runtime" value=runtime runtimes owner current=bound />
            <FormError error=general_error />
            <button
                type="submit"
                class="btn btn-primary"
                disabled=move || form.busy.get() || !changed()
            >
                {t(Key::SaveChanges)}
            </button>
        </form>
    }
    .into_any()
}

fn changed_to(current: &str, new: String) -> Field<String> {
    if new == current {
        Field::Absent
    } else {
        Field::Value(new)
    }
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

/// Archive, or restore an archived agent, after a confirmation.
#[component]
fn ArchiveSection(
    agent: Signal<Agent>,
    decision: Memo<ClientDecision>,
    on_reload: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let archived = Memo::new(move |_| agent.with(|a| a.archived_at.is_some()));
    let reason = move || client_decision_key(decision.get());
    let message = Signal::derive(move || {
        let key = if archived.get() {
            Key::RestoreWarning
        } else {
            Key::ArchiveWarning
        };
        fill(key.text(locale.get()), &[&agent.with(|a| a.name.clone())])
    });
    let on_confirm = Callback::new(move |()| {
        let Some(ws_id) = ws.id.get_untracked() else {
            return;
        };
        let (id, name) = agent.with_untracked(|a| (a.id, a.name.clone()));
        let restoring = archived.get_untracked();
        busy.set(true);
        // Archive and restore answer alike; boxed, the two calls are one type.
        let call: api::Pending<Result<Agent, ApiError>> = match restoring {
            true => Box::pin(api::call(
                &endpoints::agents::Restore {
                    workspace: ws_id,
                    id,
                },
                &(),
            )),
            false => Box::pin(api::call(
                &endpoints::agents::Archive {
                    workspace: ws_id,
                    id,
                },
                &(),
            )),
        };
        spawn_local(async move {
            match call.await {
                Ok(_) => {
                    let key = if restoring {
                        Key::AgentRestored
                    } else {
                        Key::AgentArchived
                    };
                    toasts.success_with(key, &[&name]);
                }
                Err(e) => toasts.error(e),
            }
            busy.set(false);
            open.set(false);
            on_reload.run(());
        });
    });
    view! {
        <section class="card" aria-labelledby="agent-archive-heading">
            <h2 id="agent-archive-heading">{t(Key::ArchiveHeading)}</h2>
            <p class="muted">
                {move || t(if archived.get() { Key::RestoreExplain } else { Key::ArchiveExplain })()}
            </p>
            <button
                type="button"
                class="btn btn-danger-quiet"
                aria-describedby="agent-archive-reason"
                disabled=move || reason().is_some() || busy.get()
                on:click=move |_| open.set(true)
            >
                {move || t(if archived.get() { Key::RestoreAgent } else { Key::ArchiveAgent })()}
            </button>
            <p class="reason" id="agent-archive-reason">{move || reason().map(t)}</p>
            {move || {
                let restoring = archived.get();
                view! {
                    <ConfirmDialog
                        open
                        title=if restoring { Key::RestoreTitle } else { Key::ArchiveTitle }
                        message
                        confirm_label=if restoring { Key::RestoreAgent } else { Key::ArchiveAgent }
                        on_confirm
                        busy
                    />
                }
            }}
        </section>
    }
    .into_any()
}
