//! One runtime: its name, provider or profile badge, status with "last seen", its daemon's
//! load (runs in flight of its capacity) and last error for those who may see it, device, owner,
//! visibility, bound agents; for a failed profile, why it failed and how to fix it; and the
//! actions the rules allow (rename, share, delete), disabled with the reason otherwise.

use super::{delete::DeleteRuntime, rename::RenameRuntime};
use crate::api;
use crate::components::runtimes::when::{ago, parse_ms};
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::refusal_key;
use crate::messages::runtimes::status_key;
use agentry_core::api::agents::Agent;
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::runtimes::{Runtime, RuntimeProfile, UpdateRuntimeRequest};
use agentry_core::api::Member;
use agentry_core::runtimes::{
    can_change_runtime_visibility, can_edit_runtime, RuntimeDenial, RuntimeStatus,
    RuntimeVisibility, DEFAULT_FAILURE_REASON,
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;

/// A runtime's card in the list.
#[component]
pub fn RuntimeCard(
    runtime: Runtime,
    agents: Signal<Vec<Agent>>,
    members: Signal<Vec<Member>>,
    profiles: Signal<Vec<RuntimeProfile>>,
    now: Signal<i64>,
    on_changed: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let locale = use_i18n().locale;
    let id = runtime.id;
    let heading_id = format!("runtime-{id}");
    let labelled_by = heading_id.clone();
    let name = runtime.display_name().to_owned();
    let facts = runtime.facts();
    let online = runtime.status == RuntimeStatus::Online;
    let failed = runtime.registration_failed();
    let me = Memo::new(move |_| session.current().map(|me| me.user.id));
    let edit = Memo::new(move |_| {
        me.get()
            .map(|me| can_edit_runtime(me, ws.role.get(), facts))
    });
    let share = Memo::new(move |_| me.get().map(|me| can_change_runtime_visibility(me, facts)));
    let owner = runtime.owner_id;
    let owner_name = move || match owner {
        None => Key::NoOwner.text(locale.get()).to_owned(),
        Some(user) => members
            .with(|m| m.iter().find(|m| m.user_id == user).map(|m| m.name.clone()))
            .unwrap_or_else(|| Key::FormerMember.text(locale.get()).to_owned()),
    };
    let seen = runtime.last_seen_at.as_deref().and_then(parse_ms);
    let last_seen = move || match seen {
        Some(ms) => ago(ms, now.get(), locale.get()),
        None => Key::NeverSeen.text(locale.get()).to_owned(),
    };
    let bound = Memo::new(move |_| {
        agents.with(|all| {
            all.iter()
                .filter(|a| a.runtime_id == Some(id.0))
                .map(|a| (a.id, a.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let device = (!runtime.device_info.trim().is_empty()).then(|| runtime.device_info.clone());
    // The daemon's load while it is online; an offline daemon runs nothing.
    let load = match (online, runtime.running, runtime.capacity) {
        (true, Some(running), Some(capacity)) => Some((running, capacity)),
        _ => None,
    };
    let load_text = move || match load {
        Some((running, capacity)) => fill(
            Key::RuntimeLoadValue.text(locale.get()),
            &[&running.to_string(), &capacity.to_string()],
        ),
        None if online => Key::RuntimeLoadUnknown.text(locale.get()).to_owned(),
        None => "—".to_owned(),
    };
    let last_error = runtime
        .last_error
        .clone()
        .filter(|e| !e.trim().is_empty())
        .map(|error| {
            view! {
                <dt>{t(Key::RuntimeLastError)}</dt>
                <dd class="runtime-last-error">{error}</dd>
            }
        });
    let visibility = runtime.visibility;
    let failure = failed.then(|| {
        let reason = runtime
            .failure_reason()
            .unwrap_or(DEFAULT_FAILURE_REASON)
            .to_owned();
        let profile_id = runtime.profile_id;
        view! { <FailedNotice reason profile_id profiles /> }
    });
    view! {
        <li class="runtime-card" class:is-offline=!online class:is-failed=failed aria-labelledby=labelled_by>
            <div class="runtime-head">
                <h2 class="runtime-name" id=heading_id>{name.clone()}</h2>
                <span class="badge badge-provider" title=t(Key::ProviderBadgeTitle)>{runtime.launch_header.clone()}</span>
                <span class=if online { "status status-online" } else { "status status-offline" }>
                    <span class="status-dot" aria-hidden="true"></span>
                    {t(if failed { Key::StatusFailed } else { status_key(runtime.status) })}
                </span>
            </div>
            <dl class="facts runtime-facts">
                <dt>{t(Key::LastSeen)}</dt>
                <dd>{last_seen}</dd>
                <dt>{t(Key::RuntimeLoad)}</dt>
                <dd class="runtime-load">{load_text}</dd>
                {last_error}
                <dt>{t(Key::Device)}</dt>
                <dd>{device.unwrap_or_else(|| "—".into())}</dd>
                <dt>{t(Key::ColOwner)}</dt>
                <dd>{owner_name}</dd>
                <dt>{t(Key::Visibility)}</dt>
                <dd>{t(visibility_key(visibility))}</dd>
                <dt>{t(Key::BoundAgents)}</dt>
                <dd>
                    {move || {
                        let list = bound.get();
                        if list.is_empty() {
                            view! { <span class="muted">{t(Key::NoBoundAgents)}</span> }.into_any()
                        } else {
                            view! {
                                <ul class="inline-list">
                                    {list
                                        .into_iter()
                                        .map(|(agent, agent_name)| view! {
                                            <li><A href=move || ws.href(&format!("agents/{agent}"))>{agent_name}</A></li>
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    }}
                </dd>
            </dl>
            {failure}
            <div class="runtime-actions">
                <RenameRuntime id name=runtime.custom_name.clone().unwrap_or_default() decision=edit on_changed />
                <ShareToggle id name=name.clone() visibility decision=share on_changed />
                <DeleteRuntime id name decision=edit on_changed />
            </div>
        </li>
    }
    .into_any()
}

fn visibility_key(visibility: RuntimeVisibility) -> Key {
    match visibility {
        RuntimeVisibility::Private => Key::VisibilityPrivate,
        RuntimeVisibility::Public => Key::VisibilityPublic,
    }
}

/// Why a failed profile could not start here, and the two ways to fix it on that machine.
#[component]
fn FailedNotice(
    reason: String,
    profile_id: Option<agentry_core::ProfileId>,
    profiles: Signal<Vec<RuntimeProfile>>,
) -> AnyView {
    let locale = use_i18n().locale;
    let command = Memo::new(move |_| {
        profiles.with(|all| {
            all.iter()
                .find(|p| Some(p.id) == profile_id)
                .map(|p| p.command_name.clone())
        })
    });
    let install = move || {
        let command = command
            .get()
            .unwrap_or_else(|| Key::TheCommand.text(locale.get()).to_owned());
        fill(Key::RuntimeFixInstall.text(locale.get()), &[&command])
    };
    let set_path = profile_id.map(|profile| {
        let line = format!("agentry runtime profile set-path {profile} --path /abs/path");
        view! {
            <li>
                {t(Key::RuntimeFixSetPath)}
                <pre class="command-line"><code>{line}</code></pre>
            </li>
        }
    });
    view! {
        <div class="runtime-failure" role="note">
            <p class="runtime-failure-title">{t(Key::RuntimeFailedTitle)}</p>
            <p><q class="failure-reason">{reason}</q></p>
            <p>{t(Key::RuntimeFixIntro)}</p>
            <ol class="fix-steps">
                <li>{install}</li>
                {set_path}
            </ol>
        </div>
    }
    .into_any()
}

/// "Make public" / "Make private", only for the runtime's owner.
#[component]
fn ShareToggle(
    id: agentry_core::RuntimeId,
    name: String,
    visibility: RuntimeVisibility,
    decision: Memo<Option<Result<(), RuntimeDenial>>>,
    on_changed: Callback<()>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let reason_id = format!("runtime-{id}-share-reason");
    let target = match visibility {
        RuntimeVisibility::Private => RuntimeVisibility::Public,
        RuntimeVisibility::Public => RuntimeVisibility::Private,
    };
    let label = match target {
        RuntimeVisibility::Public => Key::MakePublic,
        RuntimeVisibility::Private => Key::MakePrivate,
    };
    let denied = move || decision.get().and_then(|d| d.err());
    let on_click = move |_| {
        let Some(ws_id) = ws.id.get_untracked() else {
            return;
        };
        busy.set(true);
        let name = name.clone();
        let body = UpdateRuntimeRequest {
            visibility: Some(target),
            ..Default::default()
        };
        let call = api::call(
            &endpoints::runtimes::Update {
                workspace: ws_id,
                id,
            },
            &body,
        );
        spawn_local(async move {
            match call.await {
                Ok(_) => {
                    let key = match target {
                        RuntimeVisibility::Public => Key::RuntimeNowPublic,
                        RuntimeVisibility::Private => Key::RuntimeNowPrivate,
                    };
                    toasts.success_with(key, &[&name]);
                    on_changed.run(());
                }
                Err(e) => toasts.error(e),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="action">
            <button
                type="button"
                class="btn btn-small"
                aria-describedby=reason_id.clone()
                disabled=move || denied().is_some() || decision.get().is_none() || busy.get()
                on:click=on_click
            >
                {t(label)}
            </button>
            <p class="reason" id=reason_id>{move || denied().map(|d| t(refusal_key(d)))}</p>
        </div>
    }
    .into_any()
}
