//! The catalog: a search box over the apps and a grid of their cards, with the caller's
//! connections laid over them. Only one connect may be in flight.

use super::card::AppCard;
use super::Connections;
use crate::i18n::{fill, t, use_i18n, Key};
use agentry_core::api::integrations::{ConnectedApp, Toolkit};
use agentry_core::apps::normalise_slug;
use leptos::prelude::*;

/// The search box and the grid.
#[component]
pub fn AppCatalog(toolkits: Vec<Toolkit>, connections: Connections) -> AnyView {
    let locale = use_i18n().locale;
    let query = RwSignal::new(String::new());
    let shown = Memo::new(move |_| {
        query.with(|q| {
            toolkits
                .iter()
                .filter(|toolkit| matches_search(toolkit, q))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    // The list when it loaded; a failure keeps the catalog and says the marks may be missing.
    let connected: Signal<Vec<ConnectedApp>> = Memo::new(move |_| {
        connections
            .try_with(|c| c.as_ref().and_then(|r| r.as_ref().ok()).cloned())
            .flatten()
            .unwrap_or_default()
    })
    .into();
    let failed = move || {
        connections
            .try_with(|c| matches!(c, Some(Err(_))))
            .unwrap_or(false)
    };
    // The slug whose connect is in flight: every Connect button waits for it.
    let connecting = RwSignal::new(None::<String>);
    // Coming back from the consent page with the browser's Back button restores this page
    // as it was left, mid-connect; let it connect again.
    #[cfg(feature = "hydrate")]
    {
        let listener = window_event_listener(leptos::ev::pageshow, move |_| connecting.set(None));
        on_cleanup(move || listener.remove());
    }
    let no_matches = move || {
        let q = query.get();
        fill(Key::ComposioNoMatches.text(locale.get()), &[q.trim()])
    };
    view! {
        <div class="field app-search">
            <label for="app-search">{t(Key::ComposioSearchLabel)}</label>
            <input
                id="app-search"
                type="search"
                autocomplete="off"
                placeholder=t(Key::ComposioSearchPlaceholder)
                bind:value=query
            />
        </div>
        <Show when=failed>
            <p class="warning apps-warning">{t(Key::ComposioConnectionsLoadFailed)}</p>
        </Show>
        <Show when=move || shown.with(Vec::is_empty)>
            <p class="muted">{no_matches}</p>
        </Show>
        <ul class="app-grid">
            <For each=move || shown.get() key=|toolkit| toolkit.slug.clone() let:toolkit>
                {
                    let slug = toolkit.slug.clone();
                    let connection = Signal::derive(move || {
                        connected.with(|list| connection_for(&slug, list).cloned())
                    });
                    view! { <AppCard toolkit connection connecting connections /> }
                }
            </For>
        </ul>
    }
    .into_any()
}

/// Whether `toolkit` answers a search: the trimmed query, ignoring case, inside its name, slug
/// or category. An empty query matches everything.
pub fn matches_search(toolkit: &Toolkit, query: &str) -> bool {
    let needle = query.trim().to_lowercase();
    needle.is_empty()
        || [
            Some(toolkit.name.as_str()),
            Some(toolkit.slug.as_str()),
            toolkit.category.as_deref(),
        ]
        .into_iter()
        .flatten()
        .any(|field| field.to_lowercase().contains(&needle))
}

/// The caller's connection to the app `slug`: an active one if there is one, else any other
/// (an expired one, to reconnect).
pub fn connection_for<'a>(slug: &str, list: &'a [ConnectedApp]) -> Option<&'a ConnectedApp> {
    let slug = normalise_slug(slug);
    let mut mine = list
        .iter()
        .filter(|c| normalise_slug(&c.toolkit_slug) == slug);
    let first = mine.clone().next();
    mine.find(|c| c.status == "active").or(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use agentry_core::ConnectionId;

    fn toolkit(slug: &str, name: &str, category: Option<&str>) -> Toolkit {
        Toolkit {
            slug: slug.into(),
            name: name.into(),
            logo: None,
            category: category.map(Into::into),
            connectable: true,
        }
    }

    fn connection(slug: &str, status: &str) -> ConnectedApp {
        ConnectedApp {
            id: ConnectionId(uuid::Uuid::nil()),
            toolkit_slug: slug.into(),
            status: status.into(),
            connected_at: "2026-01-01T00:00:00Z".into(),
            last_used_at: None,
        }
    }

    #[test]
    fn search_is_trimmed_case_insensitive_over_name_slug_and_category() {
        let notion = toolkit("notion", "Notion", Some("Productivity"));
        let drive = toolkit("googledrive", "Google Drive", None);
        for query in ["", "  ", "NOT", " tion ", "product", "notion"] {
            assert!(matches_search(&notion, query), "{query:?}");
        }
        assert!(matches_search(&drive, "gle dr"));
        assert!(matches_search(&drive, "googled"));
        assert!(!matches_search(&drive, "productivity"));
        assert!(!matches_search(&notion, "slack"));
    }

    #[test]
    fn an_active_connection_wins_over_an_expired_one_of_the_same_app() {
        let list = [
            connection("notion", "expired"),
            connection("Notion", "active"),
            connection("github", "expired"),
        ];
        assert_eq!(
            connection_for("notion", &list).map(|c| c.status.as_str()),
            Some("active")
        );
        assert_eq!(
            connection_for("github", &list).map(|c| c.status.as_str()),
            Some("expired")
        );
        assert!(connection_for("slack", &list).is_none());
    }
}
