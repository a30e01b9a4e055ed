//! The document title of a page: "<page> · Agentry", following the locale.

use crate::i18n::{use_i18n, Key};
use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the document title to `key`'s text.
#[component]
pub fn PageTitle(key: Key) -> AnyView {
    let locale = use_i18n().locale;
    title(move || {
        format!(
            "{} · {}",
            key.text(locale.get()),
            Key::AppName.text(locale.get())
        )
    })
}

/// A `<Title>` whose text is `text`. In the browser the title follows the locale; on the
/// server it is the text computed now, as a plain string. Why: leptos_axum reads the title
/// after the page has rendered, outside the request's reactive owner and arena, so a closure
/// reading a signal there reads whichever arena the worker thread last ran (another request's,
/// or a dropped one): a panic ("no Arena is active", "already disposed") that dropped about
/// 2 % of page responses mid-body. The server never changes the locale after rendering, so the
/// string is the same text the closure would give.
pub fn title(text: impl Fn() -> String + Send + Sync + 'static) -> AnyView {
    #[cfg(feature = "ssr")]
    let text = text();
    view! { <Title text=text /> }.into_any()
}
