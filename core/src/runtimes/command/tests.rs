//! Splitter examples from the spec and round-trip properties.

use super::*;
use proptest::prelude::*;

fn split(line: &str) -> (String, Vec<String>) {
    let parsed = split_command_line(line).expect(line);
    (parsed.command, parsed.args)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_quoted_argument_with_a_space_stays_one_argument() {
    assert_eq!(
        split(r#"ccms start "q 36""#),
        ("ccms".into(), strings(&["start", "q 36"]))
    );
}

#[test]
fn single_quotes_are_literal_even_for_dollar_and_backslash() {
    assert_eq!(
        split(r"run '$HOME \n `x`'"),
        ("run".into(), strings(&[r"$HOME \n `x`"]))
    );
}

#[test]
fn backslashes_escape_outside_quotes_and_inside_double_quotes() {
    assert_eq!(split(r"a b\ c"), ("a".into(), strings(&["b c"])));
    assert_eq!(
        split(r#"a "say \"hi\"""#),
        ("a".into(), strings(&[r#"say "hi""#]))
    );
    assert_eq!(split(r#"a "\$HOME""#), ("a".into(), strings(&["$HOME"])));
}

#[test]
fn runs_of_whitespace_and_tabs_separate_tokens() {
    assert_eq!(
        split("  claude\t--model   opus  "),
        ("claude".into(), strings(&["--model", "opus"]))
    );
}

#[test]
fn an_empty_pair_of_quotes_is_an_empty_argument() {
    assert_eq!(split(r#"a "" b"#), ("a".into(), strings(&["", "b"])));
}

#[test]
fn shell_syntax_and_broken_quoting_are_refused() {
    let cases = [
        ("a | b", SplitError::ShellOperator('|')),
        ("a > out", SplitError::ShellOperator('>')),
        ("a < in", SplitError::ShellOperator('<')),
        ("a; b", SplitError::ShellOperator(';')),
        ("a & b", SplitError::ShellOperator('&')),
        ("a $HOME", SplitError::Expansion('$')),
        ("a `id`", SplitError::Expansion('`')),
        (r#"a "$HOME""#, SplitError::Expansion('$')),
        (r#"a "`id`""#, SplitError::Expansion('`')),
        (r#""x"#, SplitError::UnclosedQuote),
        ("'x", SplitError::UnclosedQuote),
        (r"a \", SplitError::TrailingBackslash),
        ("   ", SplitError::Empty),
        ("", SplitError::Empty),
    ];
    for (line, expected) in cases {
        assert_eq!(split_command_line(line), Err(expected), "{line:?}");
    }
}

#[test]
fn quoted_shell_characters_are_passed_literally() {
    assert_eq!(
        split(r#"a "x|y" 'p;q'"#),
        ("a".into(), strings(&["x|y", "p;q"]))
    );
}

#[test]
fn joining_quotes_only_what_needs_it() {
    assert_eq!(
        join_command_line("ccms", &strings(&["start", "q 36", "", r#"a"b"#, "$x"])),
        r#"ccms start "q 36" "" "a\"b" "\$x""#
    );
}

proptest! {
    #[test]
    fn joining_then_splitting_gives_back_the_same_tokens(
        command in "[^\u{0}]{1,12}",
        args in proptest::collection::vec("[^\u{0}]{0,12}", 0..6),
    ) {
        let line = join_command_line(&command, &args);
        let parsed = split_command_line(&line).unwrap();
        prop_assert_eq!(parsed.command, command);
        prop_assert_eq!(parsed.args, args);
    }

    #[test]
    fn splitting_never_panics_and_tokens_never_hold_unquoted_operators(line in "\\PC{0,40}") {
        if let Ok(parsed) = split_command_line(&line) {
            // Re-joining and re-splitting a successful parse is stable.
            let again = split_command_line(&join_command_line(&parsed.command, &parsed.args)).unwrap();
            prop_assert_eq!(again, parsed);
        }
    }

    #[test]
    fn plain_words_split_on_whitespace_exactly_like_split_whitespace(
        words in proptest::collection::vec("[a-zA-Z0-9_./=-]{1,8}", 1..8),
        gaps in proptest::collection::vec("[ \t]{1,3}", 8),
    ) {
        let mut line = String::new();
        for (i, word) in words.iter().enumerate() {
            line.push_str(&gaps[i]);
            line.push_str(word);
        }
        let parsed = split_command_line(&line).unwrap();
        prop_assert_eq!(&parsed.command, &words[0]);
        prop_assert_eq!(&parsed.args[..], &words[1..]);
    }
}
