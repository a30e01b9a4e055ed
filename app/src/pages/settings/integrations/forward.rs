//! `/settings/integrations`: where connecting an app comes back to. Connections belong to the
//! person, not to a workspace, so the callback's address names none; this page forwards to the
//! integrations page of the first of the person's workspaces (the first one the home page
//! lists), keeping the query string, and sends anyone signed out to sign in first.

use crate::components::auth::RequireAuth;
use crate::contexts::session::use_session;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// Forwards to `/w/<slug>/settings/integrations`, with the same query.
#[component]
pub fn Forward() -> AnyView {
    let session = use_session();
    let location = use_location();
    view! {
        <RequireAuth>
            {move || {
                let first = session
                    .current_untracked()
                    .and_then(|me| me.workspaces.into_iter().next());
                let path = forward_target(
                    first.map(|w| w.slug).as_deref(),
                    &location.search.get_untracked(),
                );
                view! { <Redirect path /> }
            }}
        </RequireAuth>
    }
    .into_any()
}

/// Where to go: the workspace's integrations page with `search` (without its `?`), or home
/// for someone in no workspace at all.
pub fn forward_target(workspace_slug: Option<&str>, search: &str) -> String {
    let search = search.trim_start_matches('?');
    match (workspace_slug, search.is_empty()) {
        (None, _) => "/".to_owned(),
        (Some(slug), true) => format!("/w/{slug}/settings/integrations"),
        (Some(slug), false) => format!("/w/{slug}/settings/integrations?{search}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_callback_query_goes_along_to_the_workspace_page() {
        assert_eq!(
            forward_target(Some("acme"), "connected=notion"),
            "/w/acme/settings/integrations?connected=notion"
        );
        assert_eq!(
            forward_target(Some("acme"), "?error=composio_connect_failed"),
            "/w/acme/settings/integrations?error=composio_connect_failed"
        );
        assert_eq!(
            forward_target(Some("acme"), ""),
            "/w/acme/settings/integrations"
        );
        assert_eq!(forward_target(None, "connected=notion"), "/");
    }
}
