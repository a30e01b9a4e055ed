//! Tabs that are a real tablist: `role="tab"` buttons with a roving tabindex, arrow keys, Home
//! and End, each tab tied to its `role="tabpanel"`. The caller decides whether a selection
//! happens (e.g. after a "discard changes?" question), so selecting goes through a callback.

use crate::components::focus;
use crate::i18n::{t, Key};
use leptos::prelude::*;

fn tab_id(prefix: &str, name: &str) -> String {
    format!("{prefix}-tab-{name}")
}

fn panel_id(prefix: &str, name: &str) -> String {
    format!("{prefix}-panel-{name}")
}

/// The row of tabs. Only the selected tab's panel is rendered, so only it is referenced.
#[component]
pub fn TabList(
    /// Prefix of the tab and panel ids, unique on the page.
    prefix: &'static str,
    /// The tablist's accessible name.
    label: Key,
    /// Each tab's name (used in ids) and text.
    tabs: Vec<(&'static str, Key)>,
    /// The selected tab's name.
    #[prop(into)]
    selected: Signal<&'static str>,
    /// Asked to select a tab (by click or key).
    on_select: Callback<&'static str>,
) -> AnyView {
    let names: Vec<&'static str> = tabs.iter().map(|(name, _)| *name).collect();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let current = selected.get_untracked();
        let Some(at) = names.iter().position(|n| *n == current) else {
            return;
        };
        let last = names.len().saturating_sub(1);
        let next = match ev.key().as_str() {
            "ArrowRight" => (at + 1) % names.len(),
            "ArrowLeft" => at.checked_sub(1).unwrap_or(last),
            "Home" => 0,
            "End" => last,
            _ => return,
        };
        ev.prevent_default();
        let next = names[next];
        on_select.run(next);
        // Follow with focus only if the selection happened (it may wait on a question).
        if selected.get_untracked() == next {
            focus::focus_id(&tab_id(prefix, next));
        }
    };
    let buttons = tabs
        .into_iter()
        .map(|(name, key)| {
            let is_selected = move || selected.get() == name;
            view! {
                <button
                    type="button"
                    role="tab"
                    class="tab"
                    id=tab_id(prefix, name)
                    aria-selected=move || is_selected().to_string()
                    aria-controls=move || is_selected().then(|| panel_id(prefix, name))
                    tabindex=move || if is_selected() { "0" } else { "-1" }
                    on:click=move |_| on_select.run(name)
                >
                    {t(key)}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="tabs" role="tablist" aria-label=t(label) on:keydown=on_keydown>
            {buttons}
        </div>
    }
    .into_any()
}

/// The panel of tab `name`.
#[component]
pub fn TabPanel(
    /// The same prefix as the [`TabList`].
    prefix: &'static str,
    /// The tab's name.
    name: &'static str,
    children: Children,
) -> AnyView {
    view! {
        <div
            class="tab-panel"
            role="tabpanel"
            id=panel_id(prefix, name)
            aria-labelledby=tab_id(prefix, name)
            tabindex="0"
        >
            {children()}
        </div>
    }
    .into_any()
}
