//! The Overview tab's archive or restore section, behind a confirmation.

use crate::api::{self, ApiError};
use crate::components::confirm::ConfirmDialog;
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::agents::client_decision_key;
use agentry_core::agents::ClientDecision;
use agentry_core::api::agents::Agent;
use agentry_core::api::catalogue as endpoints;
use leptos::{prelude::*, task::spawn_local};

/// Archive, or restore an archived agent, after a confirmation.
#[component]
pub(super) fn ArchiveSection(
    agent: Signal<Agent>,
    decision: Memo<ClientDecision>,
    on_reload: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let archived = Memo::new(move |_| agent.with(|a| a.archived_at.is_some()));
    let reason = move || client_decision_key(decision.get());
    let message = Signal::derive(move || {
        let key = if archived.get() {
            Key::RestoreWarning
        } else {
            Key::ArchiveWarning
        };
        fill(key.text(locale.get()), &[&agent.with(|a| a.name.clone())])
    });
    let on_confirm = Callback::new(move |()| {
        let Some(ws_id) = ws.id.get_untracked() else {
            return;
        };
        let (id, name) = agent.with_untracked(|a| (a.id, a.name.clone()));
        let restoring = archived.get_untracked();
        busy.set(true);
        // Archive and restore answer alike; boxed, the two calls are one type.
        let call: api::Pending<Result<Agent, ApiError>> = match restoring {
            true => Box::pin(api::call(
                &endpoints::agents::Restore {
                    workspace: ws_id,
                    id,
                },
                &(),
            )),
            false => Box::pin(api::call(
                &endpoints::agents::Archive {
                    workspace: ws_id,
                    id,
                },
                &(),
            )),
        };
        spawn_local(async move {
            match call.await {
                Ok(_) => {
                    let key = if restoring {
                        Key::AgentRestored
                    } else {
                        Key::AgentArchived
                    };
                    toasts.success_with(key, &[&name]);
                }
                Err(e) => toasts.error(e),
            }
            busy.set(false);
            open.set(false);
            on_reload.run(());
        });
    });
    view! {
        <section class="card" aria-labelledby="agent-archive-heading">
            <h2 id="agent-archive-heading">{t(Key::ArchiveHeading)}</h2>
            <p class="muted">
                {move || t(if archived.get() { Key::RestoreExplain } else { Key::ArchiveExplain })()}
            </p>
            <button
                type="button"
                class="btn btn-danger-quiet"
                aria-describedby="agent-archive-reason"
                disabled=move || reason().is_some() || busy.get()
                on:click=move |_| open.set(true)
            >
                {move || t(if archived.get() { Key::RestoreAgent } else { Key::ArchiveAgent })()}
            </button>
            <p class="reason" id="agent-archive-reason">{move || reason().map(t)}</p>
            {move || {
                let restoring = archived.get();
                view! {
                    <ConfirmDialog
                        open
                        title=if restoring { Key::RestoreTitle } else { Key::ArchiveTitle }
                        message
                        confirm_label=if restoring { Key::RestoreAgent } else { Key::ArchiveAgent }
                        on_confirm
                        busy
                    />
                }
            }}
        </section>
    }
    .into_any()
}
