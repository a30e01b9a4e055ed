//! The per-agent allowlist of toolkit slugs and how slugs are compared and shown.

use crate::validate::{at_most_items, ValidationError};

/// The JSON key of the allowlist in agent bodies; validation errors name it.
pub const ALLOWLIST_FIELD: &str = "composio_toolkit_allowlist";
/// Most toolkit slugs an allowlist may hold, counted as sent (before deduplication).
pub const ALLOWLIST_MAX: usize = 100;
/// Longest toolkit slug, in characters.
pub const TOOLKIT_SLUG_MAX: usize = 64;

/// A toolkit slug as stored and compared: trimmed and lower-cased (`" Notion "` → `notion`).
pub fn normalise_slug(slug: &str) -> String {
    slug.trim().to_lowercase()
}

/// The allowlist as stored: `None` (never set) stays `None`, and `[]` stays empty (set, but
/// nothing allowed); otherwise each slug is normalised, empty ones are dropped, and the rest
/// deduplicated and sorted, so two lists that allow the same apps are equal.
pub fn normalise_allowlist(list: Option<&[String]>) -> Option<Vec<String>> {
    let mut slugs: Vec<String> = list?
        .iter()
        .map(|slug| normalise_slug(slug))
        .filter(|slug| !slug.is_empty())
        .collect();
    slugs.sort();
    slugs.dedup();
    Some(slugs)
}

/// The allowlist a create or update may store: at most [`ALLOWLIST_MAX`] entries, normalised
/// by [`normalise_allowlist`] (blanks dropped), then each slug at most [`TOOLKIT_SLUG_MAX`]
/// characters of `a-z`, `0-9`, `_` and `-`. Errors name [`ALLOWLIST_FIELD`].
pub fn check_allowlist(raw: &[String]) -> Result<Vec<String>, ValidationError> {
    at_most_items(ALLOWLIST_FIELD, raw.len(), ALLOWLIST_MAX)?;
    let slugs = normalise_allowlist(Some(raw)).unwrap_or_default();
    for slug in &slugs {
        if slug.chars().count() > TOOLKIT_SLUG_MAX {
            return Err(ValidationError::new(
                ALLOWLIST_FIELD,
                "too_long",
                format!("a toolkit slug must be at most {TOOLKIT_SLUG_MAX} characters"),
            ));
        }
        let allowed =
            |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-';
        if !slug.chars().all(allowed) {
            return Err(ValidationError::new(
                ALLOWLIST_FIELD,
                "invalid_characters",
                "a toolkit slug may hold only a-z, 0-9, _ and -",
            ));
        }
    }
    Ok(slugs)
}

/// How a toolkit is named when the catalog gives no name: a few brands spelled their way,
/// otherwise each `_`/`-`-separated word capitalised (`google_drive` → `Google Drive`).
pub fn toolkit_display_name(slug: &str) -> String {
    let slug = normalise_slug(slug);
    match slug.as_str() {
        "github" => return "GitHub".into(),
        "gmail" => return "Gmail".into(),
        "linkedin" => return "LinkedIn".into(),
        _ => {}
    }
    slug.split(['_', '-'])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn never_set_stays_never_set_and_empty_stays_empty() {
        assert_eq!(normalise_allowlist(None), None);
        assert_eq!(normalise_allowlist(Some(&[])), Some(Vec::new()));
    }

    #[test]
    fn slugs_are_trimmed_lower_cased_deduplicated_and_sorted_and_blanks_dropped() {
        let raw = list(&[" Notion ", "NOTION", "github", "", "  "]);
        assert_eq!(
            normalise_allowlist(Some(&raw)),
            Some(list(&["github", "notion"]))
        );
    }

    #[test]
    fn a_list_of_blanks_is_an_empty_list_not_a_missing_one() {
        assert_eq!(
            normalise_allowlist(Some(&list(&[" ", ""]))),
            Some(Vec::new())
        );
    }

    #[test]
    fn a_stored_list_is_normalised_and_every_slug_short_and_plain() {
        assert_eq!(
            check_allowlist(&list(&[" Notion ", "NOTION", "github", ""])),
            Ok(list(&["github", "notion"]))
        );
        assert_eq!(check_allowlist(&[]), Ok(Vec::new()));
        let longest = "a".repeat(TOOLKIT_SLUG_MAX);
        assert_eq!(
            check_allowlist(std::slice::from_ref(&longest)),
            Ok(vec![longest])
        );
        for (raw, code) in [
            ("a".repeat(TOOLKIT_SLUG_MAX + 1), "too_long"),
            ("google drive".into(), "invalid_characters"),
            ("notion/../x".into(), "invalid_characters"),
            ("caf\u{e9}".into(), "invalid_characters"),
        ] {
            let err = check_allowlist(std::slice::from_ref(&raw)).unwrap_err();
            assert_eq!(
                (err.field.as_str(), err.code.as_str()),
                (ALLOWLIST_FIELD, code),
                "{raw}"
            );
        }
    }

    #[test]
    fn a_list_longer_than_the_maximum_is_refused_even_when_it_repeats_one_slug() {
        let raw = vec!["notion".to_owned(); ALLOWLIST_MAX + 1];
        assert_eq!(check_allowlist(&raw).unwrap_err().code, "too_many");
        assert!(check_allowlist(&raw[..ALLOWLIST_MAX]).is_ok());
    }

    #[test]
    fn brands_keep_their_spelling_and_other_slugs_are_title_cased_by_word() {
        for (slug, name) in [
            ("github", "GitHub"),
            ("GMAIL", "Gmail"),
            ("linkedin", "LinkedIn"),
            ("google_drive", "Google Drive"),
            ("hacker-news", "Hacker News"),
            ("notion", "Notion"),
            ("a__b", "A B"),
            ("", ""),
        ] {
            assert_eq!(toolkit_display_name(slug), name, "{slug}");
        }
    }
}
