//! The profile form's protocol family: a choice from the core whitelist, read-only once the
//! profile exists.

use crate::i18n::{t, Key};
use agentry_core::runtimes::FAMILIES;
use leptos::prelude::*;

/// The family `<select>` with its hint and the server's error.
#[component]
pub fn FamilySelect(
    family: RwSignal<String>,
    prefix: &'static str,
    /// Editing an existing profile: the family cannot change.
    locked: bool,
    error: Signal<Option<String>>,
    /// The edited profile's family when the whitelist no longer has it, so it stays readable.
    retired: Option<String>,
) -> AnyView {
    let select_id = format!("{prefix}-family");
    let hint_id = format!("{prefix}-family-hint");
    let error_id = format!("{prefix}-family-error");
    view! {
        <div class="field">
            <label for=select_id.clone()>{t(Key::ProfileFamily)}</label>
            <p class="field-hint" id=hint_id.clone()>
                {t(if locked { Key::ProfileFamilyLocked } else { Key::ProfileFamilyHint })}
            </p>
            <select
                id=select_id
                disabled=locked
                aria-describedby=format!("{hint_id} {error_id}")
                aria-invalid=move || error.get().map(|_| "true")
                on:change=move |ev| family.set(event_target_value(&ev))
                prop:value=move || family.get()
            >
                {FAMILIES
                    .iter()
                    .map(|f| view! {
                        <option value=f.name selected=move || family.with(|v| v == f.name)>{f.label}</option>
                    })
                    .collect_view()}
                {retired.map(|name| view! { <option value=name.clone() selected=true>{name.clone()}</option> })}
            </select>
            <p class="field-error" id=error_id aria-live="polite">{move || error.get()}</p>
        </div>
    }
    .into_any()
}
