//! The region toasts appear in: the page's only polite live region.

use crate::contexts::toasts::{use_toasts, Message};
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::api_error_text;
use leptos::prelude::*;

/// The region toasts appear in: the page's only `role="status"`.
#[component]
pub fn ToastRegion() -> AnyView {
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.items.get() key=|toast| toast.id let:toast>
                {
                    let id = toast.id;
                    let is_error = !matches!(toast.message, Message::Text(..));
                    let message = toast.message.clone();
                    let text = move || match &message {
                        Message::Text(key, args) | Message::Problem(key, args) => {
                            let args: Vec<&str> = args.iter().map(String::as_str).collect();
                            fill(key.text(locale.get()), &args)
                        }
                        Message::Error(e) => api_error_text(e, locale.get()),
                    };
                    view! {
                        <div class="toast" class:toast-error=is_error>
                            <span>{text}</span>
                            <button
                                type="button"
                                class="toast-close"
                                aria-label=t(Key::Dismiss)
                                on:click=move |_| toasts.dismiss(id)
                            >
                                "×"
                            </button>
                        </div>
                    }
                }
            </For>
        </div>
    }
    .into_any()
}
