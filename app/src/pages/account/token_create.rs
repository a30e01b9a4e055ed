//! The "create token" form; the new secret is shown once, with Copy and a warning.

use crate::api;
use crate::components::copy_field::CopyField;
use crate::components::form::{FormError, FormState};
use crate::components::token_fields::{TokenDraft, TokenFields, FIELDS};
use crate::contexts::toasts::use_toasts;
use crate::i18n::{t, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::{CreateTokenRequest, CreatedToken};
use leptos::prelude::*;

/// Creates a personal access token.
#[component]
pub fn CreateToken(
    /// Called after creating, to reload the list.
    on_created: Callback<()>,
) -> AnyView {
    let toasts = use_toasts();
    let form = FormState::new();
    let draft = TokenDraft::new(&form);
    let created = RwSignal::new(None::<CreatedToken>);
    let general_error = form.general_error(FIELDS);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let Some((token_name, expires_in_days)) = draft.checked() else {
            return;
        };
        let request = CreateTokenRequest {
            name: token_name,
            expires_in_days,
        };
        form.submit(
            api::call(&endpoints::account::CreateToken, &request),
            move |token| {
                toasts.success_with(Key::TokenCreated, &[&token.name]);
                created.set(Some(token));
                draft.clear();
                form.reset();
                on_created.run(());
            },
        );
    };

    let secret = move || {
        created.get().map(|token| {
            view! {
                <div class="created-secret">
                    <CopyField
                        id="new-token"
                        label=Key::NewToken
                        copy_label=Key::CopyToken
                        value=token.token.clone()
                    />
                    <p class="warning">{t(Key::TokenShownOnce)}</p>
                </div>
            }
        })
    };

    view! {
        <form class="form" method="post" novalidate=true on:submit=on_submit>
            <TokenFields
                draft
                prefix="token"
                name_hint=Key::TokenNameHint
                days_hint=Key::TokenExpiresHint
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
