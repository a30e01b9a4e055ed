//! `/w/:slug/runtimes`: the machines agents run on, as daemons registered them: name, provider
//! or profile, device, status, owner, visibility and bound agents; failed profiles say why and
//! how to fix it. Updates live from the event channel.

mod card;
mod delete;
mod rename;

use crate::api;
use crate::components::empty_state::EmptyState;
use crate::components::loaded::Loaded;
use crate::components::page_title::PageTitle;
use crate::components::runtimes::live::on_runtime_events;
use crate::components::runtimes::when::now_ms;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use crate::pages::settings::profiles::list_profiles;
use agentry_core::api::agents::Agent;
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::runtimes::{Runtime, RuntimeProfile};
use agentry_core::api::Member;
use leptos::prelude::*;
use leptos_router::components::A;
use serde::{Deserialize, Serialize};

/// Everything a runtime card names: its agents, its owner, its profile's command.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct PageData {
    runtimes: Vec<Runtime>,
    agents: Vec<Agent>,
    members: Vec<Member>,
    profiles: Vec<RuntimeProfile>,
}

/// The runtimes page.
#[component]
pub fn Runtimes() -> AnyView {
    let ws = use_workspace();
    let data = Resource::new(
        move || ws.id.get(),
        |id| {
            // All requests are created now, while the render context is at hand.
            let missing = "no such workspace";
            let runtimes = api::call_known(
                id.map(|workspace| endpoints::runtimes::List { workspace }),
                &(),
                missing,
            );
            let agents = api::call_known(
                id.map(|workspace| endpoints::agents::List {
                    workspace,
                    include_archived: false,
                }),
                &(),
                missing,
            );
            let members = api::call_known(
                id.map(|workspace| endpoints::members::List { workspace }),
                &(),
                missing,
            );
            let profiles = list_profiles(id);
            async move {
                Ok(PageData {
                    runtimes: runtimes.await?,
                    agents: agents.await?,
                    members: members.await?,
                    // Profiles only name a failed profile's command; the page works without.
                    profiles: profiles.await.unwrap_or_default(),
                })
            }
        },
    );
    let on_changed = Callback::new(move |()| data.refetch());
    on_runtime_events(ws.id, on_changed);
    let now = ticking_now();
    view! {
        <PageTitle key=Key::NavRuntimes />
        <div class="page-head">
            <h1>{t(Key::NavRuntimes)}</h1>
            <div class="page-actions">
                <A href=move || ws.href("settings/runtime-profiles") attr:class="btn">
                    {t(Key::NavRuntimeProfiles)}
                </A>
                <A href=move || ws.href("settings/daemon-tokens") attr:class="btn">
                    {t(Key::NavDaemonTokens)}
                </A>
            </div>
        </div>
        <p class="muted">{t(Key::RuntimesExplain)}</p>
        <Loaded
            resource=data
            view={move |data: Signal<PageData>| {
                let runtimes: Memo<Vec<Runtime>> = Memo::new(move |_| data.with(|d| d.runtimes.clone()));
                let agents: Signal<Vec<Agent>> = Memo::new(move |_| data.with(|d| d.agents.clone())).into();
                let members: Signal<Vec<Member>> = Memo::new(move |_| data.with(|d| d.members.clone())).into();
                let profiles: Signal<Vec<RuntimeProfile>> = Memo::new(move |_| data.with(|d| d.profiles.clone())).into();
                view! {
                    <Show
                        when=move || runtimes.with(|r| !r.is_empty())
                        fallback=move || view! {
                            <EmptyState title=Key::NoRuntimesTitle body=Key::NoRuntimesBody>
                                <A href=move || ws.href("settings/daemon-tokens") attr:class="btn btn-primary">
                                    {t(Key::CreateDaemonTokenLink)}
                                </A>
                            </EmptyState>
                        }
                    >
                        <ul class="runtime-list" aria-live="polite">
                            <For
                                each=move || runtimes.get()
                                key=|r| (r.id, r.updated_at.clone(), r.last_seen_at.clone(), r.status)
                                let:runtime
                            >
                                <card::RuntimeCard runtime agents members profiles now on_changed />
                            </For>
                        </ul>
                    </Show>
                }
            }}
        />
    }
    .into_any()
}

/// The current time, advancing every 30 s in the browser so "last seen" stays true.
fn ticking_now() -> Signal<i64> {
    let now = RwSignal::new(now_ms());
    #[cfg(feature = "hydrate")]
    if let Ok(handle) = leptos::prelude::set_interval_with_handle(
        move || now.set(now_ms()),
        std::time::Duration::from_secs(30),
    ) {
        on_cleanup(move || handle.clear());
    }
    now.into()
}
