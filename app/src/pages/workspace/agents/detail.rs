//! `/w/:slug/agents/:id`: one agent, with the tabs Overview, Access, Runs, Brief, Activity and,
//! for its owner while connected apps are on, MCP Apps. Someone else who may run it is told
//! whose apps its runs use. Leaving the Access tab with unsaved changes asks first. Someone who
//! may not see the agent gets a plain "no access" page (403), told apart from a missing agent
//! and a failed load.

mod access;
mod activity;
mod apps;
mod brief;
mod overview;
mod panels;
mod runs;
mod who;

use crate::api::{self, ApiError};
use crate::components::confirm::ConfirmDialog;
use crate::components::empty_state::EmptyState;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::components::page_title::{title, PageTitle};
use crate::components::tabs::{TabList, TabPanel};
use crate::contexts::config::use_server_config;
use crate::contexts::directory::{load_directory, Directory};
use crate::contexts::session::use_session;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::join_names;
use agentry_core::agents::can_edit_agent;
use agentry_core::api::agents::Agent;
use agentry_core::api::catalogue as endpoints;
use agentry_core::apps::may_see_apps;
use agentry_core::AgentId;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use panels::{PageFacts, Panels};

/// Where the page stands; coarse, so the view re-renders only when it changes.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Loading,
    Ready,
    NoAccess,
    Failed(ApiError),
}

const TABS: [(&str, Key); 6] = [
    ("overview", Key::TabOverview),
    ("access", Key::TabAccess),
    ("runs", Key::TabRuns),
    ("brief", Key::TabBrief),
    ("activity", Key::TabActivity),
    ("apps", Key::TabApps),
];

/// The tabs this viewer gets: MCP Apps only for the owner while connected apps are on.
fn tabs(apps: bool) -> Vec<(&'static str, Key)> {
    TABS.into_iter()
        .filter(|(name, _)| apps || *name != "apps")
        .collect()
}

/// The agent page.
#[component]
pub fn AgentDetail() -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let config = use_server_config();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|raw| AgentId::parse(&raw)));
    let first_tab = query
        .with_untracked(|q| q.get("tab"))
        .and_then(|wanted| TABS.iter().map(|(name, _)| *name).find(|n| *n == wanted))
        .unwrap_or("overview");
    let tab = RwSignal::new(first_tab);
    // Effects run only in the browser, after hydration.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let agent = Resource::new(
        move || (ws.id.get(), id.get()),
        |(ws, id)| {
            let endpoint = ws
                .zip(id)
                .map(|(workspace, id)| endpoints::agents::Show { workspace, id });
            api::call_known(endpoint, &(), "no such agent")
        },
    );
    let directory = Resource::new(move || ws.id.get(), load_directory);
    let status = Memo::new(move |_| match (agent.get(), directory.get()) {
        (Some(Err(e)), _) if e.status == 403 => Status::NoAccess,
        (Some(Err(e)), _) | (_, Some(Err(e))) => Status::Failed(e),
        (Some(Ok(_)), Some(Ok(_))) => Status::Ready,
        _ => Status::Loading,
    });
    let current =
        Memo::new(move |_| agent.with(|a| a.as_ref().and_then(|r| r.as_ref().ok()).cloned()));
    let people = Signal::derive(move || {
        directory
            .with(|d| d.as_ref().and_then(|r| r.as_ref().ok()).cloned())
            .unwrap_or_default()
    });
    // The explainer and the activity log answer the manage gate's people only.
    let may_manage = Memo::new(move |_| {
        let me = session.current().map(|me| me.user.id);
        let role = ws.role_state.get();
        current.with(|a| {
            a.as_ref()
                .is_some_and(|a| can_edit_agent(Some(&a.access()), me, role).is_allowed())
        })
    });
    let panels = Panels::new(PageFacts {
        ws: ws.id,
        id,
        agent: current,
        wanted: Signal::derive(move || (hydrated.get() && may_manage.get()).then(|| tab.get())),
    });
    let on_saved = Callback::new(move |saved: Agent| {
        agent.set(Some(Ok(saved)));
        panels.permissions.refetch();
    });
    let on_reload = Callback::new(move |()| {
        agent.refetch();
        panels.permissions.refetch();
    });
    let retry = Callback::new(move |()| {
        agent.refetch();
        directory.refetch();
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            // Registers both loads with this Transition, so the server renders the result.
            {move || {
                agent.with(|_| ());
                directory.with(|_| ());
                panels.permissions.with(|_| ());
                config.apps_on();
            }}
            {move || match status.get() {
                Status::Loading => view! { <Loading /> }.into_any(),
                Status::NoAccess => view! { <AgentNoAccess /> }.into_any(),
                Status::Failed(error) => view! {
                    <BackToAgents />
                    <ErrorView error retry />
                }
                    .into_any(),
                Status::Ready => match current.get_untracked() {
                    Some(first) => {
                        let agent = Signal::derive(move || current.get().unwrap_or_else(|| first.clone()));
                        view! { <AgentView agent directory=people tab panels on_saved on_reload /> }
                            .into_any()
                    }
                    None => view! { <Loading /> }.into_any(),
                },
            }}
        </Transition>
    }
    .into_any()
}

