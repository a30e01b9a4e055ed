//! `/w/:slug/issues`: the workspace's issues with their `KEY-N`, status, priority, assignee
//! and run; filters by status and assignee, "New issue" and "Quick create" (dialogs). Runs and
//! issues changing elsewhere refresh the list live.

mod create;
pub mod detail;
mod quick_create;

use crate::api;
use crate::components::empty_state::EmptyState;
use crate::components::loaded::Loaded;
use crate::components::page_title::PageTitle;
use crate::components::runtimes::live::on_work_events;
use crate::components::work::assignee::{decode, encode};
use crate::components::work::run_badge::RunBadge;
use crate::contexts::work::{load_work_directory, WorkDirectory};
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, use_i18n, Key};
use crate::messages::work::{issue_status_key, priority_key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::issues::{Issue, PartyRef, PartyType};
use agentry_core::work::IssueStatus;
use leptos::prelude::*;
use leptos_router::components::A;
use serde::{Deserialize, Serialize};

/// The issues and whom they can name and be given to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct PageData {
    issues: Vec<Issue>,
    work: WorkDirectory,
}

/// Whether `issue` passes the filters.
fn passes(issue: &Issue, status: Option<IssueStatus>, assignee: &str) -> bool {
    let assigned = issue.assignee.as_ref().and_then(|a| {
        Some(PartyRef {
            kind: PartyType::parse(&a.kind)?,
            id: a.id?,
        })
    });
    let by_assignee = match assignee {
        "" => true,
        "none" => assigned.is_none(),
        wanted => assigned.is_some_and(|a| decode(wanted) == Some(a)),
    };
    status.is_none_or(|s| issue.status == s) && by_assignee
}

/// The issues page.
#[component]
pub fn Issues() -> AnyView {
    let ws = use_workspace();
    let data = Resource::new(
        move || ws.id.get(),
        |id| {
            let issues = api::call_known(
                id.map(|workspace| endpoints::issues::List { workspace }),
                &(),
                "no such workspace",
            );
            let work = load_work_directory(id);
            async move {
                Ok(PageData {
                    issues: issues.await?,
                    work: work.await?,
                })
            }
        },
    );
    on_work_events(ws.id, Callback::new(move |_| data.refetch()));
    let create_open = RwSignal::new(false);
    let quick_open = RwSignal::new(false);
    let status = RwSignal::new(None::<IssueStatus>);
    let assignee = RwSignal::new(String::new());
    view! {
        <PageTitle key=Key::NavIssues />
        <div class="page-head">
            <h1>{t(Key::NavIssues)}</h1>
            <div class="actions">
                <button type="button" class="btn" on:click=move |_| quick_open.set(true)>
                    {t(Key::QuickCreate)}
                </button>
                <button type="button" class="btn btn-primary" on:click=move |_| create_open.set(true)>
                    {t(Key::NewIssue)}
                </button>
            </div>
        </div>
        <p class="muted">{t(Key::IssuesLead)}</p>
        <Loaded
            resource=data
            view={move |page: Signal<PageData>| {
                let work = Signal::derive(move || page.with(|p| p.work.clone()));
                let shown = Memo::new(move |_| {
                    let (s, a) = (status.get(), assignee.get());
                    page.with(|p| p.issues.iter().filter(|i| passes(i, s, &a)).cloned().collect::<Vec<_>>())
                });
                let none_at_all = move || page.with(|p| p.issues.is_empty());
                view! {
                    <Filters status assignee work />
                    {move || match (none_at_all(), shown.with(Vec::is_empty)) {
                        (true, _) => view! {
                            <EmptyState title=Key::NoIssuesTitle body=Key::NoIssuesBody>
                                <button type="button" class="btn btn-primary" on:click=move |_| create_open.set(true)>
                                    {t(Key::NewIssue)}
                                </button>
                            </EmptyState>
                        }.into_any(),
                        (false, true) => view! {
                            <EmptyState title=Key::NoIssuesMatchTitle body=Key::NoIssuesMatchBody />
                        }.into_any(),
                        (false, false) => view! { <IssueTable issues=shown work /> }.into_any(),
                    }}
                    <create::CreateIssueDialog open=create_open work parent=None on_created=Callback::new(move |_| data.refetch()) />
                    <quick_create::QuickCreateDialog open=quick_open work />
                }
            }}
        />
    }
    .into_any()
}

