//! The language switcher: changes the UI at once and, when signed in, saves the choice.

use crate::api;
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::i18n::{t, use_i18n, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::UpdateMeRequest;
use agentry_core::Locale;
use leptos::{prelude::*, task::spawn_local};

/// A select labelled "Language" listing every locale in its own name.
#[component]
pub fn LocaleSelect() -> AnyView {
    let i18n = use_i18n();
    let session = use_session();
    let toasts = use_toasts();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(locale) = Locale::from_tag(&event_target_value(&ev)) else {
            return;
        };
        i18n.locale.set(locale);
        if session.current_untracked().is_none() {
            return;
        }
        let request = UpdateMeRequest {
            locale: Some(locale),
            ..Default::default()
        };
        spawn_local(async move {
            match api::call(&endpoints::account::UpdateMe, &request).await {
                Ok(user) => {
                    session.set_user(user);
                    toasts.success(Key::LanguageSaved);
                }
                Err(e) => toasts.error(e),
            }
        });
    };
    view! {
        <div class="field field-inline">
            <label for="locale-select">{t(Key::Language)}</label>
            <select
                id="locale-select"
                on:change=on_change
                prop:value=move || i18n.locale.get().tag()
            >
                {Locale::ALL
                    .into_iter()
                    .map(|locale| {
                        view! {
                            <option
                                value=locale.tag()
                                lang=locale.tag()
                                selected=move || i18n.locale.get() == locale
                            >
                                {locale.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
    .into_any()
}
