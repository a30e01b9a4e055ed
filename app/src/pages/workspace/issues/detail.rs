//! `/w/:slug/issues/:id` (`KEY-N` or the UUID): one issue. Its title and description (shown
//! as written, safely), status, priority and assignee pickers saved at once, the assigned
//! agent's run with its live transcript, sub-issues, metadata and comments with `@` mentions.
//! Task and issue events refresh what they touch.

mod comments;
mod metadata;
mod props;
mod run;

use super::create::CreateIssueDialog;
use super::IssueTable;
use crate::api::{self, ApiError};
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::components::page_title::title;
use crate::components::runtimes::live::on_work_events;
use crate::components::work::text::PlainText;
use crate::contexts::work::{load_work_directory, WorkDirectory};
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, use_i18n, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::issues::{Issue, IssueSummary};
use agentry_core::api::runtimes::ServerEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// Where the page stands; coarse, so the view re-renders only when it changes.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Loading,
    Ready,
    Failed(ApiError),
}

/// Whether `event` concerns the issue `current` (its run, or the issue itself).
fn concerns(event: &ServerEvent, current: Option<&Issue>) -> bool {
    let Some(issue) = current else {
        return true;
    };
    match event {
        ServerEvent::TaskChanged {
            issue_id, task_id, ..
        } => {
            *issue_id == Some(issue.id) || issue.run.as_ref().is_some_and(|r| r.task_id == *task_id)
        }
        ServerEvent::IssueChanged { issue_id, .. } => *issue_id == issue.id,
        _ => true,
    }
}

/// The issue page.
#[component]
pub fn IssueDetail() -> AnyView {
    let ws = use_workspace();
    let params = use_params_map();
    let key = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let issue = Resource::new(
        move || (ws.id.get(), key.get()),
        |(ws, id)| {
            let endpoint = ws.map(|workspace| endpoints::issues::Show { workspace, id });
            api::call_known(endpoint, &(), "no such issue")
        },
    );
    let work = Resource::new(move || ws.id.get(), load_work_directory);
    let current =
        Memo::new(move |_| issue.with(|i| i.as_ref().and_then(|r| r.as_ref().ok()).cloned()));
    // Bumped by live events: the comments, children and transcript reload on it.
    let tick = RwSignal::new(0u32);
    on_work_events(
        ws.id,
        Callback::new(move |event: Option<ServerEvent>| {
            let relevant =
                current.with_untracked(|c| event.as_ref().is_none_or(|e| concerns(e, c.as_ref())));
            if relevant {
                issue.refetch();
                tick.update(|n| *n += 1);
            }
        }),
    );
    let status = Memo::new(move |_| match (issue.get(), work.get()) {
        (Some(Err(e)), _) | (_, Some(Err(e))) => Status::Failed(e),
        (Some(Ok(_)), Some(Ok(_))) => Status::Ready,
        _ => Status::Loading,
    });
    let directory = Signal::derive(move || {
        work.with(|w| w.as_ref().and_then(|r| r.as_ref().ok()).cloned())
            .unwrap_or_default()
    });
    let retry = Callback::new(move |()| {
        issue.refetch();
        work.refetch();
    });
    let on_saved = Callback::new(move |saved: Issue| {
        issue.set(Some(Ok(saved)));
        tick.update(|n| *n += 1);
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || {
                issue.with(|_| ());
                work.with(|_| ());
            }}
            {move || match status.get() {
                Status::Loading => view! { <Loading /> }.into_any(),
                Status::Failed(error) => {
                    #[cfg(feature = "ssr")]
                    if error.status == 404 {
                        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                            response.set_status(http::StatusCode::NOT_FOUND);
                        }
                    }
                    view! {
                        <BackToIssues />
                        <ErrorView error retry />
                    }
                    .into_any()
                }
                Status::Ready => match current.get_untracked() {
                    Some(first) => {
                        let issue = Signal::derive(move || current.get().unwrap_or_else(|| first.clone()));
                        view! { <IssueView issue work=directory tick on_saved /> }.into_any()
                    }
                    None => view! { <Loading /> }.into_any(),
                },
            }}
        </Transition>
    }
    .into_any()
}

