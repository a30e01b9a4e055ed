//! The command line, as clap structs: `login`, `runtime profile …`, `daemon run`, and the
//! commands agents use inside a run (`issue …`, `autopilot get`, `workspace get`).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Agentry's command-line client and the daemon that offers this machine's agent CLIs.
#[derive(Debug, Parser)]
#[command(name = "agentry", version, about)]
pub struct Cli {
    /// Server URL; overrides the one stored by `agentry login`.
    #[arg(long, global = true, env = "AGENTRY_SERVER")]
    pub server: Option<String>,
    /// Token; overrides the one stored by `agentry login`.
    #[arg(long, global = true, env = "AGENTRY_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Store the server URL and a token (personal `agt_…` or daemon `agd_…`) for later commands.
    Login(LoginArgs),
    /// Runtimes and custom runtime profiles.
    Runtime {
        /// What to do.
        #[command(subcommand)]
        command: RuntimeCommand,
    },
    /// The daemon that registers this machine's agent CLIs as runtimes.
    Daemon {
        /// What to do.
        #[command(subcommand)]
        command: DaemonCommand,
    },
    /// Issues, their comments and metadata (JSON on stdout).
    Issue {
        /// Workspace id (default: the run's own inside a task, else the one stored by login).
        #[arg(long, global = true, env = "AGENTRY_WORKSPACE")]
        workspace: Option<String>,
        /// What to do.
        #[command(subcommand)]
        command: IssueCommand,
    },
    /// Autopilots (JSON on stdout).
    Autopilot {
        /// Workspace id (default: the run's own inside a task, else the one stored by login).
        #[arg(long, global = true, env = "AGENTRY_WORKSPACE")]
        workspace: Option<String>,
        /// What to do.
        #[command(subcommand)]
        command: AutopilotCommand,
    },
    /// The workspace (JSON on stdout).
    Workspace {
        /// Workspace id (default: the run's own inside a task, else the one stored by login).
        #[arg(long, global = true, env = "AGENTRY_WORKSPACE")]
        workspace: Option<String>,
        /// What to do.
        #[command(subcommand)]
        command: WorkspaceCommand,
    },
}

/// `agentry issue …`. Issues are named by id or by `KEY-N`; people and agents by name, e-mail
/// or id (`agent:<name>` or `member:<name>` when a name is both).
#[derive(Debug, Subcommand)]
pub enum IssueCommand {
    /// Read one issue, metadata included.
    Get {
        /// Issue id or `KEY-N`.
        id: String,
    },
    /// Find issues, newest first.
    List {
        /// Only this status (backlog, todo, in_progress, in_review, done, cancelled).
        #[arg(long)]
        status: Option<String>,
        /// Only issues assigned to this person or agent.
        #[arg(long)]
        assignee: Option<String>,
        /// At most this many.
        #[arg(long)]
        limit: Option<u32>,
    },
    /// Create an issue.
    Create(IssueCreateArgs),
    /// Change an issue's fields; only the flags given are sent.
    Update(IssueUpdateArgs),
    /// Set an issue's status.
    Status {
        /// Issue id or `KEY-N`.
        id: String,
        /// The new status.
        status: String,
    },
    /// Change the assignee; assigning an agent asks it for a run.
    Assign {
        /// Issue id or `KEY-N`.
        id: String,
        /// The person or agent to assign.
        #[arg(long, conflicts_with = "unassign")]
        to: Option<String>,
        /// Remove the assignee.
        #[arg(long)]
        unassign: bool,
    },
    /// List sub-issues.
    Children {
        /// Issue id or `KEY-N`.
        id: String,
    },
    /// The discussion.
    Comment {
        /// What to do.
        #[command(subcommand)]
        command: CommentCommand,
    },
    /// The issue's key/value notes.
    Metadata {
        /// What to do.
        #[command(subcommand)]
        command: MetadataCommand,
    },
}

