//! `/signup`: the registration form; `?email=` pre-fills it (from an invitation link).

use super::AuthLayout;
use crate::api;
use crate::components::auth::{login_href, safe_next, SignedOutOnly};
use crate::components::form::{FormError, FormState, TextField};
use crate::components::page_title::PageTitle;
use crate::contexts::session::use_session;
use crate::i18n::{t, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::RegisterRequest;
use agentry_core::validate::{self, NAME_MAX};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The sign-up page.
#[component]
pub fn Signup() -> AnyView {
    let query = use_query_map();
    let next = Memo::new(move |_| safe_next(query.read().get("next")));
    let email = query.read_untracked().get("email").unwrap_or_default();
    view! {
        <PageTitle key=Key::SignUpTitle />
        <AuthLayout title=Key::SignUpTitle lead=Key::SignUpLead>
            <SignedOutOnly next>
                <SignupForm next email=email.clone() />
            </SignedOutOnly>
        </AuthLayout>
    }
    .into_any()
}

#[component]
fn SignupForm(next: Memo<String>, email: String) -> AnyView {
    let session = use_session();
    let navigate = use_navigate();
    let form = FormState::new();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(email);
    let password = RwSignal::new(String::new());
    let (name_error, name_touched) = form.field_error("name", name, |v| {
        validate::name("name", v, NAME_MAX).map(|_| ())
    });
    let (email_error, email_touched) =
        form.field_error("email", email, |v| validate::email(v).map(|_| ()));
    let (password_error, password_touched) =
        form.field_error("password", password, validate::password);
    let general_error = form.general_error(&["name", "email", "password"]);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let (Ok(name), Ok(email), Ok(())) = (
            validate::name("name", &name.get_untracked(), NAME_MAX),
            validate::email(&email.get_untracked()),
            validate::password(&password.get_untracked()),
        ) else {
            return;
        };
        let navigate = navigate.clone();
        let request = RegisterRequest {
            email,
            name,
            password: password.get_untracked(),
        };
        form.submit_then(
            api::call(&endpoints::auth::Register, &request),
            move |auth| async move {
                api::set_csrf_token(Some(auth.csrf_token));
                session.reload().await;
                navigate(&next.get_untracked(), Default::default());
            },
        );
    };

    view! {
        <form class="form" method="post" novalidate=true on:submit=on_submit>
            <TextField
                id="signup-name"
                label=Key::Name
                value=name
                autocomplete="name"
                required=true
                error=name_error
                touched=name_touched
            />
            <TextField
                id="signup-email"
                label=Key::Email
                value=email
                input_type="email"
                autocomplete="email"
                required=true
                error=email_error
                touched=email_touched
            />
            <TextField
                id="signup-password"
                label=Key::Password
                value=password
                input_type="password"
                autocomplete="new-password"
                required=true
                hint=Key::PasswordHint
                error=password_error
                touched=password_touched
            />
            <FormError error=general_error />
            <button type="submit" class="btn btn-primary btn-block" disabled=move || form.busy.get()>
                {t(Key::CreateAccount)}
            </button>
        </form>
        <p class="auth-switch">
            {t(Key::HaveAccount)} " "
            <A href=move || login_href(&next.get())>{t(Key::SignIn)}</A>
        </p>
    }
    .into_any()
}
