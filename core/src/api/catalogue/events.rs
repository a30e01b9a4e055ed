//! The browsers' live event channel.

use super::endpoint;
use crate::api::runtimes::ServerEvent;
use crate::WorkspaceId;

endpoint! {
    /// Server-sent events of one workspace (`?workspace_id=`), for its members' pages.
    Events {
        /// The workspace whose events to receive.
        pub workspace: WorkspaceId,
    }
    Get "/api/events", User, () => 200 ServerEvent,
    errors ["unauthenticated", "invalid_input", "not_found"],
    media EventStream,
    query ["workspace_id"],
    path |e| format!("/api/events?workspace_id={}", e.workspace),
}
