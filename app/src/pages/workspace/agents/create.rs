//! The create-agent dialog: name, description, instructions, runtime (only those the creator
//! may use) and who can run it (default: the entire workspace, sent explicitly), each checked
//! live with the core rules.

use crate::api;
use crate::components::agents::fields::{AgentText, AgentTextFields, FIELDS};
use crate::components::agents::picker::AccessPicker;
use crate::components::form::{FormError, FormState};
use crate::components::modal::Modal;
use crate::components::runtimes::picker::RuntimePicker;
use crate::contexts::directory::Directory;
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use agentry_core::agents::{AccessDraft, AccessScope, PermissionInput};
use agentry_core::api::agents::CreateAgentRequest;
use agentry_core::api::catalogue as endpoints;
use leptos::prelude::*;

/// "New agent": a modal with the create form.
#[component]
pub fn CreateAgentDialog(
    open: RwSignal<bool>,
    /// The people and teams to share with.
    directory: Signal<Directory>,
    /// Called after creating, to reload the list.
    on_created: Callback<()>,
) -> AnyView {
    view! {
        <Modal open id="create-agent-title" title=Key::CreateAgentTitle>
            <CreateAgentForm open directory on_created />
        </Modal>
    }
    .into_any()
}

#[component]
fn CreateAgentForm(
    open: RwSignal<bool>,
    directory: Signal<Directory>,
    on_created: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let toasts = use_toasts();
    let form = FormState::new();
    let text = AgentText::new(&form, String::new(), String::new(), String::new());
    let draft = RwSignal::new(AccessDraft {
        scope: AccessScope::Workspace,
        members: Vec::new(),
        teams: Vec::new(),
    });
    let general_error = form.general_error(FIELDS);
    // The creator owns the agent and may always run it: they are not on offer.
    let me = Memo::new(move |_| session.current().map(|me| me.user.id));
    let runtime = RwSignal::new(None::<uuid::Uuid>);
    let runtimes = Signal::derive(move || directory.with(|d| d.runtimes.clone()));
    let people = Signal::derive(move || directory.with(|d| d.members_except(me.get())));
    let teams = Signal::derive(move || directory.with(|d| d.teams.clone()));
    let access_ready = move || {
        ws.id
            .get()
            .is_some_and(|id| draft.with(|d| d.to_setting(id).is_some()))
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let Some((agent_name, agent_description, agent_instructions)) = text.checked() else {
            return;
        };
        let Some(ws_id) = ws.id.get_untracked() else {
            return;
        };
        let Some(setting) = draft.with_untracked(|d| d.to_setting(ws_id)) else {
            return;
        };
        let request = CreateAgentRequest {
            name: agent_name,
            description: agent_description,
            instructions: (!agent_instructions.is_empty()).then_some(agent_instructions),
            access: PermissionInput::from_setting(&setting),
            runtime_id: runtime.get_untracked(),
            ..Default::default()
        };
        let call = api::call(&endpoints::agents::Create { workspace: ws_id }, &request);
        form.submit(call, move |agent| {
            toasts.success_with(Key::AgentCreated, &[&agent.name]);
            open.set(false);
            on_created.run(());
        });
    };

    view! {
        <form class="form" method="post" novalidate=true on:submit=on_submit>
            <AgentTextFields text prefix="agent" instructions_rows=4 autofocus=true />
            <RuntimePicker id="create-agent-runtime" value=runtime runtimes owner=me />
            <AccessPicker prefix="create-agent" draft people teams />
            <FormError error=general_error />
            <div class="dialog-actions">
                <button type="button" class="btn" on:click=move |_| open.set(false)>
                    {t(Key::Cancel)}
                </button>
                <button
                    type="submit"
                    class="btn btn-primary"
                    disabled=move || form.busy.get() || !access_ready()
                >
                    {t(Key::CreateAgent)}
                </button>
            </div>
        </form>
    }
    .into_any()
}
