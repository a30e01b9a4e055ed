//! The `agentry` binary: parses the command line, runs one command, maps its outcome to an exit
//! code (0 success, 1 server or network error, 2 usage error).

use agentry_cli::{cli, commands, config, daemon, error};
use clap::Parser;
use cli::{
    AutopilotCommand, Cli, Command, DaemonCommand, ProfileCommand, RuntimeCommand, WorkspaceCommand,
};
use commands::Overrides;
use config::Config;
use error::CliError;
use std::process::ExitCode;
use std::time::Duration;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let daemon = matches!(cli.command, Command::Daemon { .. });
    let default_filter = if daemon {
        "warn,agentry_cli=info"
    } else {
        "warn"
    };
    let filter =
        EnvFilter::try_from_env("AGENTRY_LOG").unwrap_or_else(|_| EnvFilter::new(default_filter));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    match run(cli).await {
        Ok(output) => {
            if !output.is_empty() {
                println!("{output}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

async fn run(cli: Cli) -> Result<String, CliError> {
    let flags = Overrides {
        server: cli.server,
        token: cli.token,
    };
    let dir = config::config_dir()?;
    match cli.command {
        Command::Login(args) => {
            let mut config = Config::load(&dir)?;
            commands::login::run(&mut config, &flags, args.workspace).await
        }
        Command::Runtime {
            command: RuntimeCommand::Profile { command },
        } => profile(command, &dir, &flags).await,
        Command::Daemon {
            command:
                DaemonCommand::Run {
                    workspace,
                    workspaces_root,
                    local_directory,
                    max_tasks,
                },
        } => {
            let tasks = daemon::run::TaskSettings {
                data_dir: dir.clone(),
                workspaces_root: workspaces_root.unwrap_or_else(|| dir.join("workspaces")),
                local_directory,
                max_tasks,
                poll_every: secs_var("AGENTRY_CLAIM_POLL_SECS")
                    .unwrap_or(daemon::run::DEFAULT_POLL_EVERY),
            };
            run_daemon(&dir, &flags, workspace, tasks).await
        }
        Command::Issue { workspace, command } => {
            let work = commands::work::context(&dir, &flags, workspace).await?;
            commands::issue::run(&work, command).await
        }
        Command::Autopilot {
            workspace,
            command: AutopilotCommand::Get { id },
        } => {
            let work = commands::work::context(&dir, &flags, workspace).await?;
            commands::issue::autopilot_get(&work, &id).await
        }
        Command::Workspace {
            workspace,
            command: WorkspaceCommand::Get,
        } => {
            let work = commands::work::context(&dir, &flags, workspace).await?;
            commands::issue::workspace_get(&work).await
        }
    }
}

async fn profile(
    command: ProfileCommand,
    dir: &std::path::Path,
    flags: &Overrides,
) -> Result<String, CliError> {
    use commands::{paths, profile, task_context};
    // Local-only commands first: they must not read or write anything in a task context.
    let command = match command {
        ProfileCommand::SetPath { id, path } => {
            return paths::set_path(dir, &id, path, task_context::detect())
        }
        ProfileCommand::UnsetPath { id } => {
            return paths::unset_path(dir, &id, task_context::detect())
        }
        other => other,
    };
    let config = Config::load(dir)?;
    match command {
        ProfileCommand::List { workspace, output } => {
            let workspace = commands::workspace(workspace, &config)?;
            profile::list(&commands::client(&config, flags)?, workspace, output).await
        }
        ProfileCommand::Create(args) => {
            // Flags are checked before anything else, so a bad line never reaches the server.
            profile::create_request(&args)?;
            let workspace = commands::workspace(args.workspace.clone(), &config)?;
            profile::create(&commands::client(&config, flags)?, workspace, &args).await
        }
        ProfileCommand::Update(args) => {
            profile::update_request(&args)?;
            let workspace = commands::workspace(args.workspace.clone(), &config)?;
            profile::update(&commands::client(&config, flags)?, workspace, &args).await
        }
        ProfileCommand::Delete { id, workspace } => {
            let workspace = commands::workspace(workspace, &config)?;
            profile::delete(&commands::client(&config, flags)?, workspace, &id).await
        }
        ProfileCommand::SetPath { .. } | ProfileCommand::UnsetPath { .. } => unreachable!(),
    }
}

/// A positive number of seconds from the environment (tests shorten the daemon's timers).
fn secs_var(name: &str) -> Option<Duration> {
    std::env::var(name)
        .ok()
        .and_then(|secs| secs.trim().parse::<u64>().ok())
        .filter(|secs| *secs > 0)
        .map(Duration::from_secs)
}

async fn run_daemon(
    dir: &std::path::Path,
    flags: &Overrides,
    workspace: Option<String>,
    tasks: daemon::run::TaskSettings,
) -> Result<String, CliError> {
    let config = Config::load(dir)?;
    let workspace = commands::workspace(workspace, &config)?;
    let api = commands::client(&config, flags)?;
    let settings = daemon::Settings {
        workspace,
        identity: daemon::identity::Identity::load(dir)?,
        overrides: config.overrides(),
        path_var: std::env::var_os("PATH"),
        heartbeat_every: secs_var("AGENTRY_HEARTBEAT_SECS").unwrap_or(Duration::from_secs(
            agentry_core::runtimes::HEARTBEAT_EVERY_SECS,
        )),
        tasks: Some(tasks),
    };
    tracing::info!(server = %api.base(), %workspace, daemon_id = %settings.identity.daemon_id, device = %settings.identity.device_name, "starting the daemon");
    let daemon = daemon::Daemon::start(api, settings).await;
    daemon.run(shutdown_signal()).await?;
    tracing::info!("daemon stopped");
    Ok(String::new())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
    tracing::info!("shutting down; taking runtimes offline");
}
