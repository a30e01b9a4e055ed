//! The confirm dialog for destructive actions: modal, focus moves in and returns on close,
//! Escape and the backdrop cancel (not while the request is in flight), Tab stays inside;
//! optionally asks to retype a word.

use crate::components::focus;
use crate::i18n::{fill, t, use_i18n, Key};
use leptos::prelude::*;

/// A modal asking to confirm; rendered only while `open`.
#[component]
pub fn ConfirmDialog(
    /// Whether the dialog is shown; the dialog closes itself on cancel.
    open: RwSignal<bool>,
    /// The headline.
    title: Key,
    /// What will happen, in words.
    #[prop(into)]
    message: Signal<String>,
    /// The confirm button's text.
    confirm_label: Key,
    /// Run on confirm; the caller closes the dialog when done.
    #[prop(into)]
    on_confirm: Callback<()>,
    /// While true the request is in flight: the confirm button is disabled and the dialog
    /// cannot be dismissed.
    #[prop(optional, into)]
    busy: MaybeProp<bool>,
    /// The confirm button's text while busy ("Disconnecting…"); the confirm label if none.
    #[prop(optional)]
    busy_label: Option<Key>,
    /// If given, the person must type this text before confirming.
    #[prop(optional, into)]
    require_text: Option<String>,
) -> AnyView {
    view! {
        <Show when=move || open.get()>
            <DialogBody
                open
                title
                message
                confirm_label
                on_confirm
                busy
                busy_label=busy_label.unwrap_or(confirm_label)
                require_text=require_text.clone()
            />
        </Show>
    }
    .into_any()
}

#[component]
fn DialogBody(
    open: RwSignal<bool>,
    title: Key,
    message: Signal<String>,
    confirm_label: Key,
    on_confirm: Callback<()>,
    busy: MaybeProp<bool>,
    busy_label: Key,
    require_text: Option<String>,
) -> AnyView {
    let locale = use_i18n().locale;
    let typed = RwSignal::new(String::new());
    let dialog_ref = NodeRef::<leptos::html::Div>::new();
    let is_busy = move || busy.get().unwrap_or(false);
    let expected = require_text.clone();
    let can_confirm = Signal::derive(move || {
        let matches = expected
            .as_deref()
            .is_none_or(|want| typed.with(|t| t.trim() == want));
        matches && !is_busy()
    });
    // Once the request is sent its outcome closes the dialog; leaving earlier would hide it.
    let close = move || {
        if !busy.get_untracked().unwrap_or(false) {
            open.set(false);
        }
    };

    focus::take_focus(dialog_ref);

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            close();
        } else if ev.key() == "Tab" {
            focus::trap_tab(dialog_ref, &ev);
        }
    };

    let prompt = require_text.clone().map(|word| {
        let label = move || fill(Key::ConfirmTypeToConfirm.text(locale.get()), &[&word]);
        view! {
            <div class="field">
                <label for="confirm-dialog-input">{label}</label>
                <input
                    id="confirm-dialog-input"
                    type="text"
                    autocomplete="off"
                    data-autofocus="true"
                    bind:value=typed
                />
            </div>
        }
    });
    let cancel_autofocus = require_text.is_none().then_some("true");

    view! {
        <div class="dialog-layer">
            <div class="dialog-backdrop" on:click=move |_| close()></div>
            <div
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="confirm-dialog-title"
                aria-describedby="confirm-dialog-message"
                node_ref=dialog_ref
                on:keydown=on_keydown
            >
                <h2 id="confirm-dialog-title">{t(title)}</h2>
                <p id="confirm-dialog-message">{move || message.get()}</p>
                {prompt}
                <div class="dialog-actions">
                    <button
                        type="button"
                        class="btn"
                        data-autofocus=cancel_autofocus
                        disabled=is_busy
                        on:click=move |_| close()
                    >
                        {t(Key::Cancel)}
                    </button>
                    <button
                        type="button"
                        class="btn btn-danger"
                        disabled=move || !can_confirm.get()
                        on:click=move |_| {
                            if can_confirm.get_untracked() {
                                on_confirm.run(());
                            }
                        }
                    >
                        {move || match is_busy() {
                            true => busy_label.text(locale.get()),
                            false => confirm_label.text(locale.get()),
                        }}
                    </button>
                </div>
            </div>
        </div>
    }
    .into_any()
}
