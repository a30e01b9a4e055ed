//! Connected apps (Composio toolkits) as the server, the browser and the daemon all see them:
//! the per-agent allowlist's normaliser and who may change it, toolkit display names, who is
//! told what about an agent's apps, and the merge of a task's MCP overlay into the agent's MCP
//! configuration, and the apps a run reaches through the server's MCP broker.
//! Pure functions; the Composio client and the signed connect state live on the server.

mod allowlist;
mod broker;
mod change;
mod disclosure;
mod overlay;

pub use allowlist::{
    check_allowlist, normalise_allowlist, normalise_slug, toolkit_display_name, ALLOWLIST_FIELD,
    ALLOWLIST_MAX, TOOLKIT_SLUG_MAX,
};
pub use broker::{
    broker_access, broker_overlay, broker_path, fill_task_token, grant_apps, run_app_slugs,
    run_apps, toolkit_of_tool, BrokerFacts, BrokerRefusal, RunApp, BROKER_SERVER_NAME,
    TASK_TOKEN_PLACEHOLDER,
};
pub use change::{
    allowlist_on_create, can_change_apps, plan_allowlist_update, AllowlistUpdate,
    AllowlistUpdateError,
};
pub use disclosure::{
    act_as_disclosure, apps_hint_when_sharing, may_see_apps, sharing_warning, SharingWarning,
};
pub use overlay::{merge_mcp_overlay, Merged, OverlayError};
