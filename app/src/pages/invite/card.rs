//! The invitation's details and the one action that fits: sign in, or accept.

use crate::api;
use crate::components::auth::{encode_component, login_href, signup_href};
use crate::components::form::{FormError, FormState};
use crate::components::workspace::role_badge::RoleBadge;
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::i18n::{fill, t, use_i18n, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::InvitationPreview;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};

/// What stands between the visitor and accepting.
#[derive(Clone, PartialEq)]
enum Standing {
    SignedOut,
    WrongAccount(String),
    AlreadyMember,
    CanAccept,
}

/// Shows who invited whom to what, then the fitting action.
#[component]
pub fn InvitationCard(preview: InvitationPreview, token: String) -> AnyView {
    let session = use_session();
    let locale = use_i18n().locale;
    let invited = preview.email.to_lowercase();
    let slug = preview.workspace_slug.clone();
    let standing = Memo::new(move |_| match session.current() {
        None => Standing::SignedOut,
        Some(me) if me.workspaces.iter().any(|w| w.slug == slug) => Standing::AlreadyMember,
        Some(me) if me.user.email.to_lowercase() != invited => {
            Standing::WrongAccount(me.user.email)
        }
        Some(_) => Standing::CanAccept,
    });
    let p = preview.clone();
    let summary = move || {
        fill(
            Key::InviteSummary.text(locale.get()),
            &[&p.invited_by_name, &p.workspace_name],
        )
    };
    let expires = preview.expires_at.get(..10).unwrap_or_default().to_owned();
    let here = format!("/invite/{}", encode_component(&token));
    let email = preview.email.clone();
    let workspace_href = format!("/w/{}/agents", preview.workspace_slug);
    let workspace_name = preview.workspace_name.clone();
    let heading = move || fill(Key::InviteHeading.text(locale.get()), &[&workspace_name]);
    let action = move || match standing.get() {
        Standing::SignedOut => {
            let signup = format!("{}&email={}", signup_href(&here), encode_component(&email));
            let email = email.clone();
            view! {
                <p>{move || fill(Key::InviteSignInFirst.text(locale.get()), &[&email])}</p>
                <div class="actions">
                    <A href=login_href(&here) attr:class="btn btn-primary">{t(Key::SignIn)}</A>
                    <A href=signup attr:class="btn">{t(Key::CreateAccount)}</A>
                </div>
            }
            .into_any()
        }
        Standing::WrongAccount(current) => {
            let email = email.clone();
            view! {
                <button type="button" class="btn btn-primary" disabled=true>
                    {t(Key::AcceptInvitation)}
                </button>
                <p class="reason">
                    {move || fill(Key::InviteWrongAccount.text(locale.get()), &[&email, &current])}
                </p>
            }
            .into_any()
        }
        Standing::AlreadyMember => {
            let href = workspace_href.clone();
            view! {
                <button type="button" class="btn btn-primary" disabled=true>
                    {t(Key::AcceptInvitation)}
                </button>
                <p class="reason">{t(Key::InviteAlreadyMember)}</p>
                <A href=href>{t(Key::OpenWorkspace)}</A>
            }
            .into_any()
        }
        Standing::CanAccept => view! { <AcceptButton token=token.clone() /> }.into_any(),
    };
    view! {
        <h1>{heading}</h1>
        <p>{summary}</p>
        <dl class="facts">
            <dt>{t(Key::InvitedEmail)}</dt>
            <dd>{preview.email.clone()}</dd>
            <dt>{t(Key::Role)}</dt>
            <dd>
                <RoleBadge role=preview.role />
            </dd>
            <dt>{t(Key::Expires)}</dt>
            <dd>
                <time datetime=preview.expires_at.clone()>{expires}</time>
            </dd>
        </dl>
        {action}
    }
    .into_any()
}

#[component]
fn AcceptButton(token: String) -> AnyView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let form = FormState::new();
    let error = form.general_error(&[]);
    let on_click = move |_| {
        form.begin();
        let navigate = navigate.clone();
        let accept = endpoints::invitations::Accept {
            token: token.clone(),
        };
        form.submit_then(api::call(&accept, &()), move |workspace| async move {
            session.reload().await;
            toasts.success_with(Key::JoinedWorkspace, &[&workspace.name]);
            navigate(&format!("/w/{}/agents", workspace.slug), Default::default());
        });
    };
    view! {
        <FormError error />
        <button
            type="button"
            class="btn btn-primary"
            disabled=move || form.busy.get()
            on:click=on_click
        >
            {t(Key::AcceptInvitation)}
        </button>
    }
    .into_any()
}
