//! The Activity tab: who changed who can run the agent, and who archived or restored it, and
//! when (newest first). Those who may manage the agent see it; others get the reason.

use super::panels::Later;
use crate::components::empty_state::EmptyState;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::contexts::directory::Directory;
use crate::contexts::session::use_session;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::agents::{audit_action_key, client_decision_key, scope_key};
use agentry_core::agents::{
    can_edit_agent, effective_scope, InvocationTarget, PermissionMode, TargetType,
};
use agentry_core::api::agents::{Agent, AgentActivity, AuditAction};
use agentry_core::{Locale, TeamId, UserId};
use leptos::prelude::*;
use serde_json::Value;

/// The Activity tab.
#[component]
pub fn ActivityTab(
    agent: Signal<Agent>,
    directory: Signal<Directory>,
    events: Later<AgentActivity>,
) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let decision = Memo::new(move |_| {
        let me = session.current().map(|me| me.user.id);
        agent.with(|a| can_edit_agent(Some(&a.access()), me, ws.role_state.get()))
    });
    view! {
        <section class="card" aria-labelledby="agent-activity-heading">
            <h2 id="agent-activity-heading">{t(Key::TabActivity)}</h2>
            {move || match client_decision_key(decision.get()) {
                Some(reason) => view! { <p class="reason">{t(reason)}</p> }.into_any(),
                None => view! { <ActivityList events directory /> }.into_any(),
            }}
        </section>
    }
    .into_any()
}

#[component]
fn ActivityList(events: Later<AgentActivity>, directory: Signal<Directory>) -> AnyView {
    (move || match events.get() {
        Some(Ok(Some(list))) if list.is_empty() => {
            view! { <EmptyState title=Key::NoActivityTitle body=Key::NoActivityBody /> }.into_any()
        }
        Some(Ok(Some(list))) => view! {
            <ol class="activity-list">
                <For each=move || list.clone() key=|e| e.id let:event>
                    <ActivityRow event directory />
                </For>
            </ol>
        }
        .into_any(),
        Some(Err(error)) => view! { <ErrorView error retry=move || events.refetch() /> }.into_any(),
        _ => view! { <Loading /> }.into_any(),
    })
    .into_any()
}

#[component]
fn ActivityRow(event: AgentActivity, directory: Signal<Directory>) -> AnyView {
    let locale = use_i18n().locale;
    let actor = event.actor_name.clone();
    let who = move || {
        actor
            .clone()
            .unwrap_or_else(|| Key::SystemActor.text(locale.get()).to_owned())
    };
    let action = event.action;
    let headline = move || fill(audit_action_key(action).text(locale.get()), &[&who()]);
    let (before, after) = (event.before.clone(), event.after.clone());
    let change = move || {
        describe(
            action,
            before.as_ref(),
            after.as_ref(),
            &directory.get(),
            locale.get(),
        )
    };
    let when = event.created_at.replace('T', " ");
    let when = when.get(..16).unwrap_or(&when).to_owned();
    view! {
        <li class="activity-item">
            <p class="activity-headline">{headline}</p>
            {move || change().map(|text| view! { <p class="muted">{text}</p> })}
            <time class="muted" datetime=event.created_at.clone()>{when}</time>
        </li>
    }
    .into_any()
}

/// The access named by an entry's `before` or `after`: its scope, then whom it names.
fn access_text(state: &Value, directory: &Directory, locale: Locale) -> Option<String> {
    let mode = PermissionMode::parse_lenient(state.get("permission_mode")?.as_str());
    let targets: Vec<InvocationTarget> = state
        .get("invocation_targets")
        .and_then(|t| serde_json::from_value(t.clone()).ok())
        .unwrap_or_default();
    let scope = effective_scope(mode, &targets);
    let names: Vec<String> = targets
        .iter()
        .filter_map(|t| {
            let id = t.target_id?;
            match t.target_type {
                TargetType::Member => directory.member_name(UserId(id)),
                TargetType::Team => directory
                    .team_name(TeamId(id))
                    .map(|n| fill(Key::TeamChip.text(locale), &[&n])),
                TargetType::Workspace => None,
            }
        })
        .collect();
    let label = scope_key(scope).text(locale).to_owned();
    Some(match names.is_empty() {
        true => label,
        false => format!("{label} ({})", names.join(", ")),
    })
}

/// "From … to …" for an access entry; nothing for the others.
fn describe(
    action: AuditAction,
    before: Option<&Value>,
    after: Option<&Value>,
    directory: &Directory,
    locale: Locale,
) -> Option<String> {
    if !matches!(
        action,
        AuditAction::Created | AuditAction::AccessChanged | AuditAction::AccessPruned
    ) {
        return None;
    }
    let after = access_text(after?, directory, locale)?;
    match before.and_then(|b| access_text(b, directory, locale)) {
        Some(before) => Some(fill(Key::ActivityFromTo.text(locale), &[&before, &after])),
        None => Some(fill(Key::ActivityAccessIs.text(locale), &[&after])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn access_entries_read_as_from_and_to_in_words() {
        let dir = Directory::default();
        let before = json!({"permission_mode": "private", "invocation_targets": []});
        let after = json!({"permission_mode": "public_to", "invocation_targets": [{"target_type": "workspace", "target_id": null}]});
        let text = describe(
            AuditAction::AccessChanged,
            Some(&before),
            Some(&after),
            &dir,
            Locale::En,
        );
        assert_eq!(text.as_deref(), Some("From Only owner to Workspace"));
        let created = describe(AuditAction::Created, None, Some(&after), &dir, Locale::En);
        assert_eq!(created.as_deref(), Some("Who can run it: Workspace"));
        let archived = describe(
            AuditAction::Archived,
            None,
            Some(&json!({"archived_at": "x"})),
            &dir,
            Locale::En,
        );
        assert_eq!(archived, None);
    }
}
