//! The Runs tab: the agent's runs, newest first, with their kind, status and what they work
//! on, each linking to its task page; refreshed live as runs change.

use crate::api;
use crate::components::empty_state::EmptyState;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::components::runtimes::live::on_work_events;
use crate::components::work::run_badge::RunBadge;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use crate::messages::work::task_kind_key;
use agentry_core::api::agents::Agent;
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::api::tasks::Task;
use leptos::prelude::*;
use leptos_router::components::A;

/// The Runs tab.
#[component]
pub fn RunsTab(agent: Signal<Agent>) -> AnyView {
    let ws = use_workspace();
    let agent_id = Memo::new(move |_| agent.with(|a| a.id));
    // Browser-only (this tab renders inside the page's Transition).
    let tasks = LocalResource::new(move || {
        let id = agent_id.get();
        let list = api::call_known(
            ws.id
                .get()
                .map(|workspace| endpoints::tasks::List { workspace }),
            &(),
            "no such workspace",
        );
        async move {
            list.await.map(|all: Vec<Task>| {
                all.into_iter()
                    .filter(|t| t.agent_id == id)
                    .collect::<Vec<_>>()
            })
        }
    });
    on_work_events(
        ws.id,
        Callback::new(move |event: Option<ServerEvent>| {
            if !matches!(event, Some(ServerEvent::IssueChanged { .. })) {
                tasks.refetch();
            }
        }),
    );
    view! {
        <section class="card" aria-labelledby="agent-runs-heading">
            <h2 id="agent-runs-heading">{t(Key::TabRuns)}</h2>
            {move || match tasks.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error retry=move || tasks.refetch() /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <EmptyState title=Key::NoRunsTitle body=Key::NoRunsBody />
                }.into_any(),
                Some(Ok(list)) => view! { <RunTable tasks=list /> }.into_any(),
            }}
        </section>
    }
    .into_any()
}

#[component]
fn RunTable(tasks: Vec<Task>) -> AnyView {
    let ws = use_workspace();
    let rows = tasks
        .into_iter()
        .map(|task| {
            let href = ws.href_untracked(&format!("tasks/{}", task.id));
            let issue = task.issue_id.map(|issue| {
                let href = ws.href_untracked(&format!("issues/{issue}"));
                view! { <A href=href>{t(Key::OpenIssue)}</A> }
            });
            view! {
                <tr>
                    <td data-label=t(Key::ColRun)>
                        <A href=href>{task.created_at.clone()}</A>
                    </td>
                    <td data-label=t(Key::RunKind)>{t(task_kind_key(task.kind))}</td>
                    <td data-label=t(Key::ColStatus)><RunBadge status=task.status /></td>
                    <td data-label=t(Key::KindIssue)>{issue}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table runs-table">
                <thead>
                    <tr>
                        <th scope="col">{t(Key::ColRun)}</th>
                        <th scope="col">{t(Key::RunKind)}</th>
                        <th scope="col">{t(Key::ColStatus)}</th>
                        <th scope="col">{t(Key::KindIssue)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