#[component]
fn BackToAgents() -> AnyView {
    let ws = use_workspace();
    view! { <A href=move || ws.href("agents") attr:class="back-link">{t(Key::AllAgents)}</A> }
        .into_any()
}

/// For an agent the caller may not see. Says nothing about how it is shared (spec §8.8).
#[component]
fn AgentNoAccess() -> AnyView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    let ws = use_workspace();
    view! {
        <PageTitle key=Key::AgentNoAccessTitle />
        <BackToAgents />
        <h1>{t(Key::AgentNoAccessTitle)}</h1>
        <EmptyState title=Key::AgentNoAccessLead body=Key::AgentNoAccessBody>
            <A href=move || ws.href("agents") attr:class="btn btn-primary">{t(Key::AllAgents)}</A>
        </EmptyState>
    }
    .into_any()
}

#[component]
fn AgentView(
    agent: Signal<Agent>,
    directory: Signal<Directory>,
    tab: RwSignal<&'static str>,
    panels: Panels,
    on_saved: Callback<Agent>,
    on_reload: Callback<()>,
) -> AnyView {
    // Whether the Access tab holds unsaved changes; it reports them here.
    let dirty = RwSignal::new(false);
    let pending = RwSignal::new(None::<&'static str>);
    let discard_open = RwSignal::new(false);
    let on_select = Callback::new(move |next: &'static str| {
        let now = tab.get_untracked();
        if next == now {
            return;
        }
        if now == "access" && dirty.get_untracked() {
            pending.set(Some(next));
            discard_open.set(true);
            return;
        }
        tab.set(next);
    });
    let on_discard = Callback::new(move |()| {
        dirty.set(false);
        discard_open.set(false);
        if let Some(next) = pending.get_untracked() {
            tab.set(next);
        }
    });
    let session = use_session();
    let config = use_server_config();
    let show_apps = Memo::new(move |_| {
        let me = session.current().map(|me| me.user.id);
        let on = config.apps_on() == Some(true);
        agent.with(|a| a.owner_id.is_some_and(|owner| may_see_apps(me, owner, on)))
    });
    let locale = use_i18n().locale;
    let act_as = move || {
        let in_use = agent.with(|a| a.apps_in_use.clone())?;
        let locale = locale.get();
        let apps = join_names(&in_use.apps, locale);
        Some(fill(
            Key::AppsActAs.text(locale),
            &[&in_use.owner_name, &apps],
        ))
    };
    let name = move || agent.with(|a| a.name.clone());
    let archived = move || agent.with(|a| a.archived_at.is_some());
    let discard_message = Signal::derive(move || Key::DiscardBody.text(locale.get()).to_owned());
    view! {
        {title(move || format!("{} · {}", name(), Key::AppName.text(locale.get())))}
        <BackToAgents />
        <div class="page-head">
            <h1 class="agent-title">{name}</h1>
            {move || archived().then(|| view! { <span class="badge badge-archived">{t(Key::Archived)}</span> })}
        </div>
        {move || agent.with(|a| a.description.clone()).map(|d| view! { <p class="muted">{d}</p> })}
        {move || act_as().map(|text| view! { <p class="note act-as" role="note">{text}</p> })}
        {move || {
            let tabs = tabs(show_apps.get());
            view! { <TabList prefix="agent" label=Key::AgentSections tabs selected=tab on_select /> }
        }}
        {move || match tab.get() {
            "apps" if show_apps.get() => view! {
                <TabPanel prefix="agent" name="apps">
                    <apps::AppsTab
                        agent
                        directory
                        connections=panels.connections
                        toolkits=panels.toolkits
                        on_saved
                    />
                </TabPanel>
            }
                .into_any(),
            "access" => view! {
                <TabPanel prefix="agent" name="access">
                    <access::AccessTab agent directory dirty who=panels.who on_saved />
                </TabPanel>
            }
                .into_any(),
            "runs" => view! {
                <TabPanel prefix="agent" name="runs">
                    <runs::RunsTab agent />
                </TabPanel>
            }
                .into_any(),
            "brief" => view! {
                <TabPanel prefix="agent" name="brief">
                    <brief::BriefTab agent />
                </TabPanel>
            }
                .into_any(),
            "activity" => view! {
                <TabPanel prefix="agent" name="activity">
                    <activity::ActivityTab agent directory events=panels.activity />
                </TabPanel>
            }
                .into_any(),
            _ => view! {
                <TabPanel prefix="agent" name="overview">
                    <overview::Overview agent directory permissions=panels.permissions on_saved on_reload />
                </TabPanel>
            }
                .into_any(),
        }}
        <ConfirmDialog
            open=discard_open
            title=Key::DiscardTitle
            message=discard_message
            confirm_label=Key::Discard
            on_confirm=on_discard
        />
    }
    .into_any()
}
