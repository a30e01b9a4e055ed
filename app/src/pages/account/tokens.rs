//! Personal access tokens: the create form and the list with revoke.

use super::token_create::CreateToken;
use crate::api::{self, Method};
use crate::components::confirm::ConfirmDialog;
use crate::components::empty_state::EmptyState;
use crate::components::loaded::Loaded;
use crate::components::toast::use_toasts;
use crate::i18n::{fill, t, use_i18n, Key};
use agentry_core::api::TokenInfo;
use leptos::{prelude::*, task::spawn_local};

/// The tokens section.
#[component]
pub fn Tokens() -> AnyView {
    let tokens = Resource::new(|| (), |_| api::get::<Vec<TokenInfo>>("/api/tokens"));
    let on_changed = Callback::new(move |()| tokens.refetch());
    view! {
        <section class="card" aria-labelledby="tokens-heading">
            <h2 id="tokens-heading">{t(Key::Tokens)}</h2>
            <p class="muted">{t(Key::TokensExplain)}</p>
            <CreateToken on_created=on_changed />
            <h3>{t(Key::YourTokens)}</h3>
            <Loaded
                resource=tokens
                view={move |list: Signal<Vec<TokenInfo>>| {
                    view! {
                        <Show
                            when=move || list.with(|l| !l.is_empty())
                            fallback=|| view! { <EmptyState title=Key::NoTokensTitle body=Key::NoTokensBody /> }
                        >
                            <ul class="item-list">
                                <For each=move || list.get() key=|tok| tok.id let:token>
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
fn TokenItem(token: TokenInfo, on_changed: Callback<()>) -> AnyView {
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let token_id = token.id;
    let name = token.name.clone();
    let on_confirm = Callback::new(move |()| {
        busy.set(true);
        let name = name.clone();
        spawn_local(async move {
            match api::send_empty::<()>(Method::Delete, format!("/api/tokens/{token_id}"), None)
                .await
            {
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
        Signal::derive(move || fill(Key::RevokeTokenWarning.text(locale.get()), &[&name]));
    let created = day(&token.created_at);
    let expires = token.expires_at.as_deref().map(day);
    let last_used = token.last_used_at.as_deref().map(day);
    let expires_text = move || match &expires {
        Some(d) => fill(Key::TokenExpiresOn.text(locale.get()), &[d]),
        None => Key::TokenNeverExpires.text(locale.get()).to_owned(),
    };
    let used_text = move || match &last_used {
        Some(d) => fill(Key::TokenLastUsed.text(locale.get()), &[d]),
        None => Key::TokenNeverUsed.text(locale.get()).to_owned(),
    };
    let created_text = move || fill(Key::TokenCreatedOn.text(locale.get()), &[&created]);
    view! {
        <li class="item">
            <div class="item-main">
                <span class="item-title">{token.name.clone()}</span>
                <code class="token-prefix">{format!("{}…", token.prefix)}</code>
                <span class="muted item-meta">
                    {created_text} " · " {expires_text} " · " {used_text}
                </span>
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
