//! Deleting a runtime after a confirmation. The server refuses (409) a live profile's instance
//! (delete the profile instead) and a runtime agents are still bound to (listed, with links);
//! both refusals stay on the card until the next attempt.

use crate::api;
use crate::components::runtimes::deletion::{ConfirmDelete, DeleteRefusal, Deletion};
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::refusal_key;
use agentry_core::api::catalogue as endpoints;
use agentry_core::runtimes::RuntimeDenial;
use agentry_core::RuntimeId;
use leptos::prelude::*;

/// The delete button, its confirmation, and the explanation of a refusal.
#[component]
pub fn DeleteRuntime(
    id: RuntimeId,
    name: String,
    decision: Memo<Option<Result<(), RuntimeDenial>>>,
    on_changed: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let deletion = Deletion::new();
    let reason_id = format!("runtime-{id}-delete-reason");
    let denied = move || decision.get().and_then(|d| d.err());
    let label_name = name.clone();
    let label = move || fill(Key::DeleteRuntimeLabel.text(locale.get()), &[&label_name]);
    let message_name = name.clone();
    let message = Signal::derive(move || {
        fill(
            Key::DeleteRuntimeWarning.text(locale.get()),
            &[&message_name],
        )
    });
    let on_confirm = Callback::new(move |()| {
        let Some(ws_id) = ws.id.get_untracked() else {
            return;
        };
        let name = name.clone();
        let call = api::call(
            &endpoints::runtimes::Delete {
                workspace: ws_id,
                id,
            },
            &(),
        );
        deletion.send(call, move || {
            toasts.success_with(Key::RuntimeDeleted, &[&name]);
            on_changed.run(());
        });
    });
    view! {
        <div class="action">
            <button
                type="button"
                class="btn btn-small btn-danger-quiet"
                aria-label=label
                aria-describedby=reason_id.clone()
                disabled=move || denied().is_some() || decision.get().is_none() || deletion.busy.get()
                on:click=move |_| deletion.open.set(true)
            >
                {t(Key::Delete)}
            </button>
            <p class="reason" id=reason_id>{move || denied().map(|d| t(refusal_key(d)))}</p>
        </div>
        <ConfirmDelete deletion title=Key::DeleteRuntimeTitle message on_confirm />
        <DeleteRefusal deletion />
    }
    .into_any()
}
