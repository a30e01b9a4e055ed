//! The create/edit form of a runtime profile. One "Command" field is split live by the core
//! splitter into the command and its fixed arguments (shown as you type, or the reason it
//! cannot be split); the family comes from the core whitelist and is read-only once created.

use crate::api::{self, ApiError};
use crate::components::form::{FormError, FormState, TextArea, TextField};
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, use_i18n, Key};
use crate::messages::runtimes::{profile_validation_text, split_validation};
use crate::messages::{api_error_text, error_field};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::runtimes::{
    CreateRuntimeProfileRequest, RuntimeProfile, UpdateRuntimeProfileRequest,
};
use agentry_core::runtimes::{
    join_command_line, split_command_line, validate_command_name, validate_description,
    validate_display_name, validate_family, validate_fixed_args, CommandLine, FAMILIES,
};
use agentry_core::ValidationError;
use leptos::prelude::*;

/// The typed command line, split and checked with the same rules the server applies.
pub fn check_command(raw: &str) -> Result<CommandLine, ValidationError> {
    let line = split_command_line(raw).map_err(split_validation)?;
    validate_command_name(&line.command)?;
    validate_fixed_args(&line.args)?;
    Ok(line)
}

/// The server's error when it concerns one of `fields`.
fn server_error_for(server: &Option<ApiError>, fields: &[&str]) -> Option<ApiError> {
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
    let name = RwSignal::new(
        editing
            .as_ref()
            .map(|p| p.display_name.clone())
            .unwrap_or_default(),
    );
    let family = RwSignal::new(
        editing
            .as_ref()
            .map(|p| p.protocol_family.clone())
            .unwrap_or_else(|| FAMILIES[0].name.to_owned()),
    );
    let command = RwSignal::new(
        editing
            .as_ref()
            .map(|p| join_command_line(&p.command_name, &p.fixed_args))
            .unwrap_or_default(),
    );
    let description = RwSignal::new(
        editing
            .as_ref()
            .and_then(|p| p.description.clone())
            .unwrap_or_default(),
    );
    let enabled = RwSignal::new(editing.as_ref().is_none_or(|p| p.enabled));
    let prefix = if is_edit { "profile-edit" } else { "profile" };

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
    let parsed = Memo::new(move |_| command.with(|c| check_command(c)));
    // Clear the server's complaint about the command once it is edited.
    Effect::watch(
        move || command.get(),
        move |_, _, _| {
            if form
                .server
                .with_untracked(|e| server_error_for(e, &["command_name", "fixed_args"]).is_some())
            {
                form.server.set(None);
            }
        },
        false,
    );
    // The command's problem shows as soon as something is typed (the preview is the point).
    let command_error = Signal::derive(move || {
        let locale = locale.get();
        let typed = command.with(|c| !c.trim().is_empty()) || form.submitted.get();
        match parsed.get() {
            Err(e) if typed => Some(profile_validation_text(&e, locale)),
            _ => form.server.with(|e| {
                server_error_for(e, &["command_name", "fixed_args"])
                    .map(|e| api_error_text(&e, locale))
            }),
        }
    });
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
        let call = match profile_id {
            Some(id) => {
                let body = UpdateRuntimeProfileRequest {
                    display_name: Some(display_name),
                    command_name: Some(line.command),
                    description: Some(desc),
                    fixed_args: Some(line.args),
                    enabled: Some(enabled.get_untracked()),
                };
                futures_box(api::call(
                    &endpoints::runtime_profiles::Update {
                        workspace: ws_id,
                        id,
                    },
                    &body,
                ))
            }
            None => {
                let Ok(protocol_family) = validate_family(&family.get_untracked()) else {
                    return;
                };
                let body = CreateRuntimeProfileRequest {
                    display_name,
                    protocol_family,
                    command_name: line.command,
                    description: (!desc.is_empty()).then_some(desc),
                    fixed_args: Some(line.args),
                    enabled: Some(enabled.get_untracked()),
                };
                futures_box(api::call(
                    &endpoints::runtime_profiles::Create { workspace: ws_id },
                    &body,
                ))
            }
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

    let preview = move || match parsed.get() {
        Ok(line) => Some(view! { <CommandPreview line /> }),
        Err(_) => None,
    };
    let select_id = format!("{prefix}-family");
    let family_hint_id = format!("{prefix}-family-hint");
    let family_error_id = format!("{prefix}-family-error");
    let enabled_id = format!("{prefix}-enabled");
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
            <div class="field">
                <label for=select_id.clone()>{t(Key::ProfileFamily)}</label>
                <p class="field-hint" id=family_hint_id.clone()>
                    {t(if is_edit { Key::ProfileFamilyLocked } else { Key::ProfileFamilyHint })}
                </p>
                <select
                    id=select_id
                    disabled=is_edit
                    aria-describedby=format!("{family_hint_id} {family_error_id}")
                    aria-invalid=move || family_error.get().map(|_| "true")
                    on:change=move |ev| family.set(event_target_value(&ev))
                    prop:value=move || family.get()
                >
                    {FAMILIES
                        .iter()
                        .map(|f| view! {
                            <option value=f.name selected=move || family.with(|v| v == f.name)>{f.label}</option>
                        })
                        .collect_view()}
                    // A family dropped from the whitelist stays readable on old profiles.
                    {editing
                        .as_ref()
                        .filter(|p| !FAMILIES.iter().any(|f| f.name == p.protocol_family))
                        .map(|p| view! { <option value=p.protocol_family.clone() selected=true>{p.protocol_family.clone()}</option> })}
                </select>
                <p class="field-error" id=family_error_id aria-live="polite">{move || family_error.get()}</p>
            </div>
            <TextField
                id=format!("{prefix}-command")
                label=Key::ProfileCommand
                hint=Key::ProfileCommandHint
                value=command
                required=true
                autocomplete="off"
                error=command_error
            />
            <div class="command-preview" aria-live="polite" aria-atomic="true">{preview}</div>
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

type Pending =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<RuntimeProfile, ApiError>> + Send>>;

fn futures_box(
    future: impl std::future::Future<Output = Result<RuntimeProfile, ApiError>> + Send + 'static,
) -> Pending {
    Box::pin(future)
}

/// What the daemon will run: the command and each fixed argument, as separate tokens.
#[component]
fn CommandPreview(line: CommandLine) -> AnyView {
    let args = if line.args.is_empty() {
        view! { <span class="muted">{t(Key::NoArguments)}</span> }.into_any()
    } else {
        line.args
            .into_iter()
            .map(|arg| view! { <code class="token">{arg}</code> " " })
            .collect_view()
            .into_any()
    };
    view! {
        <dl class="facts preview-facts">
            <dt>{t(Key::ParsedCommand)}</dt>
            <dd><code class="token">{line.command}</code></dd>
            <dt>{t(Key::ParsedArguments)}</dt>
            <dd>{args}</dd>
        </dl>
    }
    .into_any()
}
