//! "Who can run this?": every member the server's explainer admits now, and through what
//! (ownership, the workspace, a name on the list, a team). Shown to the agent's owner and to
//! workspace admins, the people the explainer answers.

use super::panels::Later;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::contexts::directory::Directory;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::agents::access_reason_key;
use agentry_core::agents::{AccessReason, TargetType};
use agentry_core::api::agents::MemberExplanation;
use agentry_core::TeamId;
use leptos::prelude::*;

/// The panel, over the explainer's answers (`None` while they load).
#[component]
pub fn WhoCanRun(answers: Later<MemberExplanation>, directory: Signal<Directory>) -> AnyView {
    view! {
        <section class="card" aria-labelledby="who-can-run-heading">
            <h2 id="who-can-run-heading">{t(Key::WhoCanRun)}</h2>
            <p class="muted">{t(Key::WhoCanRunHint)}</p>
            {move || match answers.get() {
                Some(Ok(Some(list))) => {
                    view! { <Admitted list=Signal::stored(list) directory /> }.into_any()
                }
                Some(Err(error)) => view! { <ErrorView error retry=move || answers.refetch() /> }
                    .into_any(),
                _ => view! { <Loading /> }.into_any(),
            }}
        </section>
    }
    .into_any()
}

#[component]
fn Admitted(list: Signal<Vec<MemberExplanation>>, directory: Signal<Directory>) -> AnyView {
    let locale = use_i18n().locale;
    let rows = move || {
        let locale = locale.get();
        directory.with(|d| {
            list.with(|all| {
                all.iter()
                    .filter(|e| e.allowed)
                    .map(|e| (e.user_id, e.name.clone(), why(e, d, locale)))
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
    explanation: &MemberExplanation,
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
