//! Shows a resource's data once loaded, the shared error view if it failed, and keeps the
//! rendered view (and the focus inside it) across reloads by handing it a signal.

use crate::api::ApiError;
use crate::components::{error_view::ErrorView, loading::Loading};
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

/// Renders `view(value)` after `resource` loads; reloads update `value` in place.
#[component]
pub fn Loaded<T, F, V>(
    /// The data to wait for.
    resource: Resource<Result<T, ApiError>>,
    /// Builds the view from the loaded value.
    view: F,
) -> AnyView
where
    T: Clone + Default + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(Signal<T>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let value = Signal::derive(move || {
        resource
            .with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).cloned())
            .unwrap_or_default()
    });
    let error = move || {
        resource
            .with(|r| r.as_ref().and_then(|r| r.as_ref().err()).cloned())
            .map(|error| view! { <ErrorView error retry=move || resource.refetch() /> })
    };
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {error}
            <Show when=move || resource.with(|r| matches!(r, Some(Ok(_))))>{view(value)}</Show>
        </Transition>
    }
    .into_any()
}
