//! The issue's metadata: its string keys and values, each removable, and a small form to set
//! one (checked with core's key and value rules before it is sent).

use crate::api;
use crate::components::form::{FormError, FormState, TextField};
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::work::work_validation_text;
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::issues::{Issue, SetMetadataRequest};
use agentry_core::work::fields::{metadata_key, metadata_value};
use leptos::{prelude::*, task::spawn_local};
use std::collections::BTreeMap;

/// The bag, as a definition list, and the form to add to it.
#[component]
pub fn Metadata(issue: Signal<Issue>, on_saved: Callback<Issue>) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let form = FormState::new();
    let key = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let (key_error, key_touched) =
        form.field_error_in("key", key, metadata_key, work_validation_text);
    let (value_error, value_touched) =
        form.field_error_in("value", value, metadata_value, work_validation_text);
    let general_error = form.general_error(&["key", "value"]);
    let with_bag = move |bag: BTreeMap<String, String>| {
        let mut updated = issue.get_untracked();
        updated.metadata = bag;
        on_saved.run(updated);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let (k, v) = (key.get_untracked().trim().to_owned(), value.get_untracked());
        if metadata_key(&k).is_err() || metadata_value(&v).is_err() {
            return;
        }
        let Some(workspace) = ws.id.get_untracked() else {
            return;
        };
        let id = issue.with_untracked(|i| i.id.to_string());
        let call = api::call(
            &endpoints::issues::SetMetadata {
                workspace,
                id,
                key: k,
            },
            &SetMetadataRequest { value: v },
        );
        form.submit(call, move |bag| {
            key.set(String::new());
            value.set(String::new());
            form.reset();
            with_bag(bag);
        });
    };
    let remove = move |k: String| {
        let Some(workspace) = ws.id.get_untracked() else {
            return;
        };
        let id = issue.with_untracked(|i| i.id.to_string());
        let call = api::call(
            &endpoints::issues::DeleteMetadata {
                workspace,
                id,
                key: k.clone(),
            },
            &(),
        );
        spawn_local(async move {
            match call.await {
                Ok(()) => {
                    let mut bag = issue.with_untracked(|i| i.metadata.clone());
                    bag.remove(&k);
                    with_bag(bag);
                }
                Err(error) => toasts.error(error),
            }
        });
    };
    let rows = move || {
        issue.with(|i| {
            i.metadata
                .iter()
                .map(|(k, v)| {
                    let label = fill(Key::RemoveMetadata.text(locale.get()), &[k]);
                    let k2 = k.clone();
                    view! {
                        <dt class="mono">{k.clone()}</dt>
                        <dd>
                            <span class="metadata-value">{v.clone()}</span>
                            <button
                                type="button"
                                class="btn btn-small"
                                aria-label=label
                                on:click=move |_| remove(k2.clone())
                            >
                                {t(Key::Remove)}
                            </button>
                        </dd>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card issue-metadata" aria-labelledby="issue-metadata-heading">
            <h2 id="issue-metadata-heading">{t(Key::IssueMetadata)}</h2>
            {move || match issue.with(|i| i.metadata.is_empty()) {
                true => view! { <p class="muted">{t(Key::NoMetadata)}</p> }.into_any(),
                false => view! { <dl class="facts metadata-list">{rows}</dl> }.into_any(),
            }}
            <form class="form" novalidate=true on:submit=on_submit>
                <TextField id="metadata-key" label=Key::MetadataKey value=key error=key_error touched=key_touched />
                <TextField id="metadata-value" label=Key::MetadataValue value=value error=value_error touched=value_touched />
                <FormError error=general_error />
                <button type="submit" class="btn" disabled=move || form.busy.get()>{t(Key::SetMetadata)}</button>
            </form>
        </section>
    }
    .into_any()
}
