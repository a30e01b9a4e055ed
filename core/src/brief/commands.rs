//! The Available Commands section (spec F.4 rules 6–8): the full core loop of the `agentry` CLI,
//! the quick-create minimum, and the status bullet built from the workspace's catalog.
//!
//! Every command the brief teaches is written here and nowhere else, so aligning the brief with
//! the CLI is a one-file change.

use super::inputs::{StatusCatalog, StatusCategory};
use super::matrix::Section;
use super::sanitize::{sanitize_code_token, sanitize_name};
use super::text::Out;

/// Where JSON and messages go, and why they must stay apart. Both variants carry it once.
pub(super) const STREAM_RULE: &str = "\
JSON goes to stdout; confirmations and warnings go to stderr. Never merge the two (`2>&1`) into \
output you parse: a write that succeeded would then look like a failure, and retrying it \
creates duplicates.

";

const INTRO: &str = "\
Every command prints JSON on stdout. Only the core loop is listed here; run `%CLI% --help` or \
`%CLI% <command> --help` for the rest.

";

const CORE_BEFORE_STATUS: &str = "\
### Core

- `%CLI% issue get <id>` — read one issue, metadata included.
- `%CLI% issue list [--status <status>] [--assignee <name>]` — find issues.
- `%CLI% issue comment list <issue-id> [--since <RFC3339>]` — read the discussion, oldest first.
- `%CLI% issue create --title <title> [--description-file <path>] [--status <status>] \
[--priority <priority>] [--assignee <name>] [--parent <issue-id>]` — create an issue. Write the \
description file inside your working directory, never in /tmp.
- `%CLI% issue update <id> [--title <title>] [--description-file <path>] \
[--priority <priority>] [--parent <issue-id>]` — change fields; `--parent \"\"` detaches a \
sub-issue.
- `%CLI% issue assign <id> (--to <name> | --unassign)` — change the assignee. Assigning an \
agent asks it for a run.
";

const CORE_AFTER_STATUS: &str = "\
- `%CLI% issue children <id>` — list sub-issues.
- `%CLI% issue comment add <issue-id> --content-file <path>` — post a comment, always from a \
file.
- `%CLI% issue metadata list <issue-id>`, `%CLI% issue metadata set <issue-id> <key> <value>`, \
`%CLI% issue metadata delete <issue-id> <key>` — the issue's key/value notes.
- `%CLI% autopilot get <id>` — read an autopilot and its instructions.
- `%CLI% workspace get` — read the workspace.

";

const STATUS_BULLET: &str = "- `%CLI% issue status <id> <status>` — set the status";

/// The full command list, for issue, autopilot and chat runs.
pub(super) fn full(out: &mut Out, statuses: &StatusCatalog) {
    out.heading(Section::AvailableCommands);
    out.put(INTRO);
    out.put(STREAM_RULE);
    out.put(CORE_BEFORE_STATUS);
    status_bullet(out, statuses);
    out.put(CORE_AFTER_STATUS);
}

const QUICK_CREATE: &str = "\
- `%CLI% issue create --title <title> [--description-file <path>] [--status <status>] \
[--priority <priority>] [--assignee <name>]` — create the issue. Write the description to a \
file inside your working directory (never /tmp) and pass it with `--description-file`. If this \
command fails, the task has failed.

";

/// The one command a quick-create run needs. Nothing else is listed, so the agent is not
/// tempted to look around or comment.
pub(super) fn quick_create(out: &mut Out) {
    out.heading(Section::AvailableCommands);
    out.put("Every command prints JSON on stdout; run `%CLI% --help` if you need more.\n\n");
    out.put(STREAM_RULE);
    out.put(QUICK_CREATE);
}

/// The status bullet: the built-in keys, or the catalog grouped by category.
fn status_bullet(out: &mut Out, statuses: &StatusCatalog) {
    out.put(STATUS_BULLET);
    let valid =
        |status: &&super::inputs::CustomStatus| !sanitize_code_token(&status.key).is_empty();
    if !statuses.custom.iter().any(|s| valid(&s)) {
        out.raw(": `backlog`, `todo`, `in_progress`, `in_review`, `done` or `cancelled`.\n");
        return;
    }
    out.raw(". Statuses are grouped by category, and a custom status behaves like its category:\n");
    let mut builtin_only = Vec::new();
    for category in StatusCategory::ALL {
        let cat = category.as_str();
        let mut customs = statuses
            .custom
            .iter()
            .filter(|s| s.category == category)
            .filter(valid)
            .peekable();
        if customs.peek().is_none() {
            builtin_only.push(format!("`{cat}`"));
            continue;
        }
        out.raw(&format!("  - `{cat}`: `{cat}` (built-in)"));
        for status in customs {
            out.raw(&format!(", `{}`", sanitize_code_token(&status.key)));
            let name = sanitize_name(&status.name);
            let description = sanitize_name(&status.description);
            match (name.is_empty(), description.is_empty()) {
                (true, true) => {}
                (false, true) => out.raw(&format!(" ({name})")),
                (true, false) => out.raw(&format!(" ({description})")),
                (false, false) => out.raw(&format!(" ({name} — {description})")),
            }
        }
        out.raw("\n");
    }
    if !builtin_only.is_empty() {
        out.raw(&format!(
            "  - Built-in key only: {}\n",
            builtin_only.join(", ")
        ));
    }
    if statuses.omitted > 0 {
        out.raw(&format!(
            "  - …and {} more custom statuses not listed; an unknown status fails with the full \
             list.\n",
            statuses.omitted
        ));
    }
}
