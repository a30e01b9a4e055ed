//! The "create workspace" form: the slug follows the name until edited by hand.

use crate::api;
use crate::components::form::{FormError, FormState, TextField};
use crate::contexts::session::use_session;
use crate::contexts::toasts::use_toasts;
use crate::i18n::{fill, t, use_i18n, Key};
use agentry_core::api::catalogue as endpoints;
use agentry_core::api::CreateWorkspaceRequest;
use agentry_core::validate::{self, NAME_MAX};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// Creates a workspace and opens it.
#[component]
pub fn CreateWorkspace() -> AnyView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let locale = use_i18n().locale;
    let form = FormState::new();
    let name = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    // Follow the name while the slug still equals the suggestion for the previous name.
    Effect::watch(
        move || name.get(),
        move |name, previous, _| {
            let followed = previous
                .map(|p| validate::suggest_slug(p))
                .unwrap_or_default();
            if slug.with_untracked(|s| *s == followed) {
                slug.set(validate::suggest_slug(name));
            }
        },
        false,
    );
    let (name_error, name_touched) = form.field_error("name", name, |v| {
        validate::name("name", v, NAME_MAX).map(|_| ())
    });
    let (slug_error, slug_touched) =
        form.field_error("slug", slug, |v| validate::slug(v).map(|_| ()));
    let general_error = form.general_error(&["name", "slug"]);
    let preview = move || fill(Key::SlugPreview.text(locale.get()), &[slug.get().trim()]);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.begin();
        let (Ok(name), Ok(slug)) = (
            validate::name("name", &name.get_untracked(), NAME_MAX),
            validate::slug(&slug.get_untracked()),
        ) else {
            return;
        };
        let navigate = navigate.clone();
        let call = api::call(
            &endpoints::workspaces::Create,
            &CreateWorkspaceRequest { name, slug },
        );
        form.submit_then(call, move |workspace| async move {
            session.reload().await;
            toasts.success_with(Key::WorkspaceCreated, &[&workspace.name]);
            navigate(&format!("/w/{}/agents", workspace.slug), Default::default());
        });
    };

    view! {
        <section class="card" aria-labelledby="create-workspace-heading">
            <h2 id="create-workspace-heading">{t(Key::NewWorkspace)}</h2>
            <form class="form" method="post" novalidate=true on:submit=on_submit>
                <TextField
                    id="workspace-name"
                    label=Key::WorkspaceName
                    value=name
                    required=true
                    error=name_error
                    touched=name_touched
                />
                <TextField
                    id="workspace-slug"
                    label=Key::Slug
                    value=slug
                    required=true
                    hint=Key::SlugHint
                    error=slug_error
                    touched=slug_touched
                />
                <p class="field-hint slug-preview">{preview}</p>
                <FormError error=general_error />
                <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>
                    {t(Key::CreateWorkspace)}
                </button>
            </form>
        </section>
    }
    .into_any()
}
