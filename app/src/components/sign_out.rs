//! The sign-out button: ends the session on the server, then returns to the sign-in page.

use crate::api;
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::i18n::{t, Key};
use agentry_core::api::catalogue as endpoints;
use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_navigate;

/// A "Sign out" button.
#[component]
pub fn SignOutButton() -> AnyView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let on_click = move |_| {
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::call(&endpoints::auth::Logout, &()).await;
            busy.set(false);
            match result {
                Err(e) if !e.is_unauthenticated() => toasts.error(e),
                _ => {
                    // Leave the protected page first, so its gate does not redirect back here.
                    navigate("/login", Default::default());
                    session.set_signed_out();
                    toasts.success(Key::SignedOut);
                }
            }
        });
    };
    view! {
        <button type="button" class="btn btn-quiet" disabled=move || busy.get() on:click=on_click>
            {t(Key::SignOut)}
        </button>
    }
    .into_any()
}
