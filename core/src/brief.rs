//! The runtime brief (spec F): the Markdown the daemon writes into a task's workdir so the
//! agent's CLI loads it as project instructions, plus the per-turn prompt, the marker-block
//! file contract and the brief's hash. Pure: the server builds it to hash and preview, the
//! daemon rebuilds the same bytes from the claim payload and writes them.
//!
//! The brief depends only on facts that stay fixed for a conversation ([`BriefInputs`]);
//! everything that varies per run goes through [`TurnInputs`]. That split is what keeps the
//! brief byte-identical across runs, so the provider's prompt cache survives a resume.

mod commands;
mod hash;
mod inputs;
mod kind;
mod marker;
mod matrix;
mod output;
mod sanitize;
mod sections;
mod text;
mod turn;
mod workflow;

#[cfg(test)]
mod tests;

pub use hash::brief_hash;
pub use inputs::{
    AgentBrief, AutopilotBrief, BriefInputs, CustomStatus, HostOs, OwnerProfile, ProjectBrief,
    ProjectResource, RepoRef, SkillRef, StatusCatalog, StatusCategory, WorkspaceBrief, DEFAULT_CLI,
};
pub use kind::{TaskKind, TaskLinks};
pub use marker::{
    apply_block, block, brief_file_name, delivers_inline, remove_block, Cleanup, BEGIN_MARKER,
    END_MARKER, SEPARATOR,
};
pub use matrix::{Gate, Section};
pub use sanitize::{
    sanitize_code_token, sanitize_email, sanitize_name, sanitize_url, skill_slug, skill_slugs,
};
pub use turn::{
    build_turn_prompt, initiator_block, AutopilotRun, Initiator, IssueTurn, TriggerComment,
    TurnInputs,
};
pub use workflow::autopilot_issue_guard;

use text::Out;

/// Builds the brief: the sections of [`Section::ALL`] that the inputs' kind and data call for,
/// in that order, ending in exactly one newline.
pub fn build_brief(inputs: &BriefInputs) -> String {
    let cli = match sanitize_code_token(&inputs.cli) {
        "" => DEFAULT_CLI,
        cli => cli,
    };
    let mut out = Out::new(cli);
    for section in Section::ALL {
        if section.included(inputs) {
            write_section(&mut out, section, inputs);
        }
    }
    out.finish()
}

fn write_section(out: &mut Out, section: Section, inputs: &BriefInputs) {
    let fixed = |out: &mut Out, body: &str| {
        out.heading(section);
        out.put(body);
    };
    match section {
        Section::Header => sections::header(out, inputs),
        Section::BackgroundSafety => fixed(out, sections::BACKGROUND_SAFETY),
        Section::AgentIdentity => sections::agent_identity(out, inputs),
        Section::RequestingUser => sections::requesting_user(out, inputs),
        Section::WorkspaceContext => sections::workspace_context(out, inputs),
        Section::AvailableCommands if inputs.kind == TaskKind::QuickCreate => {
            commands::quick_create(out);
        }
        Section::AvailableCommands => commands::full(out, &inputs.statuses),
        Section::IssueBodyFormatting => fixed(out, sections::ISSUE_BODY_FORMATTING),
        Section::CommentFormatting => sections::comment_formatting(out, inputs),
        Section::Repositories => sections::repositories(out, inputs),
        Section::ProjectContext => sections::project_context(out, inputs),
        Section::IssueMetadata => fixed(out, sections::ISSUE_METADATA),
        Section::InstructionPrecedence => fixed(out, sections::INSTRUCTION_PRECEDENCE),
        Section::Workflow => workflow::workflow(out, inputs),
        Section::SubIssues => fixed(out, sections::SUB_ISSUES),
        Section::Skills => sections::skills(out, inputs),
        Section::Mentions => sections::mentions(out, inputs),
        Section::Attachments => fixed(out, sections::ATTACHMENTS),
        Section::AlwaysUseCli => fixed(out, sections::ALWAYS_USE_CLI),
        Section::Output => output::output(out, inputs.kind),
    }
}
