//! The runtime picker of the agent forms: "None" plus the runtimes the agent's owner may use
//! (`can_bind_runtime`), each with its status. A runtime the agent is already bound to stays
//! listed even if the rule would refuse it now, so the form never silently changes it.

use crate::components::agents::data::Directory;
use crate::i18n::{t, tr, use_i18n, Key};
use agentry_core::api::runtimes::Runtime;
use agentry_core::runtimes::{can_bind_runtime, RuntimeStatus};
use agentry_core::UserId;
use leptos::prelude::*;
use uuid::Uuid;

/// The runtimes `owner`'s agent may be bound to, plus `current` (if any and visible).
pub fn bindable(
    runtimes: &[Runtime],
    owner: Option<UserId>,
    current: Option<Uuid>,
) -> Vec<Runtime> {
    runtimes
        .iter()
        .filter(|r| Some(r.id.0) == current || can_bind_runtime(owner, r.facts()).is_ok())
        .cloned()
        .collect()
}

/// A labelled `<select>` editing `value` (`None` = no runtime).
#[component]
pub fn RuntimePicker(
    /// The select's id, unique on the page.
    id: &'static str,
    /// The chosen runtime.
    value: RwSignal<Option<Uuid>>,
    /// The runtimes the caller can see.
    #[prop(into)]
    runtimes: Signal<Vec<Runtime>>,
    /// The agent's owner, whose runtimes it may use.
    #[prop(into)]
    owner: Signal<Option<UserId>>,
    /// The runtime the agent is bound to now (kept on offer).
    #[prop(optional, into)]
    current: MaybeProp<Uuid>,
) -> AnyView {
    let hint_id = format!("{id}-hint");
    let options =
        Memo::new(move |_| runtimes.with(|all| bindable(all, owner.get(), current.get())));
    let on_change = move |ev: leptos::ev::Event| {
        value.set(Uuid::parse_str(&event_target_value(&ev)).ok());
    };
    view! {
        <div class="field">
            <label for=id>{t(Key::RuntimeField)}</label>
            <p class="field-hint" id=hint_id.clone()>{t(Key::RuntimeFieldHint)}</p>
            <select
                id=id
                aria-describedby=hint_id
                on:change=on_change
                prop:value=move || value.get().map(|v| v.to_string()).unwrap_or_default()
            >
                <option value="" selected=move || value.get().is_none()>{t(Key::RuntimeNone)}</option>
                <For each=move || options.get() key=|r| (r.id, r.status, r.custom_name.clone()) let:runtime>
                    {
                        let rid = runtime.id.0;
                        let status = match runtime.status {
                            RuntimeStatus::Online => Key::StatusOnline,
                            RuntimeStatus::Offline => Key::StatusOffline,
                        };
                        let name = runtime.display_name().to_owned();
                        let header = runtime.launch_header.clone();
                        view! {
                            <option value=rid.to_string() selected=move || value.get() == Some(rid)>
                                {move || format!("{name} ({header}) · {}", tr(status))}
                            </option>
                        }
                    }
                </For>
            </select>
        </div>
    }
    .into_any()
}

/// The name of an agent's runtime for lists and facts: "—" (read as "No runtime") when unbound.
#[component]
pub fn RuntimeName(
    /// The agent's runtime.
    runtime: Option<Uuid>,
    /// Where runtimes are named.
    directory: Signal<Directory>,
) -> AnyView {
    match runtime {
        None => view! {
            <span aria-hidden="true">"—"</span>
            <span class="sr-only">{t(Key::NoRuntime)}</span>
        }
        .into_any(),
        Some(id) => {
            let locale = use_i18n().locale;
            let name = move || {
                directory
                    .with(|d| d.runtime_name(id))
                    .unwrap_or_else(|| Key::UnknownRuntime.text(locale.get()).to_owned())
            };
            view! { <span class="runtime-ref">{name}</span> }.into_any()
        }
    }
}
