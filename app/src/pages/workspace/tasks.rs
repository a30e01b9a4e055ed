//! `/w/:slug/tasks/:id`: one run of an agent. Its status, kind, agent and what it works on,
//! the timeline (queued, dispatched, started, finished), the failure or result, the hash of
//! the brief it was given and its turn prompt, the live transcript, the run's calls to
//! connected apps (an audit), and "Cancel run" (with a confirm) for the people core's cancel
//! rule allows; others are told why they may not. A run whose cancel is asked but not yet
//! confirmed by its daemon reads "Stopping…".

use crate::api::{self, ApiError};
use crate::components::confirm::ConfirmDialog;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::components::page_title::title;
use crate::components::runtimes::live::on_work_events;
use crate::components::work::run_badge::RunBadge;
use crate::components::work::tool_calls::ToolCalls;
use crate::components::work::transcript::Transcript;
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::contexts::work::{load_work_directory, WorkDirectory};
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, use_i18n, Key};
use crate::messages::work::task_kind_key;
use agentry_core::agents::RoleState;
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::api::tasks::Task;
use agentry_core::work::{can_cancel_task, TaskCanceller};
use agentry_core::TaskId;
use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// Whether the person may stop `task`: core's cancel rule, with their role once known.
fn may_cancel(
    task: &Task,
    work: &WorkDirectory,
    me: Option<agentry_core::UserId>,
    role: RoleState,
) -> bool {
    let (Some(user), RoleState::Known(role)) = (me, role) else {
        return false;
    };
    let agent_owner = work
        .agents
        .iter()
        .find(|a| a.id == task.agent_id)
        .and_then(|a| a.owner_id);
    can_cancel_task(&TaskCanceller {
        user,
        role,
        originator: task.originator_user_id,
        agent_owner,
    })
    .is_ok()
}

/// The task page.
#[component]
pub fn TaskDetail() -> AnyView {
    let ws = use_workspace();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|raw| TaskId::parse(&raw)));
    let task = Resource::new(
        move || (ws.id.get(), id.get()),
        |(ws, id)| {
            let endpoint = ws
                .zip(id)
                .map(|(workspace, id)| endpoints::tasks::Show { workspace, id });
            api::call_known(endpoint, &(), "no such run")
        },
    );
    let work = Resource::new(move || ws.id.get(), load_work_directory);
    let tick = RwSignal::new(0u32);
    on_work_events(
        ws.id,
        Callback::new(move |event: Option<ServerEvent>| {
            let mine = match &event {
                Some(ServerEvent::TaskChanged { task_id, .. }) => {
                    Some(*task_id) == id.get_untracked()
                }
                Some(_) => false,
                None => true,
            };
            if mine {
                task.refetch();
                tick.update(|n| *n += 1);
            }
        }),
    );
    let current =
        Memo::new(move |_| task.with(|t| t.as_ref().and_then(|r| r.as_ref().ok()).cloned()));
    let failed = Memo::new(move |_| match (task.get(), work.get()) {
        (Some(Err(e)), _) | (_, Some(Err(e))) => Some(e),
        _ => None,
    });
    let directory = Signal::derive(move || {
        work.with(|w| w.as_ref().and_then(|r| r.as_ref().ok()).cloned())
            .unwrap_or_default()
    });
    let retry = Callback::new(move |()| {
        task.refetch();
        work.refetch();
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || {
                task.with(|_| ());
                work.with(|_| ());
            }}
            {move || match (failed.get(), current.get().is_some() && work.with(|w| matches!(w, Some(Ok(_))))) {
                (Some(error), _) => view! { <ErrorView error retry /> }.into_any(),
                (None, true) => match current.get_untracked() {
                    Some(first) => {
                        let task_signal = Signal::derive(move || current.get().unwrap_or_else(|| first.clone()));
                        let on_saved = Callback::new(move |t: Task| task.set(Some(Ok::<Task, ApiError>(t))));
                        view! { <TaskView task=task_signal work=directory tick on_saved /> }.into_any()
                    }
                    None => view! { <Loading /> }.into_any(),
                },
                (None, false) => view! { <Loading /> }.into_any(),
            }}
        </Transition>
    }
    .into_any()
}

