//! `/`: the workspace picker, and the form to create a workspace.

mod create;

use crate::components::auth::RequireAuth;
use crate::components::empty_state::EmptyState;
use crate::components::page_title::PageTitle;
use crate::components::top_bar::TopBar;
use crate::components::workspace::role_badge::RoleBadge;
use crate::contexts::session::use_session;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos_router::components::A;

/// The home page (signed-in only).
#[component]
pub fn Home() -> AnyView {
    view! {
        <PageTitle key=Key::YourWorkspaces />
        <RequireAuth>
            <TopBar />
            <main id="main" class="page page-narrow">
                <h1>{t(Key::YourWorkspaces)}</h1>
                <WorkspaceList />
                <create::CreateWorkspace />
            </main>
        </RequireAuth>
    }
    .into_any()
}

/// The caller's workspaces with their role in each, from the session.
#[component]
fn WorkspaceList() -> AnyView {
    let session = use_session();
    let workspaces = Memo::new(move |_| {
        session
            .current()
            .map(|me| me.workspaces)
            .unwrap_or_default()
    });
    view! {
        <Show
            when=move || workspaces.with(|w| !w.is_empty())
            fallback=|| view! { <EmptyState title=Key::NoWorkspacesTitle body=Key::NoWorkspacesBody /> }
        >
            <ul class="workspace-list">
                <For each=move || workspaces.get() key=|w| (w.id, w.name.clone(), w.role) let:ws>
                    <li>
                        <A href=format!("/w/{}/agents", ws.slug) attr:class="workspace-link">
                            <span class="workspace-name">{ws.name.clone()}</span>
                            <span class="muted workspace-slug">{format!("/w/{}", ws.slug)}</span>
                        </A>
                        <RoleBadge role=ws.role />
                    </li>
                </For>
            </ul>
        </Show>
    }
    .into_any()
}
