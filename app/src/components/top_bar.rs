//! The top bar of pages outside a workspace (the picker, the account page).

use crate::components::sign_out::SignOutButton;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos_router::components::A;

/// The brand (back to the picker), the account link and the sign-out button.
#[component]
pub fn TopBar() -> AnyView {
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">{t(Key::AppName)}</A>
            <nav class="topbar-nav" aria-label=t(Key::AccountNav)>
                <A href="/account">{t(Key::NavAccount)}</A>
                <SignOutButton />
            </nav>
        </header>
    }
    .into_any()
}
