//! "Who can run this?": every member the server's explainer admits now, and through what
//! (ownership, the workspace, a name on the list, a team). Shown to the agent's owner and to
//! workspace admins, the people the explainer answers.

use crate::api::ApiError;
use crate::components::agents::data::{self, Directory, Pending};
use crate::components::loaded::Loaded;
use crate::components::workspace::context::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::agents::access_reason_key;
use agentry_core::agents::{AccessReason, TargetType};
use agentry_core::api::agents::{AccessExplanation, Agent};
use agentry_core::{TeamId, UserId};
use leptos::prelude::*;

/// The panel.
#[component]
pub fn WhoCanRun(agent: Signal<Agent>, directory: Signal<Directory>) -> AnyView {
    let ws = use_workspace();
    let answers = Resource::new(
        move || {
            let people: Vec<UserId> =
                directory.with(|d| d.members.iter().map(|m| m.user_id).collect());
            let access = agent.with(|a| (a.id, a.permission_mode, a.invocation_targets.clone()));
            (ws.id.get(), access, people)
        },
        |(ws, (id, _, _), people)| {
            let calls: Vec<Pending<Result<AccessExplanation, ApiError>>> = people
                .into_iter()
                .map(|user| {
                    let path = format!("/api/agents/{id}/access/explain?user_id={user}");
                    Box::pin(data::get::<AccessExplanation>(ws, path)) as Pending<_>
                })
                .collect();
            async move {
                data::join_all(calls)
                    .await
                    .into_iter()
                    .collect::<Result<Vec<_>, _>>()
            }
        },
    );
    view! {
        <section class="card" aria-labelledby="who-can-run-heading">
            <h2 id="who-can-run-heading">{t(Key::WhoCanRun)}</h2>
            <p class="muted">{t(Key::WhoCanRunHint)}</p>
            <Loaded
                resource=answers
                view={move |list: Signal<Vec<AccessExplanation>>| view! { <Admitted list directory /> }}
            />
        </section>
    }
    .into_any()
}

#[component]
fn Admitted(list: Signal<Vec<AccessExplanation>>, directory: Signal<Directory>) -> AnyView {
    let locale = use_i18n().locale;
    let rows = move || {
        let locale = locale.get();
        directory.with(|d| {
            list.with(|all| {
                all.iter()
                    .filter(|e| e.allowed)
                    .map(|e| {
                        let name = d.member_name(e.user_id).unwrap_or_default();
                        (e.user_id, name, why(e, d, locale))
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let count = move || {
        let admitted = list.with(|all| all.iter().filter(|e| e.allowed).count());
        let total = list.with(Vec::len);
        fill(
            Key::WhoCanRunCount.text(locale.get()),
            &[&admitted.to_string(), &total.to_string()],
        )
    };
    view! {
        <p class="who-count">{count}</p>
        <ul class="who-list">
            <For each=rows key=|(user, name, why)| (*user, name.clone(), why.clone()) let:row>
                <li>
                    <span class="member-name">{row.1}</span>
                    <span class="muted">{row.2}</span>
                </li>
            </For>
        </ul>
    }
    .into_any()
}

/// Why `explanation` admits its person, naming the team when a team does.
fn why(
    explanation: &AccessExplanation,
    directory: &Directory,
    locale: agentry_core::Locale,
) -> String {
    let team = explanation
        .via
        .filter(|v| v.target_type == TargetType::Team)
        .and_then(|v| v.target_id)
        .and_then(|id| directory.team_name(TeamId(id)));
    match (explanation.reason, team) {
        (AccessReason::AllowedTeam, Some(name)) => fill(Key::ViaTeam.text(locale), &[&name]),
        (reason, _) => access_reason_key(reason).text(locale).to_owned(),
    }
}
