//! Pages, one module per area; each page loads its data through `crate::api`.

pub mod home;
pub mod not_found;
