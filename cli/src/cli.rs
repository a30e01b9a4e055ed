//! The command line, as clap structs: `login`, `runtime profile …` and `daemon run`.

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
    /// Register this machine's agent CLIs and profiles and keep them online until stopped.
    Run {
        /// Workspace id (default: the one stored by login).
        #[arg(long, env = "AGENTRY_WORKSPACE")]
        workspace: Option<String>,
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
