//! Agentry's web app: Leptos components and pages, rendered on the server (feature `ssr`) and
//! hydrated in the browser (feature `hydrate`). All data goes through the REST API (`api`).

// Views are deeply nested types. Components return `AnyView` to cut the nesting, so crates that
// instantiate them (the server) build under the default limit; this crate gets some headroom.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod contexts;
pub mod i18n;
pub mod messages;
pub mod pages;

mod app;
#[cfg(feature = "ssr")]
pub use app::ImageOrigins;
pub use app::{shell, App};

/// Browser entry point: attach the client to the server-rendered HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
