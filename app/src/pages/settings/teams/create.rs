//! The "create team" form.

use super::fields::{TeamDraft, TeamFields, FIELDS};
use crate::api;
use crate::components::form::{FormError, FormState};
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::CreateTeamRequest;
use agentry_core::Decision;
use leptos::prelude::*;

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
    let draft = TeamDraft::new(&form, String::new(), String::new());
    let locked = Signal::derive(move || allowed.get().is_err());
    let general_error = form.general_error(FIELDS);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let Some((team_name, team_description)) = draft.checked() else {
            return;
        };
        let Some(id) = ws.id.get_untracked() else {
            return;
        };
        let request = CreateTeamRequest {
            name: team_name,
            description: team_description,
        };
        form.submit(
            api::call(&endpoints::teams::Create { workspace: id }, &request),
            move |team| {
                toasts.success_with(Key::TeamCreated, &[&team.name]);
                draft.clear();
                form.reset();
                on_created.run(());
            },
        );
    };

    view! {
        <section class="card" aria-labelledby="new-team-heading">
            <h2 id="new-team-heading">{t(Key::NewTeam)}</h2>
            <form class="form" method="post" novalidate=true on:submit=on_submit>
                <TeamFields draft prefix="team" name_label=Key::TeamName disabled=locked />
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
