//! `/w/:slug/settings/daemon-tokens`: tokens a daemon uses to register this member's runtimes
//! in this workspace. Any member creates their own (shown once, with the exact command to
//! paste on the machine), sees them listed and revokes them.

mod create;

use crate::api;
use crate::components::empty_state::EmptyState;
use crate::components::loaded::Loaded;
use crate::components::page_title::PageTitle;
use crate::components::token_row::Revoke;
use crate::components::token_row::{day, TokenRow};
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::runtimes::DaemonToken;
use leptos::prelude::*;
use leptos_router::components::A;

/// The daemon tokens page.
#[component]
pub fn DaemonTokens() -> AnyView {
    let ws = use_workspace();
    let tokens = Resource::new(
        move || ws.id.get(),
        |id| {
            let list = id.map(|workspace| endpoints::daemon_tokens::List { workspace });
            api::call_known(list, &(), "no such workspace")
        },
    );
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

#[component]
fn TokenItem(token: DaemonToken, on_changed: Callback<()>) -> AnyView {
    let locale = use_i18n().locale;
    let expires = day(&token.expires_at);
    let last_used = token.last_used_at.as_deref().map(day);
    let meta = Signal::derive(move || {
        let locale = locale.get();
        let expires = fill(Key::TokenExpiresOn.text(locale), &[&expires]);
        let used = match &last_used {
            Some(d) => fill(Key::TokenLastUsed.text(locale), &[d]),
            None => Key::TokenNeverUsed.text(locale).to_owned(),
        };
        format!("{expires} · {used}")
    });
    view! {
        <TokenRow
            name=token.name
            prefix=token.token_prefix
            meta
            warning=Key::RevokeDaemonTokenWarning
            revoke=Revoke::Daemon(token.workspace_id, token.id)
            on_changed
        />
    }
    .into_any()
}
