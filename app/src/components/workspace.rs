//! Components of the workspace shell: the sidebar, role badges.

pub mod role_badge;
pub mod sidebar;
