//! Live updates: while a page is mounted, an `EventSource` on `/api/events?workspace_id=…`
//! tells it when runtimes, runtime profiles, tasks or issues changed, and the page refetches.
//! Closed on unmount. On the server (and before hydration) there is nothing to listen to.

use agentry_core::api::runtimes::ServerEvent;
use agentry_core::WorkspaceId;
use leptos::prelude::*;

/// The event names after which runtime lists are stale.
pub const RUNTIME_EVENTS: [&str; 2] = ["runtimes:changed", "daemon:runtime_profiles_changed"];

/// The event names after which issues, runs and transcripts are stale. `runtimes:changed` is
/// also what the hub sends after it dropped events, so it counts too.
pub const WORK_EVENTS: [&str; 3] = ["task:changed", "issue:changed", "runtimes:changed"];

/// Calls `on_change` whenever the server reports a runtime or profile change in `ws`.
pub fn on_runtime_events(ws: Memo<Option<WorkspaceId>>, on_change: Callback<()>) {
    on_events(
        ws,
        &RUNTIME_EVENTS,
        Callback::new(move |_| on_change.run(())),
    );
}

/// Calls `on_event` with each task or issue change in `ws`; `None` after a reconnect, when
/// events may have been missed and everything shown is stale.
pub fn on_work_events(ws: Memo<Option<WorkspaceId>>, on_event: Callback<Option<ServerEvent>>) {
    on_events(ws, &WORK_EVENTS, on_event);
}

fn on_events(
    ws: Memo<Option<WorkspaceId>>,
    names: &'static [&'static str],
    on_event: Callback<Option<ServerEvent>>,
) {
    #[cfg(feature = "hydrate")]
    browser::listen(ws, names, on_event);
    #[cfg(not(feature = "hydrate"))]
    let _ = (ws, names, on_event);
}

#[cfg(feature = "hydrate")]
mod browser {
    use agentry_core::api::catalogue::{events::Events, Endpoint};
    use agentry_core::api::runtimes::ServerEvent;
    use agentry_core::WorkspaceId;
    use leptos::prelude::*;
    use send_wrapper::SendWrapper;
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{Event, EventSource, MessageEvent};

    /// An open channel and the handlers it calls (dropping them would detach the handlers).
    struct Channel {
        source: EventSource,
        _handlers: Vec<Closure<dyn FnMut(Event)>>,
    }

    impl Drop for Channel {
        fn drop(&mut self) {
            self.source.close();
        }
    }

    /// The event a frame carries, when its body is one of this workspace's.
    fn parse(event: &Event, ws: WorkspaceId) -> Option<ServerEvent> {
        let data = event.dyn_ref::<MessageEvent>()?.data().as_string()?;
        serde_json::from_str::<ServerEvent>(&data)
            .ok()
            .filter(|e| e.workspace_id() == ws)
    }

    fn open(
        ws: WorkspaceId,
        names: &'static [&'static str],
        on_event: Callback<Option<ServerEvent>>,
    ) -> Option<Channel> {
        let source = EventSource::new(&Events { workspace: ws }.path()).ok()?;
        let mut handlers = Vec::new();
        // Named events (`event: runtimes:changed`) are understood by name; the body, when it
        // parses, says which task or issue changed.
        for name in names {
            let handler = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
                let parsed = parse(&event, ws);
                // A body that does not parse still means "something changed": refetch all.
                on_event.run(parsed);
            });
            let _ = source.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
            handlers.push(handler);
        }
        // Unnamed messages carry the event's `type` in their JSON body.
        let message = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            if let Some(parsed) = parse(&event, ws).filter(|e| names.contains(&e.name())) {
                on_event.run(Some(parsed));
            }
        });
        let _ =
            source.add_event_listener_with_callback("message", message.as_ref().unchecked_ref());
        handlers.push(message);
        // After a dropped connection reopens, events may have been missed: refetch once.
        let mut first = true;
        let reopened = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            if !std::mem::take(&mut first) {
                on_event.run(None);
            }
        });
        let _ = source.add_event_listener_with_callback("open", reopened.as_ref().unchecked_ref());
        handlers.push(reopened);
        Some(Channel {
            source,
            _handlers: handlers,
        })
    }

    pub fn listen(
        ws: Memo<Option<WorkspaceId>>,
        names: &'static [&'static str],
        on_event: Callback<Option<ServerEvent>>,
    ) {
        let channel: StoredValue<Option<SendWrapper<Channel>>> = StoredValue::new(None);
        Effect::new(move |_| {
            let id = ws.get();
            // Replacing the old channel drops (closes) it.
            channel.set_value(
                id.and_then(|id| open(id, names, on_event))
                    .map(SendWrapper::new),
            );
        });
        on_cleanup(move || {
            let _ = channel.try_set_value(None);
        });
    }
}
