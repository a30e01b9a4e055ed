//! The page for an address that matches no route.

use crate::components::empty_state::EmptyState;
use crate::components::page_title::PageTitle;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos_router::components::A;

/// Shown for unknown paths.
#[component]
pub fn NotFound() -> AnyView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <PageTitle key=Key::NotFoundTitle />
        <main id="main" class="page-centered">
            <EmptyState title=Key::NotFoundTitle body=Key::NotFoundBody>
                <A href="/" attr:class="btn btn-primary">{t(Key::GoHome)}</A>
            </EmptyState>
        </main>
    }
    .into_any()
}
