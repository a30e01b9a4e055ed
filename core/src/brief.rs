//! The runtime brief (spec F): so far its building blocks — task kinds, the sanitisers, the
//! marker-block file contract and the brief's hash. All pure.

mod hash;
mod kind;
mod marker;
mod sanitize;

pub use hash::brief_hash;
pub use kind::{TaskKind, TaskLinks};
pub use marker::{
    apply_block, block, brief_file_name, delivers_inline, remove_block, Cleanup, BEGIN_MARKER,
    END_MARKER, SEPARATOR,
};
pub use sanitize::{
    sanitize_code_token, sanitize_email, sanitize_name, sanitize_url, skill_slug, skill_slugs,
};
