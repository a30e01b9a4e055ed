//! Connected apps on a run, through the server's MCP broker (spec §4.20 as this project builds
//! it): which of the agent owner's connections a task is granted, the overlay that points the
//! run at `/mcp/tasks/{id}/composio` on our own server (never at Composio, so the project key
//! stays on the server), the non-secret app list the brief shows, and the rule the broker asks
//! on every request: may this task still use the apps it was granted?

use super::allowlist::{normalise_allowlist, normalise_slug, toolkit_display_name};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;

/// The MCP server name the apps appear under in the run's configuration.
pub const BROKER_SERVER_NAME: &str = "composio";

/// Stands for the task's own token in a stored overlay: the token does not exist until a
/// daemon claims the task, and the claim puts it in ([`fill_task_token`]). Nothing secret is
/// ever stored in the overlay.
pub const TASK_TOKEN_PLACEHOLDER: &str = "${AGENTRY_TASK_TOKEN}";

/// The broker's path for task `task_id`.
pub fn broker_path(task_id: impl std::fmt::Display) -> String {
    format!("/mcp/tasks/{task_id}/composio")
}

/// Spec B2: the owner's active connections (`(toolkit slug, account id)`, newest first) that
/// the agent's allowlist names, one account per toolkit (the newest wins), keyed by the
/// normalised slug. No owner, no allowlist or an empty one, or no overlap: nothing.
pub fn grant_apps(
    allowlist: Option<&[String]>,
    connections_newest_first: &[(String, String)],
) -> BTreeMap<String, String> {
    let allowed = normalise_allowlist(allowlist).unwrap_or_default();
    let mut granted = BTreeMap::new();
    for (slug, account) in connections_newest_first {
        let slug = normalise_slug(slug);
        if allowed.contains(&slug) && !account.trim().is_empty() {
            granted.entry(slug).or_insert_with(|| account.clone());
        }
    }
    granted
}

/// Spec B5, pointed at the broker: `{"mcpServers":{"composio":{"type":"http","url":…,
/// "headers":{"Authorization":"Bearer ${AGENTRY_TASK_TOKEN}"}}}}` with `url` =
/// `{origin}/mcp/tasks/{task_id}/composio`.
pub fn broker_overlay(origin: &str, task_id: impl std::fmt::Display) -> String {
    let url = format!("{}{}", origin.trim_end_matches('/'), broker_path(task_id));
    json!({"mcpServers": {BROKER_SERVER_NAME: {
        "type": "http",
        "url": url,
        "headers": {"Authorization": format!("Bearer {TASK_TOKEN_PLACEHOLDER}")},
    }}})
    .to_string()
}

/// The overlay with the task's token in place of the placeholder. A token that could change
/// the JSON around it (anything but letters, digits, `_` and `-`) is not put in: the
/// placeholder stays, and the broker refuses the run's requests.
pub fn fill_task_token(overlay: &str, token: &str) -> String {
    let plain = !token.is_empty()
        && token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        overlay.replace(TASK_TOKEN_PLACEHOLDER, token)
    } else {
        overlay.to_owned()
    }
}

/// One app of a run as the daemon and the brief see it (spec B6): nothing secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunApp {
    /// Always `composio`.
    pub provider: String,
    /// The MCP server it is reached through.
    pub server_name: String,
    pub toolkit_slug: String,
    /// The display name (`GitHub`, `Google Calendar`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toolkit_name: Option<String>,
}

/// The apps of a grant, in slug order.
pub fn run_apps(granted: &BTreeMap<String, String>) -> Vec<RunApp> {
    granted
        .keys()
        .map(|slug| RunApp {
            provider: "composio".into(),
            server_name: BROKER_SERVER_NAME.into(),
            toolkit_slug: slug.clone(),
            toolkit_name: Some(toolkit_display_name(slug)),
        })
        .collect()
}

/// The toolkit slugs of stored run apps: a list of [`RunApp`]s, or (as earlier rows have it)
/// a list of slugs. Anything else reads as none.
pub fn run_app_slugs(stored: &str) -> Vec<String> {
    if let Ok(apps) = serde_json::from_str::<Vec<RunApp>>(stored) {
        return apps.into_iter().map(|a| a.toolkit_slug).collect();
    }
    serde_json::from_str::<Vec<String>>(stored).unwrap_or_default()
}

/// The toolkit a Composio tool belongs to, by its name's prefix (`GITHUB_CREATE_AN_ISSUE` →
/// `github`), among the granted slugs; the longest matching slug wins. Composio's own
/// meta-tools (`COMPOSIO_SEARCH_TOOLS`, …) and unknown names have none.
pub fn toolkit_of_tool<'a>(
    tool: &str,
    granted: impl IntoIterator<Item = &'a String>,
) -> Option<String> {
    let upper = tool.trim().to_uppercase();
    granted
        .into_iter()
        .filter(|slug| {
            let prefix = format!("{}_", slug.to_uppercase());
            upper.starts_with(&prefix)
        })
        .max_by_key(|slug| slug.len())
        .cloned()
}

