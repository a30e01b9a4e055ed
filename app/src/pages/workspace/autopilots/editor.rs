//! The autopilot dialog (new or edit): title, instructions, agent (only those the person may
//! ask for work), mode, the issue title template, and the schedule editor. The editor checks
//! the cron expression and time zone with core's `Schedule` (the scheduler's own rule) as one
//! types and previews the next fire times; after saving, the card shows the server's.

use super::mode_key;
use crate::api;
use crate::components::form::{FormError, FormState, TextArea, TextField};
use crate::components::modal::Modal;
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::contexts::work::WorkDirectory;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use crate::messages::work::work_validation_text;
use agentry_core::agents::Field;
use agentry_core::api::autopilots::{
    Autopilot, CreateAutopilotRequest, ScheduleInput, UpdateAutopilotRequest,
    AUTOPILOT_DESCRIPTION_MAX, AUTOPILOT_TITLE_MAX,
};
use agentry_core::api::catalogue as endpoints;
use agentry_core::validate::{required_text, ValidationError};
use agentry_core::work::{ExecutionMode, Schedule, NEXT_FIRES_SHOWN};
use agentry_core::AgentId;
use leptos::prelude::*;

/// `YYYY-MM-DD HH:MM UTC` of a Unix time in milliseconds.
pub fn utc_text(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

fn now_ms() -> i64 {
    crate::components::runtimes::when::now_ms()
}

/// Open with `Some(None)` for a new autopilot, `Some(Some(a))` to edit `a`.
#[component]
pub fn AutopilotDialog(
    editing: RwSignal<Option<Option<Autopilot>>>,
    work: Signal<WorkDirectory>,
    on_saved: Callback<()>,
) -> AnyView {
    let open = RwSignal::new(false);
    Effect::watch(
        move || editing.with(Option::is_some),
        move |is, _, _| open.set(*is),
        false,
    );
    Effect::watch(
        move || open.get(),
        move |o, _, _| {
            if !*o {
                editing.set(None)
            }
        },
        false,
    );
    let title = Signal::derive(move || match editing.with(|e| matches!(e, Some(Some(_)))) {
        true => Key::EditAutopilot,
        false => Key::NewAutopilot,
    });
    view! {
        {move || {
            let key = title.get();
            let current = editing.get_untracked().flatten();
            view! {
                <Modal open id="autopilot-dialog-title" title=key>
                    <AutopilotForm open current=current.clone() work on_saved />
                </Modal>
            }
        }}
    }
    .into_any()
}

#[component]
fn AutopilotForm(
    open: RwSignal<bool>,
    current: Option<Autopilot>,
    work: Signal<WorkDirectory>,
    on_saved: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let toasts = use_toasts();
    let form = FormState::new();
    let trigger = current.as_ref().and_then(|a| a.triggers.first().cloned());
    let title = RwSignal::new(
        current
            .as_ref()
            .map(|a| a.title.clone())
            .unwrap_or_default(),
    );
    let description = RwSignal::new(
        current
            .as_ref()
            .map(|a| a.description.clone())
            .unwrap_or_default(),
    );
    let agent = RwSignal::new(current.as_ref().map(|a| a.agent_id));
    let mode = RwSignal::new(
        current
            .as_ref()
            .map_or(ExecutionMode::CreateIssue, |a| a.execution_mode),
    );
    let template = RwSignal::new(
        current
            .as_ref()
            .and_then(|a| a.issue_title_template.clone())
            .unwrap_or_default(),
    );
    let scheduled = RwSignal::new(trigger.as_ref().is_some_and(|t| t.enabled));
    let cron = RwSignal::new(
        trigger
            .as_ref()
            .map_or("0 9 * * 1-5".to_owned(), |t| t.cron_expression.clone()),
    );
    let timezone = RwSignal::new(
        trigger
            .as_ref()
            .map_or("UTC".to_owned(), |t| t.timezone.clone()),
    );
    let editing_id = current.as_ref().map(|a| a.id);
    let original_agent = current.as_ref().map(|a| a.agent_id);
    let check_title = |v: &str| required_text("title", v, AUTOPILOT_TITLE_MAX);
    let check_description = |v: &str| required_text("description", v, AUTOPILOT_DESCRIPTION_MAX);
    let (title_error, title_touched) =
        form.field_error_in("title", title, check_title, work_validation_text);
    let (description_error, description_touched) = form.field_error_in(
        "description",
        description,
        check_description,
        work_validation_text,
    );
    // The schedule as core reads it: the error to show, or the preview of the next fires.
    let parsed = Memo::new(move |_| {
        scheduled.get().then(|| {
            Schedule::parse(&cron.get(), &timezone.get())
                .map(|_| ())
                .map_err(|e| ValidationError::from(e).code)
        })
    });
    let schedule_error = Signal::derive(move || {
        parsed.with(|p| match p {
            Some(Err(code)) => Some(code.clone()),
            _ => None,
        })
    });
    let server_schedule_error = Signal::derive(move || {
        form.server.with(|e| {
            e.as_ref()
                .filter(|e| matches!(e.code.as_str(), "invalid_cron" | "invalid_timezone"))
                .map(|e| e.code.clone())
        })
    });
    let locale = crate::i18n::use_i18n().locale;
    let schedule_text = move |code: String| match code.as_str() {
        "invalid_timezone" => Key::ErrInvalidTimezone.text(locale.get()),
        _ => Key::ErrInvalidCron.text(locale.get()),
    };
    let cron_error = Signal::derive(move || {
        schedule_error
            .get()
            .or_else(|| server_schedule_error.get())
            .filter(|c| c == "invalid_cron")
            .map(|c| schedule_text(c).to_owned())
    });
    let tz_error = Signal::derive(move || {
        schedule_error
            .get()
            .or_else(|| server_schedule_error.get())
            .filter(|c| c == "invalid_timezone")
            .map(|c| schedule_text(c).to_owned())
    });
    let preview = move || {
        parsed.with(|p| match p {
            Some(Ok(())) => Schedule::parse(&cron.get(), &timezone.get())
                .map(|schedule| schedule.next_fires(now_ms(), NEXT_FIRES_SHOWN))
                .unwrap_or_default(),
            _ => Vec::new(),
        })
    };
    let agents = Memo::new(move |_| {
        let me = session.current().map(|me| me.user.id);
        work.with(|w| w.invokable(me, ws.role_state.get()))
    });
    let general_error = Signal::derive(move || {
        let err = form
            .general_error(&["title", "description", "cron_expression", "timezone"])
            .get();
        err.filter(|_| server_schedule_error.get().is_none())
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let (t_text, d_text) = (title.get_untracked(), description.get_untracked());
        if check_title(&t_text).is_err() || check_description(&d_text).is_err() {
            return;
        }
        if matches!(parsed.get_untracked(), Some(Err(_))) {
            return;
        }
        let (Some(workspace), Some(agent_id)) = (ws.id.get_untracked(), agent.get_untracked())
        else {
            return;
        };
        let schedule = ScheduleInput {
            cron_expression: cron.get_untracked().trim().to_owned(),
            timezone: timezone.get_untracked().trim().to_owned(),
            enabled: Some(scheduled.get_untracked()),
        };
        let template_text = template.get_untracked().trim().to_owned();
        let done = move |_| {
            toasts.success(Key::AutopilotSaved);
            open.set(false);
            on_saved.run(());
        };
        match editing_id {
            None => {
                let request = CreateAutopilotRequest {
                    title: t_text,
                    description: d_text,
                    agent_id,
                    execution_mode: mode.get_untracked(),
                    issue_title_template: (!template_text.is_empty()).then_some(template_text),
                    schedule: scheduled.get_untracked().then_some(schedule),
                };
                form.submit(
                    api::call(&endpoints::autopilots::Create { workspace }, &request),
                    done,
                );
            }
            Some(id) => {
                let request = UpdateAutopilotRequest {
                    title: Some(t_text),
                    description: Some(d_text),
                    agent_id: (Some(agent_id) != original_agent).then_some(agent_id),
                    execution_mode: Some(mode.get_untracked()),
                    issue_title_template: match template_text.is_empty() {
                        true => Field::Null,
                        false => Field::Value(template_text),
                    },
                    schedule: Field::Value(schedule),
                    ..Default::default()
                };
                form.submit(
                    api::call(&endpoints::autopilots::Update { workspace, id }, &request),
                    done,
                );
            }
        }
    };
    let chosen_agent = agent.get_untracked();
    let modes = [ExecutionMode::CreateIssue, ExecutionMode::RunOnly]
        .into_iter()
        .map(|m| {
            let id = format!("autopilot-mode-{}", m.as_str());
            view! {
                <div class="choice">
                    <input
                        type="radio"
                        id=id.clone()
                        name="autopilot-mode"
                        value=m.as_str()
                        prop:checked=move || mode.get() == m
                        on:change=move |_| mode.set(m)
                    />
                    <label for=id>{t(mode_key(m))}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <form class="form" novalidate=true on:submit=on_submit>
            <TextField id="autopilot-title" label=Key::ColTitle value=title error=title_error touched=title_touched required=true autofocus=true />
            <TextArea id="autopilot-description" label=Key::AutopilotInstructions value=description rows=4 error=description_error touched=description_touched />
            <div class="field">
                <label for="autopilot-agent">{t(Key::ChatAgent)}</label>
                <select
                    id="autopilot-agent"
                    aria-describedby="autopilot-agent-hint"
                    on:change=move |ev| agent.set(AgentId::parse(&event_target_value(&ev)))
                >
                    <option value="">{t(Key::PickAgent)}</option>
                    {move || agents.get().into_iter().map(|a| view! {
                        <option value=a.id.to_string() selected=Some(a.id) == chosen_agent>{a.name.clone()}</option>
                    }).collect_view()}
                </select>
                <p class="field-hint" id="autopilot-agent-hint">{t(Key::AssigneeHint)}</p>
            </div>
            <fieldset class="field">
                <legend>{t(Key::AutopilotMode)}</legend>
                {modes}
            </fieldset>
            {move || (mode.get() == ExecutionMode::CreateIssue).then(|| view! {
                <TextField id="autopilot-template" label=Key::IssueTitleTemplate value=template hint=Key::IssueTitleTemplateHint />
            })}
            <fieldset class="field schedule-editor">
                <legend>{t(Key::Schedule)}</legend>
                <div class="check">
                    <input
                        type="checkbox"
                        id="autopilot-scheduled"
                        prop:checked=move || scheduled.get()
                        on:change=move |ev| scheduled.set(event_target_checked(&ev))
                    />
                    <label for="autopilot-scheduled">{t(Key::RunOnSchedule)}</label>
                </div>
                {move || scheduled.get().then(|| view! {
                    <TextField id="autopilot-cron" label=Key::CronExpression value=cron error=cron_error hint=Key::CronHint />
                    <TextField id="autopilot-timezone" label=Key::TimeZone value=timezone error=tz_error hint=Key::TimeZoneHint />
                    <p class="field-hint" id="autopilot-preview-label">{t(Key::NextFiresPreview)}</p>
                    <ol class="next-fires" aria-labelledby="autopilot-preview-label" aria-live="polite">
                        {move || preview().into_iter().map(|ms| view! { <li>{utc_text(ms)}</li> }).collect_view()}
                    </ol>
                })}
            </fieldset>
            <FormError error=general_error />
            <div class="dialog-actions">
                <button type="button" class="btn" on:click=move |_| open.set(false)>{t(Key::Cancel)}</button>
                <button type="submit" class="btn btn-primary" disabled=move || form.busy.get() || agent.get().is_none()>
                    {t(Key::SaveAutopilot)}
                </button>
            </div>
        </form>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::utc_text;

    #[test]
    fn utc_text_reads_unix_milliseconds_as_a_calendar_time() {
        assert_eq!(utc_text(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_text(951_782_400_000), "2000-02-29 00:00 UTC");
        assert_eq!(
            utc_text(1_796_601_600_000 + 9 * 3_600_000 + 30 * 60_000),
            "2026-12-07 09:30 UTC"
        );
    }
}
