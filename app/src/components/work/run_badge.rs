//! A run's status as a badge: a dot and its name, coloured by how it stands.

use crate::i18n::use_i18n;
use crate::messages::work::{task_status_class, task_status_key};
use agentry_core::work::TaskStatus;
use leptos::prelude::*;

/// The badge of `status`.
#[component]
pub fn RunBadge(
    /// The run's status.
    #[prop(into)]
    status: Signal<TaskStatus>,
) -> AnyView {
    let locale = use_i18n().locale;
    view! {
        <span class=move || task_status_class(status.get())>
            <span class="status-dot" aria-hidden="true"></span>
            {move || task_status_key(status.get()).text(locale.get())}
        </span>
    }
    .into_any()
}
