//! `/w/:slug/settings/...`: general settings, members, teams, runtime profiles, daemon
//! tokens and the person's integrations.

pub mod daemon_tokens;
pub mod danger;
pub mod general;
pub mod integrations;
pub mod members;
pub mod profiles;
pub mod teams;

use crate::i18n::t;
use crate::messages::refusal_key;
use agentry_core::Decision;
use leptos::prelude::*;

/// The visible reason beside a control a rule disables (nothing when allowed).
#[component]
pub fn Reason(
    /// The rule's answer.
    #[prop(into)]
    decision: Signal<Decision>,
) -> impl IntoView {
    move || {
        decision
            .get()
            .err()
            .map(|denial| view! { <p class="reason">{t(refusal_key(denial))}</p> })
    }
}
