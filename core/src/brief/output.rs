//! The Output section (spec F.4 rule 24): where each kind's result goes, then the delivery
//! rule every kind shares.

use super::matrix::Section;
use super::text::Out;
use super::TaskKind;

const ISSUE: &str = "\
**Deliver your result with `%CLI% issue comment add`.** People do not see your terminal or \
your logs; only the comment reaches them.

- Post exactly ONE comment per run, with the final result. No progress comments, no plans.
- Keep it short: say what came out, not how you got there.
- Files cannot be attached to comments: push them somewhere the person can reach (a branch or \
a pull request) and link that, or describe them.

";

const AUTOPILOT: &str = "\
There is no issue here, so no issue comment may exist for this run. Your final message is \
recorded as the run's result: make it the answer. The result is text only, so describe files \
rather than linking them.

";

const QUICK_CREATE: &str = "\
There is no issue to comment on, so never post a comment. Finish by printing exactly one line, \
`Created <identifier>: <title>`, taking `<identifier>` from the `identifier` field of the JSON \
that `issue create` printed (its `id` when there is none; never build one from the workspace \
key). If the create failed, print only the CLI's error: the platform turns it into a notice \
for the person.

";

const CHAT: &str = "\
Your reply goes straight to the chat window. Files cannot be sent through this chat: describe \
them, or paste short content into the reply.

";

/// Shared by every kind: local paths are not deliverables.
pub(super) const DELIVERY_INVARIANT: &str = "\
Paths on this machine are never deliverables: the person cannot open them. Never write an \
absolute path or a `file://` URL as a link or an embedded image. Cite code as inline code, like \
`path/to/file.rs:42`. When you cannot deliver a file, say so in words.

";

/// The kind's delivery text, then the shared invariant.
pub(super) fn output(out: &mut Out, kind: TaskKind) {
    out.heading(Section::Output);
    out.put(match kind {
        TaskKind::Issue => ISSUE,
        TaskKind::Autopilot => AUTOPILOT,
        TaskKind::QuickCreate => QUICK_CREATE,
        TaskKind::Chat => CHAT,
    });
    out.put(DELIVERY_INVARIANT);
}
