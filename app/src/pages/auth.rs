//! Signing in and creating an account, on a shared centred layout.

pub mod login;
pub mod signup;

use crate::components::locale_select::LocaleSelect;
use crate::i18n::{t, Key};
use leptos::prelude::*;

/// The centred card around the auth forms, with the language switcher below.
#[component]
fn AuthLayout(title: Key, lead: Key, children: Children) -> AnyView {
    view! {
        <main class="page-centered">
            <div class="card auth-card">
                <p class="brand brand-large">{t(Key::AppName)}</p>
                <h1>{t(title)}</h1>
                <p class="muted">{t(lead)}</p>
                {children()}
            </div>
            <div class="auth-footer">
                <LocaleSelect />
            </div>
        </main>
    }
    .into_any()
}
