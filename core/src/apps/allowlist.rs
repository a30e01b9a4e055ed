//! The per-agent allowlist of toolkit slugs and how slugs are compared and shown.

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