/// The status and assignee filters.
#[component]
fn Filters(
    status: RwSignal<Option<IssueStatus>>,
    assignee: RwSignal<String>,
    work: Signal<WorkDirectory>,
) -> AnyView {
    let locale = use_i18n().locale;
    let statuses = IssueStatus::ALL
        .into_iter()
        .map(|s| view! { <option value=s.as_str()>{t(issue_status_key(s))}</option> })
        .collect_view();
    let people = move || {
        work.with(|w| {
            let members = w.directory.members.iter().map(|m| {
                let value = encode(Some(PartyRef {
                    kind: PartyType::Member,
                    id: m.user_id.0,
                }));
                view! { <option value=value>{m.name.clone()}</option> }
            });
            let agents = w.agents.iter().map(|a| {
                let value = encode(Some(PartyRef {
                    kind: PartyType::Agent,
                    id: a.id.0,
                }));
                let label = format!("{} · {}", a.name, Key::MentionAgent.text(locale.get()));
                view! { <option value=value>{label}</option> }
            });
            members.chain(agents).collect_view()
        })
    };
    view! {
        <div class="toolbar">
            <div class="field field-inline">
                <label for="issues-status-filter">{t(Key::ColStatus)}</label>
                <select
                    id="issues-status-filter"
                    prop:value=move || status.get().map(IssueStatus::as_str).unwrap_or("")
                    on:change=move |ev| status.set(IssueStatus::parse(&event_target_value(&ev)))
                >
                    <option value="">{t(Key::FilterAll)}</option>
                    {statuses}
                </select>
            </div>
            <div class="field field-inline">
                <label for="issues-assignee-filter">{t(Key::ColAssignee)}</label>
                <select
                    id="issues-assignee-filter"
                    prop:value=move || assignee.get()
                    on:change=move |ev| assignee.set(event_target_value(&ev))
                >
                    <option value="">{t(Key::FilterAll)}</option>
                    <option value="none">{t(Key::Unassigned)}</option>
                    {people}
                </select>
            </div>
        </div>
    }
    .into_any()
}

/// The table of issues.
#[component]
pub fn IssueTable(
    #[prop(into)] issues: Signal<Vec<Issue>>,
    work: Signal<WorkDirectory>,
) -> AnyView {
    view! {
        <div class="table-wrap">
            <table class="table issues-table">
                <thead>
                    <tr>
                        <th scope="col">{t(Key::ColIssueId)}</th>
                        <th scope="col">{t(Key::ColTitle)}</th>
                        <th scope="col">{t(Key::ColStatus)}</th>
                        <th scope="col">{t(Key::ColPriority)}</th>
                        <th scope="col">{t(Key::ColAssignee)}</th>
                        <th scope="col">{t(Key::ColRun)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || issues.get() key=|i| (i.id, i.updated_at.clone(), i.run.as_ref().map(|r| (r.task_id, r.status))) let:issue>
                        <IssueRow issue work />
                    </For>
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn IssueRow(issue: Issue, work: Signal<WorkDirectory>) -> AnyView {
    let ws = use_workspace();
    let locale = use_i18n().locale;
    let identifier = issue.identifier.clone();
    let href = move || ws.href(&format!("issues/{identifier}"));
    let assignee = issue.assignee.clone();
    let assignee_name = move || match &assignee {
        None => Key::Unassigned.text(locale.get()).to_owned(),
        Some(party) => work
            .with(|w| w.party_name(party))
            .unwrap_or_else(|| Key::FormerMember.text(locale.get()).to_owned()),
    };
    let run = issue.run.clone();
    view! {
        <tr>
            <td data-label=t(Key::ColIssueId) class="mono">{issue.identifier.clone()}</td>
            <td data-label=t(Key::ColTitle)>
                <A href=href attr:class="issue-link">{issue.title.clone()}</A>
            </td>
            <td data-label=t(Key::ColStatus)>
                <span class=format!("issue-status issue-{}", issue.status.as_str())>
                    {t(issue_status_key(issue.status))}
                </span>
            </td>
            <td data-label=t(Key::ColPriority)>{t(priority_key(issue.priority))}</td>
            <td data-label=t(Key::ColAssignee)>{assignee_name}</td>
            <td data-label=t(Key::ColRun)>
                {match run {
                    Some(run) => view! { <RunBadge status=run.status /> }.into_any(),
                    None => view! { <span class="muted">"—"</span> }.into_any(),
                }}
            </td>
        </tr>
    }
    .into_any()
}
