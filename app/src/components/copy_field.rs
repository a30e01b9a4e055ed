//! A read-only value (an invitation link, a new token) with a Copy button.

use crate::contexts::toasts::use_toasts;
use crate::i18n::{t, Key};
use leptos::prelude::*;

/// Shows `value` in a labelled read-only input and copies it to the clipboard on request.
#[component]
pub fn CopyField(
    /// The input's id, unique on the page.
    id: &'static str,
    /// The input's label.
    label: Key,
    /// The button's text.
    copy_label: Key,
    /// The text to show and copy.
    value: String,
) -> AnyView {
    let toasts = use_toasts();
    let to_copy = value.clone();
    let copy = move |_| {
        copy_to_clipboard(&to_copy);
        toasts.success(Key::Copied);
    };
    view! {
        <div class="field copy-field">
            <label for=id>{t(label)}</label>
            <div class="copy-row">
                <input
                    id=id
                    type="text"
                    readonly=true
                    value=value
                    on:focus=move |ev| select_all(&ev)
                />
                <button type="button" class="btn" on:click=copy>{t(copy_label)}</button>
            </div>
        </div>
    }
    .into_any()
}

/// Puts `text` on the clipboard (best effort: the browser may refuse).
#[cfg(feature = "hydrate")]
pub fn copy_to_clipboard(text: &str) {
    if let Some(window) = web_sys::window() {
        // The promise settles later; a refusal leaves the selectable input as the fallback.
        let _ = window.navigator().clipboard().write_text(text);
    }
}

/// Puts `text` on the clipboard: nothing to do while rendering on the server.
#[cfg(not(feature = "hydrate"))]
pub fn copy_to_clipboard(_text: &str) {}

#[cfg(feature = "hydrate")]
fn select_all(ev: &leptos::ev::FocusEvent) {
    use wasm_bindgen::JsCast;
    if let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.select();
    }
}

#[cfg(not(feature = "hydrate"))]
fn select_all(_ev: &leptos::ev::FocusEvent) {}
