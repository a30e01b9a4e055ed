//! The workspace shell: resolves `:slug` among the caller's workspaces, then lays out the
//! sidebar beside the page; a slug they do not belong to gets the "no access" state.

use crate::components::auth::RequireAuth;
use crate::components::empty_state::EmptyState;
use crate::components::page_title::PageTitle;
use crate::components::workspace::sidebar::Sidebar;
use crate::contexts::config::provide_server_config;
use crate::contexts::workspace::{provide_workspace, use_workspace};
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};
use leptos_router::hooks::use_params_map;

/// The layout of every page under `/w/:slug`.
#[component]
pub fn WorkspaceShell() -> AnyView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let ws = provide_workspace(slug);
    view! {
        <RequireAuth>
            {move || match ws.id.get() {
                Some(_) => {
                    // Created where the sidebar reads it at once, inside the sign-in gate's
                    // Transition, so rendering waits for it and never leaves it unread.
                    provide_server_config();
                    view! {
                        <div class="app-layout">
                            <a class="skip-link" href="#main">{t(Key::SkipToContent)}</a>
                            <Sidebar />
                            <main id="main" class="content" tabindex="-1">
                                <Outlet />
                            </main>
                        </div>
                    }
                    .into_any()
                }
                None => view! { <NoAccess /> }.into_any(),
            }}
        </RequireAuth>
    }
    .into_any()
}

/// For a workspace that does not exist or that the caller is not a member of.
#[component]
fn NoAccess() -> AnyView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <PageTitle key=Key::NoAccessTitle />
        <main id="main" class="page-centered">
            <EmptyState title=Key::NoAccessTitle body=Key::NoAccessBody>
                <A href="/" attr:class="btn btn-primary">{t(Key::BackToWorkspaces)}</A>
            </EmptyState>
        </main>
    }
    .into_any()
}

/// `/w/:slug` and `/w/:slug/settings`: go to the first page of the area.
#[component]
pub fn WorkspaceIndex(
    /// The page inside the workspace to go to.
    to: &'static str,
) -> AnyView {
    let ws = use_workspace();
    view! { <Redirect path=ws.href_untracked(to) /> }.into_any()
}
