//! `/w/:slug/settings/integrations`: the person's connected apps through Composio. Shown only
//! while the server has the integration on; connections belong to the person, so the page
//! looks the same from every workspace.

mod card;
mod catalog;
pub mod forward;
mod landing;
mod logo;

use crate::api::{self, ApiError};
use crate::components::empty_state::EmptyState;
use crate::components::page_title::PageTitle;
use crate::contexts::config::use_server_config;
use crate::i18n::{t, use_i18n, Key};
use crate::messages::api_error_text;
use agentry_core::api::catalogue::integrations::{ListConnections, ListToolkits};
use agentry_core::api::integrations::{ConnectedApp, Toolkit};
use leptos::prelude::*;

/// The connections, as every card reads them.
pub(crate) type Connections = Resource<Result<Vec<ConnectedApp>, ApiError>>;

/// The integrations page.
#[component]
pub fn Integrations() -> AnyView {
    let config = use_server_config();
    // Created with the page, not when the configuration has loaded, so the server and the
    // browser create them in the same order. While the integration is off both answer 503 at
    // once.
    let toolkits = Resource::new(|| (), |()| api::call(&ListToolkits, &()));
    let connections: Connections = Resource::new(|| (), |()| api::call(&ListConnections, &()));
    landing::announce_callback(toolkits, connections);
    view! {
        <PageTitle key=Key::NavIntegrations />
        <h1>{t(Key::NavIntegrations)}</h1>
        <Transition fallback=|| view! { <Quiet key=Key::Loading /> }>
            // Registers both lists with this Transition, whichever state below reads them.
            {move || {
                toolkits.try_with(|_| ());
                connections.try_with(|_| ());
            }}
            {move || match config.apps_on() {
                None => view! { <Quiet key=Key::Loading /> }.into_any(),
                Some(false) => view! { <NotEnabled /> }.into_any(),
                Some(true) => view! { <ComposioSection toolkits connections /> }.into_any(),
            }}
        </Transition>
    }
    .into_any()
}

/// The Composio section: the catalog with the caller's connections, or why it is missing.
#[component]
fn ComposioSection(
    toolkits: Resource<Result<Vec<Toolkit>, ApiError>>,
    connections: Connections,
) -> AnyView {
    view! {
        <Transition fallback=|| view! { <Quiet key=Key::ComposioLoading /> }>
            {move || match toolkits.try_get().flatten() {
                None => view! { <Quiet key=Key::ComposioLoading /> }.into_any(),
                // The integration went off since the page's configuration loaded.
                Some(Err(e)) if e.code == "composio_not_configured" => {
                    view! { <NotEnabled /> }.into_any()
                }
                Some(answer) => view! {
                    <section class="apps-section" aria-labelledby="composio-heading">
                        <h2 id="composio-heading">{t(Key::ComposioTitle)}</h2>
                        <p class="muted">{t(Key::ComposioDescription)}</p>
                        <Catalog answer retry=move || toolkits.refetch() connections />
                    </section>
                }
                    .into_any(),
            }}
        </Transition>
    }
    .into_any()
}

/// The loaded catalog, its failure with a retry, or its empty state.
#[component]
fn Catalog(
    answer: Result<Vec<Toolkit>, ApiError>,
    #[prop(into)] retry: Callback<()>,
    connections: Connections,
) -> AnyView {
    let locale = use_i18n().locale;
    match answer {
        Err(error) => view! {
            <div class="error-view" role="alert">
                <p class="error-view-title">{t(Key::ComposioLoadFailed)}</p>
                <p>{move || api_error_text(&error, locale.get())}</p>
                <button type="button" class="btn" on:click=move |_| retry.run(())>
                    {t(Key::Retry)}
                </button>
            </div>
        }
        .into_any(),
        Ok(list) if list.is_empty() => {
            view! { <EmptyState title=Key::ComposioEmptyTitle body=Key::ComposioEmptyBody /> }
                .into_any()
        }
        Ok(list) => view! { <catalog::AppCatalog toolkits=list connections /> }.into_any(),
    }
}

/// Said when the server has connected apps off; never how to turn them on.
#[component]
fn NotEnabled() -> AnyView {
    view! { <EmptyState title=Key::ComposioNotEnabledTitle body=Key::ComposioNotEnabledBody /> }
        .into_any()
}

/// A quiet loading line with its own wording.
#[component]
fn Quiet(key: Key) -> AnyView {
    view! { <p class="loading" aria-busy="true">{t(key)}</p> }.into_any()
}
