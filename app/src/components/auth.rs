//! The sign-in gate for protected pages, and the `?next=` helpers that bring people back.

use crate::api::ApiError;
use crate::components::{error_view::ErrorView, loading::Loading};
use crate::contexts::session::use_session;
use leptos::prelude::*;
use leptos_router::{components::Redirect, hooks::use_location};

/// Where the session stands, coarse enough that children re-render only when it changes.
#[derive(Clone, Debug, PartialEq)]
enum Gate {
    Pending,
    SignedIn,
    SignedOut,
    Failed(ApiError),
}

/// Renders `children` for a signed-in person; sends anyone else to `/login?next=<here>`.
///
/// The gates read the session with `try_` accessors: on the server the `<Transition>` re-checks
/// its children from a task of its own, which can run on another worker thread while the
/// finished request's reactive values are being disposed; a plain read there panics ("already
/// disposed"). A disposed session reads as still loading, and that render is discarded anyway.
#[component]
pub fn RequireAuth(children: ChildrenFn) -> AnyView {
    let session = use_session();
    let location = use_location();
    let gate = Memo::new(move |_| match (*session.me).try_get().flatten() {
        None => Gate::Pending,
        Some(Ok(_)) => Gate::SignedIn,
        Some(Err(e)) if e.is_unauthenticated() => Gate::SignedOut,
        Some(Err(e)) => Gate::Failed(e),
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            // Registers the session with this Transition so rendering waits for it.
            {move || session.me.try_with(|_| ())}
            {move || match gate.try_get().unwrap_or(Gate::Pending) {
                Gate::Pending => view! { <Loading /> }.into_any(),
                Gate::SignedIn => children().into_any(),
                Gate::SignedOut => {
                    let path = location.pathname.get_untracked();
                    if is_auth_page(&path) {
                        // Signing out already navigated away; this page is on its way out.
                        return ().into_any();
                    }
                    let search = location.search.get_untracked();
                    let here = if search.is_empty() {
                        path
                    } else {
                        format!("{path}?{search}")
                    };
                    view! { <Redirect path=login_href(&here) /> }.into_any()
                }
                Gate::Failed(error) => view! {
                    <main class="page-centered">
                        <ErrorView error retry=move || session.refresh() />
                    </main>
                }
                    .into_any(),
            }}
        </Transition>
    }
    .into_any()
}

/// Renders `children` (a sign-in or sign-up form) unless someone is already signed in, who is
/// sent on to `next` instead.
#[component]
pub fn SignedOutOnly(
    /// Where a signed-in person goes.
    #[prop(into)]
    next: Signal<String>,
    children: ChildrenFn,
) -> AnyView {
    let session = use_session();
    let signed_in = Memo::new(move |_| {
        (*session.me)
            .try_with(|me| me.as_ref().map(|r| r.is_ok()))
            .flatten()
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || session.me.try_with(|_| ())}
            {move || match signed_in.try_get().flatten() {
                None => view! { <Loading /> }.into_any(),
                Some(true) => view! { <Redirect path=next.get_untracked() /> }.into_any(),
                Some(false) => children().into_any(),
            }}
        </Transition>
    }
    .into_any()
}

/// `/login?next=<path>`.
pub fn login_href(next: &str) -> String {
    format!("/login?next={}", encode_component(next))
}

/// `/signup?next=<path>`.
pub fn signup_href(next: &str) -> String {
    format!("/signup?next={}", encode_component(next))
}

/// The page to return to after signing in: a local path only, never another site, and never
/// the sign-in or sign-up page itself.
pub fn safe_next(raw: Option<String>) -> String {
    match raw {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !is_auth_page(path.split('?').next().unwrap_or_default()) =>
        {
            path
        }
        _ => "/".to_owned(),
    }
}

fn is_auth_page(path: &str) -> bool {
    matches!(path.trim_end_matches('/'), "/login" | "/signup")
}

/// Percent-encodes a query parameter value.
pub fn encode_component(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_paths_stay_on_this_site() {
        assert_eq!(safe_next(Some("/w/acme".into())), "/w/acme");
        assert_eq!(safe_next(Some("//evil.example".into())), "/");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/");
        assert_eq!(safe_next(Some("/\\evil.example".into())), "/");
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some("/login?next=/x".into())), "/");
    }

    #[test]
    fn login_links_encode_the_return_path() {
        assert_eq!(login_href("/w/a?x=1&y"), "/login?next=/w/a%3Fx%3D1%26y");
    }
}
