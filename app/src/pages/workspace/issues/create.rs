//! "New issue": a dialog with title, description, status, priority and assignee (people, and
//! only the agents the person may ask for work). Assigning an agent asks it for a run, so a
//! refusal is explained with the invoke rule's reason.

use crate::api;
use crate::components::form::{FormError, FormState, TextArea, TextField};
use crate::components::modal::Modal;
use crate::components::work::assignee::AssigneeSelect;
use crate::contexts::toasts::use_toasts;
use crate::contexts::work::WorkDirectory;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use crate::messages::work::{issue_status_key, priority_key, work_validation_text};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::issues::{CreateIssueRequest, Issue, IssueSummary, PartyRef};
use agentry_core::work::fields::{issue_description, issue_title};
use agentry_core::work::{IssuePriority, IssueStatus};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The dialog; `parent` makes the new issue a sub-issue of it.
#[component]
pub fn CreateIssueDialog(
    open: RwSignal<bool>,
    work: Signal<WorkDirectory>,
    /// The issue above the new one, for "Add sub-issue".
    parent: Option<IssueSummary>,
    /// Called with the new issue.
    on_created: Callback<Issue>,
) -> AnyView {
    let title = match parent {
        Some(_) => Key::NewSubIssue,
        None => Key::NewIssue,
    };
    let parent = StoredValue::new(parent);
    view! {
        <Modal open id="create-issue-title" title>
            <CreateIssueForm open work parent=parent.get_value() on_created />
        </Modal>
    }
    .into_any()
}

#[component]
fn CreateIssueForm(
    open: RwSignal<bool>,
    work: Signal<WorkDirectory>,
    parent: Option<IssueSummary>,
    on_created: Callback<Issue>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let form = FormState::new();
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let status = RwSignal::new(IssueStatus::Todo);
    let priority = RwSignal::new(IssuePriority::None);
    let assignee = RwSignal::new(None::<PartyRef>);
    let (title_error, title_touched) = form.field_error_in(
        "title",
        title,
        |v| issue_title(v).map(|_| ()),
        work_validation_text,
    );
    let (description_error, description_touched) = form.field_error_in(
        "description",
        description,
        |v| issue_description(v).map(|_| ()),
        work_validation_text,
    );
    let general_error = form.general_error(&["title", "description"]);
    let parent_id = parent.as_ref().map(|p| p.id);
    let is_sub = parent.is_some();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let (Ok(title), Ok(description)) = (
            issue_title(&title.get_untracked()),
            issue_description(&description.get_untracked()),
        ) else {
            return;
        };
        let Some(workspace) = ws.id.get_untracked() else {
            return;
        };
        let request = CreateIssueRequest {
            title,
            description: (!description.is_empty()).then_some(description),
            status: Some(status.get_untracked()),
            priority: Some(priority.get_untracked()),
            assignee: assignee.get_untracked(),
            parent_issue_id: parent_id,
            ..Default::default()
        };
        let call = api::call(&endpoints::issues::Create { workspace }, &request);
        let navigate = navigate.clone();
        form.submit(call, move |issue: Issue| {
            toasts.success_with(Key::IssueCreated, &[&issue.identifier]);
            open.set(false);
            let href = ws.href_untracked(&format!("issues/{}", issue.identifier));
            on_created.run(issue);
            if !is_sub {
                navigate(&href, Default::default());
            }
        });
    };
    let statuses = IssueStatus::ALL
        .into_iter()
        .map(|s| view! { <option value=s.as_str() selected=s == IssueStatus::Todo>{t(issue_status_key(s))}</option> })
        .collect_view();
    let priorities = IssuePriority::ALL
        .into_iter()
        .map(|p| view! { <option value=p.as_str() selected=p == IssuePriority::None>{t(priority_key(p))}</option> })
        .collect_view();
    view! {
        <form class="form" method="post" novalidate=true on:submit=on_submit>
            {parent.map(|p| view! { <p class="muted">{format!("{} · {}", p.identifier, p.title)}</p> })}
            <TextField
                id="create-issue-name"
                label=Key::ColTitle
                value=title
                error=title_error
                touched=title_touched
                required=true
                autofocus=true
            />
            <TextArea
                id="create-issue-description"
                label=Key::IssueDescription
                value=description
                rows=5
                error=description_error
                touched=description_touched
                hint=Key::PlainTextHint
            />
            <div class="form-row">
                <div class="field">
                    <label for="create-issue-status">{t(Key::ColStatus)}</label>
                    <select
                        id="create-issue-status"
                        on:change=move |ev| {
                            if let Some(s) = IssueStatus::parse(&event_target_value(&ev)) {
                                status.set(s);
                            }
                        }
                    >
                        {statuses}
                    </select>
                </div>
                <div class="field">
                    <label for="create-issue-priority">{t(Key::ColPriority)}</label>
                    <select
                        id="create-issue-priority"
                        on:change=move |ev| {
                            if let Some(p) = IssuePriority::parse(&event_target_value(&ev)) {
                                priority.set(p);
                            }
                        }
                    >
                        {priorities}
                    </select>
                </div>
            </div>
            <AssigneeSelect
                id="create-issue-assignee"
                value=assignee
                work
                on_pick=Callback::new(move |p| assignee.set(p))
            />
            <FormError error=general_error />
            <div class="dialog-actions">
                <button type="button" class="btn" on:click=move |_| open.set(false)>
                    {t(Key::Cancel)}
                </button>
                <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>
                    {t(Key::CreateIssue)}
                </button>
            </div>
        </form>
    }
    .into_any()
}
