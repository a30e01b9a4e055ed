//! `/account`: the profile, the language, and personal access tokens.

mod profile;
mod token_create;
mod tokens;

use crate::components::auth::RequireAuth;
use crate::components::locale_select::LocaleSelect;
use crate::components::page_title::PageTitle;
use crate::components::top_bar::TopBar;
use crate::i18n::{t, Key};
use leptos::prelude::*;

/// The account page (signed-in only).
#[component]
pub fn Account() -> AnyView {
    view! {
        <PageTitle key=Key::NavAccount />
        <RequireAuth>
            <TopBar />
            <main id="main" class="page page-narrow">
                <h1>{t(Key::NavAccount)}</h1>
                <profile::Profile />
                // Not labelled by its heading: "Language" must name only the select.
                <section class="card">
                    <h2>{t(Key::LanguageHeading)}</h2>
                    <p class="muted">{t(Key::LanguageExplain)}</p>
                    <LocaleSelect />
                </section>
                <tokens::Tokens />
            </main>
        </RequireAuth>
    }
    .into_any()
}