/// `agentry issue create`.
#[derive(Debug, Args)]
pub struct IssueCreateArgs {
    /// Title.
    #[arg(long)]
    pub title: Option<String>,
    /// Description (Markdown).
    #[arg(long, conflicts_with = "description_file")]
    pub description: Option<String>,
    /// Read the description from this file (`-` for stdin).
    #[arg(long)]
    pub description_file: Option<PathBuf>,
    /// Status (default todo).
    #[arg(long)]
    pub status: Option<String>,
    /// Priority (urgent, high, medium, low, none).
    #[arg(long)]
    pub priority: Option<String>,
    /// The person or agent to assign.
    #[arg(long)]
    pub assignee: Option<String>,
    /// Make it a sub-issue of this issue.
    #[arg(long)]
    pub parent: Option<String>,
    /// Assign without asking the agent for a run.
    #[arg(long)]
    pub no_start: bool,
}

/// `agentry issue update`.
#[derive(Debug, Args)]
pub struct IssueUpdateArgs {
    /// Issue id or `KEY-N`.
    pub id: String,
    /// New title.
    #[arg(long)]
    pub title: Option<String>,
    /// New description (Markdown).
    #[arg(long, conflicts_with = "description_file")]
    pub description: Option<String>,
    /// Read the new description from this file (`-` for stdin).
    #[arg(long)]
    pub description_file: Option<PathBuf>,
    /// New priority.
    #[arg(long)]
    pub priority: Option<String>,
    /// New parent issue; `""` detaches it.
    #[arg(long)]
    pub parent: Option<String>,
}

/// `agentry issue comment …`.
#[derive(Debug, Subcommand)]
pub enum CommentCommand {
    /// The comments, oldest first.
    List {
        /// Issue id or `KEY-N`.
        issue: String,
        /// Only comments made at or after this time (RFC 3339).
        #[arg(long)]
        since: Option<String>,
    },
    /// Post a comment.
    Add {
        /// Issue id or `KEY-N`.
        issue: String,
        /// The comment (Markdown).
        #[arg(long, conflicts_with = "content_file")]
        content: Option<String>,
        /// Read the comment from this file (`-` for stdin).
        #[arg(long)]
        content_file: Option<PathBuf>,
        /// Mention a person or agent (repeatable); a mentioned agent is asked for a run.
        #[arg(long = "mention", value_name = "NAME")]
        mentions: Vec<String>,
    },
}

/// `agentry issue metadata …`.
#[derive(Debug, Subcommand)]
pub enum MetadataCommand {
    /// All keys and values.
    List {
        /// Issue id or `KEY-N`.
        issue: String,
    },
    /// Set one key.
    Set {
        /// Issue id or `KEY-N`.
        issue: String,
        /// The key.
        key: String,
        /// The value.
        value: String,
    },
    /// Remove one key.
    Delete {
        /// Issue id or `KEY-N`.
        issue: String,
        /// The key.
        key: String,
    },
}

/// `agentry autopilot …`.
#[derive(Debug, Subcommand)]
pub enum AutopilotCommand {
    /// Read an autopilot and its instructions.
    Get {
        /// Autopilot id.
        id: String,
    },
}

/// `agentry workspace …`.
#[derive(Debug, Subcommand)]
pub enum WorkspaceCommand {
    /// Read the workspace.
    Get,
}

/// `agentry login`.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Default workspace for later commands.
    #[arg(long, env = "AGENTRY_WORKSPACE")]
    pub workspace: Option<String>,
}

/// `agentry runtime …`.
#[derive(Debug, Subcommand)]
pub enum RuntimeCommand {
    /// Custom runtime profiles of a workspace.
    Profile {
        /// What to do.
        #[command(subcommand)]
        command: ProfileCommand,
    },
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Aligned columns.
    Table,
    /// The server's JSON.
    Json,
}

/// `agentry runtime profile …`.
#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// List the workspace's profiles, sorted by display name.
    List {
        /// Workspace id (default: the one stored by login).
        #[arg(long)]
        workspace: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Output::Table)]
        output: Output,
    },
    /// Create a profile.
    Create(CreateArgs),
    /// Change a profile; only the flags given are sent.
    Update(UpdateArgs),
    /// Delete a profile (refused while active agents use its runtimes).
    Delete {
        /// Profile id.
        id: String,
        /// Workspace id (default: the one stored by login).
        #[arg(long)]
        workspace: Option<String>,
    },
    /// Use a specific executable for a profile on this machine only (never sent to the server).
    SetPath {
        /// Profile id.
        id: String,
        /// Absolute path of the executable.
        #[arg(long)]
        path: Option<PathBuf>,
    },
    /// Remove this machine's executable override of a profile.
    UnsetPath {
        /// Profile id.
        id: String,
    },
}

