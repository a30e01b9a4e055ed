//! Live updates: while a page is mounted, an `EventSource` on `/api/events?workspace_id=…`
//! tells it when runtimes or runtime profiles changed, and the page refetches. Closed on
//! unmount. On the server (and before hydration) there is nothing to listen to.

use agentry_core::WorkspaceId;
use leptos::prelude::*;

/// The event names after which runtime lists are stale.
pub const RUNTIME_EVENTS: [&str; 2] = ["runtimes:changed", "daemon:runtime_profiles_changed"];

/// Calls `on_change` whenever the server reports a runtime or profile change in `ws`.
pub fn on_runtime_events(ws: Memo<Option<WorkspaceId>>, on_change: Callback<()>) {
    #[cfg(feature = "hydrate")]
    browser::listen(ws, on_change);
    #[cfg(not(feature = "hydrate"))]
    let _ = (ws, on_change);
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::RUNTIME_EVENTS;
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

    fn open(ws: WorkspaceId, on_change: Callback<()>) -> Option<Channel> {
        let source = EventSource::new(&Events { workspace: ws }.path()).ok()?;
        let mut handlers = Vec::new();
        // Named events (`event: runtimes:changed`) need no body to be understood.
        for name in RUNTIME_EVENTS {
            let handler = Closure::<dyn FnMut(Event)>::new(move |_: Event| on_change.run(()));
            let _ = source.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
            handlers.push(handler);
        }
        // Unnamed messages carry the event's `type` in their JSON body.
        let message = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            let data = event
                .dyn_ref::<MessageEvent>()
                .and_then(|m| m.data().as_string())
                .unwrap_or_default();
            if serde_json::from_str::<ServerEvent>(&data).is_ok_and(|e| e.workspace_id() == ws) {
                on_change.run(());
            }
        });
        let _ =
            source.add_event_listener_with_callback("message", message.as_ref().unchecked_ref());
        handlers.push(message);
        // After a dropped connection reopens, events may have been missed: refetch once.
        let mut first = true;
        let reopened = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            if !std::mem::take(&mut first) {
                on_change.run(());
            }
        });
        let _ = source.add_event_listener_with_callback("open", reopened.as_ref().unchecked_ref());
        handlers.push(reopened);
        Some(Channel {
            source,
            _handlers: handlers,
        })
    }

    pub fn listen(ws: Memo<Option<WorkspaceId>>, on_change: Callback<()>) {
        let channel: StoredValue<Option<SendWrapper<Channel>>> = StoredValue::new(None);
        Effect::new(move |_| {
            let id = ws.get();
            // Replacing the old channel drops (closes) it.
            channel.set_value(id.and_then(|id| open(id, on_change)).map(SendWrapper::new));
        });
        on_cleanup(move || {
            let _ = channel.try_set_value(None);
        });
    }
}
