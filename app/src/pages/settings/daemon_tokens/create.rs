//! The "new daemon token" form. The secret is shown once, together with the exact command to
//! paste on the machine that will run the daemon.

use crate::api;
use crate::components::copy_field::CopyField;
use crate::components::form::{FormError, FormState, TextField};
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::runtimes::{CreateDaemonTokenRequest, CreatedDaemonToken};
use agentry_core::validate::{self, NAME_MAX};
use agentry_core::WorkspaceId;
use leptos::{prelude::*, task::spawn_local};

/// The command that logs the machine in and starts the daemon for `workspace`.
pub fn daemon_command(origin: &str, token: &str, workspace: WorkspaceId) -> String {
    format!(
        "agentry login --server {origin} --token {token} && agentry daemon run --workspace {workspace}"
    )
}

/// This page's origin (`https://agentry.example.com`), where the daemon should connect.
fn origin() -> String {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

/// Creates a daemon token.
#[component]
pub fn CreateDaemonToken(on_created: Callback<()>) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let form = FormState::new();
    let name = RwSignal::new(String::new());
    let days = RwSignal::new(String::new());
    let created = RwSignal::new(None::<(CreatedDaemonToken, String)>);
    let (name_error, name_touched) = form.field_error("name", name, |v| {
        validate::name("name", v, NAME_MAX).map(|_| ())
    });
    let (days_error, days_touched) = form.field_error("expires_in_days", days, |v| {
        validate::expires_in_days_text(v).map(|_| ())
    });
    let general_error = form.general_error(&["name", "expires_in_days"]);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let (Ok(token_name), Ok(expires_in_days), Some(ws_id)) = (
            validate::name("name", &name.get_untracked(), NAME_MAX),
            validate::expires_in_days_text(&days.get_untracked()),
            ws.id.get_untracked(),
        ) else {
            return;
        };
        form.busy.set(true);
        let request = CreateDaemonTokenRequest {
            name: token_name,
            expires_in_days,
        };
        let call = api::call(
            &endpoints::daemon_tokens::Create { workspace: ws_id },
            &request,
        );
        spawn_local(async move {
            match call.await {
                Ok(token) => {
                    toasts.success_with(Key::TokenCreated, &[&token.daemon_token.name]);
                    let command = daemon_command(&origin(), &token.token, ws_id);
                    created.set(Some((token, command)));
                    name.set(String::new());
                    days.set(String::new());
                    form.reset();
                    on_created.run(());
                }
                Err(e) => form.server.set(Some(e)),
            }
            form.busy.set(false);
        });
    };

    let secret = move || {
        created.get().map(|(token, command)| {
            view! {
                <div class="created-secret" role="status">
                    <CopyField
                        id="new-daemon-token"
                        label=Key::NewToken
                        copy_label=Key::CopyToken
                        value=token.token.clone()
                    />
                    <CopyField
                        id="daemon-command"
                        label=Key::DaemonCommand
                        copy_label=Key::CopyCommand
                        value=command
                    />
                    <p class="muted">{t(Key::DaemonCommandHint)}</p>
                    <p class="warning">{t(Key::TokenShownOnce)}</p>
                </div>
            }
        })
    };

    view! {
        <form class="form" method="post" novalidate=true on:submit=on_submit>
            <TextField
                id="daemon-token-name"
                label=Key::TokenName
                value=name
                autocomplete="off"
                required=true
                hint=Key::DaemonTokenNameHint
                error=name_error
                touched=name_touched
            />
            <TextField
                id="daemon-token-days"
                label=Key::TokenExpiresDays
                value=days
                input_type="number"
                autocomplete="off"
                hint=Key::DaemonTokenExpiresHint
                error=days_error
                touched=days_touched
            />
            <FormError error=general_error />
            <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>
                {t(Key::CreateToken)}
            </button>
        </form>
        {secret}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pasted_command_logs_in_then_runs_the_daemon_for_the_workspace() {
        let ws = WorkspaceId(uuid::Uuid::nil());
        assert_eq!(
            daemon_command("https://a.example", "agd_x", ws),
            "agentry login --server https://a.example --token agd_x && agentry daemon run --workspace 00000000-0000-0000-0000-000000000000"
        );
    }
}
