//! One runtime profile in the list: name, family, command line, description, enabled or not
//! (disabled ones greyed); Edit and Delete for owners and admins. A refused delete (agents
//! still bound to the profile's runtimes) is explained beside it, with links to those agents.

use super::form::ProfileForm;
use crate::api;
use crate::components::modal::Modal;
use crate::components::runtimes::deletion::{ConfirmDelete, DeleteRefusal, Deletion};
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::runtimes::RuntimeProfile;
use agentry_core::runtimes::{family, join_command_line, RuntimeDenial};
use leptos::prelude::*;

/// A profile row.
#[component]
pub fn ProfileItem(
    profile: RuntimeProfile,
    allowed: Memo<Result<(), RuntimeDenial>>,
    on_changed: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let edit_open = RwSignal::new(false);
    let deletion = Deletion::new();
    let id = profile.id;
    let name = profile.display_name.clone();
    let family_label = family(&profile.protocol_family)
        .map(|f| f.label.to_owned())
        .unwrap_or_else(|| profile.protocol_family.clone());
    let line = join_command_line(&profile.command_name, &profile.fixed_args);
    let enabled = profile.enabled;
    let locked = move || allowed.get().is_err();
    let edit_name = name.clone();
    let edit_label = move || fill(Key::EditProfileLabel.text(locale.get()), &[&edit_name]);
    let delete_name = name.clone();
    let delete_label = move || fill(Key::DeleteProfileLabel.text(locale.get()), &[&delete_name]);
    let message_name = name.clone();
    let message = Signal::derive(move || {
        fill(
            Key::DeleteProfileWarning.text(locale.get()),
            &[&message_name],
        )
    });
    let on_confirm = Callback::new(move |()| {
        let Some(ws_id) = ws.id.get_untracked() else {
            return;
        };
        let name = name.clone();
        let delete = endpoints::runtime_profiles::Delete {
            workspace: ws_id,
            id,
        };
        let call = api::call(&delete, &());
        deletion.send(call, move || {
            toasts.success_with(Key::ProfileDeleted, &[&name]);
            on_changed.run(());
        });
    });
    let editing = profile.clone();
    view! {
        <li class="item profile-item" class:is-disabled=!enabled>
            <div class="item-main">
                <span class="item-title">{profile.display_name.clone()}</span>
                <span class="badge badge-provider">{family_label}</span>
                {(!enabled).then(|| view! { <span class="badge badge-archived">{t(Key::ProfileDisabled)}</span> })}
                <code class="command-line-inline">{line}</code>
                {profile.description.clone().filter(|d| !d.trim().is_empty()).map(|d| view! { <span class="muted item-meta">{d}</span> })}
            </div>
            <div class="item-actions">
                <button
                    type="button"
                    class="btn btn-small"
                    aria-label=edit_label
                    aria-describedby="profiles-reason"
                    disabled=locked
                    on:click=move |_| edit_open.set(true)
                >
                    {t(Key::Edit)}
                </button>
                <button
                    type="button"
                    class="btn btn-small btn-danger-quiet"
                    aria-label=delete_label
                    aria-describedby="profiles-reason"
                    disabled=move || locked() || deletion.busy.get()
                    on:click=move |_| deletion.open.set(true)
                >
                    {t(Key::Delete)}
                </button>
            </div>
            <DeleteRefusal deletion />
            <Modal open=edit_open id="edit-profile-title" title=Key::EditProfile>
                <ProfileForm open=edit_open editing=Some(editing.clone()) on_saved=on_changed />
            </Modal>
            <ConfirmDelete deletion title=Key::DeleteProfileTitle message on_confirm />
        </li>
    }
    .into_any()
}
