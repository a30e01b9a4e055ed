//! Renaming a runtime (its `custom_name`; empty goes back to the name the daemon reports),
//! for whoever `can_edit_runtime` allows; a disabled button with the reason for the others.

use crate::api;
use crate::components::focus;
use crate::components::form::{FormError, FormState, TextField};
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use crate::messages::refusal_key;
use agentry_core::agents::Field;
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::runtimes::UpdateRuntimeRequest;
use agentry_core::runtimes::RuntimeDenial;
use agentry_core::validate::{self, NAME_MAX};
use agentry_core::{RuntimeId, ValidationError};
use leptos::prelude::*;

/// An empty name clears the custom name; anything else follows the shared name rule.
fn check(raw: &str) -> Result<Field<String>, ValidationError> {
    if raw.trim().is_empty() {
        return Ok(Field::Null);
    }
    validate::name("custom_name", raw, NAME_MAX).map(Field::Value)
}

/// The rename control of one runtime.
#[component]
pub fn RenameRuntime(
    id: RuntimeId,
    /// The current custom name ("" when none).
    name: String,
    decision: Memo<Option<Result<(), RuntimeDenial>>>,
    on_changed: Callback<()>,
) -> AnyView {
    let open = RwSignal::new(false);
    let reason_id = format!("runtime-{id}-rename-reason");
    let denied = move || decision.get().and_then(|d| d.err());
    view! {
        <div class="action">
            <button
                type="button"
                class="btn btn-small"
                id=format!("runtime-{id}-rename")
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-describedby=reason_id.clone()
                disabled=move || denied().is_some() || decision.get().is_none()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {t(Key::Rename)}
            </button>
            <p class="reason" id=reason_id>{move || denied().map(|d| t(refusal_key(d)))}</p>
        </div>
        <Show when=move || open.get()>
            <RenameForm id name=name.clone() open on_changed />
        </Show>
    }
    .into_any()
}

#[component]
fn RenameForm(
    id: RuntimeId,
    name: String,
    open: RwSignal<bool>,
    on_changed: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let form = FormState::new();
    let value = RwSignal::new(name);
    let (error, touched) = form.field_error("custom_name", value, |v| check(v).map(|_| ()));
    let general_error = form.general_error(&["custom_name"]);
    // Focus moves into the form when it opens and back to its button when it closes.
    let input_id = format!("runtime-{id}-name");
    Effect::new(move |_| focus::focus_id(&input_id));
    let close = move || {
        open.set(false);
        focus::focus_id(&format!("runtime-{id}-rename"));
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            close();
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let (Ok(custom_name), Some(ws_id)) = (check(&value.get_untracked()), ws.id.get_untracked())
        else {
            return;
        };
        let body = UpdateRuntimeRequest {
            custom_name,
            ..Default::default()
        };
        let call = api::call(
            &endpoints::runtimes::Update {
                workspace: ws_id,
                id,
            },
            &body,
        );
        form.submit(call, move |runtime| {
            toasts.success_with(Key::RuntimeRenamed, &[runtime.display_name()]);
            close();
            on_changed.run(());
        });
    };
    view! {
        <form class="form form-inline runtime-rename" method="post" novalidate=true on:submit=on_submit on:keydown=on_keydown>
            <TextField
                id=format!("runtime-{id}-name")
                label=Key::RuntimeCustomName
                hint=Key::RuntimeCustomNameHint
                value
                autocomplete="off"
                error
                touched
            />
            <FormError error=general_error />
            <div class="form-actions">
                <button type="button" class="btn" on:click=move |_| close()>{t(Key::Cancel)}</button>
                <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>
                    {t(Key::SaveChanges)}
                </button>
            </div>
        </form>
    }
    .into_any()
}
