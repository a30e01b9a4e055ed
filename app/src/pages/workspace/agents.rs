//! `/w/:slug/agents`: the agents the caller may see, with their owner, runtime and who can run
//! them; a filter on that, archived ones on request, "New agent", and "Set access" on many.

mod bulk;
mod create;
pub mod detail;
mod table;

use crate::api;
use crate::components::empty_state::EmptyState;
use crate::components::loaded::Loaded;
use crate::components::page_title::PageTitle;
use crate::contexts::directory::{load_directory, Directory};
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::agents::scope_key;
use agentry_core::agents::{effective_scope, AccessScope};
use agentry_core::api::agents::Agent;
use agentry_core::api::catalogue as endpoints;
use agentry_core::AgentId;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The agents and the workspace's people and teams (to name owners and to pick from).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct PageData {
    agents: Vec<Agent>,
    directory: Directory,
}

/// The list's state that outlives a reload: the filter, the archived toggle and the selection.
#[derive(Clone, Copy)]
struct ListState {
    filter: RwSignal<Option<AccessScope>>,
    include_archived: RwSignal<bool>,
    selected: RwSignal<Vec<AgentId>>,
}

/// What the list area shows.
#[derive(Clone, Copy, PartialEq)]
enum Showing {
    /// There are no agents yet.
    Nothing,
    /// None passes the filter.
    NoMatch,
    /// The table.
    Table,
}

/// The agent's three-state access, as the list shows it.
fn scope_of(agent: &Agent) -> AccessScope {
    effective_scope(agent.permission_mode, &agent.invocation_targets)
}

/// The agents page.
#[component]
pub fn Agents() -> AnyView {
    let ws = use_workspace();
    let state = ListState {
        filter: RwSignal::new(None),
        include_archived: RwSignal::new(false),
        selected: RwSignal::new(Vec::new()),
    };
    let data = Resource::new(
        move || (ws.id.get(), state.include_archived.get()),
        |(id, archived)| {
            let list = id.map(|workspace| endpoints::agents::List {
                workspace,
                include_archived: archived,
            });
            let agents = api::call_known(list, &(), "no such workspace");
            let directory = load_directory(id);
            async move {
                Ok(PageData {
                    agents: agents.await?,
                    directory: directory.await?,
                })
            }
        },
    );
    let create_open = RwSignal::new(false);
    let on_changed = Callback::new(move |()| data.refetch());
    view! {
        <PageTitle key=Key::NavAgents />
        <div class="page-head">
            <h1>{t(Key::NavAgents)}</h1>
            <button type="button" class="btn btn-primary" on:click=move |_| create_open.set(true)>
                {t(Key::NewAgent)}
            </button>
        </div>
        <p class="muted">{t(Key::AgentsLead)}</p>
        <Loaded
            resource=data
            view={move |page: Signal<PageData>| {
                let directory = Signal::derive(move || page.with(|p| p.directory.clone()));
                let agents = Signal::derive(move || page.with(|p| p.agents.clone()));
                view! {
                    <AgentsBody agents directory state on_changed />
                    <create::CreateAgentDialog open=create_open directory on_created=on_changed />
                }
            }}
        />
    }
    .into_any()
}

/// The toolbar, the table (or an empty state) and the bulk dialog.
#[component]
fn AgentsBody(
    agents: Signal<Vec<Agent>>,
    directory: Signal<Directory>,
    state: ListState,
    on_changed: Callback<()>,
) -> AnyView {
    let shown = Memo::new(move |_| {
        let filter = state.filter.get();
        agents.with(|all| {
            all.iter()
                .filter(|a| filter.is_none_or(|f| scope_of(a) == f))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    // Only agents still shown count as selected (a filter may hide some).
    let chosen = Memo::new(move |_| {
        state.selected.with(|ids| {
            shown.with(|list| {
                list.iter()
                    .filter(|a| ids.contains(&a.id))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    let bulk_open = RwSignal::new(false);
    let on_bulk_done = Callback::new(move |()| {
        state.selected.set(Vec::new());
        on_changed.run(());
    });
    // What the body shows; the table is not rebuilt when only its rows change.
    let showing = Memo::new(move |_| {
        if agents.with(Vec::is_empty) && !state.include_archived.get() {
            Showing::Nothing
        } else if shown.with(Vec::is_empty) {
            Showing::NoMatch
        } else {
            Showing::Table
        }
    });
    view! {
        <Toolbar state chosen bulk_open />
        {move || match showing.get() {
            Showing::Nothing => view! {
                <EmptyState title=Key::NoAgentsTitle body=Key::NoAgentsBody />
            }
                .into_any(),
            Showing::NoMatch => view! {
                <EmptyState title=Key::NoAgentsMatchTitle body=Key::NoAgentsMatchBody />
            }
                .into_any(),
            Showing::Table => view! {
                <table::AgentTable agents=shown directory selected=state.selected />
            }
                .into_any(),
        }}
        <bulk::SetAccessDialog open=bulk_open agents=chosen directory on_done=on_bulk_done />
    }
    .into_any()
}

/// The access filter, the archived toggle and the bulk action.
#[component]
fn Toolbar(state: ListState, chosen: Memo<Vec<Agent>>, bulk_open: RwSignal<bool>) -> AnyView {
    let locale = use_i18n().locale;
    let count = move || chosen.with(Vec::len);
    let selected_text = move || {
        let n = count();
        (n > 0).then(|| fill(Key::SelectedCount.text(locale.get()), &[&n.to_string()]))
    };
    let options = AccessScope::ALL
        .into_iter()
        .map(|scope| view! { <option value=scope.as_str()>{t(scope_key(scope))}</option> })
        .collect_view();
    view! {
        <div class="toolbar">
            <div class="field field-inline">
                <label for="agents-access-filter">{t(Key::ColAccess)}</label>
                <select
                    id="agents-access-filter"
                    prop:value=move || state.filter.get().map(AccessScope::as_str).unwrap_or("")
                    on:change=move |ev| state.filter.set(AccessScope::parse(&event_target_value(&ev)))
                >
                    <option value="">{t(Key::FilterAll)}</option>
                    {options}
                </select>
            </div>
            <div class="check">
                <input
                    type="checkbox"
                    id="agents-show-archived"
                    prop:checked=move || state.include_archived.get()
                    on:change=move |ev| state.include_archived.set(event_target_checked(&ev))
                />
                <label for="agents-show-archived">{t(Key::ShowArchived)}</label>
            </div>
            <div class="toolbar-bulk">
                <span class="muted" aria-live="polite">
                    {selected_text}
                </span>
                <button
                    type="button"
                    class="btn"
                    aria-describedby="agents-bulk-reason"
                    disabled=move || count() == 0
                    on:click=move |_| bulk_open.set(true)
                >
                    {t(Key::SetAccess)}
                </button>
            </div>
        </div>
        <p class="field-hint" id="agents-bulk-reason">
            {move || (count() == 0).then(|| Key::SelectToSetAccess.text(locale.get()))}
        </p>
    }
    .into_any()
}
