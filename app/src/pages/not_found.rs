//! The page for an address that matches no route.

use crate::i18n::{t, Key};
use leptos::prelude::*;

/// Shown for unknown paths.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! { <main class="page-centered"><h1>{t(Key::AppName)}</h1><p>"404"</p></main> }
}
