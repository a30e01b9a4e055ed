//! Why the server refused to delete a runtime or a profile (409): the profile to delete
//! instead, or the agents still bound, each linked so they can be moved or archived first.

use crate::api::ApiError;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::api_error_text;
use leptos::prelude::*;
use leptos_router::components::A;

/// Why the server refused a delete: the profile to delete instead, or the agents to move.
#[component]
pub fn Refusal(error: ApiError) -> AnyView {
    let ws = use_workspace();
    let locale = use_i18n().locale;
    let text = {
        let error = error.clone();
        move || api_error_text(&error, locale.get())
    };
    let to_profiles = (error.code == "runtime_profile_instance_delete_unsupported").then(|| {
        view! {
            <A href=move || ws.href("settings/runtime-profiles")>{t(Key::GoToRuntimeProfiles)}</A>
        }
    });
    let hidden = error.hidden_agents;
    let hidden = (hidden > 0).then(|| {
        let text = move || {
            fill(
                Key::BoundAgentsHidden.text(locale.get()),
                &[&hidden.to_string()],
            )
        };
        view! { <p class="muted">{text}</p> }
    });
    let agents = (!error.agents.is_empty()).then(|| {
        let items = error
            .agents
            .iter()
            .map(|agent| {
                let (id, name) = (agent.id, agent.name.clone());
                view! { <li><A href=move || ws.href(&format!("agents/{id}"))>{name}</A></li> }
            })
            .collect_view();
        view! {
            <p>{t(Key::BoundAgentsToMove)}</p>
            <ul class="bound-agents">{items}</ul>
        }
    });
    view! {
        <div class="refusal" role="alert">
            <p>{text}</p>
            {to_profiles}
            {agents}
            {hidden}
        </div>
    }
    .into_any()
}
