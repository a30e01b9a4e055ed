//! The loading indicator shown while a page's data is on its way.

use crate::i18n::{t, Key};
use leptos::prelude::*;

/// A quiet "Loading…" line; `aria-busy` rather than a live region, so only toasts announce.
#[component]
pub fn Loading() -> AnyView {
    view! { <p class="loading" aria-busy="true">{t(Key::Loading)}</p> }.into_any()
}