#[component]
fn TaskView(
    task: Signal<Task>,
    work: Signal<WorkDirectory>,
    tick: RwSignal<u32>,
    on_saved: Callback<Task>,
) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let confirm_open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let agent_name = move || {
        let id = task.with(|t| t.agent_id);
        work.with(|w| w.agent_name(id))
            .unwrap_or_else(|| Key::UnknownAgent.text(locale.get()).to_owned())
    };
    let heading = move || format!("{} · {}", Key::RunTitle.text(locale.get()), agent_name());
    let active = move || task.with(|t| !t.status.is_terminal());
    // Cancel was asked and the daemon has not confirmed the process group gone yet.
    let stopping =
        move || task.with(|t| !t.status.is_terminal() && t.cancel_requested_at.is_some());
    let allowed = Memo::new(move |_| {
        let me = session.current().map(|me| me.user.id);
        let role = ws.role_state.get();
        task.with(|t| work.with(|w| may_cancel(t, w, me, role)))
    });
    let on_cancel = Callback::new(move |()| {
        let Some(workspace) = ws.id.get_untracked() else {
            return;
        };
        let id = task.with_untracked(|t| t.id);
        let call = api::call(&endpoints::tasks::Cancel { workspace, id }, &());
        busy.set(true);
        spawn_local(async move {
            match call.await {
                Ok(saved) => {
                    toasts.success(Key::RunCancelRequested);
                    on_saved.run(saved);
                }
                Err(error) => toasts.error(error),
            }
            busy.set(false);
            confirm_open.set(false);
        });
    });
    let cancel_message = Signal::derive(move || Key::CancelRunBody.text(locale.get()).to_owned());
    let stamp =
        move |pick: fn(&Task) -> Option<String>| task.with(pick).unwrap_or_else(|| "—".to_owned());
    let fact = move |label: Key, value: Box<dyn Fn() -> String + Send + Sync>| {
        view! {
            <dt>{t(label)}</dt>
            <dd>{move || value()}</dd>
        }
    };
    let issue_link = move || {
        task.with(|t| t.issue_id).map(|issue| {
            let href = ws.href(&format!("issues/{issue}"));
            view! { <A href=href>{t(Key::OpenIssue)}</A> }
        })
    };
    let chat_link = move || {
        task.with(|t| t.chat_session_id).map(|_| {
            view! { <A href=ws.href("chat")>{t(Key::OpenChat)}</A> }
        })
    };
    let agent_href = move || ws.href(&format!("agents/{}", task.with(|t| t.agent_id)));
    view! {
        {title(move || format!("{} · {}", heading(), Key::AppName.text(locale.get())))}
        <A href=agent_href attr:class="back-link">{agent_name}</A>
        <div class="page-head">
            <h1>{heading}</h1>
            {move || (active() && !stopping()).then(|| view! {
                <button
                    type="button"
                    class="btn btn-danger"
                    aria-describedby="cancel-run-reason"
                    disabled=move || !allowed.get() || busy.get()
                    on:click=move |_| confirm_open.set(true)
                >
                    {t(Key::CancelRun)}
                </button>
            })}
        </div>
        <p class="field-hint" id="cancel-run-reason">
            {move || if stopping() {
                Some(Key::RunStoppingHint.text(locale.get()))
            } else {
                (active() && !allowed.get()).then(|| Key::CancelRunDenied.text(locale.get()))
            }}
        </p>
        <p class="run-line" aria-live="polite">
            <RunBadge status=Signal::derive(move || task.with(|t| t.status)) />
            " "
            {move || stopping().then(|| view! {
                <span class="run-stopping">{t(Key::RunStopping)}</span>
                " "
            })}
            {issue_link}
            {chat_link}
        </p>
        <section class="card" aria-labelledby="run-facts-heading">
            <h2 id="run-facts-heading">{t(Key::RunDetails)}</h2>
            <dl class="facts">
                {fact(Key::RunKind, Box::new(move || task_kind_key(task.with(|t| t.kind)).text(locale.get()).to_owned()))}
                {fact(Key::RunAttempt, Box::new(move || task.with(|t| format!("{} / {}", t.attempt, t.max_attempts))))}
                {fact(Key::RunQueuedAt, Box::new(move || task.with(|t| t.created_at.clone())))}
                {fact(Key::RunDispatchedAt, Box::new(move || stamp(|t| t.dispatched_at.clone())))}
                {fact(Key::RunStartedAt, Box::new(move || stamp(|t| t.started_at.clone())))}
                {fact(Key::RunFinishedAt, Box::new(move || stamp(|t| t.completed_at.clone())))}
                {fact(Key::RunFailureReason, Box::new(move || stamp(|t| t.failure_reason.clone())))}
                {fact(Key::RunError, Box::new(move || stamp(|t| t.error.clone())))}
            </dl>
        </section>
        <section class="card" aria-labelledby="run-brief-heading">
            <h2 id="run-brief-heading">{t(Key::RunBrief)}</h2>
            <dl class="facts">
                <dt>{t(Key::BriefHash)}</dt>
                <dd class="mono break">{move || stamp(|t| t.brief_hash.clone())}</dd>
            </dl>
            <h3>{t(Key::TurnPrompt)}</h3>
            {move || match task.with(|t| t.turn_prompt.clone()) {
                Some(prompt) => view! { <pre class="entry-code">{prompt}</pre> }.into_any(),
                None => view! { <p class="muted">{t(Key::NotClaimedYet)}</p> }.into_any(),
            }}
            {move || task.with(|t| t.result.clone()).map(|result| view! {
                <h3>{t(Key::RunResult)}</h3>
                <pre class="entry-code">{serde_json::to_string_pretty(&result).unwrap_or_default()}</pre>
            })}
        </section>
        <section class="issue-section" aria-labelledby="run-transcript-heading">
            <h2 id="run-transcript-heading">{t(Key::Transcript)}</h2>
            <Transcript task=Signal::derive(move || task.with(|t| t.id)) tick />
        </section>
        <section class="issue-section" aria-labelledby="run-tool-calls-heading">
            <h2 id="run-tool-calls-heading">{t(Key::ToolCallsHeading)}</h2>
            <p class="field-hint">{t(Key::ToolCallsIntro)}</p>
            <ToolCalls task=Signal::derive(move || task.with(|t| t.id)) tick />
        </section>
        <ConfirmDialog
            open=confirm_open
            title=Key::CancelRunTitle
            message=cancel_message
            confirm_label=Key::CancelRun
            busy=busy
            on_confirm=on_cancel
        />
    }
    .into_any()
}
