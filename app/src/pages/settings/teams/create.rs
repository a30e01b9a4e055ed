//! The "create team" form.

use crate::api;
use crate::components::form::{FormError, FormState, TextField};
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::CreateTeamRequest;
use agentry_core::validate::{self, DESCRIPTION_MAX, NAME_MAX};
use agentry_core::Decision;
use leptos::{prelude::*, task::spawn_local};

/// Creates a team.
#[component]
pub fn CreateTeam(
    /// Whether the viewer may manage teams.
    allowed: Signal<Decision>,
    /// Called after creating, to reload the list.
    on_created: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let form = FormState::new();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let locked = Signal::derive(move || allowed.get().is_err());
    let (name_error, name_touched) = form.field_error("name", name, |v| {
        validate::name("name", v, NAME_MAX).map(|_| ())
    });
    let (description_error, description_touched) =
        form.field_error("description", description, |v| {
            validate::optional_text("description", Some(v), DESCRIPTION_MAX).map(|_| ())
        });
    let general_error = form.general_error(&["name", "description"]);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let (Ok(team_name), Ok(team_description)) = (
            validate::name("name", &name.get_untracked(), NAME_MAX),
            validate::optional_text(
                "description",
                Some(&description.get_untracked()),
                DESCRIPTION_MAX,
            ),
        ) else {
            return;
        };
        let Some(id) = ws.id.get_untracked() else {
            return;
        };
        form.busy.set(true);
        spawn_local(async move {
            let request = CreateTeamRequest {
                name: team_name,
                description: team_description,
            };
            match api::call(&endpoints::teams::Create { workspace: id }, &request).await {
                Ok(team) => {
                    toasts.success_with(Key::TeamCreated, &[&team.name]);
                    name.set(String::new());
                    description.set(String::new());
                    form.reset();
                    on_created.run(());
                }
                Err(e) => form.server.set(Some(e)),
            }
            form.busy.set(false);
        });
    };

    view! {
        <section class="card" aria-labelledby="new-team-heading">
            <h2 id="new-team-heading">{t(Key::NewTeam)}</h2>
            <form class="form" method="post" novalidate=true on:submit=on_submit>
                <TextField
                    id="team-name"
                    label=Key::TeamName
                    value=name
                    required=true
                    disabled=locked
                    error=name_error
                    touched=name_touched
                />
                <TextField
                    id="team-description"
                    label=Key::DescriptionOptional
                    value=description
                    disabled=locked
                    error=description_error
                    touched=description_touched
                />
                <FormError error=general_error />
                <button
                    type="submit"
                    class="btn btn-primary"
                    disabled=move || locked.get() || form.busy.get()
                >
                    {t(Key::CreateTeam)}
                </button>
            </form>
        </section>
    }
    .into_any()
}
