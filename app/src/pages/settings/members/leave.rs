//! Leaving the workspace: allowed unless the caller is its last owner.

use crate::api;
use crate::components::confirm::ConfirmDialog;
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::pages::settings::Reason;
use agentry_core::api::catalogue as endpoints;
use agentry_core::roles::can_leave;
use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_navigate;

/// The "Leave workspace" button with its confirmation.
#[component]
pub fn LeaveWorkspace(
    /// How many owners there are now.
    owners: Signal<usize>,
) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let locale = use_i18n().locale;
    let allowed = Signal::derive(move || can_leave(ws.role.get(), owners.get()));
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let message = Signal::derive(move || fill(Key::LeaveWarning.text(locale.get()), &[&ws.name()]));
    let on_confirm = Callback::new(move |()| {
        let Some(id) = ws.id.get_untracked() else {
            return;
        };
        let name = ws.name_untracked();
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::call(&endpoints::members::Leave { workspace: id }, &()).await {
                Ok(()) => {
                    navigate("/", Default::default());
                    session.reload().await;
                    toasts.success_with(Key::LeftWorkspace, &[&name]);
                }
                Err(e) => {
                    busy.set(false);
                    open.set(false);
                    toasts.error(e);
                }
            }
        });
    });
    view! {
        <div class="leave-row">
            <button
                type="button"
                class="btn btn-danger-quiet"
                disabled=move || allowed.get().is_err()
                on:click=move |_| open.set(true)
            >
                {t(Key::LeaveWorkspace)}
            </button>
            <Reason decision=allowed />
            <ConfirmDialog
                open
                title=Key::LeaveTitle
                message
                confirm_label=Key::Leave
                on_confirm
                busy
            />
        </div>
    }
    .into_any()
}
