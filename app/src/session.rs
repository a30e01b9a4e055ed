//! The signed-in person (`GET /api/me`), loaded once at the root and shared by every page.

use crate::api::{self, ApiError};
use agentry_core::api::MeResponse;
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
}

/// Creates the session resource and provides it as context.
pub fn provide_session() -> Session {
    let me = Resource::new(
        || (),
        |_| async move {
            let result = api::get::<MeResponse>("/api/me").await;
            if let Ok(me) = &result {
                api::set_csrf_token(me.csrf_token.clone());
            }
            result
        },
    );
    let session = Session { me };
    provide_context(session);
    session
}

/// The session context.
pub fn use_session() -> Session {
    expect_context::<Session>()
}
