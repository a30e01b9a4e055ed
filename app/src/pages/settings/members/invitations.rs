//! Pending invitations, with revoke (owners and admins); others see why the list is hidden.

use crate::api::{self, ApiError};
use crate::components::confirm::ConfirmDialog;
use crate::components::empty_state::EmptyState;
use crate::components::loaded::Loaded;
use crate::components::workspace::role_badge::RoleBadge;
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::pages::settings::Reason;
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::Invitation;
use agentry_core::roles::can_manage_invitations;
use leptos::{prelude::*, task::spawn_local};

/// The pending-invitations section.
#[component]
pub fn PendingInvitations(
    /// The list (empty without the right to see it).
    invitations: Resource<Result<Vec<Invitation>, ApiError>>,
    /// Called after a revoke, to reload the list.
    on_changed: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let allowed = Signal::derive(move || can_manage_invitations(ws.role.get()));
    view! {
        <section class="card" aria-labelledby="pending-heading">
            <h2 id="pending-heading">{t(Key::PendingInvitations)}</h2>
            <Show when=move || allowed.get().is_ok() fallback=move || view! { <Reason decision=allowed /> }>
                <Loaded
                    resource=invitations
                    view={move |list: Signal<Vec<Invitation>>| {
                        view! {
                            <Show
                                when=move || list.with(|l| !l.is_empty())
                                fallback=|| view! { <EmptyState title=Key::NoInvitationsTitle body=Key::NoInvitationsBody /> }
                            >
                                <ul class="item-list">
                                    <For each=move || list.get() key=|i| i.id let:invitation>
                                        <InvitationItem invitation on_changed />
                                    </For>
                                </ul>
                            </Show>
                        }
                    }}
                />
            </Show>
        </section>
    }
    .into_any()
}

#[component]
fn InvitationItem(invitation: Invitation, on_changed: Callback<()>) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let invitation_id = invitation.id;
    let email = invitation.email.clone();
    let on_confirm = Callback::new(move |()| {
        let Some(id) = ws.id.get_untracked() else {
            return;
        };
        busy.set(true);
        let email = email.clone();
        spawn_local(async move {
            let revoke = endpoints::invitations::Revoke {
                workspace: id,
                id: invitation_id,
            };
            match api::call(&revoke, &()).await {
                Ok(()) => toasts.success_with(Key::InvitationRevoked, &[&email]),
                Err(e) => toasts.error(e),
            }
            busy.set(false);
            open.set(false);
            on_changed.run(());
        });
    });
    let email = invitation.email.clone();
    let label = move || fill(Key::RevokeInvitationLabel.text(locale.get()), &[&email]);
    let email = invitation.email.clone();
    let message = Signal::derive(move || fill(Key::RevokeWarning.text(locale.get()), &[&email]));
    let by = invitation.invited_by_name.clone();
    let expires = invitation
        .expires_at
        .get(..10)
        .unwrap_or_default()
        .to_owned();
    let details = move || fill(Key::InvitedByUntil.text(locale.get()), &[&by, &expires]);
    view! {
        <li class="item">
            <div class="item-main">
                <span class="item-title">{invitation.email.clone()}</span>
                <RoleBadge role=invitation.role />
                <span class="muted item-meta">{details}</span>
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
                title=Key::RevokeTitle
                message
                confirm_label=Key::Revoke
                on_confirm
                busy
            />
        </li>
    }
    .into_any()
}
