//! The Overview tab's edit form: name, description, instructions and runtime, saved with one
//! `PUT` of the keys that changed.

use crate::api::{self};
use crate::components::agents::fields::{AgentText, AgentTextFields, FIELDS};
use crate::components::form::{FormError, FormState};
use crate::components::runtimes::picker::RuntimePicker;
use crate::contexts::directory::Directory;
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use agentry_core::agents::Field;
use agentry_core::api::agents::{Agent, UpdateAgentRequest};
use agentry_core::api::catalogue as endpoints;
use leptos::prelude::*;

/// The agent's fields as a form, for its owner and workspace admins.
#[component]
pub(super) fn EditAgent(
    agent: Signal<Agent>,
    directory: Signal<Directory>,
    on_saved: Callback<Agent>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let form = FormState::new();
    let stored = agent.get_untracked();
    let text = AgentText::new(
        &form,
        stored.name.clone(),
        stored.description.clone().unwrap_or_default(),
        stored.instructions.clone(),
    );
    let AgentText {
        name,
        description,
        instructions,
        ..
    } = text;
    let runtime = RwSignal::new(stored.runtime_id);
    let runtimes = Signal::derive(move || directory.with(|d| d.runtimes.clone()));
    let owner = Signal::derive(move || agent.with(|a| a.owner_id));
    let bound = Signal::derive(move || agent.with(|a| a.runtime_id));
    let general_error = form.general_error(FIELDS);
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
        let Some((new_name, new_description, new_instructions)) = text.checked() else {
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
        let update = endpoints::agents::Update {
            workspace: ws_id,
            id: current.id,
        };
        let call = api::call(&update, &request);
        form.submit(call, move |saved| {
            toasts.success_with(Key::AgentSaved, &[&saved.name]);
            form.reset();
            on_saved.run(saved);
        });
    };

    view! {
        <form class="form" method="post" novalidate=true on:submit=on_submit>
            <AgentTextFields text prefix="agent-edit" instructions_rows=8 />
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
