//! Deleting a runtime or a profile after a confirmation, which the server may refuse (409)
//! while agents are bound: the confirm dialog, the request, and the refusal kept beside the
//! item until the next attempt. Other failures are toasts.

use crate::api::ApiError;
use crate::components::confirm::ConfirmDialog;
use crate::components::runtimes::refusal::Refusal;
use crate::contexts::toasts::{use_toasts, Toasts};
use crate::i18n::Key;
use leptos::{prelude::*, task::spawn_local};
use std::future::Future;

/// One item's delete: the dialog is open, the request in flight, the last refusal.
#[derive(Clone, Copy)]
pub struct Deletion {
    /// The confirm dialog is shown.
    pub open: RwSignal<bool>,
    /// The delete request is in flight.
    pub busy: RwSignal<bool>,
    refused: RwSignal<Option<ApiError>>,
    toasts: Toasts,
}

impl Default for Deletion {
    fn default() -> Self {
        Self::new()
    }
}

impl Deletion {
    /// Closed, idle, not refused. Call it while the component is set up (it reads the toast
    /// context then, not when the delete is sent).
    pub fn new() -> Self {
        Self {
            open: RwSignal::new(false),
            busy: RwSignal::new(false),
            refused: RwSignal::new(None),
            toasts: use_toasts(),
        }
    }

    /// Sends the delete: `done` on success; a 409 is kept and shown by [`DeleteRefusal`];
    /// another failure is a toast. The dialog closes either way.
    pub fn send<T: 'static>(
        &self,
        call: impl Future<Output = Result<T, ApiError>> + 'static,
        done: impl FnOnce() + 'static,
    ) {
        let Deletion {
            open,
            busy,
            refused,
            toasts,
        } = *self;
        busy.set(true);
        refused.set(None);
        spawn_local(async move {
            match call.await {
                Ok(_) => done(),
                Err(e) if e.status == 409 => refused.set(Some(e)),
                Err(e) => toasts.error(e),
            }
            busy.set(false);
            open.set(false);
        });
    }
}

/// The confirm dialog of a [`Deletion`].
#[component]
pub fn ConfirmDelete(
    deletion: Deletion,
    title: Key,
    #[prop(into)] message: Signal<String>,
    #[prop(into)] on_confirm: Callback<()>,
) -> impl IntoView {
    view! {
        <ConfirmDialog
            open=deletion.open
            title
            message
            confirm_label=Key::Delete
            on_confirm
            busy=deletion.busy
        />
    }
}

/// Where the last refusal of a [`Deletion`] shows, with links to the agents to move first.
#[component]
pub fn DeleteRefusal(deletion: Deletion) -> impl IntoView {
    view! {
        <div class="refusal-slot">
            {move || deletion.refused.get().map(|error| view! { <Refusal error /> })}
        </div>
    }
}
