//! The issue's status, priority and assignee, each saved as soon as it is picked. Picking an
//! agent (or moving an agent's issue out of the backlog) asks it for a run; the server says no
//! with `invocation_not_allowed` when the person may not run it, and the toast says why.

use crate::api;
use crate::components::work::assignee::AssigneeSelect;
use crate::contexts::toasts::use_toasts;
use crate::contexts::work::WorkDirectory;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use crate::messages::work::{issue_status_key, priority_key};
use agentry_core::agents::Field;
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::issues::{Issue, PartyRef, PartyType, UpdateIssueRequest};
use agentry_core::work::{IssuePriority, IssueStatus};
use leptos::{prelude::*, task::spawn_local};

/// The assignee as a request names it.
pub fn assignee_ref(issue: &Issue) -> Option<PartyRef> {
    let party = issue.assignee.as_ref()?;
    Some(PartyRef {
        kind: PartyType::parse(&party.kind)?,
        id: party.id?,
    })
}

/// The three pickers.
#[component]
pub fn Properties(
    issue: Signal<Issue>,
    work: Signal<WorkDirectory>,
    on_saved: Callback<Issue>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    // Bumped after a refused save, so each picker shows again what the issue still says.
    let revert = RwSignal::new(0u32);
    let save = move |request: UpdateIssueRequest| {
        let Some(workspace) = ws.id.get_untracked() else {
            return;
        };
        let id = issue.with_untracked(|i| i.id.to_string());
        let call = api::call(&endpoints::issues::Update { workspace, id }, &request);
        busy.set(true);
        spawn_local(async move {
            match call.await {
                Ok(saved) => {
                    toasts.success(Key::IssueSaved);
                    on_saved.run(saved);
                }
                // The picker snaps back to what the issue still says.
                Err(error) => {
                    toasts.error(error);
                    revert.update(|n| *n += 1);
                }
            }
            busy.set(false);
        });
    };
    let statuses = IssueStatus::ALL
        .into_iter()
        .map(|s| {
            view! {
                <option value=s.as_str() selected=move || issue.with(|i| i.status == s)>
                    {t(issue_status_key(s))}
                </option>
            }
        })
        .collect_view();
    let priorities = IssuePriority::ALL
        .into_iter()
        .map(|p| {
            view! {
                <option value=p.as_str() selected=move || issue.with(|i| i.priority == p)>
                    {t(priority_key(p))}
                </option>
            }
        })
        .collect_view();
    let assignee = Signal::derive(move || {
        revert.track();
        issue.with(assignee_ref)
    });
    view! {
        <section class="card issue-props" aria-labelledby="issue-props-heading">
            <h2 id="issue-props-heading">{t(Key::IssueProperties)}</h2>
            <div class="field">
                <label for="issue-status">{t(Key::ColStatus)}</label>
                <select
                    id="issue-status"
                    prop:value=move || {
                        revert.track();
                        issue.with(|i| i.status.as_str())
                    }
                    disabled=move || busy.get()
                    on:change=move |ev| {
                        if let Some(status) = IssueStatus::parse(&event_target_value(&ev)) {
                            save(UpdateIssueRequest { status: Some(status), ..Default::default() });
                        }
                    }
                >
                    {statuses}
                </select>
            </div>
            <div class="field">
                <label for="issue-priority">{t(Key::ColPriority)}</label>
                <select
                    id="issue-priority"
                    prop:value=move || {
                        revert.track();
                        issue.with(|i| i.priority.as_str())
                    }
                    disabled=move || busy.get()
                    on:change=move |ev| {
                        if let Some(priority) = IssuePriority::parse(&event_target_value(&ev)) {
                            save(UpdateIssueRequest { priority: Some(priority), ..Default::default() });
                        }
                    }
                >
                    {priorities}
                </select>
            </div>
            <AssigneeSelect
                id="issue-assignee"
                value=assignee
                work
                disabled=busy
                on_pick=Callback::new(move |picked: Option<PartyRef>| {
                    let assignee = match picked {
                        Some(party) => Field::Value(party),
                        None => Field::Null,
                    };
                    save(UpdateIssueRequest { assignee, ..Default::default() });
                })
            />
        </section>
    }
    .into_any()
}
