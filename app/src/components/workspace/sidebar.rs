//! The workspace sidebar: navigation, the workspace's name, the way back to the picker, the
//! account link and sign-out. Below 720px it folds into a top bar with a menu button.

use crate::components::sign_out::SignOutButton;
use crate::components::workspace::role_badge::RoleBadge;
use crate::contexts::config::use_server_config;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

/// The sidebar of `/w/:slug/...`.
#[component]
pub fn Sidebar() -> AnyView {
    let ws = use_workspace();
    let config = use_server_config();
    let open = RwSignal::new(false);
    let location = use_location();
    // Close the folded menu after navigating.
    Effect::watch(
        move || location.pathname.get(),
        move |_, _, _| open.set(false),
        false,
    );
    let link = move |rest: &'static str, key: Key| {
        view! {
            <li>
                <A href=move || ws.href(rest)>{t(key)}</A>
            </li>
        }
    };
    view! {
        <aside class="sidebar" class:is-open=move || open.get()>
            <div class="sidebar-head">
                <div class="sidebar-title">
                    <A href="/" attr:class="back-link">{t(Key::AllWorkspaces)}</A>
                    <p class="ws-name">{move || ws.name()}</p>
                    {move || view! { <RoleBadge role=ws.role.get() /> }}
                </div>
                <button
                    type="button"
                    class="btn menu-toggle"
                    aria-controls="sidebar-nav"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {t(Key::Menu)}
                </button>
            </div>
            <nav id="sidebar-nav" class="sidebar-nav" aria-label=t(Key::WorkspaceNav)>
                <ul>
                    {link("issues", Key::NavIssues)}
                    {link("chat", Key::NavChat)}
                    {link("autopilots", Key::NavAutopilots)}
                    {link("agents", Key::NavAgents)}
                    {link("runtimes", Key::NavRuntimes)}
                </ul>
                <p class="nav-heading" id="nav-settings-heading">{t(Key::NavSettings)}</p>
                <ul aria-labelledby="nav-settings-heading">
                    {link("settings/general", Key::NavGeneral)}
                    {link("settings/members", Key::NavMembers)}
                    {link("settings/teams", Key::NavTeams)}
                    {link("settings/runtime-profiles", Key::NavRuntimeProfiles)}
                    {link("settings/daemon-tokens", Key::NavDaemonTokens)}
                    // Connected apps are each person's own; offered only while the server has them on.
                    {move || config.apps_on().unwrap_or(false).then(|| link("settings/integrations", Key::NavIntegrations))}
                </ul>
                <ul class="nav-footer">
                    <li>
                        <A href="/account">{t(Key::NavAccount)}</A>
                    </li>
                </ul>
                <SignOutButton />
            </nav>
        </aside>
    }
    .into_any()
}
