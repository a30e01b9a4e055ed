//! Where the brief is written (spec F.2): the per-family file name and the marker-block
//! contract, as pure functions over a file's bytes. The workdir may be the user's own
//! repository, so the daemon only ever touches the region between our two markers and can undo
//! its write byte for byte.

/// The line that opens our block.
pub const BEGIN_MARKER: &str =
    "<!-- agentry:brief begin: written by the Agentry daemon; edits inside are replaced -->";
/// The line that closes our block.
pub const END_MARKER: &str = "<!-- agentry:brief end -->";
/// Put between an existing file's content and an appended block. Always exactly this, whatever
/// the file ends with, so cleanup knows precisely what to take away.
pub const SEPARATOR: &str = "\n\n";

/// The instruction file a family's CLI loads from its workdir; `None` for a family we do not
/// know, whose runs get the brief in the prompt only.
pub fn brief_file_name(family: &str) -> Option<&'static str> {
    match family {
        "claude" => Some("CLAUDE.md"),
        "qwen" => Some("QWEN.md"),
        "codex" | "opencode" | "copilot" | "cursor" | "kimi" | "hermes" => Some("AGENTS.md"),
        _ => None,
    }
}

/// Whether the family's CLI ignores the instruction file, so the daemon must also pass the
/// brief as the turn's system prompt. Only those: a CLI that reads the file would otherwise see
/// the brief twice every turn.
pub fn delivers_inline(family: &str) -> bool {
    family == "kimi"
}

/// Our block around a brief: markers on their own lines, the brief's trailing newlines trimmed.
pub fn block(brief: &str) -> String {
    let brief = brief.trim_end_matches(['\n', '\r']);
    let mut out = String::with_capacity(BEGIN_MARKER.len() + brief.len() + END_MARKER.len() + 3);
    out.push_str(BEGIN_MARKER);
    out.push('\n');
    out.push_str(brief);
    out.push('\n');
    out.push_str(END_MARKER);
    out.push('\n');
    out
}

/// The new content of the brief file. Absent file: just the block. File without our block: its
/// bytes untouched, the separator, the block. File with our block: the block replaced in place,
/// so rewriting never grows the file.
pub fn apply_block(existing: Option<&[u8]>, brief: &str) -> Vec<u8> {
    let block = block(brief);
    let Some(existing) = existing else {
        return block.into_bytes();
    };
    let mut out = Vec::with_capacity(existing.len() + SEPARATOR.len() + block.len());
    match find_block(existing) {
        Some((start, end)) => {
            out.extend_from_slice(&existing[..start]);
            out.extend_from_slice(block.as_bytes());
            out.extend_from_slice(&existing[end..]);
        }
        None => {
            out.extend_from_slice(existing);
            out.extend_from_slice(SEPARATOR.as_bytes());
            out.extend_from_slice(block.as_bytes());
        }
    }
    out
}

/// What cleanup should do to the brief file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cleanup {
    /// No block of ours: leave the file alone.
    Keep,
    /// Write these bytes back (possibly empty: the file existed, empty, before we wrote).
    Write(Vec<u8>),
    /// The file held nothing but our block, so we created it: delete it.
    Delete,
}

/// Undoes [`apply_block`] on the file's current bytes. Anything the user changed outside the
/// block during the run is kept, and when nothing was, the result is the original file exactly.
pub fn remove_block(current: &[u8]) -> Cleanup {
    let Some((start, end)) = find_block(current) else {
        return Cleanup::Keep;
    };
    let before = &current[..start];
    let after = &current[end..];
    if let Some(kept) = before.strip_suffix(SEPARATOR.as_bytes()) {
        return Cleanup::Write([kept, after].concat());
    }
    if before.is_empty() && after.is_empty() {
        return Cleanup::Delete;
    }
    Cleanup::Write([before, after].concat())
}

