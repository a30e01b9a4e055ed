//! One row of a token list, personal or daemon: name, prefix, a line of dates, and Revoke with
//! its confirmation. The two lists differ only in that line, the warning and the path revoked.

use crate::api;
use crate::components::confirm::ConfirmDialog;
use crate::contexts::toasts::use_toasts;
use crate::i18n::{fill, t, use_i18n, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::{DaemonTokenId, TokenId, WorkspaceId};
use leptos::{prelude::*, task::spawn_local};

/// The date part (`2026-11-22`) of an RFC 3339 stamp, as token lists show it.
pub fn day(stamp: &str) -> String {
    stamp.get(..10).unwrap_or_default().to_owned()
}

/// The token a row revokes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Revoke {
    /// A personal access token of the caller.
    Personal(TokenId),
    /// A daemon token of a workspace.
    Daemon(WorkspaceId, DaemonTokenId),
}

/// A token's row; revoking calls the token's revoke endpoint, then `on_changed`.
#[component]
pub fn TokenRow(
    /// The token's label.
    name: String,
    /// Its recognisable prefix.
    prefix: String,
    /// The muted line of dates, in the reader's language.
    meta: Signal<String>,
    /// The confirmation's message, filled with the name.
    warning: Key,
    /// Which token revoking removes.
    revoke: Revoke,
    /// Called after an attempt, to reload the list.
    on_changed: Callback<()>,
) -> AnyView {
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let toast_name = name.clone();
    let on_confirm = Callback::new(move |()| {
        busy.set(true);
        let name = toast_name.clone();
        spawn_local(async move {
            let result = match revoke {
                Revoke::Personal(id) => {
                    api::call(&endpoints::account::RevokeToken { id }, &()).await
                }
                Revoke::Daemon(workspace, id) => {
                    let revoke = endpoints::daemon_tokens::Revoke { workspace, id };
                    api::call(&revoke, &()).await
                }
            };
            match result {
                Ok(()) => toasts.success_with(Key::TokenRevoked, &[&name]),
                Err(e) => toasts.error(e),
            }
            busy.set(false);
            open.set(false);
            on_changed.run(());
        });
    });
    let label_name = name.clone();
    let label = move || fill(Key::RevokeTokenLabel.text(locale.get()), &[&label_name]);
    let message_name = name.clone();
    let message = Signal::derive(move || fill(warning.text(locale.get()), &[&message_name]));
    view! {
        <li class="item">
            <div class="item-main">
                <span class="item-title">{name}</span>
                <code class="token-prefix">{format!("{prefix}…")}</code>
                <span class="muted item-meta">{meta}</span>
            </div>
            <button
                type="button"
                class="btn btn-small btn-danger-quiet"
                aria-label=label
                on:click=move |_| open.set(true)
            >
                {t(Key::Revoke)}
            </button>
            <ConfirmDialog
                open
                title=Key::RevokeTokenTitle
                message
                confirm_label=Key::Revoke
                on_confirm
                busy
            />
        </li>
    }
    .into_any()
}
