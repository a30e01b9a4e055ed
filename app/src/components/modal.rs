//! A modal dialog for forms (create an agent, set access on many): focus moves in and returns
//! on close, Escape and the backdrop close it, Tab stays inside. Rendered only while open.

use crate::components::focus;
use crate::i18n::{t, Key};
use leptos::prelude::*;

/// A titled modal around `children`; put `data-autofocus` on the element to focus first.
#[component]
pub fn Modal(
    /// Whether the dialog is shown; Escape, the backdrop and the close button clear it.
    open: RwSignal<bool>,
    /// The id of the heading, unique on the page.
    id: &'static str,
    /// The headline.
    title: Key,
    /// The dialog's content.
    children: ChildrenFn,
) -> AnyView {
    let children = StoredValue::new(children);
    view! {
        <Show when=move || open.get()>
            <ModalBody open id title children=children.get_value() />
        </Show>
    }
    .into_any()
}

#[component]
fn ModalBody(open: RwSignal<bool>, id: &'static str, title: Key, children: ChildrenFn) -> AnyView {
    let dialog_ref = NodeRef::<leptos::html::Div>::new();
    focus::take_focus(dialog_ref);
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            open.set(false);
        } else if ev.key() == "Tab" {
            focus::trap_tab(dialog_ref, &ev);
        }
    };
    view! {
        <div class="dialog-layer">
            <div class="dialog-backdrop" on:click=move |_| open.set(false)></div>
            <div
                class="dialog dialog-wide"
                role="dialog"
                aria-modal="true"
                aria-labelledby=id
                node_ref=dialog_ref
                on:keydown=on_keydown
            >
                <div class="dialog-head">
                    <h2 id=id>{t(title)}</h2>
                    <button
                        type="button"
                        class="toast-close"
                        aria-label=t(Key::Close)
                        on:click=move |_| open.set(false)
                    >
                        "×"
                    </button>
                </div>
                {children()}
            </div>
        </div>
    }
    .into_any()
}