/// What the broker knows about a request, read fresh for each one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokerFacts<'a> {
    /// The task the path names.
    pub path_task: &'a str,
    /// The task the bearer token belongs to; `None`: no live token (missing, unknown, expired,
    /// or its task has ended).
    pub token_task: Option<&'a str>,
    /// What the task was granted at enqueue (`slug → account`); `None`: no apps.
    pub granted: Option<&'a BTreeMap<String, String>>,
    /// Whether the agent's owner the grant was made for still owns the agent and is still a
    /// member of the workspace.
    pub owner_still_there: bool,
    /// What the owner's connections and the agent's allowlist grant now.
    pub granted_now: &'a BTreeMap<String, String>,
}

/// Why the broker refuses a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BrokerRefusal {
    /// No live task token: 401.
    #[error("a live task token is required")]
    NoToken,
    /// The token is another task's: 404, as if the task did not exist.
    #[error("not found")]
    OtherTask,
    /// The task has no apps: 404.
    #[error("not found")]
    NoApps,
    /// The owner left the workspace or no longer owns the agent: 403.
    #[error("the apps of this run are no longer available")]
    OwnerGone,
    /// An app was disconnected or taken off the agent's list since: 403.
    #[error("the apps of this run are no longer available")]
    AppRevoked,
}

impl BrokerRefusal {
    /// The HTTP status the refusal is answered with.
    pub fn status(self) -> u16 {
        match self {
            BrokerRefusal::NoToken => 401,
            BrokerRefusal::OtherTask | BrokerRefusal::NoApps => 404,
            BrokerRefusal::OwnerGone | BrokerRefusal::AppRevoked => 403,
        }
    }

    /// The stable code of the refusal's body.
    pub fn code(self) -> &'static str {
        match self {
            BrokerRefusal::NoToken => "unauthenticated",
            BrokerRefusal::OtherTask | BrokerRefusal::NoApps => "not_found",
            BrokerRefusal::OwnerGone | BrokerRefusal::AppRevoked => "apps_revoked",
        }
    }
}

