//! The agent's text fields (name, description, instructions) with their live checks by
//! `core`'s rules: one form part shared by the create dialog and the Overview tab's editor.

use crate::components::form::{FormState, TextArea, TextField};
use crate::i18n::Key;
use crate::messages::agents::agent_validation_text;
use agentry_core::agents::fields;
use leptos::prelude::*;

/// The three values and their errors, created once per form.
#[derive(Clone, Copy)]
pub struct AgentText {
    /// The name, two-way bound.
    pub name: RwSignal<String>,
    /// The description (empty: none).
    pub description: RwSignal<String>,
    /// The instructions.
    pub instructions: RwSignal<String>,
    errors: [(Signal<Option<String>>, RwSignal<bool>); 3],
}

/// The fields' names on the wire, which the server's `field` names too.
pub const FIELDS: &[&str] = &["name", "description", "instructions"];

/// The values `core` accepted: name, description (`None` when empty), instructions.
pub type Checked = (String, Option<String>, String);

impl AgentText {
    /// The fields of `form`, starting from these values.
    pub fn new(form: &FormState, name: String, description: String, instructions: String) -> Self {
        let name = RwSignal::new(name);
        let description = RwSignal::new(description);
        let instructions = RwSignal::new(instructions);
        let errors = [
            form.field_error_in(
                "name",
                name,
                |v| fields::agent_name(v).map(|_| ()),
                agent_validation_text,
            ),
            form.field_error_in(
                "description",
                description,
                |v| fields::agent_description(Some(v)).map(|_| ()),
                agent_validation_text,
            ),
            form.field_error_in(
                "instructions",
                instructions,
                |v| fields::instructions(v).map(|_| ()),
                agent_validation_text,
            ),
        ];
        Self {
            name,
            description,
            instructions,
            errors,
        }
    }

    /// The values as `core` normalises them, or `None` while one is invalid (its error shows
    /// under it, since the form was submitted).
    pub fn checked(&self) -> Option<Checked> {
        let name = fields::agent_name(&self.name.get_untracked()).ok()?;
        let description =
            fields::agent_description(Some(&self.description.get_untracked())).ok()?;
        let instructions = fields::instructions(&self.instructions.get_untracked()).ok()?;
        Some((name, description, instructions))
    }
}

/// The three inputs; ids are `{prefix}-name`, `{prefix}-description`, `{prefix}-instructions`.
#[component]
pub fn AgentTextFields(
    text: AgentText,
    prefix: &'static str,
    /// Visible lines of the instructions.
    instructions_rows: u32,
    /// Focus the name when the form opens (the create dialog).
    #[prop(optional)]
    autofocus: bool,
) -> impl IntoView {
    let [(name_error, name_touched), (description_error, description_touched), (instructions_error, instructions_touched)] =
        text.errors;
    view! {
        <TextField
            id=format!("{prefix}-name")
            label=Key::AgentName
            value=text.name
            required=true
            autofocus
            autocomplete="off"
            error=name_error
            touched=name_touched
        />
        <TextArea
            id=format!("{prefix}-description")
            label=Key::AgentDescription
            value=text.description
            rows=2
            error=description_error
            touched=description_touched
        />
        <TextArea
            id=format!("{prefix}-instructions")
            label=Key::AgentInstructions
            hint=Key::AgentInstructionsHint
            value=text.instructions
            rows=instructions_rows
            error=instructions_error
            touched=instructions_touched
        />
    }
}
