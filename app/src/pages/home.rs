//! The home page: the workspace picker.

use crate::i18n::{t, Key};
use crate::session::use_session;
use leptos::prelude::*;

/// Lists the caller's workspaces.
#[component]
pub fn Home() -> impl IntoView {
    let session = use_session();
    view! {
        <main class="page-centered">
            <h1>{t(Key::AppName)}</h1>
            <Suspense fallback=move || view! { <p>{t(Key::Loading)}</p> }>
                {move || session.me.get().map(|me| match me {
                    Ok(me) => view! { <p data-testid="me-name">{me.user.name}</p> }.into_any(),
                    Err(e) => view! { <p>{e.message}</p> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}
