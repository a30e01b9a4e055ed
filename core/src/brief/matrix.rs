//! The section matrix (spec F.3): the fixed order of the brief's sections and, per task kind,
//! whether each is always there, there only when its data is, or never there.

use super::{BriefInputs, TaskKind};

/// The brief's sections, in output order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    /// Title and one sentence of orientation.
    Header,
    /// Why nothing may keep running after the turn ends.
    BackgroundSafety,
    /// Who the agent is and its owner's instructions.
    AgentIdentity,
    /// The runtime owner's self-description.
    RequestingUser,
    /// The workspace's own context text.
    WorkspaceContext,
    /// The CLI commands (full, or the quick-create minimum).
    AvailableCommands,
    /// Issue descriptions never open with a title.
    IssueBodyFormatting,
    /// How to post a comment safely.
    CommentFormatting,
    /// Repositories the workspace lists.
    Repositories,
    /// The project the work belongs to.
    ProjectContext,
    /// The per-issue key/value notes.
    IssueMetadata,
    /// Identity outranks the workflow.
    InstructionPrecedence,
    /// What to do, per kind.
    Workflow,
    /// How to create sub-issues.
    SubIssues,
    /// Installed skills, by slug.
    Skills,
    /// How mention links behave.
    Mentions,
    /// How to reach attachments.
    Attachments,
    /// Reach the platform only through the CLI.
    AlwaysUseCli,
    /// Where results go.
    Output,
}

/// Whether a section appears for a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Always.
    Always,
    /// Only when its data is present.
    WhenPresent,
    /// Never.
    Never,
}

impl Section {
    /// Every section, in output order.
    pub const ALL: [Section; 19] = [
        Section::Header,
        Section::BackgroundSafety,
        Section::AgentIdentity,
        Section::RequestingUser,
        Section::WorkspaceContext,
        Section::AvailableCommands,
        Section::IssueBodyFormatting,
        Section::CommentFormatting,
        Section::Repositories,
        Section::ProjectContext,
        Section::IssueMetadata,
        Section::InstructionPrecedence,
        Section::Workflow,
        Section::SubIssues,
        Section::Skills,
        Section::Mentions,
        Section::Attachments,
        Section::AlwaysUseCli,
        Section::Output,
    ];

    /// The section's heading line (`%CLI%` stands for the CLI's name). Tests match these as
    /// whole lines, so a mention of a section inside another one never counts.
    pub fn heading(self) -> &'static str {
        match self {
            Section::Header => "# Agentry Agent Runtime",
            Section::BackgroundSafety => "## Background Task Safety",
            Section::AgentIdentity => "## Agent Identity",
            Section::RequestingUser => "## Requesting User",
            Section::WorkspaceContext => "## Workspace Context",
            Section::AvailableCommands => "## Available Commands",
            Section::IssueBodyFormatting => "## Issue Body Formatting",
            Section::CommentFormatting => "## Comment Formatting",
            Section::Repositories => "## Repositories",
            Section::ProjectContext => "## Project Context",
            Section::IssueMetadata => "## Issue Metadata",
            Section::InstructionPrecedence => "## Instruction Precedence",
            Section::Workflow => "### Workflow",
            Section::SubIssues => "## Sub-issue Creation",
            Section::Skills => "## Skills",
            Section::Mentions => "## Mentions",
            Section::Attachments => "## Attachments",
            Section::AlwaysUseCli => "## Important: Always Use the `%CLI%` CLI",
            Section::Output => "## Output",
        }
    }

    /// The matrix itself.
    pub fn gate(self, kind: TaskKind) -> Gate {
        use Gate::{Always, Never, WhenPresent};
        let issue = kind == TaskKind::Issue;
        match self {
            Section::Header
            | Section::BackgroundSafety
            | Section::AvailableCommands
            | Section::IssueBodyFormatting
            | Section::Workflow
            | Section::AlwaysUseCli
            | Section::Output => Always,
            Section::AgentIdentity
            | Section::RequestingUser
            | Section::WorkspaceContext
            | Section::ProjectContext
            | Section::Skills => WhenPresent,
            Section::Repositories if kind == TaskKind::QuickCreate => Never,
            Section::Repositories => WhenPresent,
            // Every issue-kind task in Agentry is linked to an issue, so the "issue id present"
            // condition of upstream's sub-issue section always holds here.
            Section::CommentFormatting
            | Section::IssueMetadata
            | Section::InstructionPrecedence
            | Section::SubIssues
            | Section::Mentions
            | Section::Attachments
                if issue =>
            {
                Always
            }
            _ => Never,
        }
    }

    /// Whether the inputs carry what a data-gated section shows.
    fn has_data(self, inputs: &BriefInputs) -> bool {
        let blank = |s: &str| s.trim().is_empty();
        match self {
            Section::AgentIdentity => {
                inputs.agent.id.is_some()
                    || !blank(&inputs.agent.name)
                    || !blank(&inputs.agent.instructions)
            }
            Section::RequestingUser => inputs
                .owner
                .as_ref()
                .is_some_and(|owner| !blank(&owner.description)),
            Section::WorkspaceContext => !blank(&inputs.workspace.context),
            Section::Repositories => inputs.repos.iter().any(|repo| !blank(&repo.url)),
            Section::ProjectContext => inputs.project.is_some(),
            Section::Skills => inputs.skills.iter().any(|skill| skill.model_visible),
            _ => true,
        }
    }

    /// Whether this section appears in the brief built from `inputs`.
    pub fn included(self, inputs: &BriefInputs) -> bool {
        match self.gate(inputs.kind) {
            Gate::Always => true,
            Gate::WhenPresent => self.has_data(inputs),
            Gate::Never => false,
        }
    }
}
