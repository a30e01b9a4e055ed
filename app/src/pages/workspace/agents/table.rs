//! The agents table: a checkbox to select each agent, its name (to its page), owner, runtime
//! and who can run it.

use super::scope_of;
use crate::components::runtimes::picker::RuntimeName;
use crate::contexts::directory::Directory;
use crate::contexts::session::use_session;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::agents::scope_key;
use agentry_core::api::agents::Agent;
use agentry_core::AgentId;
use leptos::prelude::*;
use leptos_router::components::A;

/// The table of `agents`; ticking rows edits `selected`.
#[component]
pub fn AgentTable(
    agents: Memo<Vec<Agent>>,
    directory: Signal<Directory>,
    selected: RwSignal<Vec<AgentId>>,
) -> AnyView {
    let all_selected = move || {
        agents.with(|list| {
            !list.is_empty() && selected.with(|ids| list.iter().all(|a| ids.contains(&a.id)))
        })
    };
    let select_all = move |on: bool| {
        let ids: Vec<AgentId> = agents.with(|list| list.iter().map(|a| a.id).collect());
        selected.update(|chosen| {
            chosen.retain(|id| !ids.contains(id));
            if on {
                chosen.extend(ids);
            }
        });
    };
    view! {
        <div class="table-wrap">
            <table class="table agents-table">
                <thead>
                    <tr>
                        <th scope="col" class="col-select">
                            <input
                                type="checkbox"
                                aria-label=t(Key::SelectAllAgents)
                                prop:checked=all_selected
                                on:change=move |ev| select_all(event_target_checked(&ev))
                            />
                        </th>
                        <th scope="col">{t(Key::ColName)}</th>
                        <th scope="col">{t(Key::ColOwner)}</th>
                        <th scope="col">{t(Key::ColRuntime)}</th>
                        <th scope="col">{t(Key::ColAccess)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || agents.get()
                        key=|a| (a.id, a.updated_at.clone(), a.archived_at.clone())
                        let:agent
                    >
                        <AgentRow agent directory selected />
                    </For>
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn AgentRow(
    agent: Agent,
    directory: Signal<Directory>,
    selected: RwSignal<Vec<AgentId>>,
) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let locale = use_i18n().locale;
    let id = agent.id;
    let name = agent.name.clone();
    let select_label = move || fill(Key::SelectAgent.text(locale.get()), &[&name]);
    let owner = agent.owner_id;
    let is_mine = move || owner.is_some() && session.current().map(|me| me.user.id) == owner;
    let owner_name = move || match owner {
        None => Key::NoOwner.text(locale.get()).to_owned(),
        Some(user) => directory
            .with(|d| d.member_name(user))
            .unwrap_or_else(|| Key::FormerMember.text(locale.get()).to_owned()),
    };
    let scope = scope_of(&agent);
    let archived = agent.archived_at.is_some();
    let on_toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        selected.update(|ids| {
            ids.retain(|x| *x != id);
            if on {
                ids.push(id);
            }
        });
    };
    view! {
        <tr class:is-archived=archived>
            <td class="col-select" data-label=t(Key::ColSelect)>
                <input
                    type="checkbox"
                    aria-label=select_label
                    prop:checked=move || selected.with(|ids| ids.contains(&id))
                    on:change=on_toggle
                />
            </td>
            <td data-label=t(Key::ColName)>
                <A href=move || ws.href(&format!("agents/{id}")) attr:class="agent-link">
                    {agent.name.clone()}
                </A>
                {archived.then(|| view! { <span class="badge badge-archived">{t(Key::Archived)}</span> })}
            </td>
            <td data-label=t(Key::ColOwner)>
                {owner_name}
                {move || is_mine().then(|| view! { <span class="badge badge-you">{t(Key::You)}</span> })}
            </td>
            <td data-label=t(Key::ColRuntime)>
                <RuntimeName runtime=agent.runtime_id directory />
            </td>
            <td data-label=t(Key::ColAccess)>
                <span class=format!("access-badge access-{}", scope.as_str())>{t(scope_key(scope))}</span>
            </td>
        </tr>
    }
    .into_any()
}