/// The byte range of our block: from the begin marker to the end of the first end marker after
/// it (with its newline), or to the end of the file when the end marker is missing, which is
/// what a crash half-way through a write leaves. An end marker before the begin marker is user
/// text and ignored.
fn find_block(bytes: &[u8]) -> Option<(usize, usize)> {
    let start = find(bytes, BEGIN_MARKER.as_bytes(), 0)?;
    let from = start + BEGIN_MARKER.len();
    let end = match find(bytes, END_MARKER.as_bytes(), from) {
        Some(at) => {
            let after = at + END_MARKER.len();
            if bytes.get(after) == Some(&b'\n') {
                after + 1
            } else {
                after
            }
        }
        None => bytes.len(),
    };
    Some((start, end))
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|at| at + from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtimes::FAMILIES;

    const ORIGINALS: &[&str] = &[
        "",
        "   \n\t \n",
        "# Project rules\nno trailing newline",
        "# Project rules\n",
        "# Project rules\n\n\n\n\n",
        "stray end first\n<!-- agentry:brief end -->\nmore text\n",
        "\u{feff}unicode ✓ and CRLF\r\n",
    ];

    #[test]
    fn every_supported_family_has_a_brief_file() {
        for family in FAMILIES {
            assert!(brief_file_name(family.name).is_some(), "{}", family.name);
        }
        assert_eq!(brief_file_name("claude"), Some("CLAUDE.md"));
        assert_eq!(brief_file_name("qwen"), Some("QWEN.md"));
        assert_eq!(brief_file_name("codex"), Some("AGENTS.md"));
        assert_eq!(brief_file_name("gemini"), None);
        assert!(delivers_inline("kimi") && !delivers_inline("claude"));
    }

    #[test]
    fn a_missing_file_gets_only_the_block_and_cleanup_deletes_it() {
        let written = apply_block(None, "brief\n\n\n");
        assert_eq!(written, block("brief").into_bytes());
        assert!(written.ends_with(b"brief\n<!-- agentry:brief end -->\n"));
        assert_eq!(remove_block(&written), Cleanup::Delete);
    }

    #[test]
    fn inject_then_cleanup_restores_every_original_byte_for_byte() {
        for original in ORIGINALS {
            let written = apply_block(Some(original.as_bytes()), "# Brief\nbody\n");
            let expected = format!("{original}{SEPARATOR}{}", block("# Brief\nbody"));
            assert_eq!(String::from_utf8_lossy(&written), expected, "{original:?}");
            assert_eq!(
                remove_block(&written),
                Cleanup::Write(original.as_bytes().to_vec()),
                "{original:?}"
            );
        }
    }

    #[test]
    fn rewriting_replaces_the_block_in_place_and_never_grows_the_file() {
        for original in ORIGINALS {
            let first = apply_block(Some(original.as_bytes()), "first brief");
            let second = apply_block(Some(&first), "second\nbrief");
            let third = apply_block(Some(&second), "second\nbrief");
            assert_eq!(second, third, "{original:?}");
            let expected = format!("{original}{SEPARATOR}{}", block("second\nbrief"));
            assert_eq!(String::from_utf8_lossy(&second), expected);
            assert_eq!(
                remove_block(&third),
                Cleanup::Write(original.as_bytes().to_vec())
            );
        }
    }

    #[test]
    fn user_edits_outside_the_block_survive_cleanup() {
        let written = apply_block(Some(b"rules\n"), "brief");
        let mut edited = b"edited ".to_vec();
        edited.extend_from_slice(&written);
        edited.extend_from_slice(b"added after\n");
        assert_eq!(
            remove_block(&edited),
            Cleanup::Write(b"edited rules\nadded after\n".to_vec())
        );
    }

    #[test]
    fn a_stray_end_marker_before_the_block_is_ignored() {
        let original = format!("notes\n{END_MARKER}\n");
        let written = apply_block(Some(original.as_bytes()), "brief");
        let again = apply_block(Some(&written), "brief two");
        assert!(String::from_utf8_lossy(&again).starts_with(&original));
        assert_eq!(remove_block(&again), Cleanup::Write(original.into_bytes()));
    }

    #[test]
    fn a_half_written_block_extends_to_the_end_and_is_replaced() {
        let crashed = format!("rules\n{SEPARATOR}{BEGIN_MARKER}\npartial bri");
        let written = apply_block(Some(crashed.as_bytes()), "brief");
        let expected = format!("rules\n{SEPARATOR}{}", block("brief"));
        assert_eq!(String::from_utf8_lossy(&written), expected);
        assert_eq!(remove_block(&written), Cleanup::Write(b"rules\n".to_vec()));
        assert_eq!(
            remove_block(crashed.as_bytes()),
            Cleanup::Write(b"rules\n".to_vec())
        );
    }

    #[test]
    fn a_file_without_our_block_is_left_alone() {
        assert_eq!(remove_block(b"just the user's file\n"), Cleanup::Keep);
        assert_eq!(remove_block(b""), Cleanup::Keep);
    }

    #[test]
    fn an_end_marker_without_a_newline_still_closes_the_block() {
        let mut written = apply_block(Some(b"x"), "brief");
        written.pop();
        written.extend_from_slice(b"tail");
        assert_eq!(remove_block(&written), Cleanup::Write(b"xtail".to_vec()));
    }
}
