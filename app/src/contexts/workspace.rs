//! The workspace the URL names (`/w/:slug`), resolved against the session's workspace list.

use crate::contexts::session::use_session;
use agentry_core::agents::RoleState;
use agentry_core::{api::WorkspaceSummary, Role, WorkspaceId};
use leptos::prelude::*;

/// The current workspace, for every page under `/w/:slug`.
#[derive(Clone, Copy)]
pub struct WorkspaceCtx {
    /// The slug from the URL.
    pub slug: Memo<String>,
    /// The workspace with that slug among the caller's, if they belong to it.
    pub current: Memo<Option<WorkspaceSummary>>,
    /// Its id; changes only when the workspace itself changes.
    pub id: Memo<Option<WorkspaceId>>,
    /// The caller's role there: still loading, not a member, or known. Rules that must not
    /// decide before the role is known (the agent pages) ask `core` with this.
    pub role_state: Memo<RoleState>,
    /// The known role, for the settings pages' role-only rules; `member`, the least, until
    /// then (those pages render only once the workspace, and so the role, is resolved).
    pub role: Memo<Role>,
}

impl WorkspaceCtx {
    /// An address inside this workspace, e.g. `href("settings/members")`.
    pub fn href(&self, rest: &str) -> String {
        format!("/w/{}/{rest}", self.slug.get())
    }

    /// Like [`WorkspaceCtx::href`], without tracking (for event handlers and one-off reads).
    pub fn href_untracked(&self, rest: &str) -> String {
        format!("/w/{}/{rest}", self.slug.get_untracked())
    }

    /// Like [`WorkspaceCtx::name`], without tracking.
    pub fn name_untracked(&self) -> String {
        self.current
            .with_untracked(|w| w.as_ref().map(|w| w.name.clone()))
            .unwrap_or_default()
    }

    /// The workspace's display name (empty while unknown).
    pub fn name(&self) -> String {
        self.current
            .with(|w| w.as_ref().map(|w| w.name.clone()))
            .unwrap_or_default()
    }
}

/// Resolves `slug` against the session and provides the result as context.
pub fn provide_workspace(slug: Memo<String>) -> WorkspaceCtx {
    let session = use_session();
    let current = Memo::new(move |_| {
        let me = session.current()?;
        slug.with(|slug| me.workspaces.into_iter().find(|w| &w.slug == slug))
    });
    let id = Memo::new(move |_| current.with(|w| w.as_ref().map(|w| w.id)));
    let role_state = Memo::new(move |_| match (*session.me).with(|me| me.is_some()) {
        false => RoleState::Loading,
        true => current.with(|w| {
            w.as_ref()
                .map_or(RoleState::NotMember, |w| RoleState::Known(w.role))
        }),
    });
    let role = Memo::new(move |_| match role_state.get() {
        RoleState::Known(role) => role,
        RoleState::Loading | RoleState::NotMember => Role::Member,
    });
    let ctx = WorkspaceCtx {
        slug,
        current,
        id,
        role_state,
        role,
    };
    provide_context(ctx);
    ctx
}

/// The current workspace context.
pub fn use_workspace() -> WorkspaceCtx {
    expect_context::<WorkspaceCtx>()
}
