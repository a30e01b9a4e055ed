//! Coming back from Composio's consent page: the callback lands on this page with
//! `?connected=<slug>` or `?error=composio_connect_failed`. The page says so once in a toast,
//! reloads the connections, and takes those two parameters out of the address (keeping any
//! others) without adding a history entry, so a reload or Back does not say it again.

use super::card::display_name;
use super::Connections;
use crate::api::ApiError;
use crate::contexts::toasts::use_toasts;
use crate::i18n::Key;
use agentry_core::api::integrations::Toolkit;
use agentry_core::apps::{normalise_slug, toolkit_display_name};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

/// The query parameters the callback adds.
const LANDING_PARAMS: [&str; 2] = ["connected", "error"];

/// What the address says about a connect that just ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Landing {
    /// The app `slug` was connected.
    Connected(String),
    /// Connecting failed (the reason is never told).
    Failed,
}

impl Landing {
    /// Reads the callback's parameters; `None` when the address has neither.
    pub fn read(connected: Option<&str>, error: Option<&str>) -> Option<Landing> {
        match (connected.map(str::trim).filter(|s| !s.is_empty()), error) {
            (Some(slug), _) => Some(Landing::Connected(slug.to_owned())),
            (None, Some(_)) => Some(Landing::Failed),
            (None, None) => None,
        }
    }
}

/// Shows the toast for a callback landing once the catalog has loaded (it names the app), then
/// cleans the address. Runs only in the browser; once per page.
pub fn announce_callback(
    toolkits: Resource<Result<Vec<Toolkit>, ApiError>>,
    connections: Connections,
) {
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    let toasts = use_toasts();
    let done = StoredValue::new(false);
    Effect::new(move |_| {
        let landing = query.with(|q| Landing::read(q.get_str("connected"), q.get_str("error")));
        let Some(landing) = landing.filter(|_| !done.get_value()) else {
            return;
        };
        let Some(catalog) = toolkits.get() else {
            return;
        };
        done.set_value(true);
        match landing {
            Landing::Connected(slug) => {
                let name = app_name(catalog.as_deref().unwrap_or_default(), &slug);
                toasts.success_with(Key::ComposioConnectedToast, &[&name]);
                connections.refetch();
            }
            Landing::Failed => toasts.error_with(Key::ComposioConnectFailedToast, &[]),
        }
        let search = without_landing_params(&location.search.get_untracked());
        let path = location.pathname.get_untracked();
        let href = match search.is_empty() {
            true => path,
            false => format!("{path}?{search}"),
        };
        navigate(
            &href,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    });
}

/// The name the catalog gives `slug`, else one made from the slug.
fn app_name(catalog: &[Toolkit], slug: &str) -> String {
    let slug = normalise_slug(slug);
    catalog
        .iter()
        .find(|t| normalise_slug(&t.slug) == slug)
        .map_or_else(|| toolkit_display_name(&slug), display_name)
}

/// `search` (without its `?`) minus the callback's parameters, the rest kept as written.
pub fn without_landing_params(search: &str) -> String {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            !LANDING_PARAMS.contains(&key)
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_says_connected_failed_or_nothing() {
        assert_eq!(
            Landing::read(Some("notion"), None),
            Some(Landing::Connected("notion".into()))
        );
        assert_eq!(
            Landing::read(None, Some("composio_connect_failed")),
            Some(Landing::Failed)
        );
        assert_eq!(Landing::read(Some(" "), None), None);
        assert_eq!(Landing::read(None, None), None);
    }

    #[test]
    fn only_the_callback_parameters_leave_the_address() {
        assert_eq!(without_landing_params("connected=notion"), "");
        assert_eq!(
            without_landing_params("tab=integrations&connected=notion&x=a%26b"),
            "tab=integrations&x=a%26b"
        );
        assert_eq!(
            without_landing_params("?error=composio_connect_failed&tab=1"),
            "tab=1"
        );
        assert_eq!(without_landing_params("connectedness=1"), "connectedness=1");
    }

    #[test]
    fn the_toast_names_the_app_as_the_catalog_does() {
        let notion = Toolkit {
            slug: "notion".into(),
            name: "Notion HQ".into(),
            logo: None,
            category: None,
            connectable: true,
        };
        assert_eq!(
            app_name(std::slice::from_ref(&notion), "NOTION"),
            "Notion HQ"
        );
        assert_eq!(app_name(&[notion], "google_drive"), "Google Drive");
    }
}
