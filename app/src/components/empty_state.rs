//! A centred message for a list or area with nothing in it yet.

use crate::i18n::{t, Key};
use leptos::prelude::*;

/// A title and an explanation, with optional actions below.
#[component]
pub fn EmptyState(
    /// The headline.
    title: Key,
    /// The explanation.
    body: Key,
    /// Optional actions (links or buttons).
    #[prop(optional)]
    children: Option<Children>,
) -> AnyView {
    view! {
        <div class="empty-state">
            <p class="empty-state-title">{t(title)}</p>
            <p class="muted">{t(body)}</p>
            {children.map(|c| c())}
        </div>
    }
    .into_any()
}
