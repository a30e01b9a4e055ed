//! `GET /api/daemon/events?workspace_id=`: the workspace's live events as server-sent events,
//! so a running daemon hears of a new or changed profile without polling.

use crate::auth::DaemonCaller;
use crate::error::{ApiError, ApiResult};
use crate::events::Events;
use crate::extract::QueryMap;
use crate::state::AppState;
use agentry_core::api::runtimes::ServerEvent;
use agentry_core::WorkspaceId;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use std::convert::Infallible;
use tokio::sync::broadcast::error::RecvError;

/// `GET /api/daemon/events?workspace_id=` → an SSE stream of that workspace's events. A
/// daemon token for another workspace gets 404.
pub async fn events(
    State(state): State<AppState>,
    caller: DaemonCaller,
    query: QueryMap,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let raw = query
        .0
        .get("workspace_id")
        .ok_or_else(|| ApiError::invalid("workspace_id", "required", "workspace_id is required"))?;
    let access = {
        let mut conn = state.db.pool.acquire().await?;
        caller.access(&mut conn, raw).await?
    };
    let workspace_id = WorkspaceId::parse(&access.workspace_id).ok_or(ApiError::NotFound)?;
    Ok(workspace_stream(&state.events, workspace_id))
}

/// The events of one workspace as SSE: `event:` is the event's name, `data:` its JSON. A
/// subscriber that fell behind is told profiles changed, which makes a daemon refetch (every
/// event only ever means "refetch").
fn workspace_stream(
    events: &Events,
    workspace_id: WorkspaceId,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = events.subscribe();
    let stream = stream::unfold(receiver, move |mut receiver| async move {
        loop {
            let event = match receiver.recv().await {
                Ok(event) if event.workspace_id() == workspace_id => event,
                Ok(_) => continue,
                Err(RecvError::Lagged(_)) => ServerEvent::RuntimeProfilesChanged {
                    workspace_id,
                    runtime_profile_id: None,
                },
                Err(RecvError::Closed) => return None,
            };
            let data = serde_json::to_string(&event).unwrap_or_default();
            let sse = Event::default().event(event.name()).data(data);
            return Some((Ok(sse), receiver));
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}
