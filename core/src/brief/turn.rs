//! The per-turn prompt: the facts that change from one run of a conversation to the next (who
//! asked, what triggered the run, what is new, which apps are connected). Keeping them out of
//! the brief is what keeps the brief byte-identical, and the provider's prompt cache warm.

use serde::{Deserialize, Serialize};

use super::sanitize::{sanitize_code_token, sanitize_email, sanitize_name};
use super::TaskKind;

/// Everything [`build_turn_prompt`] reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnInputs {
    /// The task's kind (the same one its brief was built for).
    pub kind: TaskKind,
    /// The issue, for an issue run.
    #[serde(default)]
    pub issue: Option<IssueTurn>,
    /// The comment that triggered the run; absent for an assignment.
    #[serde(default)]
    pub trigger: Option<TriggerComment>,
    /// Whether this turn resumes an earlier provider session.
    #[serde(default)]
    pub resumed: bool,
    /// Comments posted since the last run of this conversation.
    #[serde(default)]
    pub new_comments: u32,
    /// RFC 3339 time of the last run, for `comment list --since`.
    #[serde(default)]
    pub since: Option<String>,
    /// Who asked for the run.
    #[serde(default)]
    pub initiator: Option<Initiator>,
    /// Slugs of the apps connected for this run.
    #[serde(default)]
    pub connected_apps: Vec<String>,
    /// A note left for this run by whoever handed the work over; blank means none.
    #[serde(default)]
    pub handoff_note: String,
    /// The person's chat message, for a chat turn.
    #[serde(default)]
    pub chat_message: String,
    /// The person's request, for a quick-create run.
    #[serde(default)]
    pub quick_create_prompt: String,
    /// The run, for an autopilot run.
    #[serde(default)]
    pub autopilot_run: Option<AutopilotRun>,
}

impl TurnInputs {
    /// A turn with nothing but its kind set.
    pub fn new(kind: TaskKind) -> Self {
        TurnInputs {
            kind,
            issue: None,
            trigger: None,
            resumed: false,
            new_comments: 0,
            since: None,
            initiator: None,
            connected_apps: Vec::new(),
            handoff_note: String::new(),
            chat_message: String::new(),
            quick_create_prompt: String::new(),
            autopilot_run: None,
        }
    }
}

/// The issue a run works on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueTurn {
    /// The issue's id, for the CLI.
    pub id: String,
    /// Its display key, such as `ACME-12`.
    #[serde(default)]
    pub identifier: String,
    /// Its title.
    #[serde(default)]
    pub title: String,
}

/// The comment that triggered a run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriggerComment {
    /// The comment's id.
    pub id: String,
    /// Its author's display name.
    #[serde(default)]
    pub author: String,
}

/// Who asked for a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Initiator {
    /// A workspace member.
    Member {
        /// Display name.
        name: String,
        /// E-mail address; shown only when it passes the e-mail sanitiser.
        #[serde(default)]
        email: String,
    },
    /// Another agent (the person behind it was judged by the invoke gate already).
    Agent {
        /// Display name.
        name: String,
    },
}

/// One autopilot run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutopilotRun {
    /// The run's id.
    pub run_id: String,
    /// What started it (`manual`, `schedule`).
    #[serde(default)]
    pub trigger_source: String,
    /// The trigger's payload as JSON text; blank means none.
    #[serde(default)]
    pub trigger_payload: String,
}

/// The message that opens a turn.
pub fn build_turn_prompt(turn: &TurnInputs) -> String {
    let mut out = String::with_capacity(1024);
    match turn.kind {
        TaskKind::Issue => issue(&mut out, turn),
        TaskKind::Chat => {
            out.push_str("The person says:\n\n");
            out.push_str(turn.chat_message.trim_end());
            out.push_str("\n\n");
        }
        TaskKind::QuickCreate => {
            out.push_str(QUICK_CREATE_RULES);
            out.push_str(turn.quick_create_prompt.trim_end());
            out.push_str("\n\n");
        }
        TaskKind::Autopilot => autopilot(&mut out, turn),
    }
    if !turn.handoff_note.trim().is_empty() {
        out.push_str("Handoff note:\n\n");
        quote(&mut out, &turn.handoff_note);
    }
    if let Some(initiator) = &turn.initiator {
        out.push_str(&initiator_block(initiator));
    }
    connected_apps(&mut out, &turn.connected_apps);
    let kept = out.trim_end_matches('\n').len();
    out.truncate(kept);
    out.push('\n');
    out
}

const QUICK_CREATE_RULES: &str = "Create one issue from the request below. Make the title a \
short summary and put the details in the description; set a status, priority or assignee only \
when the request asks for one.\n\nRequest:\n\n";

fn issue(out: &mut String, turn: &TurnInputs) {
    if let Some(issue) = &turn.issue {
        let identifier = sanitize_code_token(&issue.identifier);
        let title = sanitize_name(&issue.title);
        out.push_str("Issue ");
        if !identifier.is_empty() {
            out.push_str(identifier);
            out.push(' ');
        }
        out.push_str(&format!("(id `{}`)", sanitize_code_token(&issue.id)));
        if !title.is_empty() {
            out.push_str(&format!(": {title}"));
        }
        out.push_str(".\n");
    }
    match &turn.trigger {
        Some(comment) => {
            let author = sanitize_name(&comment.author);
            let id = sanitize_code_token(&comment.id);
            if author.is_empty() {
                out.push_str(&format!("A comment (id `{id}`) triggered this run.\n"));
            } else {
                out.push_str(&format!(
                    "A comment by {author} (id `{id}`) triggered this run.\n"
                ));
            }
        }
        None => out.push_str("You were asked to work on this issue.\n"),
    }
    match (turn.resumed, &turn.since) {
        (true, Some(since)) => out.push_str(&format!(
            "This continues your earlier session. {} new comment(s) since then: read them with \
             `--since {}`.\n",
            turn.new_comments,
            timestamp(since)
        )),
        (true, None) => out.push_str("This continues your earlier session.\n"),
        (false, _) => {
            out.push_str("This is a fresh session: read the issue and all of its comments.\n")
        }
    }
    out.push('\n');
}

