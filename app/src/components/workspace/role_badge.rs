//! A small badge naming a role.

use crate::i18n::t;
use crate::messages::role_key;
use agentry_core::Role;
use leptos::prelude::*;

/// The role's translated name in a pill.
#[component]
pub fn RoleBadge(role: Role) -> AnyView {
    view! { <span class=format!("badge badge-{}", role.as_str())>{t(role_key(role))}</span> }
        .into_any()
}
