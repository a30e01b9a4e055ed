//! A team's name and description with their live checks: one form part shared by the "new
//! team" form and the inline rename.

use crate::components::form::{FormState, TextField};
use crate::i18n::Key;
use agentry_core::validate::{self, DESCRIPTION_MAX, NAME_MAX};
use leptos::prelude::*;

/// The two values and their errors, created once per form.
#[derive(Clone, Copy)]
pub struct TeamDraft {
    name: RwSignal<String>,
    description: RwSignal<String>,
    errors: [(Signal<Option<String>>, RwSignal<bool>); 2],
}

/// The fields' names on the wire, which the server's `field` names too.
pub const FIELDS: &[&str] = &["name", "description"];

impl TeamDraft {
    /// Fields of `form`, starting from these values.
    pub fn new(form: &FormState, name: String, description: String) -> Self {
        let name = RwSignal::new(name);
        let description = RwSignal::new(description);
        let errors = [
            form.field_error("name", name, |v| {
                validate::name("name", v, NAME_MAX).map(|_| ())
            }),
            form.field_error("description", description, |v| {
                validate::optional_text("description", Some(v), DESCRIPTION_MAX).map(|_| ())
            }),
        ];
        Self {
            name,
            description,
            errors,
        }
    }

    /// The name and description (`None` when empty), or `None` while one is invalid.
    pub fn checked(&self) -> Option<(String, Option<String>)> {
        let name = validate::name("name", &self.name.get_untracked(), NAME_MAX).ok()?;
        let description = validate::optional_text(
            "description",
            Some(&self.description.get_untracked()),
            DESCRIPTION_MAX,
        )
        .ok()?;
        Some((name, description))
    }

    /// Empties both fields after a team was made.
    pub fn clear(&self) {
        self.name.set(String::new());
        self.description.set(String::new());
    }
}

/// The two inputs; ids are `{prefix}-name` and `{prefix}-description`.
#[component]
pub fn TeamFields(
    draft: TeamDraft,
    #[prop(into)] prefix: String,
    /// The name's label.
    name_label: Key,
    /// Greyed out (the viewer may not manage teams).
    #[prop(optional, into)]
    disabled: MaybeProp<bool>,
) -> impl IntoView {
    let [(name_error, name_touched), (description_error, description_touched)] = draft.errors;
    view! {
        <TextField
            id=format!("{prefix}-name")
            label=name_label
            value=draft.name
            required=true
            disabled
            error=name_error
            touched=name_touched
        />
        <TextField
            id=format!("{prefix}-description")
            label=Key::DescriptionOptional
            value=draft.description
            disabled
            error=description_error
            touched=description_touched
        />
    }
}