/// An RFC 3339 time as given, or empty when it holds anything a timestamp cannot.
fn timestamp(raw: &str) -> &str {
    let raw = raw.trim();
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, ':' | '+' | '-' | '.');
    if raw.chars().all(ok) {
        raw
    } else {
        ""
    }
}

fn autopilot(out: &mut String, turn: &TurnInputs) {
    let Some(run) = &turn.autopilot_run else {
        out.push_str("Run the autopilot's instructions.\n\n");
        return;
    };
    out.push_str(&format!(
        "Autopilot run `{}`",
        sanitize_code_token(&run.run_id)
    ));
    let source = sanitize_code_token(&run.trigger_source);
    if !source.is_empty() {
        out.push_str(&format!(", started by `{source}`"));
    }
    out.push_str(".\n\n");
    let payload = run.trigger_payload.trim();
    if !payload.is_empty() && !payload.contains("```") {
        out.push_str("Trigger payload:\n\n```json\n");
        out.push_str(payload);
        out.push_str("\n```\n\n");
    }
}

/// Who asked, with the boundaries that come with it; nothing when the name is unusable.
pub fn initiator_block(initiator: &Initiator) -> String {
    let (name, who) = match initiator {
        Initiator::Member { name, email } => {
            let name = sanitize_name(name);
            let email = sanitize_email(email);
            let who = if email.is_empty() {
                format!("**{name}**")
            } else {
                format!("**{name}** ({email})")
            };
            (name, who)
        }
        Initiator::Agent { name } => {
            let name = sanitize_name(name);
            let who = format!("another agent, **{name}**");
            (name, who)
        }
    };
    if name.is_empty() {
        return String::new();
    }
    format!(
        "## Task Initiator\n\nThis run was requested by {who}. Your credentials remain those of \
         the runtime's owner, and privacy rules about individual people apply to the initiator \
         as to anyone else.\n\n"
    )
}

fn connected_apps(out: &mut String, apps: &[String]) {
    let apps: Vec<&str> = apps
        .iter()
        .map(|app| sanitize_code_token(app))
        .filter(|app| !app.is_empty())
        .collect();
    if apps.is_empty() {
        return;
    }
    out.push_str("Connected apps for this run (through MCP): ");
    out.push_str(&format!("`{}`", apps.join("`, `")));
    out.push_str(".\n\n");
}

fn quote(out: &mut String, text: &str) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for line in text.trim_end_matches('\n').split('\n') {
        out.push_str(if line.is_empty() { ">" } else { "> " });
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issue_turn_carries_the_ids_the_brief_leaves_out() {
        let mut turn = TurnInputs::new(TaskKind::Issue);
        turn.issue = Some(IssueTurn {
            id: "7f1c".into(),
            identifier: "ACME-12".into(),
            title: "Fix *login*".into(),
        });
        turn.trigger = Some(TriggerComment {
            id: "c-9".into(),
            author: "Ann".into(),
        });
        turn.resumed = true;
        turn.new_comments = 2;
        turn.since = Some("2025-01-02T03:04:05Z".into());
        let prompt = build_turn_prompt(&turn);
        assert!(prompt.starts_with("Issue ACME-12 (id `7f1c`): Fix \\*login\\*.\n"));
        assert!(prompt.contains("A comment by Ann (id `c-9`) triggered this run."));
        assert!(prompt.contains("`--since 2025-01-02T03:04:05Z`"));
    }

    #[test]
    fn a_member_initiator_shows_a_valid_email_and_an_agent_none() {
        let member = Initiator::Member {
            name: "Ann\nB".into(),
            email: "ann@example.com".into(),
        };
        let block = initiator_block(&member);
        assert!(block.contains("requested by **Ann B** (ann@example.com)."));
        assert!(block.contains("credentials remain those of the runtime's owner"));
        let bad_email = Initiator::Member {
            name: "Ann".into(),
            email: "ann <x@y>".into(),
        };
        assert!(initiator_block(&bad_email).contains("requested by **Ann**."));
        let agent = Initiator::Agent {
            name: "Reviewer".into(),
        };
        assert!(initiator_block(&agent).contains("another agent, **Reviewer**"));
        let blank = Initiator::Member {
            name: " \n ".into(),
            email: "a@b".into(),
        };
        assert_eq!(initiator_block(&blank), "");
    }

    #[test]
    fn connected_apps_are_listed_by_valid_slug_only() {
        let mut turn = TurnInputs::new(TaskKind::Chat);
        turn.chat_message = "hi".into();
        turn.connected_apps = vec!["notion".into(), "bad slug".into(), "github".into()];
        let prompt = build_turn_prompt(&turn);
        assert!(prompt.contains("(through MCP): `notion`, `github`.\n"));
        assert!(!prompt.contains("bad slug"));
    }

    #[test]
    fn an_autopilot_turn_carries_the_run_and_its_payload() {
        let mut turn = TurnInputs::new(TaskKind::Autopilot);
        turn.autopilot_run = Some(AutopilotRun {
            run_id: "run-1".into(),
            trigger_source: "schedule".into(),
            trigger_payload: "{\"at\":\"09:00\"}".into(),
        });
        let prompt = build_turn_prompt(&turn);
        assert!(prompt.contains("Autopilot run `run-1`, started by `schedule`."));
        assert!(prompt.contains("```json\n{\"at\":\"09:00\"}\n```"));
    }
}
