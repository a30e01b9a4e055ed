//! Pages, one module per area; each page loads its data through `crate::api`.

pub mod account;
pub mod auth;
pub mod home;
pub mod invite;
pub mod not_found;
pub mod settings;
pub mod workspace;
