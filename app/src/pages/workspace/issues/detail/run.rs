//! The assigned agent's run on the issue: its status and transcript (both live), the way to
//! its task page, and "Run again". Nothing shows until an agent has had a run here.

use crate::api;
use crate::components::work::run_badge::RunBadge;
use crate::components::work::transcript::Transcript;
use crate::contexts::toasts::use_toasts;
use crate::contexts::work::WorkDirectory;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::issues::{Issue, RerunRequest};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;

/// The run section.
#[component]
pub fn RunPanel(
    issue: Signal<Issue>,
    work: Signal<WorkDirectory>,
    tick: RwSignal<u32>,
    on_saved: Callback<Issue>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let _ = work;
    let run = Memo::new(move |_| issue.with(|i| i.run.clone()));
    // The transcript is rebuilt only when the run itself changes, not on each status change.
    let task_id = Memo::new(move |_| run.with(|r| r.as_ref().map(|r| r.task_id)));
    let agent_assigned =
        move || issue.with(|i| i.assignee.as_ref().is_some_and(|a| a.kind == "agent"));
    let rerun = move |_| {
        let Some(workspace) = ws.id.get_untracked() else {
            return;
        };
        let id = issue.with_untracked(|i| i.id.to_string());
        let call = api::call(
            &endpoints::issues::Rerun { workspace, id },
            &RerunRequest::default(),
        );
        busy.set(true);
        spawn_local(async move {
            match call.await {
                Ok(_) => {
                    toasts.success(Key::RunRequested);
                    on_saved.run(issue.get_untracked());
                    tick.update(|n| *n += 1);
                }
                Err(error) => toasts.error(error),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="issue-section run-panel" aria-labelledby="issue-run-heading">
            <div class="section-head">
                <h2 id="issue-run-heading">{t(Key::AgentRun)}</h2>
                {move || agent_assigned().then(|| view! {
                    <button type="button" class="btn" disabled=move || busy.get() on:click=rerun>
                        {t(Key::RunAgain)}
                    </button>
                })}
            </div>
            {move || match run.get() {
                None => view! { <p class="muted">{t(Key::NoRunYet)}</p> }.into_any(),
                Some(run) => {
                    let href = ws.href(&format!("tasks/{}", run.task_id));
                    view! {
                        <p class="run-line" aria-live="polite">
                            <RunBadge status=run.status />
                            " "
                            <A href=href>{t(Key::ViewRun)}</A>
                        </p>
                    }
                    .into_any()
                }
            }}
            {move || task_id.get().map(|id| view! { <Transcript task=id tick /> })}
        </section>
    }
    .into_any()
}
