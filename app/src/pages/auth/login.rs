//! `/login`: the sign-in form; returns to `?next=` afterwards.

use super::AuthLayout;
use crate::api;
use crate::components::auth::{safe_next, signup_href, SignedOutOnly};
use crate::components::form::{FormError, FormState, TextField};
use crate::components::page_title::PageTitle;
use crate::contexts::session::use_session;
use crate::i18n::{t, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::LoginRequest;
use agentry_core::{validate, ValidationError};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The sign-in page.
#[component]
pub fn Login() -> AnyView {
    let query = use_query_map();
    let next = Memo::new(move |_| safe_next(query.read().get("next")));
    view! {
        <PageTitle key=Key::SignInTitle />
        <AuthLayout title=Key::SignInTitle lead=Key::SignInLead>
            <SignedOutOnly next>
                <LoginForm next />
            </SignedOutOnly>
        </AuthLayout>
    }
    .into_any()
}

#[component]
fn LoginForm(next: Memo<String>) -> AnyView {
    let session = use_session();
    let navigate = use_navigate();
    let form = FormState::new();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let (email_error, email_touched) =
        form.field_error("email", email, |v| validate::email(v).map(|_| ()));
    let (password_error, password_touched) = form.field_error("password", password, |v| {
        if v.is_empty() {
            Err(ValidationError::new(
                "password",
                "required",
                "password is required",
            ))
        } else {
            Ok(())
        }
    });
    let general_error = form.general_error(&["email", "password"]);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let Ok(email) = validate::email(&email.get_untracked()) else {
            return;
        };
        let password = password.get_untracked();
        if password.is_empty() {
            return;
        }
        let navigate = navigate.clone();
        let call = api::call(&endpoints::auth::Login, &LoginRequest { email, password });
        let call = async move {
            call.await.map_err(|mut e| {
                if e.status == 401 {
                    // On this form a 401 means the credentials, not a lost session.
                    e.code = "invalid_credentials".into();
                }
                e
            })
        };
        form.submit_then(call, move |auth| async move {
            api::set_csrf_token(Some(auth.csrf_token));
            session.reload().await;
            navigate(&next.get_untracked(), Default::default());
        });
    };

    view! {
        <form class="form" method="post" novalidate=true on:submit=on_submit>
            <TextField
                id="login-email"
                label=Key::Email
                value=email
                input_type="email"
                autocomplete="email"
                required=true
                error=email_error
                touched=email_touched
            />
            <TextField
                id="login-password"
                label=Key::Password
                value=password
                input_type="password"
                autocomplete="current-password"
                required=true
                error=password_error
                touched=password_touched
            />
            <FormError error=general_error />
            <button type="submit" class="btn btn-primary btn-block" disabled=move || form.busy.get()>
                {t(Key::SignIn)}
            </button>
        </form>
        <p class="auth-switch">
            {t(Key::NoAccountYet)} " "
            <A href=move || signup_href(&next.get())>{t(Key::CreateAnAccount)}</A>
        </p>
    }
    .into_any()
}
