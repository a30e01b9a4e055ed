//! The document title of a page: "<page> · Agentry", following the locale.

use crate::i18n::{use_i18n, Key};
use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the document title to `key`'s text.
#[component]
pub fn PageTitle(key: Key) -> AnyView {
    let locale = use_i18n().locale;
    view! { <Title text=move || format!("{} · {}", key.text(locale.get()), Key::AppName.text(locale.get())) /> }
    .into_any()
}
