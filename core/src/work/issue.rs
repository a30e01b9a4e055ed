//! Issue statuses and priorities, and the `KEY-N` identifiers issues are shown by.

use serde::{Deserialize, Serialize};

/// Where an issue stands (spec A.6's built-in statuses).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IssueStatus {
    /// Not yet planned: assigning an agent does not start it.
    Backlog,
    /// Planned.
    Todo,
    /// Being worked on.
    InProgress,
    /// Waiting for a review.
    InReview,
    /// Finished.
    Done,
    /// Dropped.
    Cancelled,
}

impl IssueStatus {
    /// Every status, in board order.
    pub const ALL: [IssueStatus; 6] = [
        IssueStatus::Backlog,
        IssueStatus::Todo,
        IssueStatus::InProgress,
        IssueStatus::InReview,
        IssueStatus::Done,
        IssueStatus::Cancelled,
    ];

    /// The wire and database name.
    pub fn as_str(self) -> &'static str {
        match self {
            IssueStatus::Backlog => "backlog",
            IssueStatus::Todo => "todo",
            IssueStatus::InProgress => "in_progress",
            IssueStatus::InReview => "in_review",
            IssueStatus::Done => "done",
            IssueStatus::Cancelled => "cancelled",
        }
    }

    /// Parses a wire name.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// Whether an agent assigned to an issue in this status is asked to work on it (spec G.2
    /// path 1): not while it waits in the backlog, and not once it is closed.
    pub fn starts_runs(self) -> bool {
        !matches!(
            self,
            IssueStatus::Backlog | IssueStatus::Done | IssueStatus::Cancelled
        )
    }
}

/// How urgent an issue is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IssuePriority {
    /// Drop everything.
    Urgent,
    /// Soon.
    High,
    /// Normal.
    Medium,
    /// When there is time.
    Low,
    /// Not set.
    #[default]
    None,
}

impl IssuePriority {
    /// Every priority, most urgent first.
    pub const ALL: [IssuePriority; 5] = [
        IssuePriority::Urgent,
        IssuePriority::High,
        IssuePriority::Medium,
        IssuePriority::Low,
        IssuePriority::None,
    ];

    /// The wire and database name.
    pub fn as_str(self) -> &'static str {
        match self {
            IssuePriority::Urgent => "urgent",
            IssuePriority::High => "high",
            IssuePriority::Medium => "medium",
            IssuePriority::Low => "low",
            IssuePriority::None => "none",
        }
    }

    /// Parses a wire name.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == raw)
    }

    /// The queue's integer priority (spec A.5): higher is claimed first.
    pub fn queue_rank(self) -> i64 {
        match self {
            IssuePriority::Urgent => 4,
            IssuePriority::High => 3,
            IssuePriority::Medium => 2,
            IssuePriority::Low => 1,
            IssuePriority::None => 0,
        }
    }
}

/// The longest issue key a workspace may have.
pub const ISSUE_KEY_MAX: usize = 5;

/// A workspace's default issue key from its name: the initials of its words when it has
/// several ("Acme Robotics" → `AR`), else its first three letters (`Agentry` → `AGE`);
/// ASCII letters and digits only, upper-cased, `WS` when nothing is left.
pub fn issue_key_from_name(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_uppercase())
        .collect();
    let key: String = match words.as_slice() {
        [] => String::new(),
        [one] => one.chars().take(3).collect(),
        many => many
            .iter()
            .filter_map(|w| w.chars().next())
            .take(ISSUE_KEY_MAX)
            .collect(),
    };
    if key.is_empty() {
        "WS".to_owned()
    } else {
        key
    }
}

/// How people see an issue: `KEY-N`.
pub fn issue_identifier(key: &str, number: i64) -> String {
    format!("{key}-{number}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_several_word_name_gives_its_initials_as_the_issue_key() {
        assert_eq!(issue_key_from_name("Acme Robotics"), "AR");
        assert_eq!(issue_key_from_name("the big-data team"), "TBDT");
    }

    #[test]
    fn a_one_word_name_gives_its_first_three_letters() {
        assert_eq!(issue_key_from_name("Agentry"), "AGE");
        assert_eq!(issue_key_from_name("Xy"), "XY");
    }

    #[test]
    fn a_name_without_ascii_letters_falls_back_to_ws() {
        assert_eq!(issue_key_from_name("数据"), "WS");
        assert_eq!(issue_key_from_name(""), "WS");
    }

    #[test]
    fn backlog_done_and_cancelled_issues_start_no_runs() {
        let starting: Vec<_> = IssueStatus::ALL
            .into_iter()
            .filter(|s| s.starts_runs())
            .collect();
        assert_eq!(
            starting,
            [
                IssueStatus::Todo,
                IssueStatus::InProgress,
                IssueStatus::InReview
            ]
        );
    }

    #[test]
    fn statuses_and_priorities_round_trip_through_their_wire_names() {
        for s in IssueStatus::ALL {
            assert_eq!(IssueStatus::parse(s.as_str()), Some(s));
        }
        for p in IssuePriority::ALL {
            assert_eq!(IssuePriority::parse(p.as_str()), Some(p));
        }
        assert_eq!(IssuePriority::Urgent.queue_rank(), 4);
        assert_eq!(IssuePriority::None.queue_rank(), 0);
    }
}