#[component]
fn BackToIssues() -> AnyView {
    let ws = use_workspace();
    view! { <A href=move || ws.href("issues") attr:class="back-link">{t(Key::AllIssues)}</A> }
        .into_any()
}

#[component]
fn IssueView(
    issue: Signal<Issue>,
    work: Signal<WorkDirectory>,
    tick: RwSignal<u32>,
    on_saved: Callback<Issue>,
) -> AnyView {
    let ws = use_workspace();
    let locale = use_i18n().locale;
    let heading = move || issue.with(|i| format!("{} · {}", i.identifier, i.title));
    let description = Signal::derive(move || issue.with(|i| i.description.clone()));
    let parent = move || {
        issue.with(|i| i.parent.clone()).map(|p| {
            let href = ws.href(&format!("issues/{}", p.identifier));
            view! {
                <p class="muted">
                    {t(Key::ParentIssue)} " "
                    <A href=href>{format!("{} · {}", p.identifier, p.title)}</A>
                </p>
            }
        })
    };
    view! {
        {title(move || format!("{} · {}", heading(), Key::AppName.text(locale.get())))}
        <BackToIssues />
        <div class="page-head">
            <h1 class="issue-title">
                <span class="mono muted">{move || issue.with(|i| i.identifier.clone())}</span>
                " "
                {move || issue.with(|i| i.title.clone())}
            </h1>
        </div>
        {parent}
        <div class="issue-layout">
            <div class="issue-main">
                <section aria-labelledby="issue-description-heading">
                    <h2 id="issue-description-heading">{t(Key::IssueDescription)}</h2>
                    {move || match description.with(String::is_empty) {
                        true => view! { <p class="muted">{t(Key::NoDescription)}</p> }.into_any(),
                        false => view! { <PlainText text=description /> }.into_any(),
                    }}
                </section>
                <run::RunPanel issue work tick on_saved />
                <SubIssues issue work tick />
                <comments::Comments issue work tick />
            </div>
            <aside class="issue-side" aria-label=t(Key::IssueProperties)>
                <props::Properties issue work on_saved />
                <metadata::Metadata issue on_saved />
            </aside>
        </div>
    }
    .into_any()
}

/// The issues directly below this one, and "Add sub-issue".
#[component]
fn SubIssues(issue: Signal<Issue>, work: Signal<WorkDirectory>, tick: RwSignal<u32>) -> AnyView {
    let ws = use_workspace();
    // Loaded in the browser only: a resource created inside the page's Transition would be
    // created again for the server's final HTML and break hydration (see agents' panels).
    let children = LocalResource::new(move || {
        tick.track();
        let endpoint = ws.id.get().map(|workspace| endpoints::issues::Children {
            workspace,
            id: issue.with(|i| i.id.to_string()),
        });
        api::call_known(endpoint, &(), "no such issue")
    });
    let open = RwSignal::new(false);
    // The parent of a new sub-issue; read once, so a refresh does not reset an open dialog.
    let summary = issue.with_untracked(|i| IssueSummary {
        id: i.id,
        identifier: i.identifier.clone(),
        title: i.title.clone(),
        status: i.status,
    });
    view! {
        <section aria-labelledby="issue-children-heading" class="issue-section">
            <div class="section-head">
                <h2 id="issue-children-heading">{t(Key::SubIssues)}</h2>
                <button type="button" class="btn" on:click=move |_| open.set(true)>{t(Key::AddSubIssue)}</button>
            </div>
            {move || match children.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error retry=move || children.refetch() /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="muted">{t(Key::NoSubIssues)}</p> }.into_any(),
                Some(Ok(list)) => view! { <IssueTable issues=list work /> }.into_any(),
            }}
            <CreateIssueDialog
                open
                work
                parent=Some(summary)
                on_created=Callback::new(move |_| children.refetch())
            />
        </section>
    }
    .into_any()
}
