//! "Set access" on the selected agents (spec §6.2): only the caller's own agents change (the
//! owner alone decides who can run an agent); the others are counted as skipped. One PUT per
//! agent; a partial failure says how many went through.

use crate::api::{self, Pending};
use crate::components::agents::picker::AccessPicker;
use crate::components::modal::Modal;
use crate::contexts::directory::Directory;
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use agentry_core::agents::{can_change_access, AccessDraft, AccessScope};
use agentry_core::api::agents::{Agent, UpdateAgentRequest};
use agentry_core::api::catalogue as endpoints;
use agentry_core::{AgentId, UserId};
use leptos::{prelude::*, task::spawn_local};

/// The selected agents split into the caller's own (to change) and the rest (skipped).
fn split(agents: &[Agent], me: Option<UserId>) -> (Vec<AgentId>, usize) {
    let owned: Vec<AgentId> = agents
        .iter()
        .filter(|a| can_change_access(me, a.owner_id).allowed)
        .map(|a| a.id)
        .collect();
    let skipped = agents.len() - owned.len();
    (owned, skipped)
}

/// The dialog; `on_done` runs after applying, to clear the selection and reload.
#[component]
pub fn SetAccessDialog(
    open: RwSignal<bool>,
    /// The selected agents.
    agents: Memo<Vec<Agent>>,
    directory: Signal<Directory>,
    on_done: Callback<()>,
) -> AnyView {
    view! {
        <Modal open id="set-access-title" title=Key::SetAccessTitle>
            <SetAccessForm open agents directory on_done />
        </Modal>
    }
    .into_any()
}

#[component]
fn SetAccessForm(
    open: RwSignal<bool>,
    agents: Memo<Vec<Agent>>,
    directory: Signal<Directory>,
    on_done: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let me = Memo::new(move |_| session.current().map(|me| me.user.id));
    let plan = Memo::new(move |_| agents.with(|list| split(list, me.get())));
    let draft = RwSignal::new(AccessDraft {
        scope: AccessScope::Workspace,
        members: Vec::new(),
        teams: Vec::new(),
    });
    let chosen = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let people = Signal::derive(move || directory.with(|d| d.members_except(me.get())));
    let teams = Signal::derive(move || directory.with(|d| d.teams.clone()));
    let setting = move || {
        let id = ws.id.get()?;
        chosen.get().then(|| draft.with(|d| d.to_setting(id)))?
    };
    let blocked = move || -> Option<Key> {
        if plan.with(|(owned, _)| owned.is_empty()) {
            Some(Key::BulkNoneYours)
        } else if !chosen.get() {
            Some(Key::BulkChooseScope)
        } else {
            None
        }
    };
    let counts = move || {
        plan.with(|(owned, skipped)| {
            fill(
                Key::BulkCounts.text(locale.get()),
                &[&owned.len().to_string(), &skipped.to_string()],
            )
        })
    };

    let apply = move |_| {
        let (Some(ws_id), Some(setting)) = (ws.id.get_untracked(), setting()) else {
            return;
        };
        let owned = plan.with_untracked(|(owned, _)| owned.clone());
        if owned.is_empty() {
            return;
        }
        busy.set(true);
        let calls: Vec<Pending<bool>> = owned
            .iter()
            .map(|&id| {
                let update = endpoints::agents::Update {
                    workspace: ws_id,
                    id,
                };
                let call = api::call(&update, &UpdateAgentRequest::access_only(&setting));
                Box::pin(async move { call.await.is_ok() }) as Pending<bool>
            })
            .collect();
        spawn_local(async move {
            let results = api::join_all(calls).await;
            let succeeded = results.iter().filter(|ok| **ok).count().to_string();
            let failed = results.iter().filter(|ok| !**ok).count();
            if failed == 0 {
                toasts.success_with(Key::BulkApplied, &[&succeeded]);
            } else {
                toasts.error_with(Key::BulkPartial, &[&succeeded, &failed.to_string()]);
            }
            busy.set(false);
            open.set(false);
            on_done.run(());
        });
    };

    view! {
        <p class="bulk-counts" id="set-access-counts">{counts}</p>
        <AccessPicker prefix="bulk-access" draft people teams chosen />
        <p class="field-hint" id="set-access-reason">{move || blocked().map(|key| key.text(locale.get()))}</p>
        <div class="dialog-actions">
            <button type="button" class="btn" on:click=move |_| open.set(false)>
                {t(Key::Cancel)}
            </button>
            <button
                type="button"
                class="btn btn-primary"
                aria-describedby="set-access-counts set-access-reason"
                disabled=move || busy.get() || blocked().is_some() || setting().is_none()
                on:click=apply
            >
                {t(Key::Apply)}
            </button>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn uuid(n: u32) -> String {
        format!("00000000-0000-0000-0000-{n:012}")
    }

    /// An agent as an older server sends it: no `invocation_targets`.
    fn agent(n: u32, owner: Option<u32>) -> Agent {
        serde_json::from_value(json!({
            "id": uuid(100 + n),
            "workspace_id": uuid(1),
            "name": format!("agent {n}"),
            "description": null,
            "instructions": "",
            "runtime_id": null,
            "mcp_config": null,
            "max_concurrent_tasks": 6,
            "owner_id": owner.map(uuid),
            "permission_mode": "public_to",
            "visibility": "private",
            "archived_at": null,
            "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z"
        }))
        .expect("an agent without invocation_targets reads as having none")
    }

    #[test]
    fn only_the_callers_own_agents_change_and_the_rest_are_skipped() {
        let me = UserId::parse(&uuid(7));
        let list = [
            agent(1, Some(7)),
            agent(2, Some(8)),
            agent(3, None),
            agent(4, Some(7)),
        ];
        let (owned, skipped) = split(&list, me);
        assert_eq!(owned, vec![list[0].id, list[3].id]);
        assert_eq!(skipped, 2);
        assert_eq!(split(&list, None), (Vec::new(), 4));
        assert!(list[0].invocation_targets.is_empty());
    }
}
