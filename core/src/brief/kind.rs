//! Task kinds (spec F.1): which of the four briefs a task gets, decided only by which work item
//! the task is linked to, never by what triggered it.

pub use crate::work::TaskKind;

/// The work-item links of a queued task: the only facts classification reads. Trigger fields
/// (the comment that woke the agent, who asked) are deliberately absent so they cannot leak in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TaskLinks {
    /// The task belongs to a chat session.
    pub chat_session: bool,
    /// The task carries a quick-create prompt.
    pub quick_create: bool,
    /// The task belongs to an autopilot run.
    pub autopilot_run: bool,
    /// The task belongs to an issue. Not read: an issue run is whatever is left, as in F.1.
    pub issue: bool,
}

impl TaskLinks {
    /// Classifies by the first link present, in the order chat, quick-create, autopilot run;
    /// anything else is an issue run (even, defensively, a task with no issue link).
    pub fn classify(self) -> TaskKind {
        if self.chat_session {
            TaskKind::Chat
        } else if self.quick_create {
            TaskKind::QuickCreate
        } else if self.autopilot_run {
            TaskKind::Autopilot
        } else {
            TaskKind::Issue
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(chat: bool, quick: bool, autopilot: bool, issue: bool) -> TaskLinks {
        TaskLinks {
            chat_session: chat,
            quick_create: quick,
            autopilot_run: autopilot,
            issue,
        }
    }

    #[test]
    fn the_first_present_link_decides_the_kind() {
        let table = [
            (links(true, true, true, true), TaskKind::Chat),
            (links(false, true, true, true), TaskKind::QuickCreate),
            (links(false, false, true, true), TaskKind::Autopilot),
            (links(false, false, false, true), TaskKind::Issue),
            (links(false, false, false, false), TaskKind::Issue),
            (links(true, false, false, false), TaskKind::Chat),
            (links(false, true, false, false), TaskKind::QuickCreate),
        ];
        for (links, kind) in table {
            assert_eq!(links.classify(), kind, "{links:?}");
        }
    }

    #[test]
    fn only_issue_runs_have_issue_context() {
        for kind in TaskKind::ALL {
            assert_eq!(kind.has_issue_context(), kind == TaskKind::Issue);
        }
    }

    #[test]
    fn wire_labels_match_serde() {
        for kind in TaskKind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            assert_eq!(serde_json::from_str::<TaskKind>(&json).unwrap(), kind);
        }
    }
}
