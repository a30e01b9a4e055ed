//! `/w/:slug/autopilots`: instructions an agent runs on a schedule or on demand. Each card
//! shows its agent, mode, status, schedule and the next fire times the server computed, with
//! "Run now", its runs, and (for its creator or an admin, core's `can_edit_autopilot`) "Edit".
//! "New autopilot" and "Edit" open the same dialog with the schedule editor.

mod editor;

use crate::api;
use crate::components::empty_state::EmptyState;
use crate::components::error_view::ErrorView;
use crate::components::loaded::Loaded;
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::contexts::work::{load_work_directory, WorkDirectory};
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, use_i18n, Key};
use agentry_core::agents::RoleState;
use agentry_core::api::autopilots::{Autopilot, AutopilotRun};
use agentry_core::api::catalogue as endpoints;
use agentry_core::work::{can_edit_autopilot, AutopilotStatus, ExecutionMode};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct PageData {
    autopilots: Vec<Autopilot>,
    work: WorkDirectory,
}

/// The name of an execution mode.
pub fn mode_key(mode: ExecutionMode) -> Key {
    match mode {
        ExecutionMode::CreateIssue => Key::ModeCreateIssue,
        ExecutionMode::RunOnly => Key::ModeRunOnly,
    }
}

/// The autopilots page.
#[component]
pub fn Autopilots() -> AnyView {
    let ws = use_workspace();
    let data = Resource::new(
        move || ws.id.get(),
        |id| {
            let list = api::call_known(
                id.map(|workspace| endpoints::autopilots::List { workspace }),
                &(),
                "no such workspace",
            );
            let work = load_work_directory(id);
            async move {
                Ok(PageData {
                    autopilots: list.await?,
                    work: work.await?,
                })
            }
        },
    );
    let editing = RwSignal::new(None::<Option<Autopilot>>);
    view! {
        <PageTitle key=Key::NavAutopilots />
        <div class="page-head">
            <h1>{t(Key::NavAutopilots)}</h1>
            <button type="button" class="btn btn-primary" on:click=move |_| editing.set(Some(None))>
                {t(Key::NewAutopilot)}
            </button>
        </div>
        <p class="muted">{t(Key::AutopilotsLead)}</p>
        <Loaded
            resource=data
            view={move |page: Signal<PageData>| {
                let work = Signal::derive(move || page.with(|p| p.work.clone()));
                let on_changed = Callback::new(move |()| data.refetch());
                view! {
                    {move || match page.with(|p| p.autopilots.is_empty()) {
                        true => view! { <EmptyState title=Key::NoAutopilotsTitle body=Key::NoAutopilotsBody /> }.into_any(),
                        false => view! {
                            <ul class="card-list autopilot-list">
                                {page.get().autopilots.into_iter().map(|a| view! {
                                    <AutopilotCard autopilot=a work editing on_changed />
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }}
                    <editor::AutopilotDialog editing work on_saved=on_changed />
                }
            }}
        />
    }
    .into_any()
}

#[component]
fn AutopilotCard(
    autopilot: Autopilot,
    work: Signal<WorkDirectory>,
    editing: RwSignal<Option<Option<Autopilot>>>,
    on_changed: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let id = autopilot.id;
    let created_by = autopilot.created_by;
    let may_edit = Memo::new(move |_| {
        let me = session.current().map(|me| me.user.id);
        match (me, ws.role_state.get()) {
            (Some(me), RoleState::Known(role)) => {
                can_edit_autopilot(me, role, created_by).allowed()
            }
            _ => false,
        }
    });
    let agent = work
        .with_untracked(|w| w.agent_name(autopilot.agent_id))
        .unwrap_or_else(|| Key::UnknownAgent.text(locale.get_untracked()).to_owned());
    let busy = RwSignal::new(false);
    let runs_open = RwSignal::new(false);
    let run_now = move |_| {
        let Some(workspace) = ws.id.get_untracked() else {
            return;
        };
        let call = api::call(&endpoints::autopilots::Run { workspace, id }, &());
        busy.set(true);
        spawn_local(async move {
            match call.await {
                Ok(_) => {
                    toasts.success(Key::RunRequested);
                    runs_open.set(true);
                    on_changed.run(());
                }
                Err(error) => toasts.error(error),
            }
            busy.set(false);
        });
    };
    let heading_id = format!("autopilot-{id}-title");
    let labelled_by = heading_id.clone();
    let schedule = autopilot.triggers.first().cloned();
    let status_key = match autopilot.status {
        AutopilotStatus::Active => Key::AutopilotActive,
        AutopilotStatus::Paused => Key::AutopilotPaused,
    };
    let for_edit = autopilot.clone();
    view! {
        <li class="card autopilot-card" aria-labelledby=labelled_by>
            <div class="section-head">
                <h2 id=heading_id>{autopilot.title.clone()}</h2>
                <span class="badge">{t(status_key)}</span>
            </div>
            <dl class="facts">
                <dt>{t(Key::ChatAgent)}</dt>
                <dd>{agent}</dd>
                <dt>{t(Key::AutopilotMode)}</dt>
                <dd>{t(mode_key(autopilot.execution_mode))}</dd>
                <dt>{t(Key::Schedule)}</dt>
                <dd>
                    {match schedule.clone() {
                        None => view! { <span class="muted">{t(Key::NoSchedule)}</span> }.into_any(),
                        Some(s) => view! {
                            <span class="mono">{s.cron_expression.clone()}</span>
                            " · " {s.timezone.clone()}
                            {(!s.enabled).then(|| view! { " · " <span class="muted">{t(Key::ScheduleOff)}</span> })}
                        }.into_any(),
                    }}
                </dd>
            </dl>
            {schedule.filter(|s| s.enabled && !s.next_fires.is_empty()).map(|s| view! {
                <p class="field-hint">{t(Key::NextFires)}</p>
                <ol class="next-fires">
                    {s.next_fires.into_iter().map(|at| view! { <li><time datetime=at.clone()>{at.clone()}</time></li> }).collect_view()}
                </ol>
            })}
            <div class="card-actions">
                <button type="button" class="btn btn-primary" disabled=move || busy.get() on:click=run_now>
                    {t(Key::RunNow)}
                </button>
                <button
                    type="button"
                    class="btn"
                    aria-expanded=move || runs_open.get().to_string()
                    on:click=move |_| runs_open.update(|o| *o = !*o)
                >
                    {t(Key::AutopilotRuns)}
                </button>
                {move || may_edit.get().then(|| {
                    let a = for_edit.clone();
                    view! {
                        <button type="button" class="btn" on:click=move |_| editing.set(Some(Some(a.clone())))>
                            {t(Key::EditAutopilot)}
                        </button>
                    }
                })}
            </div>
            {move || runs_open.get().then(|| view! { <RunList id /> })}
        </li>
    }
    .into_any()
}

/// The autopilot's runs, newest first.
#[component]
fn RunList(id: agentry_core::AutopilotId) -> AnyView {
    let ws = use_workspace();
    let runs = LocalResource::new(move || {
        let endpoint = ws
            .id
            .get()
            .map(|workspace| endpoints::autopilots::Runs { workspace, id });
        api::call_known(endpoint, &(), "no such autopilot")
    });
    (move || match runs.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(error)) => view! { <ErrorView error retry=move || runs.refetch() /> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="muted">{t(Key::NoAutopilotRuns)}</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <ul class="autopilot-runs">
                {list.into_iter().map(|run| view! { <RunRow run /> }).collect_view()}
            </ul>
        }
        .into_any(),
    })
    .into_any()
}

#[component]
fn RunRow(run: AutopilotRun) -> AnyView {
    let ws = use_workspace();
    let task = run.task_id.map(|task| {
        view! { <A href=ws.href_untracked(&format!("tasks/{task}"))>{t(Key::ViewRun)}</A> }
    });
    let issue = run.issue_id.map(|issue| {
        view! { <A href=ws.href_untracked(&format!("issues/{issue}"))>{t(Key::OpenIssue)}</A> }
    });
    let source = match run.source {
        agentry_core::work::RunSource::Schedule => Key::RunBySchedule,
        agentry_core::work::RunSource::Manual => Key::RunByHand,
    };
    view! {
        <li class="run-line">
            <time datetime=run.triggered_at.clone()>{run.triggered_at.clone()}</time>
            <span class="muted">{t(source)}</span>
            <span>{run.status.clone()}</span>
            {task}
            {issue}
            {run.failure_reason.map(|r| view! { <span class="field-error">{r}</span> })}
        </li>
    }
    .into_any()
}
