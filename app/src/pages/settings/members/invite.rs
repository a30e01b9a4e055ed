//! The invite form: email and role (admin or member); shows the new link once, with Copy.

use crate::api;
use crate::components::copy_field::CopyField;
use crate::components::form::{FormError, FormState, TextField};
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::role_key;
use crate::pages::settings::Reason;
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::{CreateInvitationRequest, CreatedInvitation};
use agentry_core::roles::{can_invite, can_manage_invitations};
use agentry_core::{validate, Role};
use leptos::prelude::*;

/// Creates an invitation link.
#[component]
pub fn InviteForm(
    /// Called after an invitation was created, to reload the pending list.
    on_created: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let form = FormState::new();
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Member);
    let created = RwSignal::new(None::<CreatedInvitation>);
    let manage = Signal::derive(move || can_manage_invitations(ws.role.get()));
    let allowed = Signal::derive(move || can_invite(ws.role.get(), role.get()));
    let locked = Signal::derive(move || manage.get().is_err());
    let (email_error, email_touched) =
        form.field_error("email", email, |v| validate::email(v).map(|_| ()));
    let general_error = form.general_error(&["email"]);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let Ok(address) = validate::email(&email.get_untracked()) else {
            return;
        };
        let (Some(id), Ok(())) = (ws.id.get_untracked(), allowed.get_untracked()) else {
            return;
        };
        let request = CreateInvitationRequest {
            email: address,
            role: role.get_untracked(),
        };
        let create = endpoints::invitations::Create { workspace: id };
        form.submit(api::call(&create, &request), move |invitation| {
            toasts.success_with(Key::InvitationCreated, &[&invitation.email]);
            created.set(Some(invitation));
            email.set(String::new());
            form.reset();
            on_created.run(());
        });
    };

    let options = [Role::Admin, Role::Member]
        .into_iter()
        .map(|r| {
            view! {
                <option value=r.as_str() selected=r == Role::Member>
                    {t(role_key(r))}
                </option>
            }
        })
        .collect_view();

    view! {
        <section class="card" aria-labelledby="invite-heading">
            <h2 id="invite-heading">{t(Key::InvitePeople)}</h2>
            <p class="muted">{t(Key::InviteExplain)}</p>
            <form class="form form-row" method="post" novalidate=true on:submit=on_submit>
                <TextField
                    id="invite-email"
                    label=Key::InviteEmail
                    value=email
                    input_type="email"
                    autocomplete="off"
                    required=true
                    disabled=locked
                    error=email_error
                    touched=email_touched
                />
                <div class="field">
                    <label for="invite-role">{t(Key::Role)}</label>
                    <select
                        id="invite-role"
                        disabled=move || locked.get()
                        prop:value=move || role.get().as_str()
                        on:change=move |ev| {
                            if let Some(r) = Role::parse(&event_target_value(&ev)) {
                                role.set(r);
                            }
                        }
                    >
                        {options}
                    </select>
                </div>
                <div class="field field-submit">
                    <button
                        type="submit"
                        class="btn btn-primary"
                        disabled=move || allowed.get().is_err() || form.busy.get()
                    >
                        {t(Key::CreateInvitation)}
                    </button>
                </div>
            </form>
            <Reason decision=allowed />
            <FormError error=general_error />
            {move || created.get().map(|invitation| view! { <InvitationLink invitation /> })}
        </section>
    }
    .into_any()
}

/// The new link, shown once, with Copy and when it expires.
#[component]
fn InvitationLink(invitation: CreatedInvitation) -> AnyView {
    let locale = use_i18n().locale;
    let expires = invitation
        .expires_at
        .get(..10)
        .unwrap_or_default()
        .to_owned();
    let who = invitation.email.clone();
    let note = move || {
        fill(
            Key::InvitationLinkNote.text(locale.get()),
            &[&who, &expires],
        )
    };
    view! {
        <div class="created-secret">
            <CopyField
                id="invitation-link"
                label=Key::InvitationLink
                copy_label=Key::CopyLink
                value=invitation.accept_url.clone()
            />
            <p class="field-hint">{note}</p>
        </div>
    }
    .into_any()
}
