//! Issue descriptions and comments are Markdown as written; the app has no Markdown renderer,
//! so they show as their own words: escaped by Leptos (no HTML from the text ever runs) with
//! line breaks kept by CSS (`white-space: pre-wrap`).

use leptos::prelude::*;

/// `text` as written, safely.
#[component]
pub fn PlainText(
    /// The text.
    #[prop(into)]
    text: Signal<String>,
    /// Extra classes.
    #[prop(optional)]
    class: &'static str,
) -> AnyView {
    view! { <div class=format!("plain-text {class}")>{move || text.get()}</div> }.into_any()
}