/// `agentry runtime profile create`. Required flags are checked by the command, not clap, so
/// the message is the same `--<flag> is required` for a missing and a blank value.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Workspace id (default: the one stored by login).
    #[arg(long)]
    pub workspace: Option<String>,
    /// Protocol family the command speaks (claude, codex, …).
    #[arg(long)]
    pub protocol_family: Option<String>,
    /// Unique name shown in the workspace.
    #[arg(long)]
    pub display_name: Option<String>,
    /// The whole command line, e.g. "claude --model x"; split into command and arguments.
    #[arg(long, conflicts_with_all = ["command_name", "args"])]
    pub command: Option<String>,
    /// The executable: a name on PATH or an absolute path.
    #[arg(long)]
    pub command_name: Option<String>,
    /// A fixed argument placed before everything else (repeatable).
    #[arg(long = "arg", value_name = "ARG", allow_hyphen_values = true)]
    pub args: Vec<String>,
    /// Description.
    #[arg(long)]
    pub description: Option<String>,
    /// Create it disabled (hidden from daemons).
    #[arg(long)]
    pub disabled: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Output::Json)]
    pub output: Output,
}

/// `agentry runtime profile update`.
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// Profile id.
    pub id: String,
    /// Workspace id (default: the one stored by login).
    #[arg(long)]
    pub workspace: Option<String>,
    /// New display name.
    #[arg(long)]
    pub display_name: Option<String>,
    /// New executable.
    #[arg(long)]
    pub command_name: Option<String>,
    /// New whole command line; replaces the command and its fixed arguments.
    #[arg(long, conflicts_with_all = ["command_name", "args"])]
    pub command: Option<String>,
    /// New fixed arguments (repeatable; replaces them all).
    #[arg(long = "arg", value_name = "ARG", allow_hyphen_values = true)]
    pub args: Vec<String>,
    /// New description.
    #[arg(long)]
    pub description: Option<String>,
    /// Enable or disable (`--enabled=false`).
    #[arg(long, value_name = "BOOL")]
    pub enabled: Option<bool>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Output::Json)]
    pub output: Output,
}

/// `agentry daemon …`.
#[derive(Debug, Subcommand)]
pub enum DaemonCommand {
    /// Register this machine's agent CLIs and profiles, keep them online and run the tasks
    /// queued for them until stopped.
    Run {
        /// Workspace id (default: the one stored by login).
        #[arg(long, env = "AGENTRY_WORKSPACE")]
        workspace: Option<String>,
        /// Where task directories go (default: `workspaces` in the config directory).
        #[arg(long, env = "AGENTRY_WORKSPACES_ROOT", value_name = "DIR")]
        workspaces_root: Option<std::path::PathBuf>,
        /// Run every task in this directory (your repository) instead of a fresh one, one at a
        /// time; what the daemon writes there is removed after each run.
        #[arg(long, env = "AGENTRY_LOCAL_DIRECTORY", value_name = "DIR")]
        local_directory: Option<std::path::PathBuf>,
        /// How many tasks may run at once on this machine.
        #[arg(long, env = "AGENTRY_MAX_TASKS", default_value_t = 20)]
        max_tasks: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn enabled_takes_an_explicit_boolean() {
        let cli = Cli::try_parse_from([
            "agentry",
            "runtime",
            "profile",
            "update",
            "p",
            "--enabled=false",
        ])
        .unwrap();
        let Command::Runtime {
            command:
                RuntimeCommand::Profile {
                    command: ProfileCommand::Update(args),
                },
        } = cli.command
        else {
            panic!("not an update");
        };
        assert_eq!(args.enabled, Some(false));
    }

    #[test]
    fn command_and_command_name_cannot_be_combined() {
        let parsed = Cli::try_parse_from([
            "agentry",
            "runtime",
            "profile",
            "create",
            "--command",
            "a b",
            "--command-name",
            "a",
        ]);
        assert!(parsed.is_err());
    }
}
