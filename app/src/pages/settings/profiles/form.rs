//! The create/edit form of a runtime profile. One "Command" field is split live by the core
//! splitter into the command and its fixed arguments (shown as you type, or the reason it
//! cannot be split); the family comes from the core whitelist and is read-only once created.

use super::command::{check_command, CommandField};
use super::family::FamilySelect;
use crate::api::{self, ApiError};
use crate::components::form::{FormError, FormState, TextArea, TextField};
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, use_i18n, Key};
use crate::messages::runtimes::profile_validation_text;
use crate::messages::{api_error_text, error_field};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::runtimes::{
    CreateRuntimeProfileRequest, RuntimeProfile, UpdateRuntimeProfileRequest,
};
use agentry_core::runtimes::{
    join_command_line, validate_description, validate_display_name, validate_family, CommandLine,
    FAMILIES,
};
use agentry_core::{ProfileId, WorkspaceId};
use leptos::prelude::*;

/// The server's error when it concerns one of `fields`.
pub(super) fn server_error_for(server: &Option<ApiError>, fields: &[&str]) -> Option<ApiError> {
    server
        .as_ref()
        .filter(|e| error_field(e).is_some_and(|f| fields.contains(&f)))
        .cloned()
}

/// Creates a profile (`editing` is `None`) or edits `editing`.
#[component]
pub fn ProfileForm(
    /// The dialog around the form; closed after saving.
    open: RwSignal<bool>,
    /// The profile being edited, if any.
    editing: Option<RuntimeProfile>,
    /// Called after saving, to reload the list.
    on_saved: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let form = FormState::new();
    let is_edit = editing.is_some();
    let profile_id = editing.as_ref().map(|p| p.id);
    let (name, family, command, description, enabled) = initial(editing.as_ref());
    let prefix = if is_edit { "profile-edit" } else { "profile" };
    // A family dropped from the whitelist stays readable on old profiles.
    let retired = editing
        .as_ref()
        .filter(|p| !FAMILIES.iter().any(|f| f.name == p.protocol_family))
        .map(|p| p.protocol_family.clone());
    let enabled_id = format!("{prefix}-enabled");

    let (name_error, name_touched) = form.field_error_in(
        "display_name",
        name,
        |v| validate_display_name(v).map(|_| ()),
        profile_validation_text,
    );
    let (description_error, description_touched) = form.field_error_in(
        "description",
        description,
        |v| validate_description(v).map(|_| ()),
        profile_validation_text,
    );
    let family_error = Signal::derive(move || {
        form.server.with(|e| {
            server_error_for(e, &["protocol_family"]).map(|e| api_error_text(&e, locale.get()))
        })
    });
    let general_error = form.general_error(&[
        "display_name",
        "description",
        "command_name",
        "fixed_args",
        "protocol_family",
    ]);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let (Ok(display_name), Ok(line), Ok(desc), Some(ws_id)) = (
            validate_display_name(&name.get_untracked()),
            check_command(&command.get_untracked()),
            validate_description(&description.get_untracked()),
            ws.id.get_untracked(),
        ) else {
            return;
        };
        let family = family.get_untracked();
        let values = (display_name, line, desc, enabled.get_untracked());
        let Some(call) = save(ws_id, profile_id, &family, values) else {
            return;
        };
        form.submit(call, move |profile| {
            let key = if is_edit {
                Key::RuntimeProfileSaved
            } else {
                Key::ProfileCreated
            };
            toasts.success_with(key, &[&profile.display_name]);
            open.set(false);
            on_saved.run(());
        });
    };

    view! {
        <form class="form" method="post" novalidate=true on:submit=on_submit>
            <TextField
                id=format!("{prefix}-name")
                label=Key::ProfileName
                value=name
                required=true
                autofocus=true
                autocomplete="off"
                error=name_error
                touched=name_touched
            />
            <FamilySelect family prefix locked=is_edit error=family_error retired />
            <CommandField form command prefix />
            <TextArea
                id=format!("{prefix}-description")
                label=Key::DescriptionOptional
                value=description
                rows=2
                error=description_error
                touched=description_touched
            />
            <div class="field field-check">
                <input id=enabled_id.clone() type="checkbox" prop:checked=move || enabled.get() on:change=move |ev| enabled.set(event_target_checked(&ev)) />
                <label for=enabled_id>{t(Key::ProfileEnabled)}</label>
            </div>
            <FormError error=general_error />
            <div class="dialog-actions">
                <button type="button" class="btn" on:click=move |_| open.set(false)>{t(Key::Cancel)}</button>
                <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>
                    {t(if is_edit { Key::SaveChanges } else { Key::CreateProfile })}
                </button>
            </div>
        </form>
    }
    .into_any()
}

/// The form's signals, filled from the edited profile or empty (first whitelisted family,
/// enabled) for a new one.
#[allow(clippy::type_complexity)]
fn initial(
    editing: Option<&RuntimeProfile>,
) -> (
    RwSignal<String>,
    RwSignal<String>,
    RwSignal<String>,
    RwSignal<String>,
    RwSignal<bool>,
) {
    let text =
        |read: fn(&RuntimeProfile) -> String| RwSignal::new(editing.map(read).unwrap_or_default());
    let family = editing.map_or_else(
        || FAMILIES[0].name.to_owned(),
        |p| p.protocol_family.clone(),
    );
    (
        text(|p| p.display_name.clone()),
        RwSignal::new(family),
        text(|p| join_command_line(&p.command_name, &p.fixed_args)),
        text(|p| p.description.clone().unwrap_or_default()),
        RwSignal::new(editing.is_none_or(|p| p.enabled)),
    )
}

type Pending =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<RuntimeProfile, ApiError>> + Send>>;

/// The checked values: display name, command line, description, enabled.
type Values = (String, CommandLine, String, bool);

/// The request that saves the form: an update of `profile`, or a create with `family`
/// (`None` when the family is not on the whitelist).
fn save(
    workspace: WorkspaceId,
    profile: Option<ProfileId>,
    family: &str,
    (display_name, line, description, enabled): Values,
) -> Option<Pending> {
    let call: Pending = match profile {
        Some(id) => {
            let body = UpdateRuntimeProfileRequest {
                display_name: Some(display_name),
                command_name: Some(line.command),
                description: Some(description),
                fixed_args: Some(line.args),
                enabled: Some(enabled),
            };
            let update = endpoints::runtime_profiles::Update { workspace, id };
            Box::pin(api::call(&update, &body))
        }
        None => {
            let body = CreateRuntimeProfileRequest {
                display_name,
                protocol_family: validate_family(family).ok()?,
                command_name: line.command,
                description: (!description.is_empty()).then_some(description),
                fixed_args: Some(line.args),
                enabled: Some(enabled),
            };
            let create = endpoints::runtime_profiles::Create { workspace };
            Box::pin(api::call(&create, &body))
        }
    };
    Some(call)
}
