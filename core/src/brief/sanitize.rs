//! Sanitisers (spec F.5) for text that other people control but the brief or the per-turn
//! prompt embeds: one Markdown line for names, a strict check for e-mail addresses and code
//! tokens, and the skill slug shared with the daemon's skill writer.

/// Makes a display name (person, status, app) safe to put inside one Markdown line.
///
/// Line breaks and tabs collapse to one space so a name cannot start a heading or a new
/// instruction; other control characters are dropped; Markdown emphasis, code, link and HTML
/// openers are backslash-escaped. `#` is left alone: it only means something at a line start,
/// which the collapsing already prevents. A blank result means "no usable name".
pub fn sanitize_name(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for ch in raw.chars() {
        match ch {
            '\r' | '\n' | '\t' | '\u{0b}' | '\u{0c}' | ' ' => pending_space = true,
            c if c.is_control() => {}
            c => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                if matches!(c, '*' | '_' | '`' | '\\' | '[' | ']' | '<') {
                    out.push('\\');
                }
                out.push(c);
            }
        }
    }
    out
}

/// Returns a trimmed e-mail address, or an empty string when it contains anything that could
/// break out of the line it is shown on. Escaping is not an option here: an escaped address is
/// no longer the address.
pub fn sanitize_email(raw: &str) -> String {
    let email = raw.trim();
    let unsafe_char = |c: char| {
        c.is_control() || c.is_whitespace() || matches!(c, '\\' | '`' | '*' | '<' | '>' | '[' | ']')
    };
    if !email.contains('@') || email.chars().any(unsafe_char) {
        return String::new();
    }
    email.to_owned()
}

/// Returns a trimmed identifier-like token (status key, app slug) when it is made only of
/// ASCII letters, digits, `_`, `.` and `-`; otherwise an empty string, so the caller drops it.
pub fn sanitize_code_token(raw: &str) -> &str {
    let token = raw.trim();
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    if token.chars().all(ok) {
        token
    } else {
        ""
    }
}

/// Returns a trimmed URL, or an empty string when it holds anything that could end the code
/// span it is shown in or start a new line (whitespace, controls, backticks, angle brackets).
pub fn sanitize_url(raw: &str) -> &str {
    let url = raw.trim();
    let unsafe_char = |c: char| c.is_control() || c.is_whitespace() || matches!(c, '`' | '<' | '>');
    if url.chars().any(unsafe_char) {
        ""
    } else {
        url
    }
}

/// The directory-safe slug of a skill name: lowercase, every run of characters outside
/// `[a-z0-9]` becomes one `-`, no leading or trailing `-`, and `skill` when nothing is left.
pub fn skill_slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for ch in name.chars().flat_map(char::to_lowercase) {
        if ch.is_ascii_lowercase() || ch.is_ascii_digit() {
            slug.push(ch);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("skill");
    }
    slug
}

/// Slugs for a batch of skills, in order. A repeated slug becomes `<slug>-agentry`, then
/// `<slug>-agentry-2`, and so on, so the listing and the directories on disk always agree.
pub fn skill_slugs<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken: Vec<String> = Vec::new();
    for name in names {
        let base = skill_slug(name);
        let mut slug = base.clone();
        let mut n = 1;
        while taken.contains(&slug) {
            slug = if n == 1 {
                format!("{base}-agentry")
            } else {
                format!("{base}-agentry-{n}")
            };
            n += 1;
        }
        taken.push(slug);
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_collapse_breaks_drop_controls_and_escape_markdown() {
        let table = [
            ("Alice\r\nBob", "Alice Bob"),
            ("Ali\0ce", "Alice"),
            ("A*B", "A\\*B"),
            ("A[B]C", "A\\[B\\]C"),
            ("a_b`c\\d<e", "a\\_b\\`c\\\\d\\<e"),
            ("  \t\r\n ", ""),
            ("\n# Heading", "# Heading"),
            ("QA *bold*\n# Heading", "QA \\*bold\\* # Heading"),
            ("x\u{7f}y\u{0b}z", "xy z"),
            ("  Ann  ", "Ann"),
        ];
        for (raw, want) in table {
            assert_eq!(sanitize_name(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn emails_are_kept_verbatim_or_rejected_whole() {
        let table = [
            (" ann.b+x_y-z@example.com ", "ann.b+x_y-z@example.com"),
            ("no-at-sign", ""),
            ("a b@example.com", ""),
            ("a`b@example.com", ""),
            ("<a@example.com>", ""),
            ("[a]@x", ""),
            ("a*b@x", ""),
            ("a\\b@x", ""),
            ("a\nb@x", ""),
        ];
        for (raw, want) in table {
            assert_eq!(sanitize_email(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn code_tokens_allow_only_identifier_characters() {
        assert_eq!(sanitize_code_token(" qa_review.v2-x "), "qa_review.v2-x");
        assert_eq!(sanitize_code_token("in review"), "");
        assert_eq!(sanitize_code_token("a`b"), "");
        assert_eq!(sanitize_code_token("ünï"), "");
    }

    #[test]
    fn urls_are_kept_verbatim_or_rejected_whole() {
        assert_eq!(sanitize_url(" https://x.test/a_b "), "https://x.test/a_b");
        assert_eq!(sanitize_url("https://x.test/`rm`"), "");
        assert_eq!(sanitize_url("https://x.test/\n## Owned"), "");
    }

    #[test]
    fn skill_slugs_are_lowercase_dashed_and_never_empty() {
        assert_eq!(skill_slug("PR Review"), "pr-review");
        assert_eq!(skill_slug("  --Deploy!! to   prod--"), "deploy-to-prod");
        assert_eq!(skill_slug("***"), "skill");
        assert_eq!(skill_slug(""), "skill");
    }

    #[test]
    fn colliding_skill_slugs_get_numbered_suffixes_in_order() {
        let slugs = skill_slugs(["PR Review", "pr review", "PR-Review", "Other"]);
        assert_eq!(
            slugs,
            [
                "pr-review",
                "pr-review-agentry",
                "pr-review-agentry-2",
                "other"
            ]
        );
    }
}
