//! `/w/:slug/settings/runtime-profiles`: custom runtime profiles (a named command line the
//! daemons run as an agent CLI of a known family). Owners and admins create, edit and delete
//! them; members see them read-only with the reason.

mod command;
mod family;
mod form;
mod item;

use crate::api::{self, ApiError};
use crate::components::empty_state::EmptyState;
use crate::components::loaded::Loaded;
use crate::components::modal::Modal;
use crate::components::page_title::PageTitle;
use crate::components::runtimes::live::on_runtime_events;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use crate::messages::refusal_key;
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::runtimes::RuntimeProfile;
use agentry_core::runtimes::can_write_profiles;
use agentry_core::WorkspaceId;
use leptos::prelude::*;
use leptos_router::components::A;
use std::future::Future;

/// The runtime profiles page.
/// The workspace's runtime profiles, disabled ones included.
pub fn list_profiles(
    ws: Option<WorkspaceId>,
) -> impl Future<Output = Result<Vec<RuntimeProfile>, ApiError>> + Send + 'static {
    let list = ws.map(|workspace| endpoints::runtime_profiles::List { workspace });
    let request = api::call_known(list, &(), "no such workspace");
    async move { Ok(request.await?.runtime_profiles) }
}

#[component]
pub fn RuntimeProfiles() -> AnyView {
    let ws = use_workspace();
    let profiles = Resource::new(move || ws.id.get(), list_profiles);
    let on_changed = Callback::new(move |()| profiles.refetch());
    on_runtime_events(ws.id, on_changed);
    let allowed = Memo::new(move |_| can_write_profiles(ws.role.get()));
    let create_open = RwSignal::new(false);
    view! {
        <PageTitle key=Key::NavRuntimeProfiles />
        <div class="page-head">
            <h1>{t(Key::NavRuntimeProfiles)}</h1>
            <button
                type="button"
                class="btn btn-primary"
                aria-describedby="profiles-reason"
                disabled=move || allowed.get().is_err()
                on:click=move |_| create_open.set(true)
            >
                {t(Key::NewProfile)}
            </button>
        </div>
        <p class="muted">{t(Key::ProfilesExplain)}</p>
        <p class="muted">
            {t(Key::ProfilesSeeRuntimes)} " "
            <A href=move || ws.href("runtimes")>{t(Key::NavRuntimes)}</A>
        </p>
        <p class="reason" id="profiles-reason">
            {move || allowed.get().err().map(|d| t(refusal_key(d)))}
        </p>
        <Modal open=create_open id="create-profile-title" title=Key::NewProfile>
            <form::ProfileForm open=create_open editing=None on_saved=on_changed />
        </Modal>
        <Loaded
            resource=profiles
            view={move |list: Signal<Vec<RuntimeProfile>>| {
                view! {
                    <Show
                        when=move || list.with(|l| !l.is_empty())
                        fallback=|| view! { <EmptyState title=Key::NoProfilesTitle body=Key::NoProfilesBody /> }
                    >
                        <ul class="item-list profile-list">
                            <For each=move || list.get() key=|p| (p.id, p.updated_at.clone()) let:profile>
                                <item::ProfileItem profile allowed on_changed />
                            </For>
                        </ul>
                    </Show>
                }
            }}
        />
    }
    .into_any()
}
