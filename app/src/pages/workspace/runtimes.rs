//! `/w/:slug/runtimes`: the runtimes area, not built yet; says so plainly.

use crate::components::empty_state::EmptyState;
use crate::components::page_title::PageTitle;
use crate::i18n::{t, Key};
use leptos::prelude::*;

/// The runtimes page.
#[component]
pub fn Runtimes() -> AnyView {
    view! {
        <PageTitle key=Key::NavRuntimes />
        <h1>{t(Key::NavRuntimes)}</h1>
        <EmptyState title=Key::RuntimesSoonTitle body=Key::RuntimesSoonBody />
    }
    .into_any()
}
