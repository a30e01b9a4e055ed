//! The profile form's "Command" field: split live by the core splitter into the command and
//! its fixed arguments, shown as you type, or the reason it cannot be split.

use super::form::server_error_for;
use crate::components::form::{FormState, TextField};
use crate::i18n::{t, use_i18n, Key};
use crate::messages::api_error_text;
use crate::messages::runtimes::{profile_validation_text, split_validation};
use agentry_core::runtimes::{
    split_command_line, validate_command_name, validate_fixed_args, CommandLine,
};
use agentry_core::ValidationError;
use leptos::prelude::*;

/// The fields the server names for a bad command.
const FIELDS: &[&str] = &["command_name", "fixed_args"];

/// The typed command line, split and checked with the same rules the server applies.
pub fn check_command(raw: &str) -> Result<CommandLine, ValidationError> {
    let line = split_command_line(raw).map_err(split_validation)?;
    validate_command_name(&line.command)?;
    validate_fixed_args(&line.args)?;
    Ok(line)
}

/// The command input, its error and the preview of what the daemon will run.
#[component]
pub fn CommandField(form: FormState, command: RwSignal<String>, prefix: &'static str) -> AnyView {
    let locale = use_i18n().locale;
    let parsed = Memo::new(move |_| command.with(|c| check_command(c)));
    // Clear the server's complaint about the command once it is edited.
    Effect::watch(
        move || command.get(),
        move |_, _, _| {
            if form
                .server
                .with_untracked(|e| server_error_for(e, FIELDS).is_some())
            {
                form.server.set(None);
            }
        },
        false,
    );
    // The command's problem shows as soon as something is typed (the preview is the point).
    let error = Signal::derive(move || {
        let locale = locale.get();
        let typed = command.with(|c| !c.trim().is_empty()) || form.submitted.get();
        match parsed.get() {
            Err(e) if typed => Some(profile_validation_text(&e, locale)),
            _ => form
                .server
                .with(|e| server_error_for(e, FIELDS).map(|e| api_error_text(&e, locale))),
        }
    });
    let preview = move || match parsed.get() {
        Ok(line) => Some(view! { <CommandPreview line /> }),
        Err(_) => None,
    };
    view! {
        <TextField
            id=format!("{prefix}-command")
            label=Key::ProfileCommand
            hint=Key::ProfileCommandHint
            value=command
            required=true
            autocomplete="off"
            error
        />
        <div class="command-preview" aria-live="polite" aria-atomic="true">{preview}</div>
    }
    .into_any()
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
