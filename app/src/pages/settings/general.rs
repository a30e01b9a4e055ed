//! `/w/:slug/settings/general`: rename the workspace or change its slug (owners and admins;
//! others see the values read-only with the reason), and the danger zone.

use super::danger::DangerZone;
use super::Reason;
use crate::api;
use crate::components::form::{FormError, FormState, TextField};
use crate::components::loaded::Loaded;
use crate::components::page_title::PageTitle;
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::contexts::workspace::use_workspace;
use crate::i18n::{t, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::{UpdateWorkspaceRequest, Workspace};
use agentry_core::roles::can_edit_workspace;
use agentry_core::validate::{self, NAME_MAX};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The general settings page.
#[component]
pub fn General() -> AnyView {
    let ws = use_workspace();
    let workspace = Resource::new(
        move || ws.id.get(),
        |id| {
            let show = id.map(|id| endpoints::workspaces::Show { id });
            let request = api::call_known(show, &(), "no such workspace");
            async move { request.await.map(Some) }
        },
    );
    let on_saved = Callback::new(move |()| workspace.refetch());
    view! {
        <PageTitle key=Key::NavGeneral />
        <h1>{t(Key::NavGeneral)}</h1>
        <Loaded
            resource=workspace
            view={move |w: Signal<Option<Workspace>>| {
                move || w.get().map(|w| view! { <Details workspace=w on_saved /> })
            }}
        />
        <DangerZone />
    }
    .into_any()
}

#[component]
fn Details(workspace: Workspace, on_saved: Callback<()>) -> AnyView {
    let ws = use_workspace();
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let allowed = Signal::derive(move || can_edit_workspace(ws.role.get()));
    let read_only = Signal::derive(move || allowed.get().is_err());
    let form = FormState::new();
    let name = RwSignal::new(workspace.name.clone());
    let slug = RwSignal::new(workspace.slug.clone());
    let (name_error, name_touched) = form.field_error("name", name, |v| {
        validate::name("name", v, NAME_MAX).map(|_| ())
    });
    let (slug_error, slug_touched) =
        form.field_error("slug", slug, |v| validate::slug(v).map(|_| ()));
    let general_error = form.general_error(&["name", "slug"]);
    let (old_name, old_slug) = (workspace.name.clone(), workspace.slug.clone());
    let changed = Signal::derive(move || {
        name.with(|n| n.trim() != old_name) || slug.with(|s| s.trim() != old_slug)
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let (Ok(new_name), Ok(new_slug)) = (
            validate::name("name", &name.get_untracked(), NAME_MAX),
            validate::slug(&slug.get_untracked()),
        ) else {
            return;
        };
        let current = ws.current.get_untracked();
        let (Some(id), Some(current)) = (ws.id.get_untracked(), current) else {
            return;
        };
        let slug_changed = new_slug != current.slug;
        let request = UpdateWorkspaceRequest {
            name: (new_name != current.name).then_some(new_name),
            slug: slug_changed.then_some(new_slug),
        };
        let navigate = navigate.clone();
        let call = api::call(&endpoints::workspaces::Update { id }, &request);
        form.submit_then(call, move |updated| async move {
            let me = api::call(&endpoints::account::ShowMe, &()).await;
            if slug_changed {
                let to = format!("/w/{}/settings/general", updated.slug);
                navigate(&to, Default::default());
            }
            // Same tick as the navigation, so the shell sees the new slug and list together.
            match me {
                Ok(me) => session.set_signed_in(me),
                Err(_) => session.refresh(),
            }
            toasts.success(Key::WorkspaceSaved);
            on_saved.run(());
        });
    };

    let created = workspace
        .created_at
        .get(..10)
        .unwrap_or_default()
        .to_owned();
    view! {
        <section class="card" aria-labelledby="details-heading">
            <h2 id="details-heading">{t(Key::WorkspaceDetails)}</h2>
            <dl class="facts">
                <dt>{t(Key::MemberCount)}</dt>
                <dd>{workspace.member_count}</dd>
                <dt>{t(Key::Created)}</dt>
                <dd>
                    <time datetime=workspace.created_at.clone()>{created}</time>
                </dd>
            </dl>
            <form class="form" method="post" novalidate=true on:submit=on_submit>
                <TextField
                    id="settings-name"
                    label=Key::WorkspaceName
                    value=name
                    required=true
                    disabled=read_only
                    error=name_error
                    touched=name_touched
                />
                <TextField
                    id="settings-slug"
                    label=Key::Slug
                    value=slug
                    required=true
                    disabled=read_only
                    hint=Key::SlugChangeHint
                    error=slug_error
                    touched=slug_touched
                />
                <FormError error=general_error />
                <div class="actions">
                    <button
                        type="submit"
                        class="btn btn-primary"
                        disabled=move || read_only.get() || !changed.get() || form.busy.get()
                    >
                        {t(Key::SaveChanges)}
                    </button>
                    <Reason decision=allowed />
                </div>
            </form>
        </section>
    }
    .into_any()
}
