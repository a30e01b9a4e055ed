//! The danger zone of the general settings: deleting the workspace (owners only), confirmed by
//! retyping its slug.

use super::Reason;
use crate::api;
use crate::components::confirm::ConfirmDialog;
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::DeleteWorkspaceRequest;
use agentry_core::roles::can_delete_workspace;
use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_navigate;

/// The delete-workspace section.
#[component]
pub fn DangerZone() -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let locale = use_i18n().locale;
    let allowed = Signal::derive(move || can_delete_workspace(ws.role.get()));
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let message = Signal::derive(move || {
        fill(
            Key::DeleteWorkspaceWarning.text(locale.get()),
            &[&ws.name()],
        )
    });
    let on_confirm = Callback::new(move |()| {
        let (Some(id), slug) = (ws.id.get_untracked(), ws.slug.get_untracked()) else {
            return;
        };
        let name = ws.name_untracked();
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let body = DeleteWorkspaceRequest { confirm_slug: slug };
            match api::call(&endpoints::workspaces::Delete { id }, &body).await {
                Ok(()) => {
                    navigate("/", Default::default());
                    session.reload().await;
                    toasts.success_with(Key::WorkspaceDeleted, &[&name]);
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
        <section class="card danger-zone" aria-labelledby="danger-heading">
            <h2 id="danger-heading">{t(Key::DangerZone)}</h2>
            <p>{t(Key::DeleteWorkspaceExplain)}</p>
            <div class="actions">
                <button
                    type="button"
                    class="btn btn-danger"
                    disabled=move || allowed.get().is_err()
                    on:click=move |_| open.set(true)
                >
                    {t(Key::DeleteWorkspace)}
                </button>
                <Reason decision=allowed />
            </div>
            {move || {
                let slug = ws.slug.get();
                view! {
                    <ConfirmDialog
                        open
                        title=Key::DeleteWorkspaceTitle
                        message
                        confirm_label=Key::DeletePermanently
                        on_confirm
                        busy
                        require_text=slug
                    />
                }
            }}
        </section>
    }
    .into_any()
}
