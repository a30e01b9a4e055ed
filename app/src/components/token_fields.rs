//! The fields both token forms ask for, a name and a lifetime in days, checked live by the
//! same `core` rules: one form part for personal access tokens and daemon tokens.

use crate::components::form::{FormState, TextField};
use crate::i18n::Key;
use agentry_core::validate::{self, NAME_MAX};
use leptos::prelude::*;

/// The two values and their errors, created once per form.
#[derive(Clone, Copy)]
pub struct TokenDraft {
    name: RwSignal<String>,
    days: RwSignal<String>,
    errors: [(Signal<Option<String>>, RwSignal<bool>); 2],
}

/// The fields' names on the wire, which the server's `field` names too.
pub const FIELDS: &[&str] = &["name", "expires_in_days"];

impl TokenDraft {
    /// Empty fields of `form`.
    pub fn new(form: &FormState) -> Self {
        let name = RwSignal::new(String::new());
        let days = RwSignal::new(String::new());
        let errors = [
            form.field_error("name", name, |v| {
                validate::name("name", v, NAME_MAX).map(|_| ())
            }),
            form.field_error("expires_in_days", days, |v| {
                validate::expires_in_days_text(v).map(|_| ())
            }),
        ];
        Self { name, days, errors }
    }

    /// The name and the lifetime (`None`: the server's default), or `None` while one is
    /// invalid (its error shows under it).
    pub fn checked(&self) -> Option<(String, Option<i64>)> {
        let name = validate::name("name", &self.name.get_untracked(), NAME_MAX).ok()?;
        let days = validate::expires_in_days_text(&self.days.get_untracked()).ok()?;
        Some((name, days))
    }

    /// Empties both fields after a token was made.
    pub fn clear(&self) {
        self.name.set(String::new());
        self.days.set(String::new());
    }
}

/// The two inputs; ids are `{prefix}-name` and `{prefix}-days`.
#[component]
pub fn TokenFields(
    draft: TokenDraft,
    prefix: &'static str,
    /// What the name is for.
    name_hint: Key,
    /// What happens when no lifetime is given.
    days_hint: Key,
) -> impl IntoView {
    let [(name_error, name_touched), (days_error, days_touched)] = draft.errors;
    view! {
        <TextField
            id=format!("{prefix}-name")
            label=Key::TokenName
            value=draft.name
            autocomplete="off"
            required=true
            hint=name_hint
            error=name_error
            touched=name_touched
        />
        <TextField
            id=format!("{prefix}-days")
            label=Key::TokenExpiresDays
            value=draft.days
            input_type="number"
            autocomplete="off"
            hint=days_hint
            error=days_error
            touched=days_touched
        />
    }
}
