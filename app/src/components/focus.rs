//! Focus handling for modal dialogs: move focus in when one opens, give it back when it
//! closes, keep Tab inside. Only the browser has focus to move; on the server these do nothing.

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use send_wrapper::SendWrapper;
    use wasm_bindgen::JsCast;
    use web_sys::HtmlElement;

    const FOCUSABLE: &str =
        "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
                             textarea:not([disabled]), a[href]";

    /// Moves focus into the dialog once mounted, and back to where it was when it closes.
    pub fn take_focus(dialog: NodeRef<leptos::html::Div>) {
        let previous = document()
            .active_element()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            .map(SendWrapper::new);
        Effect::new(move |_| {
            if let Some(dialog) = dialog.get() {
                if let Ok(Some(target)) = dialog.query_selector("[data-autofocus]") {
                    if let Ok(target) = target.dyn_into::<HtmlElement>() {
                        let _ = target.focus();
                    }
                }
            }
        });
        on_cleanup(move || {
            if let Some(previous) = previous {
                let _ = previous.focus();
            }
        });
    }

    /// Focuses the element with `id`, if there is one (a tab after an arrow key).
    pub fn focus_id(id: &str) {
        if let Some(element) = document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    }

    /// Keeps Tab and Shift+Tab cycling inside the dialog.
    pub fn trap_tab(dialog: NodeRef<leptos::html::Div>, ev: &leptos::ev::KeyboardEvent) {
        let Some(dialog) = dialog.get_untracked() else {
            return;
        };
        let Ok(nodes) = dialog.query_selector_all(FOCUSABLE) else {
            return;
        };
        let items: Vec<HtmlElement> = (0..nodes.length())
            .filter_map(|i| nodes.item(i))
            .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
            .collect();
        let (Some(first), Some(last)) = (items.first(), items.last()) else {
            return;
        };
        let active = document().active_element();
        let at = |el: &HtmlElement| active.as_ref().is_some_and(|a| a == el.as_ref());
        if ev.shift_key() && at(first) {
            ev.prevent_default();
            let _ = last.focus();
        } else if !ev.shift_key() && at(last) {
            ev.prevent_default();
            let _ = first.focus();
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    pub fn focus_id(_id: &str) {}

    use leptos::prelude::*;

    pub fn take_focus(_dialog: NodeRef<leptos::html::Div>) {}

    pub fn trap_tab(_dialog: NodeRef<leptos::html::Div>, _ev: &leptos::ev::KeyboardEvent) {}
}

pub use browser::{focus_id, take_focus, trap_tab};