/// May the request go through? Only with the path task's own live token, while the owner is
/// still there and every granted app is still granted with the same account (a narrower
/// grant refuses the whole session: the session upstream cannot be narrowed).
pub fn broker_access(facts: &BrokerFacts<'_>) -> Result<(), BrokerRefusal> {
    let Some(token_task) = facts.token_task else {
        return Err(BrokerRefusal::NoToken);
    };
    if token_task != facts.path_task {
        return Err(BrokerRefusal::OtherTask);
    }
    let granted = match facts.granted {
        Some(granted) if !granted.is_empty() => granted,
        _ => return Err(BrokerRefusal::NoApps),
    };
    if !facts.owner_still_there {
        return Err(BrokerRefusal::OwnerGone);
    }
    let still = granted
        .iter()
        .all(|(slug, account)| facts.granted_now.get(slug) == Some(account));
    if !still {
        return Err(BrokerRefusal::AppRevoked);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conns(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(s, a)| ((*s).to_owned(), (*a).to_owned()))
            .collect()
    }

    fn map(list: &[(&str, &str)]) -> BTreeMap<String, String> {
        conns(list).into_iter().collect()
    }

    #[test]
    fn the_grant_is_the_allowlist_met_by_the_owners_newest_connection_per_toolkit() {
        let allow = vec![
            " Notion ".to_owned(),
            "github".to_owned(),
            "slack".to_owned(),
        ];
        let granted = grant_apps(
            Some(&allow),
            &conns(&[
                ("notion", "ca_new"),
                ("gmail", "ca_gmail"),
                ("NOTION", "ca_old"),
                ("github", "ca_gh"),
            ]),
        );
        assert_eq!(granted, map(&[("github", "ca_gh"), ("notion", "ca_new")]));
    }

    #[test]
    fn no_allowlist_an_empty_one_or_no_overlap_grants_nothing() {
        let c = conns(&[("notion", "ca_1")]);
        assert!(grant_apps(None, &c).is_empty());
        assert!(grant_apps(Some(&[]), &c).is_empty());
        assert!(grant_apps(Some(&["github".to_owned()]), &c).is_empty());
        assert!(grant_apps(Some(&["notion".to_owned()]), &conns(&[("notion", " ")])).is_empty());
    }

    #[test]
    fn the_overlay_points_at_the_broker_with_a_placeholder_and_no_key() {
        let overlay = broker_overlay("https://agentry.example/", "t-1");
        let value: serde_json::Value = serde_json::from_str(&overlay).unwrap();
        let server = &value["mcpServers"]["composio"];
        assert_eq!(server["type"], "http");
        assert_eq!(
            server["url"],
            "https://agentry.example/mcp/tasks/t-1/composio"
        );
        assert_eq!(
            server["headers"]["Authorization"],
            "Bearer ${AGENTRY_TASK_TOKEN}"
        );
        assert!(!overlay.contains("x-api-key"));
    }

    #[test]
    fn the_claim_fills_in_a_plain_token_only() {
        let overlay = broker_overlay("http://h", "t");
        let filled = fill_task_token(&overlay, "agk_abc-DEF_1");
        assert!(filled.contains("\"Bearer agk_abc-DEF_1\""));
        assert!(!filled.contains(TASK_TOKEN_PLACEHOLDER));
        for bad in ["", "agk_\"}", "a b"] {
            assert_eq!(fill_task_token(&overlay, bad), overlay, "{bad:?}");
        }
    }

    #[test]
    fn run_apps_carry_display_names_and_read_back_as_slugs_as_do_plain_slug_lists() {
        let apps = run_apps(&map(&[("googlecalendar", "a"), ("github", "b")]));
        assert_eq!(apps[0].toolkit_slug, "github");
        assert_eq!(apps[0].toolkit_name.as_deref(), Some("GitHub"));
        assert_eq!(apps[1].server_name, "composio");
        let stored = serde_json::to_string(&apps).unwrap();
        assert_eq!(run_app_slugs(&stored), ["github", "googlecalendar"]);
        assert_eq!(run_app_slugs(r#"["notion"]"#), ["notion"]);
        assert!(run_app_slugs("{").is_empty());
    }

    #[test]
    fn a_tool_belongs_to_the_longest_granted_toolkit_its_name_starts_with() {
        let granted = ["google".to_owned(), "googlecalendar".to_owned()];
        assert_eq!(
            toolkit_of_tool("GOOGLECALENDAR_CREATE_EVENT", &granted).as_deref(),
            Some("googlecalendar")
        );
        assert_eq!(
            toolkit_of_tool("google_search", &granted).as_deref(),
            Some("google")
        );
        assert_eq!(toolkit_of_tool("COMPOSIO_SEARCH_TOOLS", &granted), None);
        assert_eq!(toolkit_of_tool("GOOGLE", &granted), None);
    }

    #[test]
    fn the_broker_admits_only_the_tasks_own_token_while_every_app_is_still_granted() {
        let granted = map(&[("notion", "ca_1"), ("github", "ca_2")]);
        let facts = BrokerFacts {
            path_task: "t1",
            token_task: Some("t1"),
            granted: Some(&granted),
            owner_still_there: true,
            granted_now: &granted,
        };
        assert_eq!(broker_access(&facts), Ok(()));
        let more = map(&[("notion", "ca_1"), ("github", "ca_2"), ("gmail", "ca_3")]);
        assert_eq!(
            broker_access(&BrokerFacts {
                granted_now: &more,
                ..facts.clone()
            }),
            Ok(()),
            "a newly connected app does not end the session"
        );
        let empty = BTreeMap::new();
        let narrower = map(&[("notion", "ca_1")]);
        let cases: [(BrokerFacts<'_>, BrokerRefusal); 6] = [
            (
                BrokerFacts {
                    token_task: None,
                    ..facts.clone()
                },
                BrokerRefusal::NoToken,
            ),
            (
                BrokerFacts {
                    token_task: Some("t2"),
                    ..facts.clone()
                },
                BrokerRefusal::OtherTask,
            ),
            (
                BrokerFacts {
                    granted: None,
                    ..facts.clone()
                },
                BrokerRefusal::NoApps,
            ),
            (
                BrokerFacts {
                    granted: Some(&empty),
                    ..facts.clone()
                },
                BrokerRefusal::NoApps,
            ),
            (
                BrokerFacts {
                    owner_still_there: false,
                    ..facts.clone()
                },
                BrokerRefusal::OwnerGone,
            ),
            (
                BrokerFacts {
                    granted_now: &narrower,
                    ..facts.clone()
                },
                BrokerRefusal::AppRevoked,
            ),
        ];
        for (case, refusal) in cases {
            assert_eq!(broker_access(&case), Err(refusal), "{case:?}");
        }
        let reconnected = map(&[("notion", "ca_1"), ("github", "ca_9")]);
        assert_eq!(
            broker_access(&BrokerFacts {
                granted_now: &reconnected,
                ..facts
            }),
            Err(BrokerRefusal::AppRevoked),
            "another account for the same app is not the granted one"
        );
    }

    #[test]
    fn refusals_map_to_conventional_statuses() {
        assert_eq!(BrokerRefusal::NoToken.status(), 401);
        assert_eq!(BrokerRefusal::OtherTask.status(), 404);
        assert_eq!(BrokerRefusal::AppRevoked.status(), 403);
        assert_eq!(BrokerRefusal::OwnerGone.code(), "apps_revoked");
    }
}
