//! "Quick create": a prompt handed to an agent, which turns it into a new issue
//! (`POST /api/quick-create`). Only the agents the person may ask for work are offered (core's
//! invoke rule, as in the assignee picker); a refusal from the server is explained with its
//! reason. Once queued, the dialog says so and links to the run's page. What was typed stays
//! across a failure and across closing the dialog, until a run is queued.

use crate::api;
use crate::components::focus;
use crate::components::form::{FormError, FormState, TextArea};
use crate::components::modal::Modal;
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::contexts::work::WorkDirectory;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::work::work_validation_text;
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::chat::{QuickCreateAccepted, QuickCreateRequest, QUICK_CREATE_PROMPT_MAX};
use agentry_core::validate::required_text;
use agentry_core::{AgentId, TaskId};
use leptos::prelude::*;
use leptos_router::components::A;

/// What the dialog keeps while it is closed: the draft, and the run last queued.
#[derive(Clone, Copy)]
struct Draft {
    prompt: RwSignal<String>,
    agent: RwSignal<Option<AgentId>>,
    queued: RwSignal<Option<(TaskId, String)>>,
}

/// The dialog.
#[component]
pub fn QuickCreateDialog(open: RwSignal<bool>, work: Signal<WorkDirectory>) -> AnyView {
    let draft = Draft {
        prompt: RwSignal::new(String::new()),
        agent: RwSignal::new(None),
        queued: RwSignal::new(None),
    };
    // A queued confirmation is for the dialog it was shown in; reopening starts a new request.
    Effect::watch(
        move || open.get(),
        move |now, _, _| {
            if !*now {
                draft.queued.set(None);
            }
        },
        false,
    );
    view! {
        <Modal open id="quick-create-title" title=Key::QuickCreate>
            {move || match draft.queued.get() {
                Some((task, agent_name)) => view! { <Queued draft task agent_name /> }.into_any(),
                None => view! { <QuickCreateForm open work draft /> }.into_any(),
            }}
        </Modal>
    }
    .into_any()
}

#[component]
fn QuickCreateForm(open: RwSignal<bool>, work: Signal<WorkDirectory>, draft: Draft) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let toasts = use_toasts();
    let form = FormState::new();
    let agents = Memo::new(move |_| {
        let me = session.current().map(|me| me.user.id);
        work.with(|w| w.invokable(me, ws.role_state.get()))
    });
    let check = |v: &str| required_text("prompt", v, QUICK_CREATE_PROMPT_MAX);
    let (prompt_error, prompt_touched) =
        form.field_error_in("prompt", draft.prompt, check, work_validation_text);
    let general_error = form.general_error(&["prompt"]);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let prompt = draft.prompt.get_untracked();
        if check(&prompt).is_err() {
            return;
        }
        let (Some(workspace), Some(agent_id)) =
            (ws.id.get_untracked(), draft.agent.get_untracked())
        else {
            return;
        };
        let name = work
            .with_untracked(|w| w.agent_name(agent_id))
            .unwrap_or_default();
        let call = api::call(
            &endpoints::chat::QuickCreate { workspace },
            &QuickCreateRequest {
                agent_id,
                prompt,
                priority: None,
            },
        );
        form.submit(call, move |accepted: QuickCreateAccepted| {
            toasts.success_with(Key::QuickCreateQueued, &[&name]);
            draft.prompt.set(String::new());
            draft.queued.set(Some((accepted.task_id, name)));
        });
    };
    view! {
        <form class="form" novalidate=true on:submit=on_submit>
            <p class="muted">{t(Key::QuickCreateLead)}</p>
            {move || match agents.with(Vec::is_empty) {
                true => view! { <p class="note">{t(Key::NoAgentsToQuickCreate)}</p> }.into_any(),
                false => {
                    let current = draft.agent.get_untracked();
                    let options = agents
                        .get()
                        .into_iter()
                        .map(|a| view! {
                            <option value=a.id.to_string() selected=current == Some(a.id)>{a.name.clone()}</option>
                        })
                        .collect_view();
                    view! {
                        <div class="field">
                            <label for="quick-create-agent">{t(Key::ChatAgent)}</label>
                            <select
                                id="quick-create-agent"
                                data-autofocus="true"
                                aria-describedby="quick-create-agent-hint"
                                on:change=move |ev| draft.agent.set(AgentId::parse(&event_target_value(&ev)))
                            >
                                <option value="">{t(Key::PickAgent)}</option>
                                {options}
                            </select>
                            <p class="field-hint" id="quick-create-agent-hint">{t(Key::AssigneeHint)}</p>
                        </div>
                    }
                    .into_any()
                }
            }}
            <TextArea
                id="quick-create-prompt"
                label=Key::QuickCreatePrompt
                value=draft.prompt
                rows=5
                error=prompt_error
                touched=prompt_touched
            />
            <FormError error=general_error />
            <div class="dialog-actions">
                <button type="button" class="btn" on:click=move |_| open.set(false)>{t(Key::Cancel)}</button>
                <button
                    type="submit"
                    class="btn btn-primary"
                    disabled=move || form.busy.get() || draft.agent.with(Option::is_none)
                >
                    {t(Key::QuickCreateSubmit)}
                </button>
            </div>
        </form>
    }
    .into_any()
}

/// After a run was queued: what happens next, and the way to the run (following it leaves the
/// page, which closes the dialog).
#[component]
fn Queued(draft: Draft, task: TaskId, agent_name: String) -> AnyView {
    let ws = use_workspace();
    let locale = use_i18n().locale;
    let href = ws.href_untracked(&format!("tasks/{task}"));
    let message = move || fill(Key::QuickCreateQueued.text(locale.get()), &[&agent_name]);
    // The form that had focus is gone: the way onward takes it.
    Effect::new(move |_| focus::focus_id("quick-create-view-run"));
    view! {
        <p role="status" class="quick-create-queued">{message}</p>
        <div class="dialog-actions">
            <button type="button" class="btn" on:click=move |_| draft.queued.set(None)>
                {t(Key::QuickCreateAnother)}
            </button>
            <A href=href attr:id="quick-create-view-run" attr:class="btn btn-primary">
                {t(Key::ViewRun)}
            </A>
        </div>
    }
    .into_any()
}
