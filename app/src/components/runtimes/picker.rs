//! The runtime picker of the agent forms: "None" plus the runtimes the agent's owner may use
//! (`can_bind_runtime`), each with its status. A runtime the agent is already bound to stays
//! listed even if the rule would refuse it now, so the form never silently changes it.

use crate::contexts::directory::Directory;
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

#[cfg(test)]
mod tests {
    use super::*;
    use agentry_core::runtimes::RuntimeVisibility;
    use agentry_core::{RuntimeId, WorkspaceId};

    const ANN: UserId = UserId(Uuid::from_u128(1));
    const BOB: UserId = UserId(Uuid::from_u128(2));

    fn runtime(n: u128, owner: Option<UserId>, visibility: RuntimeVisibility) -> Runtime {
        Runtime {
            id: RuntimeId(Uuid::from_u128(n)),
            workspace_id: WorkspaceId(Uuid::nil()),
            daemon_id: None,
            name: format!("r{n}"),
            custom_name: None,
            runtime_mode: "local".into(),
            provider: "claude".into(),
            launch_header: "claude".into(),
            status: RuntimeStatus::Online,
            device_info: String::new(),
            metadata: serde_json::Value::Null,
            owner_id: owner,
            visibility,
            profile_id: None,
            last_seen_at: None,
            running: None,
            capacity: None,
            last_error: None,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn the_picker_offers_public_runtimes_and_the_owners_private_ones_and_keeps_the_current_one() {
        let all = vec![
            runtime(1, Some(ANN), RuntimeVisibility::Private),
            runtime(2, Some(BOB), RuntimeVisibility::Public),
            runtime(3, Some(BOB), RuntimeVisibility::Private),
            runtime(4, None, RuntimeVisibility::Public),
        ];
        let ids = |list: Vec<Runtime>| list.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
        assert_eq!(ids(bindable(&all, Some(ANN), None)), ["r1", "r2"]);
        assert_eq!(ids(bindable(&all, Some(BOB), None)), ["r2", "r3"]);
        assert_eq!(
            ids(bindable(&all, Some(ANN), Some(Uuid::from_u128(3)))),
            ["r1", "r2", "r3"]
        );
    }
}
