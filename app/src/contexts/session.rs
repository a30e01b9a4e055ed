//! The signed-in person (`GET /api/me`), loaded once at the root and shared by every page.

use crate::api::{self, ApiError};
use agentry_core::api::catalogue::account::ShowMe;
use agentry_core::api::{MeResponse, User};
use leptos::prelude::*;

/// The session context: who is signed in and their workspaces.
#[derive(Clone, Copy)]
pub struct Session {
    /// `Ok(me)` when signed in, `Err` with status 401 when not.
    pub me: Resource<Result<MeResponse, ApiError>>,
}

impl Session {
    /// Loads `/api/me` again (after sign-in, workspace changes, profile edits).
    pub fn refresh(&self) {
        self.me.refetch();
    }

    /// The signed-in person and their workspaces, if loaded; tracked. Reads past `<Suspense>`
    /// registration, so use it for state derived inside views already gated on [`Session::me`].
    pub fn current(&self) -> Option<MeResponse> {
        (*self.me).get().and_then(Result::ok)
    }

    /// Like [`Session::current`], without tracking (for event handlers).
    pub fn current_untracked(&self) -> Option<MeResponse> {
        (*self.me).get_untracked().and_then(Result::ok)
    }

    /// Applies an updated profile (after `PATCH /api/me`) without reloading everything.
    pub fn set_user(&self, user: User) {
        self.me.update(|me| {
            if let Some(Ok(me)) = me {
                me.user = user;
            }
        });
    }

    /// Replaces the session with `me` at once (after sign-in, or with a freshly loaded `/api/me`),
    /// so a navigation that follows sees the new state without waiting for a refetch.
    pub fn set_signed_in(&self, me: MeResponse) {
        api::set_csrf_token(me.csrf_token.clone());
        self.me.set(Some(Ok(me)));
    }

    /// Marks the session as signed out (after sign-out).
    pub fn set_signed_out(&self) {
        api::set_csrf_token(None);
        self.me.set(Some(Err(ApiError {
            status: 401,
            code: "unauthenticated".into(),
            message: "signed out".into(),
            field: None,
            agents: Vec::new(),
            hidden_agents: 0,
        })));
    }

    /// Loads `/api/me` and applies it before resolving, unlike [`Session::refresh`]; callers
    /// await it before navigating so the next page sees the new workspaces.
    pub async fn reload(self) {
        match api::call(&ShowMe, &()).await {
            Ok(me) => self.set_signed_in(me),
            Err(e) if e.is_unauthenticated() => self.set_signed_out(),
            Err(_) => self.refresh(),
        }
    }
}

/// Creates the session resource and provides it as context.
pub fn provide_session() -> Session {
    let me = Resource::new(
        || (),
        |_| async move {
            let result = api::call(&ShowMe, &()).await;
            if let Ok(me) = &result {
                api::set_csrf_token(me.csrf_token.clone());
            }
            result
        },
    );
    // A server-rendered page hands the session over already loaded, so the fetcher above never
    // runs in the browser; take the CSRF token from whatever value the resource holds.
    Effect::new(move |_| {
        if let Some(Ok(me)) = me.get() {
            api::set_csrf_token(me.csrf_token);
        }
    });
    let session = Session { me };
    provide_context(session);
    session
}

/// The session context.
pub fn use_session() -> Session {
    expect_context::<Session>()
}
