//! An app's logo: the catalog's picture, then Composio's logo service, then the first letter of
//! its name in a muted square. No inline script: a failed image moves to the next candidate
//! through an `error` listener, and one that failed before hydration is caught on mount.

use leptos::prelude::*;

/// Composio's logo service, asked when the catalog's picture does not load.
const LOGO_SERVICE: &str = "https://logos.composio.dev/api/";

/// The logo of the app `slug` named `name`; decorative (the name is shown beside it).
#[component]
pub fn AppLogo(name: String, logo: Option<String>, slug: String) -> AnyView {
    let candidates = logo_candidates(logo.as_deref(), &slug);
    let at = RwSignal::new(0_usize);
    let image = NodeRef::<leptos::html::Img>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(img) = image.get() {
            if img.complete() && img.natural_width() == 0 {
                at.update(|i| *i += 1);
            }
        }
    });
    let letter = initial(&name, &slug);
    view! {
        <span class="app-logo" aria-hidden="true">
            {move || match candidates.get(at.get()).cloned() {
                Some(src) => view! {
                    <img
                        src=src
                        alt=""
                        width="32"
                        height="32"
                        loading="lazy"
                        referrerpolicy="no-referrer"
                        node_ref=image
                        on:error=move |_| at.update(|i| *i += 1)
                    />
                }
                    .into_any(),
                None => view! { <span class="app-logo-letter">{letter.clone()}</span> }.into_any(),
            }}
        </span>
    }
    .into_any()
}

/// The pictures to try, in order, each once: the catalog's, then the logo service's.
pub fn logo_candidates(logo: Option<&str>, slug: &str) -> Vec<String> {
    let mut list: Vec<String> = logo
        .map(str::trim)
        .filter(|url| !url.is_empty())
        .map(str::to_owned)
        .into_iter()
        .collect();
    let service = format!("{LOGO_SERVICE}{}", slug.trim().to_lowercase());
    if !slug.trim().is_empty() && !list.contains(&service) {
        list.push(service);
    }
    list
}

/// The letter shown when no picture loads: the name's first letter or digit, upper-cased.
pub fn initial(name: &str, slug: &str) -> String {
    name.chars()
        .chain(slug.chars())
        .find(|c| c.is_alphanumeric())
        .map_or_else(|| "?".to_owned(), |c| c.to_uppercase().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_logo_comes_first_and_the_logo_service_once_after_it() {
        assert_eq!(
            logo_candidates(Some("http://127.0.0.1:4010/logos/notion.svg"), "notion"),
            [
                "http://127.0.0.1:4010/logos/notion.svg",
                "https://logos.composio.dev/api/notion"
            ]
        );
        assert_eq!(
            logo_candidates(Some("https://logos.composio.dev/api/notion"), "notion"),
            ["https://logos.composio.dev/api/notion"]
        );
        assert_eq!(
            logo_candidates(None, "github"),
            ["https://logos.composio.dev/api/github"]
        );
    }

    #[test]
    fn the_fallback_letter_is_the_first_letter_of_the_name_upper_cased() {
        assert_eq!(initial("notion", "notion"), "N");
        assert_eq!(initial("  (beta) tool", "x"), "B");
        assert_eq!(initial("", "slack"), "S");
        assert_eq!(initial("", ""), "?");
    }
}
