//! From Composio's lists to what people may connect: which auth config each toolkit uses
//! (custom beats Composio-managed, the newest of a kind wins, disabled ones never), and the
//! catalog of connectable toolkits in Composio's usage order. Pure; the cache and the client
//! calls live beside it.

use super::client::{AuthConfig, Toolkit};
use agentry_core::api::integrations::Toolkit as CatalogItem;
use agentry_core::apps::normalise_slug;
use std::collections::{BTreeMap, HashSet};

/// The auth config to connect each toolkit with, keyed by lower-cased slug.
pub type AuthConfigMap = BTreeMap<String, String>;

/// Picks one auth config per toolkit from `configs` (spec A1-A2): items without an id or a
/// toolkit slug, and disabled ones, are skipped; a custom config beats a managed one; of the
/// same kind, the later `last_updated_at` wins (ISO text compares in time order).
pub fn resolve_auth_configs(configs: &[AuthConfig]) -> AuthConfigMap {
    let mut chosen: BTreeMap<String, &AuthConfig> = BTreeMap::new();
    for config in configs {
        let slug = normalise_slug(&config.toolkit.slug);
        if config.id.trim().is_empty()
            || slug.is_empty()
            || config.status.trim().eq_ignore_ascii_case("DISABLED")
        {
            continue;
        }
        let better = chosen
            .get(&slug)
            .is_none_or(|current| rank(config) > rank(current));
        if better {
            chosen.insert(slug, config);
        }
    }
    chosen
        .into_iter()
        .map(|(slug, config)| (slug, config.id.clone()))
        .collect()
}

/// Custom first, then the most recently updated.
fn rank(config: &AuthConfig) -> (bool, &str) {
    let custom = config.is_composio_managed != Some(true);
    (custom, config.last_updated_at.as_deref().unwrap_or(""))
}

/// The catalog (spec T2-T3): Composio's order kept, each toolkit once (by lower-cased slug),
/// only those with an auth config in `configs`.
pub fn build_catalog(toolkits: &[Toolkit], configs: &AuthConfigMap) -> Vec<CatalogItem> {
    let mut seen = HashSet::new();
    toolkits
        .iter()
        .filter(|toolkit| {
            let slug = normalise_slug(&toolkit.slug);
            configs.contains_key(&slug) && seen.insert(slug)
        })
        .map(|toolkit| CatalogItem {
            slug: toolkit.slug.clone(),
            name: toolkit.name.clone(),
            logo: Some(
                toolkit
                    .meta
                    .logo
                    .clone()
                    .filter(|logo| !logo.trim().is_empty())
                    .unwrap_or_else(|| {
                        format!(
                            "https://logos.composio.dev/api/{}",
                            normalise_slug(&toolkit.slug)
                        )
                    }),
            ),
            category: toolkit.meta.categories.first().map(|c| c.name.clone()),
            connectable: true,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn configs(items: serde_json::Value) -> Vec<AuthConfig> {
        serde_json::from_value(items).unwrap()
    }

    fn config(
        id: &str,
        slug: &str,
        status: &str,
        managed: bool,
        updated: &str,
    ) -> serde_json::Value {
        json!({"id": id, "status": status, "toolkit": {"slug": slug},
               "is_composio_managed": managed, "last_updated_at": updated})
    }

    #[test]
    fn a_custom_config_beats_a_managed_one_even_when_older() {
        let map = resolve_auth_configs(&configs(json!([
            config(
                "ac_managed",
                "notion",
                "ENABLED",
                true,
                "2026-06-01T00:00:00Z"
            ),
            config(
                "ac_custom",
                "Notion",
                "ENABLED",
                false,
                "2025-01-01T00:00:00Z"
            ),
        ])));
        assert_eq!(map.get("notion").map(String::as_str), Some("ac_custom"));
    }

    #[test]
    fn of_the_same_kind_the_most_recently_updated_wins() {
        let map = resolve_auth_configs(&configs(json!([
            config("ac_old", "github", "ENABLED", true, "2026-01-01T00:00:00Z"),
            config("ac_new", "github", "ENABLED", true, "2026-02-01T00:00:00Z"),
            config(
                "ac_older",
                "github",
                "ENABLED",
                true,
                "2025-12-01T00:00:00Z"
            ),
        ])));
        assert_eq!(map.get("github").map(String::as_str), Some("ac_new"));
    }

    #[test]
    fn disabled_configs_and_items_without_an_id_or_slug_are_never_chosen() {
        let map = resolve_auth_configs(&configs(json!([
            config("ac_off", "slack", "disabled", false, "2026-09-01T00:00:00Z"),
            config("", "gmail", "ENABLED", false, "2026-09-01T00:00:00Z"),
            config("ac_noslug", " ", "ENABLED", false, "2026-09-01T00:00:00Z"),
        ])));
        assert!(map.is_empty(), "{map:?}");
    }

    fn toolkit(slug: &str, logo: Option<&str>, categories: &[&str]) -> serde_json::Value {
        let categories: Vec<_> = categories
            .iter()
            .map(|name| json!({"id": name.to_lowercase(), "name": name}))
            .collect();
        json!({"slug": slug, "name": slug.to_uppercase(),
               "meta": {"logo": logo, "categories": categories}})
    }

    #[test]
    fn the_catalog_keeps_composios_order_once_per_slug_and_only_connectable_toolkits() {
        let toolkits: Vec<Toolkit> = serde_json::from_value(json!([
            toolkit(
                "github",
                Some("https://logo/github.png"),
                &["Developer Tools", "Code"]
            ),
            toolkit("slack", None, &[]),
            toolkit("notion", Some(""), &["Productivity"]),
            toolkit("GitHub", None, &[]),
        ]))
        .unwrap();
        let map: AuthConfigMap = [("github", "ac_1"), ("notion", "ac_2")]
            .into_iter()
            .map(|(s, a)| (s.to_owned(), a.to_owned()))
            .collect();
        let catalog = build_catalog(&toolkits, &map);
        assert_eq!(
            catalog,
            [
                CatalogItem {
                    slug: "github".into(),
                    name: "GITHUB".into(),
                    logo: Some("https://logo/github.png".into()),
                    category: Some("Developer Tools".into()),
                    connectable: true,
                },
                CatalogItem {
                    slug: "notion".into(),
                    name: "NOTION".into(),
                    logo: Some("https://logos.composio.dev/api/notion".into()),
                    category: Some("Productivity".into()),
                    connectable: true,
                },
            ]
        );
    }
}
