//! Personal access tokens: the create form and the list with revoke.

use super::token_create::CreateToken;
use crate::api;
use crate::components::empty_state::EmptyState;
use crate::components::loaded::Loaded;
use crate::components::token_row::Revoke;
use crate::components::token_row::{day, TokenRow};
use crate::i18n::{fill, t, use_i18n, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::TokenInfo;
use leptos::prelude::*;

/// The tokens section.
#[component]
pub fn Tokens() -> AnyView {
    let tokens = Resource::new(|| (), |_| api::call(&endpoints::account::ListTokens, &()));
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

#[component]
fn TokenItem(token: TokenInfo, on_changed: Callback<()>) -> AnyView {
    let locale = use_i18n().locale;
    let created = day(&token.created_at);
    let expires = token.expires_at.as_deref().map(day);
    let last_used = token.last_used_at.as_deref().map(day);
    let meta = Signal::derive(move || {
        let locale = locale.get();
        let created = fill(Key::TokenCreatedOn.text(locale), &[&created]);
        let expires = match &expires {
            Some(d) => fill(Key::TokenExpiresOn.text(locale), &[d]),
            None => Key::TokenNeverExpires.text(locale).to_owned(),
        };
        let used = match &last_used {
            Some(d) => fill(Key::TokenLastUsed.text(locale), &[d]),
            None => Key::TokenNeverUsed.text(locale).to_owned(),
        };
        format!("{created} · {expires} · {used}")
    });
    view! {
        <TokenRow
            name=token.name
            prefix=token.prefix
            meta
            warning=Key::RevokeTokenWarning
            revoke=Revoke::Personal(token.id)
            on_changed
        />
    }
    .into_any()
}
