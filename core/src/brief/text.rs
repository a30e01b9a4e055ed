//! The brief's text buffer: Markdown written section by section, with the CLI's name filled in
//! wherever a template says `%CLI%`.

use super::matrix::Section;

/// Placeholder for the CLI's name in section templates. Plain `format!` would do, but most
/// templates are long constants, and one substitution rule keeps them readable as prose.
const CLI: &str = "%CLI%";

/// A growing brief.
pub(super) struct Out<'a> {
    buf: String,
    cli: &'a str,
}

impl<'a> Out<'a> {
    /// An empty brief teaching `cli`, sized for a typical full brief.
    pub(super) fn new(cli: &'a str) -> Self {
        Out {
            buf: String::with_capacity(16 * 1024),
            cli,
        }
    }

    /// Appends a template, filling in the CLI's name.
    pub(super) fn put(&mut self, template: &str) {
        let mut parts = template.split(CLI);
        if let Some(first) = parts.next() {
            self.buf.push_str(first);
        }
        for part in parts {
            self.buf.push_str(self.cli);
            self.buf.push_str(part);
        }
    }

    /// Appends text verbatim: user-supplied text must never be templated.
    pub(super) fn raw(&mut self, text: &str) {
        self.buf.push_str(text);
    }

    /// Opens a section with its heading line and a blank line.
    pub(super) fn heading(&mut self, section: Section) {
        self.put(section.heading());
        self.buf.push_str("\n\n");
    }

    /// Ends the current block with a blank line.
    pub(super) fn blank(&mut self) {
        self.buf.push('\n');
    }

    /// The finished brief, ending in exactly one newline.
    pub(super) fn finish(mut self) -> String {
        let kept = self.buf.trim_end_matches('\n').len();
        self.buf.truncate(kept);
        self.buf.push('\n');
        self.buf
    }
}
