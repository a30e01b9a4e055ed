//! One member's row: name, email, role select, joined date and remove button; the select and
//! the button are disabled with the core rule's reason when the viewer may not use them.

use crate::api;
use crate::components::confirm::ConfirmDialog;
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::{refusal_key, role_key};
use crate::pages::settings::Reason;
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::{Member, UpdateMemberRequest};
use agentry_core::roles::{can_change_role, can_remove_member};
use agentry_core::{Decision, Role, UserId};
use leptos::{prelude::*, task::spawn_local};

/// A member's row; `busy` while their role change or removal is in flight.
#[component]
pub fn MemberRow(
    member: Member,
    owners: Signal<usize>,
    me: Memo<Option<UserId>>,
    on_changed: Callback<()>,
) -> AnyView {
    let user_id = member.user_id;
    let is_self = Memo::new(move |_| me.get() == Some(user_id));
    let busy = RwSignal::new(false);
    let joined = member.joined_at.get(..10).unwrap_or_default().to_owned();
    view! {
        <tr>
            <td data-label=t(Key::ColName)>
                <span class="member-name">{member.name.clone()}</span>
                {move || is_self.get().then(|| view! { <span class="badge badge-you">{t(Key::You)}</span> })}
            </td>
            <td data-label=t(Key::ColEmail)>{member.email.clone()}</td>
            <td data-label=t(Key::Role)>
                <RoleSelect member=member.clone() owners is_self busy on_changed />
            </td>
            <td data-label=t(Key::ColJoined)>
                <time datetime=member.joined_at.clone()>{joined}</time>
            </td>
            <td data-label=t(Key::ColActions)>
                <RemoveMember member owners is_self busy on_changed />
            </td>
        </tr>
    }
    .into_any()
}

/// The decision shown beside a role select: allowed if any other role may be chosen,
/// otherwise the first reason why not.
fn role_decision(actor: Role, current: Role, owners: usize) -> Decision {
    let outcomes: Vec<Decision> = Role::ALL
        .into_iter()
        .filter(|r| *r != current)
        .map(|r| can_change_role(actor, current, r, owners))
        .collect();
    if outcomes.iter().any(Result::is_ok) {
        Ok(())
    } else {
        outcomes.into_iter().find(Result::is_err).unwrap_or(Ok(()))
    }
}

/// The role select: each role the rules refuse is disabled; a change is sent at once.
#[component]
fn RoleSelect(
    member: Member,
    owners: Signal<usize>,
    is_self: Memo<bool>,
    busy: RwSignal<bool>,
    on_changed: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let current = member.role;
    let user_id = member.user_id;
    let allowed = Signal::derive(move || role_decision(ws.role.get(), current, owners.get()));
    let shown_role = RwSignal::new(current);
    let name = member.name.clone();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(new) = Role::parse(&event_target_value(&ev)) else {
            return;
        };
        let Some(id) = ws.id.get_untracked() else {
            return;
        };
        if new == current {
            return;
        }
        shown_role.set(new);
        busy.set(true);
        let name = name.clone();
        spawn_local(async move {
            let update = endpoints::members::Update {
                workspace: id,
                user: user_id,
            };
            let request = UpdateMemberRequest { role: new };
            match api::call(&update, &request).await {
                Ok(_) => {
                    let role = role_key(new).text(locale.get_untracked());
                    toasts.success_with(Key::RoleChanged, &[&name, role]);
                    if is_self.get_untracked() {
                        session.reload().await;
                    }
                }
                Err(e) => {
                    shown_role.set(current);
                    toasts.error(e);
                }
            }
            busy.set(false);
            on_changed.run(());
        });
    };
    let email = member.email.clone();
    let label = move || fill(Key::RoleFor.text(locale.get()), &[&email]);
    let options = Role::ALL
        .into_iter()
        .map(|role| {
            let blocked = move || {
                role != current
                    && can_change_role(ws.role.get(), current, role, owners.get()).is_err()
            };
            view! {
                <option value=role.as_str() selected=role == current disabled=blocked>
                    {t(role_key(role))}
                </option>
            }
        })
        .collect_view();
    view! {
        <select
            aria-label=label
            prop:value=move || shown_role.get().as_str()
            disabled=move || allowed.get().is_err() || busy.get()
            on:change=on_change
        >
            {options}
        </select>
        <Reason decision=allowed />
    }
    .into_any()
}

/// The remove button and its confirmation; removing oneself is leaving, done elsewhere.
#[component]
fn RemoveMember(
    member: Member,
    owners: Signal<usize>,
    is_self: Memo<bool>,
    busy: RwSignal<bool>,
    on_changed: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let current = member.role;
    let user_id = member.user_id;
    let allowed = Signal::derive(move || can_remove_member(ws.role.get(), current, owners.get()));
    // Removing oneself is leaving; the rule may allow it, but the leave button is the way.
    let reason = move || {
        if is_self.get() {
            Some(Key::UseLeaveInstead)
        } else {
            allowed.get().err().map(refusal_key)
        }
    };
    let confirm_open = RwSignal::new(false);
    let name = member.name.clone();
    let on_remove = Callback::new(move |()| {
        let Some(id) = ws.id.get_untracked() else {
            return;
        };
        busy.set(true);
        let name = name.clone();
        spawn_local(async move {
            let remove = endpoints::members::Remove {
                workspace: id,
                user: user_id,
            };
            match api::call(&remove, &()).await {
                Ok(()) => toasts.success_with(Key::MemberRemoved, &[&name]),
                Err(e) => toasts.error(e),
            }
            busy.set(false);
            confirm_open.set(false);
            on_changed.run(());
        });
    });
    let email = member.email.clone();
    let label = move || fill(Key::RemoveMemberLabel.text(locale.get()), &[&email]);
    let (name, email) = (member.name.clone(), member.email.clone());
    let message = Signal::derive(move || {
        fill(
            Key::RemoveMemberWarning.text(locale.get()),
            &[&name, &email, &ws.name()],
        )
    });
    view! {
        <button
            type="button"
            class="btn btn-small btn-danger-quiet"
            aria-label=label
            disabled=move || reason().is_some() || busy.get()
            on:click=move |_| confirm_open.set(true)
        >
            {t(Key::Remove)}
        </button>
        {move || reason().map(|key| view! { <p class="reason">{t(key)}</p> })}
        <ConfirmDialog
            open=confirm_open
            title=Key::RemoveMemberTitle
            message
            confirm_label=Key::Remove
            on_confirm=on_remove
            busy
        />
    }
    .into_any()
}
