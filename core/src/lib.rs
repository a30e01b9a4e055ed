//! Agentry's shared core: domain identifiers, validation, permission rules and the REST API's
//! request/response types. Plain Rust with no I/O, so the server and the browser (wasm32) run
//! the very same rules.

pub mod agents;
pub mod api;
pub mod apps;
pub mod brief;
pub mod ids;
pub mod limits;
pub mod locale;
pub mod refusal;
pub mod roles;
pub mod runtimes;
pub mod validate;
pub mod work;

pub use ids::*;
pub use locale::Locale;
pub use refusal::{Refusal, RefusalKind};
pub use roles::{Decision, Denial, Role};
pub use validate::ValidationError;
