//! The catalog and auth configs every fake starts with: a realistic mix of managed and
//! custom, enabled and disabled configs, a non-revocable toolkit, and toolkits with none.

use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use crate::state::{AuthConfig, NewToolkit, State, Toolkit};

/// `(slug, name, category id, category name, description, revocable)`, most used first.
const TOOLKITS: &[(&str, &str, &str, &str, &str, bool)] = &[
    (
        "github",
        "GitHub",
        "developer-tools",
        "Developer Tools",
        "Code hosting, issues and pull requests",
        true,
    ),
    (
        "gmail",
        "Gmail",
        "communication",
        "Communication",
        "Google's email service",
        true,
    ),
    (
        "notion",
        "Notion",
        "productivity",
        "Productivity",
        "Notes, docs and wikis",
        true,
    ),
    (
        "slack",
        "Slack",
        "communication",
        "Communication",
        "Team chat in channels",
        false,
    ),
    (
        "googlecalendar",
        "Google Calendar",
        "calendar",
        "Calendar",
        "Events and schedules",
        true,
    ),
    (
        "googledrive",
        "Google Drive",
        "storage",
        "Storage",
        "Files in the cloud",
        true,
    ),
    (
        "linear",
        "Linear",
        "developer-tools",
        "Developer Tools",
        "Issue tracking for software teams",
        true,
    ),
    (
        "jira",
        "Jira",
        "developer-tools",
        "Developer Tools",
        "Atlassian's issue tracker",
        true,
    ),
    (
        "hubspot",
        "HubSpot",
        "crm",
        "CRM",
        "Customer relationships and marketing",
        true,
    ),
    (
        "asana",
        "Asana",
        "productivity",
        "Productivity",
        "Projects and tasks for teams",
        true,
    ),
    (
        "trello",
        "Trello",
        "productivity",
        "Productivity",
        "Boards, lists and cards",
        true,
    ),
    (
        "discord",
        "Discord",
        "communication",
        "Communication",
        "Voice and text communities",
        true,
    ),
    (
        "airtable",
        "Airtable",
        "productivity",
        "Productivity",
        "Spreadsheets as databases",
        true,
    ),
    (
        "salesforce",
        "Salesforce",
        "crm",
        "CRM",
        "Sales cloud CRM",
        true,
    ),
    (
        "dropbox",
        "Dropbox",
        "storage",
        "Storage",
        "File sync and sharing",
        true,
    ),
    (
        "figma",
        "Figma",
        "design",
        "Design",
        "Collaborative interface design",
        true,
    ),
];

/// `(toolkit, composio managed, enabled, days after the base date)`.
const AUTH_CONFIGS: &[(&str, bool, bool, i64)] = &[
    ("notion", true, true, 1),
    ("notion", false, true, 5),
    ("github", true, true, 2),
    ("github", false, false, 1),
    ("gmail", true, true, 3),
    ("slack", true, true, 4),
    ("linear", false, false, 6),
    ("googlecalendar", true, true, 7),
];

const BASE: OffsetDateTime = datetime!(2026-01-01 00:00:00 UTC);

pub(crate) fn state() -> State {
    let toolkits = TOOLKITS
        .iter()
        .zip((0u32..).map(|i| 1000 - i * 10))
        .map(
            |(&(slug, name, cat_id, cat_name, description, revocable), usage)| {
                toolkit(NewToolkit {
                    slug: slug.to_owned(),
                    name: name.to_owned(),
                    description: description.to_owned(),
                    category: (cat_id.to_owned(), cat_name.to_owned()),
                    usage,
                    revocable,
                })
            },
        )
        .collect();
    let auth_configs = AUTH_CONFIGS
        .iter()
        .enumerate()
        .map(|(i, &(slug, managed, enabled, days))| {
            let at = BASE + Duration::days(days);
            let kind = if managed { "managed" } else { "custom" };
            AuthConfig {
                id: format!("ac_{slug}_{kind}_{}", i + 1),
                uuid: format!("00000000-0000-4000-8000-{:012}", i + 1),
                name: format!("{slug}-{kind}"),
                toolkit: slug.to_owned(),
                managed,
                enabled,
                created_at: at,
                updated_at: at,
            }
        })
        .collect();
    State {
        toolkits,
        auth_configs,
        ..State::default()
    }
}

/// A catalog entry with a few canned tools named like Composio's (`NOTION_SEARCH`, …).
pub(crate) fn toolkit(new: NewToolkit) -> Toolkit {
    let upper = new.slug.to_uppercase();
    let tools = match new.slug.as_str() {
        "notion" => vec![
            ("NOTION_SEARCH", "Search pages and databases"),
            ("NOTION_CREATE_PAGE", "Create a page"),
            ("NOTION_FETCH_DATA", "Fetch a page or database"),
        ],
        "github" => vec![
            ("GITHUB_CREATE_AN_ISSUE", "Create an issue"),
            ("GITHUB_LIST_REPOSITORIES", "List the user's repositories"),
        ],
        "gmail" => vec![
            ("GMAIL_SEND_EMAIL", "Send an email"),
            ("GMAIL_FETCH_EMAILS", "Fetch emails"),
        ],
        _ => vec![],
    };
    let tools = if tools.is_empty() {
        vec![
            (
                format!("{upper}_LIST_ITEMS"),
                format!("List items in {}", new.name),
            ),
            (
                format!("{upper}_GET_ITEM"),
                format!("Get one item from {}", new.name),
            ),
        ]
    } else {
        tools
            .into_iter()
            .map(|(n, d)| (n.to_owned(), d.to_owned()))
            .collect()
    };
    Toolkit {
        slug: new.slug,
        name: new.name,
        description: new.description,
        category: new.category,
        usage: new.usage,
        revocable: new.revocable,
        tools,
    }
}
