//! The profile form: the display name (the email is shown, not editable).

use crate::api;
use crate::components::form::{FormError, FormState, TextField};
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::i18n::{t, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::UpdateMeRequest;
use agentry_core::validate::{self, NAME_MAX};
use leptos::prelude::*;

/// Edits the caller's display name.
#[component]
pub fn Profile() -> AnyView {
    let session = use_session();
    let toasts = use_toasts();
    let user = session.current_untracked().map(|me| me.user);
    let email = user.as_ref().map(|u| u.email.clone()).unwrap_or_default();
    let saved_name = RwSignal::new(user.map(|u| u.name).unwrap_or_default());
    let form = FormState::new();
    let name = RwSignal::new(saved_name.get_untracked());
    let (name_error, name_touched) = form.field_error("name", name, |v| {
        validate::name("name", v, NAME_MAX).map(|_| ())
    });
    let general_error = form.general_error(&["name"]);
    let changed = move || name.with(|n| saved_name.with(|s| n.trim() != s));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let Ok(new_name) = validate::name("name", &name.get_untracked(), NAME_MAX) else {
            return;
        };
        let request = UpdateMeRequest {
            name: Some(new_name),
            ..Default::default()
        };
        form.submit(
            api::call(&endpoints::account::UpdateMe, &request),
            move |user| {
                saved_name.set(user.name.clone());
                name.set(user.name.clone());
                session.set_user(user);
                toasts.success(Key::ProfileSaved);
            },
        );
    };

    view! {
        <section class="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{t(Key::Profile)}</h2>
            <dl class="facts">
                <dt>{t(Key::Email)}</dt>
                <dd>{email}</dd>
            </dl>
            <form class="form" method="post" novalidate=true on:submit=on_submit>
                <TextField
                    id="profile-name"
                    label=Key::DisplayName
                    value=name
                    autocomplete="name"
                    required=true
                    error=name_error
                    touched=name_touched
                />
                <FormError error=general_error />
                <button
                    type="submit"
                    class="btn btn-primary"
                    disabled=move || !changed() || form.busy.get()
                >
                    {t(Key::SaveChanges)}
                </button>
            </form>
        </section>
    }
    .into_any()
}
