//! The MCP Apps tab (spec §6.5), for the agent's owner only: their active connected apps as
//! checkboxes, each tick saved at once (optimistically, undone if the save fails), and a
//! warning when the agent is shared, since its runs use the owner's connections.

use super::access::grantee_names;
use super::panels::Later;
use crate::api;
use crate::components::empty_state::EmptyState;
use crate::contexts::directory::Directory;
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{fill, t, use_i18n, Key};
use crate::messages::join_names;
use agentry_core::agents::{effective_scope, Field};
use agentry_core::api::agents::{Agent, UpdateAgentRequest};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::integrations::{ConnectedApp, Toolkit};
use agentry_core::apps::{
    normalise_allowlist, normalise_slug, sharing_warning, toolkit_display_name, SharingWarning,
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;

/// One app the owner has connected, as a row shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct AppRow {
    slug: String,
    name: String,
    logo: Option<String>,
}

/// The owner's active connections, once per slug in the order given, named by the catalog
/// where it knows the app and by `core`'s display name otherwise.
fn rows(connections: &[ConnectedApp], catalog: &[Toolkit]) -> Vec<AppRow> {
    let mut rows: Vec<AppRow> = Vec::new();
    for connection in connections.iter().filter(|c| c.status == "active") {
        let slug = normalise_slug(&connection.toolkit_slug);
        if rows.iter().any(|r| r.slug == slug) {
            continue;
        }
        let known = catalog.iter().find(|t| normalise_slug(&t.slug) == slug);
        rows.push(AppRow {
            name: known.map_or_else(|| toolkit_display_name(&slug), |t| t.name.clone()),
            logo: known.and_then(|t| t.logo.clone()),
            slug,
        });
    }
    rows
}

/// The allowlist with `slug` ticked or not; slugs not shown (an app disconnected since) stay.
fn toggled(allowed: &[String], slug: &str, on: bool) -> Vec<String> {
    let mut next: Vec<String> = allowed.iter().filter(|s| *s != slug).cloned().collect();
    if on {
        next.push(slug.to_owned());
    }
    normalise_allowlist(Some(&next)).unwrap_or_default()
}

/// The tab.
#[component]
pub fn AppsTab(
    agent: Signal<Agent>,
    directory: Signal<Directory>,
    connections: Later<ConnectedApp>,
    toolkits: Later<Toolkit>,
    on_saved: Callback<Agent>,
) -> AnyView {
    let ws = use_workspace();
    let toasts = use_toasts();
    let locale = use_i18n().locale;
    let stored = Memo::new(move |_| agent.with(|a| a.allowlist().to_vec()));
    let allowed = RwSignal::new(stored.get_untracked());
    let saving = RwSignal::new(false);
    // What the server answers replaces the optimistic list; only when it differs.
    Effect::watch(
        move || stored.get(),
        move |now, _, _| allowed.set(now.clone()),
        false,
    );
    let listed = Memo::new(move |_| {
        let catalog = toolkits.with(|t| match t {
            Some(Ok(Some(list))) => list.clone(),
            _ => Vec::new(),
        });
        connections.with(|c| match c {
            Some(Ok(Some(list))) => Some(Ok(rows(list, &catalog))),
            Some(Err(_)) => Some(Err(())),
            _ => None,
        })
    });
    let toggle = move |slug: String, on: bool| {
        if saving.get_untracked() {
            return;
        }
        let Some(workspace) = ws.id.get_untracked() else {
            return;
        };
        let before = allowed.get_untracked();
        let next = toggled(&before, &slug, on);
        allowed.set(next.clone());
        saving.set(true);
        let update = endpoints::agents::Update {
            workspace,
            id: agent.with_untracked(|a| a.id),
        };
        let request = UpdateAgentRequest {
            composio_toolkit_allowlist: Field::Value(next),
            ..Default::default()
        };
        let call = api::call(&update, &request);
        spawn_local(async move {
            match call.await {
                Ok(saved) => on_saved.run(saved),
                Err(_) => {
                    allowed.set(before);
                    toasts.error_with(Key::AppsSaveFailed, &[]);
                }
            }
            saving.set(false);
        });
    };
    let warning = move || {
        let has_connections = listed.with(|l| matches!(l, Some(Ok(rows)) if !rows.is_empty()));
        let allowed_names: Vec<String> = allowed.with(|slugs| {
            listed.with(|l| {
                slugs
                    .iter()
                    .map(|slug| match l {
                        Some(Ok(rows)) => rows
                            .iter()
                            .find(|r| &r.slug == slug)
                            .map_or_else(|| toolkit_display_name(slug), |r| r.name.clone()),
                        _ => toolkit_display_name(slug),
                    })
                    .collect()
            })
        });
        let scope = agent.with(|a| effective_scope(a.permission_mode, &a.invocation_targets));
        let kind = sharing_warning(scope, !allowed_names.is_empty(), has_connections)?;
        let locale = locale.get();
        let apps = match allowed_names.is_empty() {
            true => Key::AppsYouAllow.text(locale).to_owned(),
            false => join_names(&allowed_names, locale),
        };
        Some(match kind {
            SharingWarning::WholeWorkspace => fill(Key::AppsWarnWorkspace.text(locale), &[&apps]),
            SharingWarning::SharedWith => {
                let names = agent.with(|a| directory.with(|d| grantee_names(a, d, locale)));
                let who = join_names(&names, locale);
                fill(Key::AppsWarnShared.text(locale), &[&who, &apps])
            }
        })
    };
    view! {
        <section class="card" aria-labelledby="agent-apps-heading" aria-busy=move || saving.get().to_string()>
            <h2 id="agent-apps-heading">{t(Key::AppsHeading)}</h2>
            <p class="muted">{t(Key::AppsSubtitle)}</p>
            {move || warning().map(|text| view! { <p class="apps-warning" role="alert">{text}</p> })}
            {move || match listed.get() {
                None => view! { <p class="loading" role="status">{t(Key::AppsLoading)}</p> }.into_any(),
                Some(Err(())) => view! { <p class="form-error" role="alert">{t(Key::AppsLoadFailed)}</p> }.into_any(),
                Some(Ok(rows)) if rows.is_empty() => view! {
                    <EmptyState title=Key::AppsEmptyTitle body=Key::AppsEmptyHint>
                        <A href=move || ws.href("settings/integrations") attr:class="btn btn-primary">
                            {t(Key::AppsEmptyLink)}
                        </A>
                    </EmptyState>
                }
                    .into_any(),
                Some(Ok(rows)) => view! {
                    <ul class="agent-app-list">
                        {rows.into_iter().map(|row| view! { <AppItem row allowed saving toggle /> }).collect_view()}
                    </ul>
                }
                    .into_any(),
            }}
            <p class="field-hint" role="status">
                {move || saving.get().then(|| Key::AppsSaving.text(locale.get()))}
            </p>
        </section>
    }
    .into_any()
}

