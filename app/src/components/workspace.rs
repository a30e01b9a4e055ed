//! Components of the workspace shell: the current-workspace context, the sidebar, role badges.

pub mod context;
pub mod role_badge;
pub mod sidebar;
