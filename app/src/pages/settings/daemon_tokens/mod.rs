//! `/w/:slug/settings/daemon-tokens`: tokens a daemon uses to register this member's runtimes
//! in this workspace. Any member creates their own (shown once, with the exact command to
//! paste on the machine), sees them listed and revokes them.

mod create;

use crate::components::confirm::ConfirmDialog;
use crate::components::empty_state::EmptyState;
use crate::components::loaded::Loaded;
use crate::components::page_title::PageTitle;
use crate::components::runtimes::data::{list_daemon_tokens, revoke_daemon_token};
use crate::components::toast::use_toasts;
use crate::components::workspace::context::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use agentry_core::api::runtimes::DaemonToken;
use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;

/// The daemon tokens page.
#[component]
pub fn DaemonTokens() -> AnyView {
    let ws = use_workspace();
    let tokens = Resource::new(move || ws.id.get(), list_daemon_tokens);
    let on_changed = Callback::new(move |()| tokens.refetch());
    view! {
        <PageTitle key=Key::NavDaemonTokens />
        <h1>{t(Key::NavDaemonTokens)}</h1>
        <p class="muted">
            {t(Key::DaemonTokensExplain)} " "
            <A href=move || ws.href("runtimes")>{t(Key::NavRuntimes)}</A>
        </p>
        <section class="card" aria-labelledby="new-daemon-token-heading">
            <h2 id="new-daemon-token-heading">{t(Key::NewDaemonToken)}</h2>
            <create::CreateDaemonToken on_created=on_changed />
        </section>
        <section class="card" aria-labelledby="daemon-tokens-heading">
            <h2 id="daemon-tokens-heading">{t(Key::YourDaemonTokens)}</h2>
            <Loaded
                resource=tokens
                view={move |list: Signal<Vec<DaemonToken>>| {
                    view! {
                        <Show
                            when=move || list.with(|l| !l.is_empty())
                            fallback=|| view! { <EmptyState title=Key::NoDaemonTokensTitle body=Key::NoDaemonTokensBody /> }
                        >
                            <ul class="item-list">
                                <For each=move || list.get() key=|tok| (tok.id, tok.last_used_at.clone()) let:token>
                                    <TokenItem token on_changed />
                                </For>
                            </ul>
                        </Show>
                    }
                }}
            />
        </section>
    }
    .into_any()
}

fn day(stamp: &str) -> String {
    stamp.get(..10).unwrap_or_default().to_owned()
}

#[component]
fn TokenItem(token: DaemonToken, on_changed: Callback<()>) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let token_id = token.id;
    let name = token.name.clone();
    let on_confirm = Callback::new(move |()| {
        let Some(ws_id) = ws.id.get_untracked() else {
            return;
        };
        busy.set(true);
        let name = name.clone();
        let call = revoke_daemon_token(ws_id, token_id);
        spawn_local(async move {
            match call.await {
                Ok(()) => toasts.success_with(Key::TokenRevoked, &[&name]),
                Err(e) => toasts.error(e),
            }
            busy.set(false);
            open.set(false);
            on_changed.run(());
        });
    });
    let name = token.name.clone();
    let label = move || fill(Key::RevokeTokenLabel.text(locale.get()), &[&name]);
    let name = token.name.clone();
    let message =
        Signal::derive(move || fill(Key::RevokeDaemonTokenWarning.text(locale.get()), &[&name]));
    let expires = day(&token.expires_at);
    let last_used = token.last_used_at.as_deref().map(day);
    let expires_text = move || fill(Key::TokenExpiresOn.text(locale.get()), &[&expires]);
    let used_text = move || match &last_used {
        Some(d) => fill(Key::TokenLastUsed.text(locale.get()), &[d]),
        None => Key::TokenNeverUsed.text(locale.get()).to_owned(),
    };
    view! {
        <li class="item">
            <div class="item-main">
                <span class="item-title">{token.name.clone()}</span>
                <code class="token-prefix">{format!("{}…", token.token_prefix)}</code>
                <span class="muted item-meta">{expires_text} " · " {used_text}</span>
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
