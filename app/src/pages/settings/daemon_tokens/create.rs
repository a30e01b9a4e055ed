//! The "new daemon token" form. The secret is shown once, together with the exact command to
//! paste on the machine that will run the daemon.

use crate::api;
use crate::components::copy_field::CopyField;
use crate::components::form::{FormError, FormState};
use crate::components::token_fields::{TokenDraft, TokenFields, FIELDS};
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::runtimes::{CreateDaemonTokenRequest, CreatedDaemonToken};
use agentry_core::WorkspaceId;
use leptos::prelude::*;

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
    let draft = TokenDraft::new(&form);
    let created = RwSignal::new(None::<(CreatedDaemonToken, String)>);
    let general_error = form.general_error(FIELDS);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let (Some((token_name, expires_in_days)), Some(ws_id)) =
            (draft.checked(), ws.id.get_untracked())
        else {
            return;
        };
        let request = CreateDaemonTokenRequest {
            name: token_name,
            expires_in_days,
        };
        let call = api::call(
            &endpoints::daemon_tokens::Create { workspace: ws_id },
            &request,
        );
        form.submit(call, move |token| {
            toasts.success_with(Key::TokenCreated, &[&token.daemon_token.name]);
            let command = daemon_command(&origin(), &token.token, ws_id);
            created.set(Some((token, command)));
            draft.clear();
            form.reset();
            on_created.run(());
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
            <TokenFields
                draft
                prefix="daemon-token"
                name_hint=Key::DaemonTokenNameHint
                days_hint=Key::DaemonTokenExpiresHint
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
