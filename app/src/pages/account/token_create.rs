//! The "create token" form; the new secret is shown once, with Copy and a warning.

use crate::api;
use crate::components::copy_field::CopyField;
use crate::components::form::{FormError, FormState, TextField};
use crate::contexts::toasts::use_toasts;
use crate::i18n::{t, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::{CreateTokenRequest, CreatedToken};
use agentry_core::validate::{self, NAME_MAX};
use leptos::{prelude::*, task::spawn_local};

/// Creates a personal access token.
#[component]
pub fn CreateToken(
    /// Called after creating, to reload the list.
    on_created: Callback<()>,
) -> AnyView {
    let toasts = use_toasts();
    let form = FormState::new();
    let name = RwSignal::new(String::new());
    let days = RwSignal::new(String::new());
    let created = RwSignal::new(None::<CreatedToken>);
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
        let (Ok(token_name), Ok(expires_in_days)) = (
            validate::name("name", &name.get_untracked(), NAME_MAX),
            validate::expires_in_days_text(&days.get_untracked()),
        ) else {
            return;
        };
        form.busy.set(true);
        spawn_local(async move {
            let request = CreateTokenRequest {
                name: token_name,
                expires_in_days,
            };
            match api::call(&endpoints::account::CreateToken, &request).await {
                Ok(token) => {
                    toasts.success_with(Key::TokenCreated, &[&token.name]);
                    created.set(Some(token));
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
            <TextField
                id="token-name"
                label=Key::TokenName
                value=name
                autocomplete="off"
                required=true
                hint=Key::TokenNameHint
                error=name_error
                touched=name_touched
            />
            <TextField
                id="token-days"
                label=Key::TokenExpiresDays
                value=days
                input_type="number"
                autocomplete="off"
                hint=Key::TokenExpiresHint
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
