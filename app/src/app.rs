//! The HTML shell, the root component and the route table.

use crate::components::page_title::title;
use crate::components::toast::ToastRegion;
use crate::contexts::session::provide_session;
use crate::contexts::toasts::provide_toasts;
use crate::i18n::{provide_i18n, t, Key};
use crate::pages::{account, auth, home, invite, not_found, settings, workspace};
use agentry_core::Locale;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, Link, Meta, MetaTags, Stylesheet};
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path, SsrMode,
};

/// The document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        // `<Html>` in `App` sets `lang` to the negotiated locale.
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The locale for the first render: the browser's `Accept-Language` on the server; in the
/// browser, whatever the server rendered (read from `<html lang>`), so hydration matches.
fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|p| {
                p.headers
                    .get(http::header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .map(Locale::negotiate)
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        leptos::prelude::document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|l| Locale::from_tag(&l))
            .unwrap_or_default()
    }
}

/// The root component.
#[component]
pub fn App() -> AnyView {
    provide_meta_context();
    let i18n = provide_i18n(initial_locale());
    let session = provide_session();
    provide_toasts();
    // Once the session loads, a saved preference overrides the browser's language.
    Effect::new(move |_| {
        if let Some(Ok(me)) = session.me.get() {
            if let Some(locale) = me.user.locale {
                i18n.locale.set(locale);
            }
        }
    });
    // Browser tests wait for this marker: clicks before hydration would do nothing.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(root) = leptos::prelude::document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
    #[cfg(feature = "ssr")]
    set_security_policy();
    let app_name = t(Key::AppName);

    view! {
        <Html attr:lang=move || i18n.locale.get().tag() />
        {title(move || app_name().to_owned())}
        <Meta name="description" content="Run AI coding agents as teammates, and stay in control of them." />
        <Link rel="icon" href="data:," />
        <Stylesheet id="agentry" href="/pkg/agentry.css" />
        <Router>
            <AppRoutes />
            <ToastRegion />
        </Router>
    }
    .into_any()
}

/// The route table. Every page renders after its data has loaded (`SsrMode::Async`), so the
/// first paint has real data and a redirect to `/login` can still be an HTTP 302.
#[component]
fn AppRoutes() -> AnyView {
    let ssr = SsrMode::Async;
    view! {
        <Routes fallback=not_found::NotFound>
            <Route path=path!("/") view=home::Home ssr=ssr.clone() />
            <Route path=path!("/login") view=auth::login::Login ssr=ssr.clone() />
            <Route path=path!("/signup") view=auth::signup::Signup ssr=ssr.clone() />
            <Route path=path!("/invite/:token") view=invite::Invite ssr=ssr.clone() />
            <Route path=path!("/account") view=account::Account ssr=ssr.clone() />
            // Where connecting an app comes back to: connections belong to the person, so the
            // address names no workspace.
            <Route
                path=path!("/settings/integrations")
                view=settings::integrations::forward::Forward
                ssr=ssr.clone()
            />
            <ParentRoute path=path!("/w/:slug") view=workspace::shell::WorkspaceShell ssr=ssr.clone()>
                <Route
                    path=path!("")
                    view=|| view! { <workspace::shell::WorkspaceIndex to="agents" /> }
                    ssr=ssr.clone()
                />
                <Route path=path!("issues") view=workspace::issues::Issues ssr=ssr.clone() />
                <Route
                    path=path!("issues/:id")
                    view=workspace::issues::detail::IssueDetail
                    ssr=ssr.clone()
                />
                <Route path=path!("autopilots") view=workspace::autopilots::Autopilots ssr=ssr.clone() />
                <Route path=path!("chat") view=workspace::chat::Chat ssr=ssr.clone() />
                <Route path=path!("tasks/:id") view=workspace::tasks::TaskDetail ssr=ssr.clone() />
                <Route path=path!("agents") view=workspace::agents::Agents ssr=ssr.clone() />
                <Route
                    path=path!("agents/:id")
                    view=workspace::agents::detail::AgentDetail
                    ssr=ssr.clone()
                />
                <Route path=path!("runtimes") view=workspace::runtimes::Runtimes ssr=ssr.clone() />
                <Route
                    path=path!("settings")
                    view=|| view! { <workspace::shell::WorkspaceIndex to="settings/general" /> }
                    ssr=ssr.clone()
                />
                <Route path=path!("settings/general") view=settings::general::General ssr=ssr.clone() />
                <Route path=path!("settings/members") view=settings::members::Members ssr=ssr.clone() />
                <Route path=path!("settings/teams") view=settings::teams::Teams ssr=ssr.clone() />
                <Route
                    path=path!("settings/runtime-profiles")
                    view=settings::profiles::RuntimeProfiles
                    ssr=ssr.clone()
                />
                <Route
                    path=path!("settings/daemon-tokens")
                    view=settings::daemon_tokens::DaemonTokens
                    ssr=ssr.clone()
                />
                <Route
                    path=path!("settings/integrations")
                    view=settings::integrations::Integrations
                    ssr=ssr
                />
            </ParentRoute>
        </Routes>
    }
    .into_any()
}

/// Image origins a page may load from beyond its own, `data:` and any `https:` origin: a
/// Composio served over plain http (a local fake) serves its apps' logos itself. The server
/// provides it as context when it renders; absent, no such origin is allowed.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Default)]
pub struct ImageOrigins(pub Vec<String>);

/// Sets the page's Content-Security-Policy with this response's nonce, which Leptos also puts
/// on its own inline scripts; nothing else inline may run.
#[cfg(feature = "ssr")]
fn set_security_policy() {
    use leptos::nonce::use_nonce;
    if let (Some(nonce), Some(response)) =
        (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    {
        let images = use_context::<ImageOrigins>().unwrap_or_default();
        let policy = page_policy(&nonce.to_string(), &images.0);
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// A page's policy: scripts only from here or with the nonce; images also from `data:`, any
/// `https:` origin (apps' logos live on other sites) and the `extra_images` origins.
#[cfg(any(feature = "ssr", test))]
fn page_policy(nonce: &str, extra_images: &[String]) -> String {
    let mut images = String::from("'self' data: https:");
    for origin in extra_images {
        images.push(' ');
        images.push_str(origin);
    }
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src {images}; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::page_policy;

    #[test]
    fn images_may_come_from_https_and_the_extra_origins_scripts_only_with_the_nonce() {
        let policy = page_policy("abc", &["http://127.0.0.1:4010".to_owned()]);
        assert!(
            policy.contains("img-src 'self' data: https: http://127.0.0.1:4010;"),
            "{policy}"
        );
        assert!(
            policy.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"),
            "{policy}"
        );
        assert!(page_policy("abc", &[]).contains("img-src 'self' data: https:;"));
    }
}
