//! What the brief is built from: facts that stay the same across every run of one conversation
//! (agent, workspace, kind, runtime). Serde types, so the server can put them in a claim payload
//! and the daemon can rebuild the very bytes the server hashed.

use serde::{Deserialize, Serialize};

use super::TaskKind;
use crate::AgentId;

/// The CLI the brief teaches when none is given.
pub const DEFAULT_CLI: &str = "agentry";

/// Everything [`build_brief`](super::build_brief) reads. Per-run facts (who asked, the trigger
/// comment, the issue id, connected apps) live in [`TurnInputs`](super::TurnInputs) instead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefInputs {
    /// Which brief to build.
    pub kind: TaskKind,
    /// The command the agent runs to reach Agentry; anything that is not a plain token falls
    /// back to [`DEFAULT_CLI`].
    #[serde(default = "default_cli")]
    pub cli: String,
    /// The runtime's protocol family (`claude`, `codex`, ...): picks the file the brief is
    /// written to, see [`brief_file_name`](super::brief_file_name).
    pub family: String,
    /// The operating system of the daemon host: shell advice differs on Windows.
    #[serde(default)]
    pub host_os: HostOs,
    /// The agent the run belongs to.
    pub agent: AgentBrief,
    /// The workspace the run belongs to.
    pub workspace: WorkspaceBrief,
    /// The runtime owner's self-description, shown as background.
    #[serde(default)]
    pub owner: Option<OwnerProfile>,
    /// Repositories the workspace lists for agents.
    #[serde(default)]
    pub repos: Vec<RepoRef>,
    /// The project the work belongs to, if any.
    #[serde(default)]
    pub project: Option<ProjectBrief>,
    /// Skills installed for the agent.
    #[serde(default)]
    pub skills: Vec<SkillRef>,
    /// The workspace's custom issue statuses.
    #[serde(default)]
    pub statuses: StatusCatalog,
    /// The autopilot, for an autopilot run.
    #[serde(default)]
    pub autopilot: Option<AutopilotBrief>,
}

fn default_cli() -> String {
    DEFAULT_CLI.to_owned()
}

impl BriefInputs {
    /// Inputs with nothing optional set, teaching the default CLI.
    pub fn new(
        kind: TaskKind,
        family: impl Into<String>,
        agent: AgentBrief,
        workspace: WorkspaceBrief,
    ) -> Self {
        BriefInputs {
            kind,
            cli: default_cli(),
            family: family.into(),
            host_os: HostOs::default(),
            agent,
            workspace,
            owner: None,
            repos: Vec::new(),
            project: None,
            skills: Vec::new(),
            statuses: StatusCatalog::default(),
            autopilot: None,
        }
    }
}

/// The daemon host's operating system family.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HostOs {
    /// Linux, macOS and other POSIX shells.
    #[default]
    Unix,
    /// Windows, where PowerShell pipes may mangle non-ASCII text.
    Windows,
}

/// The agent as the brief introduces it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentBrief {
    /// The agent's id.
    #[serde(default)]
    pub id: Option<AgentId>,
    /// Display name (sanitised before use).
    #[serde(default)]
    pub name: String,
    /// The owner's instructions, embedded verbatim: they are the agent's job description.
    #[serde(default)]
    pub instructions: String,
}

/// The workspace as the brief describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceBrief {
    /// Display name (sanitised before use).
    pub name: String,
    /// The short key issue numbers are shown with (`ACME` in `ACME-12`).
    pub issue_key: String,
    /// Free text the workspace gives every agent; blank means none.
    #[serde(default)]
    pub context: String,
}

/// The runtime owner's profile, shown as background about whose machine the agent runs on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerProfile {
    /// Display name (sanitised before use).
    pub name: String,
    /// Self-description; blank means the section is left out.
    pub description: String,
}

/// A repository agents may clone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepoRef {
    /// Clone URL.
    pub url: String,
    /// What it holds; optional.
    #[serde(default)]
    pub description: String,
}

/// The project the work belongs to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectBrief {
    /// Project title; optional.
    #[serde(default)]
    pub title: String,
    /// Project description; optional.
    #[serde(default)]
    pub description: String,
    /// Pointers to where the project's material lives.
    #[serde(default)]
    pub resources: Vec<ProjectResource>,
}

/// One project resource: a GitHub repository or some other typed reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ProjectResource {
    /// A GitHub repository.
    GithubRepo {
        /// Clone URL.
        url: String,
        /// The ref to check out; optional.
        #[serde(default)]
        checkout_ref: String,
        /// The default branch, as a hint; optional.
        #[serde(default)]
        default_branch: String,
        /// A human label; optional.
        #[serde(default)]
        label: String,
    },
    /// Any other resource type, shown as its raw JSON reference.
    Other {
        /// The resource type (a code token; anything else drops the entry).
        kind: String,
        /// The reference as compact JSON; blank reads as `{}`.
        #[serde(default)]
        reference: String,
        /// A human label; optional.
        #[serde(default)]
        label: String,
    },
}

/// A skill installed for the agent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillRef {
    /// The skill's name; the brief lists its slug.
    pub name: String,
    /// False when the skill's front matter hides it from the model.
    #[serde(default = "yes")]
    pub model_visible: bool,
}

fn yes() -> bool {
    true
}

/// The categories issue statuses belong to, in the order the brief lists them. A custom status
/// behaves like its category, so the brief teaches rules per category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusCategory {
    /// Parked.
    Backlog,
    /// Ready to start.
    Todo,
    /// Being worked on.
    InProgress,
    /// Delivered, awaiting acceptance.
    InReview,
    /// Accepted.
    Done,
    /// Dropped.
    Cancelled,
}

impl StatusCategory {
    /// Every category, in listing order.
    pub const ALL: [StatusCategory; 6] = [
        StatusCategory::Backlog,
        StatusCategory::Todo,
        StatusCategory::InProgress,
        StatusCategory::InReview,
        StatusCategory::Done,
        StatusCategory::Cancelled,
    ];

    /// The built-in status key of this category, which is also its wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusCategory::Backlog => "backlog",
            StatusCategory::Todo => "todo",
            StatusCategory::InProgress => "in_progress",
            StatusCategory::InReview => "in_review",
            StatusCategory::Done => "done",
            StatusCategory::Cancelled => "cancelled",
        }
    }
}

/// The workspace's custom statuses, as many as the server chose to send.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCatalog {
    /// Custom statuses; empty renders exactly like no catalog at all.
    #[serde(default)]
    pub custom: Vec<CustomStatus>,
    /// How many more the server left out to keep the brief short.
    #[serde(default)]
    pub omitted: u32,
}

/// One custom status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomStatus {
    /// The category it behaves like.
    pub category: StatusCategory,
    /// The key the CLI accepts (a code token; anything else drops the entry).
    pub key: String,
    /// Display name; optional.
    #[serde(default)]
    pub name: String,
    /// What it means; optional.
    #[serde(default)]
    pub description: String,
}

/// The autopilot an autopilot run belongs to. The run's own id and trigger payload are per-run
/// facts and go in the turn prompt, so every run of one autopilot gets the same brief.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutopilotBrief {
    /// The autopilot's id, for `autopilot get`.
    #[serde(default)]
    pub id: String,
    /// Its title; optional.
    #[serde(default)]
    pub title: String,
    /// Its saved instructions; optional.
    #[serde(default)]
    pub instructions: String,
}