#[component]
fn AppItem(
    row: AppRow,
    allowed: RwSignal<Vec<String>>,
    saving: RwSignal<bool>,
    toggle: impl Fn(String, bool) + Copy + Send + Sync + 'static,
) -> AnyView {
    let locale = use_i18n().locale;
    let AppRow { slug, name, logo } = row;
    let id = format!("agent-app-{slug}");
    let checked = {
        let slug = slug.clone();
        move || allowed.with(|a| a.contains(&slug))
    };
    let label = {
        let name = name.clone();
        move || fill(Key::AppsToggle.text(locale.get()), &[&name])
    };
    let initial = name.chars().next().map(String::from).unwrap_or_default();
    let logo = match logo {
        Some(src) => {
            view! { <img class="agent-app-logo" src=src alt="" width="28" height="28" /> }.into_any()
        }
        None => {
            view! { <span class="agent-app-logo agent-app-logo-letter" aria-hidden="true">{initial}</span> }
                .into_any()
        }
    };
    view! {
        <li class="agent-app-row">
            <input
                type="checkbox"
                id=id.clone()
                aria-label=label
                prop:checked=checked
                disabled=move || saving.get()
                on:change=move |ev| toggle(slug.clone(), event_target_checked(&ev))
            />
            <label for=id class="agent-app-name">
                {logo}
                <span>{name}</span>
            </label>
            <span class="badge agent-app-connected">{t(Key::AppsConnected)}</span>
        </li>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connection(slug: &str, status: &str) -> ConnectedApp {
        ConnectedApp {
            id: agentry_core::ConnectionId(uuid::Uuid::from_u128(1)),
            toolkit_slug: slug.to_owned(),
            status: status.to_owned(),
            connected_at: String::new(),
            last_used_at: None,
        }
    }

    #[test]
    fn each_active_app_is_listed_once_named_by_the_catalog_or_by_its_slug() {
        let catalog = [Toolkit {
            slug: "notion".into(),
            name: "Notion (catalog)".into(),
            logo: Some("https://logo/notion".into()),
            category: None,
            connectable: true,
        }];
        let listed = rows(
            &[
                connection("github", "active"),
                connection("Notion", "active"),
                connection("github", "active"),
                connection("slack", "revoked"),
            ],
            &catalog,
        );
        let names: Vec<&str> = listed.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["GitHub", "Notion (catalog)"]);
        assert_eq!(listed[1].logo.as_deref(), Some("https://logo/notion"));
    }

    #[test]
    fn ticking_adds_only_that_slug_and_unticking_keeps_apps_not_shown() {
        let allowed = vec!["gone".to_owned(), "notion".to_owned()];
        assert_eq!(
            toggled(&allowed, "github", true),
            ["github", "gone", "notion"]
        );
        assert_eq!(toggled(&allowed, "notion", false), ["gone"]);
        assert_eq!(toggled(&allowed, "notion", true), ["gone", "notion"]);
    }
}
