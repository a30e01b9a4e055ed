//! The one error view every page uses for a failed load, with an optional retry.

use crate::api::ApiError;
use crate::i18n::{t, use_i18n, Key};
use crate::messages::api_error_text;
use leptos::prelude::*;

/// Shows `error` translated by its code, falling back to the server's message.
#[component]
pub fn ErrorView(
    /// What went wrong.
    error: ApiError,
    /// Offered as a "Try again" button when given.
    #[prop(optional, into)]
    retry: Option<Callback<()>>,
) -> AnyView {
    let locale = use_i18n().locale;
    let text = move || api_error_text(&error, locale.get());
    view! {
        <div class="error-view" role="alert">
            <p class="error-view-title">{t(Key::ErrTitle)}</p>
            <p>{text}</p>
            {retry.map(|retry| view! {
                <button type="button" class="btn" on:click=move |_| retry.run(())>
                    {t(Key::Retry)}
                </button>
            })}
        </div>
    }
    .into_any()
}
