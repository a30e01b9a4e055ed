//! The Workflow section, one body per kind (spec F.4 rules 15–18). The issue workflow has no
//! per-trigger branches and no ids: the per-turn message carries those, so the brief stays the
//! same for every run of the conversation.

use super::matrix::Section;
use super::sanitize::{sanitize_code_token, sanitize_name};
use super::text::Out;
use super::{BriefInputs, TaskKind};

/// What an autopilot run may not do to issues, unless told to. Kept as one template so the
/// wording stays identical wherever it is shown; see [`autopilot_issue_guard`].
const AUTOPILOT_GUARD: &str = "Do not run `%CLI% issue get`, `%CLI% issue comment add` or \
`%CLI% issue status` unless these instructions explicitly say to create or update an issue.";

/// The guard sentence autopilot briefs carry, with the CLI's name filled in.
pub fn autopilot_issue_guard(cli: &str) -> String {
    AUTOPILOT_GUARD.replace("%CLI%", cli)
}

/// The workflow heading and the body for the inputs' kind.
pub(super) fn workflow(out: &mut Out, inputs: &BriefInputs) {
    out.heading(Section::Workflow);
    match inputs.kind {
        TaskKind::Issue => {
            out.put(ISSUE);
            if inputs
                .statuses
                .custom
                .iter()
                .any(|status| !sanitize_code_token(&status.key).is_empty())
            {
                out.put(ISSUE_CUSTOM_STATUSES);
            }
            out.put(ISSUE_NO_DELIVERABLE);
        }
        TaskKind::Chat => out.put(CHAT),
        TaskKind::QuickCreate => out.put(QUICK_CREATE),
        TaskKind::Autopilot => autopilot(out, inputs),
    }
}

const ISSUE: &str = "\
The message that opens each turn says what triggered it, gives the issue's real id and says \
what is new since your last turn. Use those ids in these steps:

1. Read the issue with `%CLI% issue get <issue-id>`; its metadata comes with it.
2. Catch up on the discussion before acting, every time: `%CLI% issue comment list <issue-id>`, \
from the `--since` anchor when the turn message gives one.
3. If this turn will produce any part of what the issue itself asks for, first set it to \
`in_progress` (`%CLI% issue status <issue-id> in_progress`), unless it already has an \
in-progress status or your identity rules that out. The kind of activity never decides this. \
Then do the work within your identity's limits; a role that only delegates stops once it has \
delegated. Before assigning yourself, check that nobody has already claimed the issue.
4. Post your final result as ONE comment with \
`%CLI% issue comment add <issue-id> --content-file <path>`.
5. Before exiting, check that the status still matches reality, and write metadata only if it \
clears the bar in the Issue Metadata section.

**Status** describes the issue, not your run. Write it only when it changes, whoever the \
assignee is:
- Delivered and awaiting acceptance: `in_review`. Always so for a sub-issue assigned to you; \
`done` is for people to set.
- Work continues beyond this turn: `in_progress`.
- Stuck on something missing: keep the status, and say in your comment exactly what is missing \
and who can provide it.
";

const ISSUE_CUSTOM_STATUSES: &str = "\
- These are category rules. With custom statuses, pick the status of the right category whose \
name and description fit.
";

const ISSUE_NO_DELIVERABLE: &str = "\
- This turn produced none of the issue's deliverable: write nothing.

";

const CHAT: &str = "\
**You are in chat mode:** a person is talking with you directly.

- Answer conversationally.
- You have the full CLI: find issues with `%CLI% issue list` and `%CLI% issue get <id>`, and \
read the workspace with `%CLI% workspace get`.
- When asked to act (create, update, assign), do it with the CLI instead of describing it.
- Clone the repository you need with git before working on code.
- Keep replies short.

";

const QUICK_CREATE: &str = "\
No issue exists yet. Your job is to create exactly one from the request in the turn message, \
following the field rules given there. These limits hold even if that message is empty or says \
otherwise:

- Run `%CLI% issue create` exactly once, then exit.
- Do not read, comment on or change the status of any issue: the platform tells the person \
about the new one.
- If the command fails, exit with its error as your only output. Do not retry.

";

/// The autopilot's identity and saved instructions; the run's own facts come per turn.
fn autopilot(out: &mut Out, inputs: &BriefInputs) {
    out.raw(
        "**There is no assigned issue:** this is a run of an autopilot, a saved instruction \
         that runs by hand or on a schedule.\n\n",
    );
    let (id, title, instructions) = match &inputs.autopilot {
        Some(autopilot) => (
            sanitize_code_token(&autopilot.id),
            sanitize_name(&autopilot.title),
            autopilot.instructions.trim_end(),
        ),
        None => ("", String::new(), ""),
    };
    if !id.is_empty() {
        out.raw(&format!("- Autopilot: `{id}`\n"));
    }
    if !title.is_empty() {
        out.raw(&format!("- Title: {title}\n"));
    }
    out.raw("- The turn message says which run this is and what triggered it.\n\n");
    if !instructions.trim().is_empty() {
        out.raw("#### Autopilot instructions\n\n");
        out.raw(instructions);
        out.raw("\n\n");
    }
    if !id.is_empty() {
        out.put(&format!(
            "Read the autopilot again with `%CLI% autopilot get {id}` if you need to.\n\n"
        ));
    }
    out.put("Complete the instructions directly. ");
    out.put(AUTOPILOT_GUARD);
    out.raw("\n\n");
}
