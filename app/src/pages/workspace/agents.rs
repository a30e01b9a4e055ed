//! `/w/:slug/agents`: the agents area, not built yet; says so plainly.

use crate::components::empty_state::EmptyState;
use crate::components::page_title::PageTitle;
use crate::i18n::{t, Key};
use leptos::prelude::*;

/// The agents page.
#[component]
pub fn Agents() -> AnyView {
    view! {
        <PageTitle key=Key::NavAgents />
        <h1>{t(Key::NavAgents)}</h1>
        <EmptyState title=Key::AgentsSoonTitle body=Key::AgentsSoonBody />
    }
    .into_any()
}
