//! The environment of an agent process, built from an allowlist: the host variables a CLI needs
//! to work (PATH, HOME, locale), the run's own credential and where the server is. Nothing else
//! of the daemon's environment passes, so the machine owner's token (or any other secret the
//! daemon was started with) never reaches the agent.

use std::ffi::{OsStr, OsString};
use std::path::Path;

/// Host variables passed through unchanged when set. `IS_SANDBOX` declares a container whose
/// root user may still run Claude Code with `bypassPermissions`; it carries no secret.
pub const PASSED_THROUGH: &[&str] = &[
    "HOME",
    "USER",
    "LOGNAME",
    "SHELL",
    "TMPDIR",
    "TERM",
    "LANG",
    "LANGUAGE",
    "TZ",
    "IS_SANDBOX",
];
/// Every `LC_*` locale variable passes too.
const LOCALE_PREFIX: &str = "LC_";

/// The run's credential (`agk_…`): `agentry issue …` inside the run acts as the agent.
pub const TASK_TOKEN: &str = "AGENTRY_TASK_TOKEN";
/// The server the agent's `agentry` talks to.
pub const SERVER: &str = "AGENTRY_SERVER";
/// The workspace of the run.
pub const WORKSPACE: &str = "AGENTRY_WORKSPACE";
/// The task id; its presence also tells `agentry` it runs inside a task (spec rule 64).
pub const TASK_ID: &str = "AGENTRY_TASK_ID";
/// The agent id.
pub const AGENT_ID: &str = "AGENTRY_AGENT_ID";
/// The configuration directory of `agentry` inside the run: a per-task one, so the CLI there
/// never reads the machine owner's stored login (and needs no HOME).
pub const CONFIG_DIR: &str = "AGENTRY_CONFIG_DIR";

/// What identifies the run to the agent's environment.
#[derive(Clone, Debug)]
pub struct RunIdentity<'a> {
    pub task_token: &'a str,
    pub server: &'a str,
    pub workspace: &'a str,
    pub task_id: &'a str,
    pub agent_id: &'a str,
    pub config_dir: &'a Path,
}

/// The agent's environment: allowlisted `host` variables, PATH with `agentry_dir` (where this
/// very binary lives, so the `agentry` the brief teaches is the daemon's own) in front of
/// `path_var`, the run's identity, then `extra` (per-family, e.g. `CODEX_HOME`).
pub fn task_env(
    host: impl IntoIterator<Item = (OsString, OsString)>,
    path_var: Option<&OsStr>,
    agentry_dir: Option<&Path>,
    run: &RunIdentity<'_>,
    extra: &[(String, String)],
) -> Vec<(OsString, OsString)> {
    let mut env: Vec<(OsString, OsString)> = host
        .into_iter()
        .filter(|(name, _)| {
            name.to_str().is_some_and(|name| {
                PASSED_THROUGH.contains(&name) || name.starts_with(LOCALE_PREFIX)
            })
        })
        .collect();
    let mut dirs: Vec<std::path::PathBuf> =
        agentry_dir.map(Path::to_path_buf).into_iter().collect();
    if let Some(path) = path_var {
        dirs.extend(std::env::split_paths(path));
    }
    if let Ok(path) = std::env::join_paths(dirs) {
        env.push(("PATH".into(), path));
    }
    for (name, value) in [
        (TASK_TOKEN, run.task_token),
        (SERVER, run.server),
        (WORKSPACE, run.workspace),
        (TASK_ID, run.task_id),
        (AGENT_ID, run.agent_id),
    ] {
        env.push((name.into(), value.into()));
    }
    env.push((CONFIG_DIR.into(), run.config_dir.into()));
    env.extend(
        extra
            .iter()
            .map(|(name, value)| (name.into(), value.into())),
    );
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(OsString, OsString)> {
        list.iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect()
    }

    #[test]
    fn only_allowlisted_host_variables_and_the_runs_own_identity_pass() {
        let host = pairs(&[
            ("HOME", "/home/ada"),
            ("LC_ALL", "C.UTF-8"),
            ("AGENTRY_TOKEN", "agt_0123456789abcdef"),
            ("AWS_SECRET_ACCESS_KEY", "x"),
            ("PATH", "/ignored"),
        ]);
        let run = RunIdentity {
            task_token: "agk_task",
            server: "http://s",
            workspace: "w",
            task_id: "t",
            agent_id: "a",
            config_dir: Path::new("/tasks/t/config"),
        };
        let env = task_env(
            host,
            Some(OsStr::new("/usr/bin:/bin")),
            Some(Path::new("/opt/agentry")),
            &run,
            &[("CODEX_HOME".into(), "/x".into())],
        );
        let names: Vec<_> = env.iter().map(|(k, _)| k.to_str().unwrap()).collect();
        assert_eq!(
            names,
            [
                "HOME",
                "LC_ALL",
                "PATH",
                TASK_TOKEN,
                SERVER,
                WORKSPACE,
                TASK_ID,
                AGENT_ID,
                CONFIG_DIR,
                "CODEX_HOME"
            ]
        );
        let path = &env.iter().find(|(k, _)| k == "PATH").unwrap().1;
        assert_eq!(path, "/opt/agentry:/usr/bin:/bin");
        assert!(!env
            .iter()
            .any(|(_, v)| v.to_string_lossy().starts_with("agt_")));
    }
}
