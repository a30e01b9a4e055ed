//! Finds the built-in agent CLIs on this machine: each whitelisted family's command on PATH,
//! answering `--version` within a timeout. Probes run a few at a time so a slow CLI cannot
//! stall the others.

use super::resolve::find_on_path;
use agentry_core::runtimes::{builtin_families, Family};
use futures_util::StreamExt;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

/// How long one `--version` probe may take.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(5);
/// How many probes run at once (built-ins, and profiles at each registration).
pub const PROBE_CONCURRENCY: usize = 8;
/// Versions longer than this are cut (a CLI printing a banner should not fill a column).
const VERSION_MAX_CHARS: usize = agentry_core::limits::VERSION_MAX;

/// A built-in CLI found on this machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Builtin {
    /// Its family.
    pub family: &'static Family,
    /// Where it runs from.
    pub path: PathBuf,
    /// What `--version` printed.
    pub version: String,
}

/// Probes every family's command on `path_var`; returns the usable ones in whitelist order.
pub async fn detect_builtins(path_var: Option<&OsStr>) -> Vec<Builtin> {
    let candidates: Vec<(&'static Family, PathBuf)> = builtin_families()
        .filter_map(|family| Some((family, find_on_path(family.command, path_var)?)))
        .collect();
    let mut found: Vec<Builtin> = futures_util::stream::iter(candidates)
        .map(|(family, path)| async move {
            match probe_version(&path, &[], PROBE_TIMEOUT).await {
                Ok(version) => Some(Builtin {
                    family,
                    path,
                    version,
                }),
                Err(why) => {
                    tracing::warn!(family = family.name, path = %path.display(), %why, "built-in CLI is not usable");
                    None
                }
            }
        })
        .buffer_unordered(PROBE_CONCURRENCY)
        .filter_map(|builtin| async move { builtin })
        .collect()
        .await;
    let order = |b: &Builtin| builtin_families().position(|f| f.name == b.family.name);
    found.sort_by_key(order);
    found
}

/// Runs `path [prefix…] --version` and returns its first non-blank output line.
pub async fn probe_version(
    path: &Path,
    prefix: &[String],
    timeout: Duration,
) -> Result<String, String> {
    let run = tokio::process::Command::new(path)
        .args(prefix)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .output();
    let output = match tokio::time::timeout(timeout, run).await {
        Err(_) => return Err(format!("`--version` did not answer within {timeout:?}")),
        Ok(Err(e)) => return Err(format!("cannot run it: {e}")),
        Ok(Ok(output)) => output,
    };
    if !output.status.success() {
        return Err(format!("`--version` exited with {}", output.status));
    }
    Ok(first_line(&output.stdout)
        .or_else(|| first_line(&output.stderr))
        .unwrap_or_default())
}

fn first_line(bytes: &[u8]) -> Option<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .map(|line| line.chars().take(VERSION_MAX_CHARS).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::resolve::tests::temp_dir;

    fn write_script(dir: &Path, name: &str, body: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        path
    }

    #[tokio::test]
    async fn cli_answering_version_are_found_in_whitelist_order() {
        let bin = temp_dir();
        write_script(&bin, "codex", "echo 'codex-cli 0.9'");
        write_script(&bin, "claude", "echo; echo '2.1.0 (Claude Code)'");
        write_script(&bin, "kimi", "exit 3");
        let found = detect_builtins(Some(bin.as_os_str())).await;
        let names: Vec<_> = found.iter().map(|b| b.family.name).collect();
        assert_eq!(names, ["claude", "codex"]);
        assert_eq!(found[0].version, "2.1.0 (Claude Code)");
    }

    #[tokio::test]
    async fn a_probe_that_hangs_is_given_up() {
        let bin = temp_dir();
        let slow = write_script(&bin, "slow", "sleep 5");
        let error = probe_version(&slow, &[], Duration::from_millis(200))
            .await
            .unwrap_err();
        assert!(error.contains("did not answer"), "{error}");
    }

    #[tokio::test]
    async fn the_prefix_comes_before_version() {
        let bin = temp_dir();
        let echo = write_script(&bin, "wrapper", "echo \"$@\"");
        let version = probe_version(&echo, &["start".into()], PROBE_TIMEOUT)
            .await
            .unwrap();
        assert_eq!(version, "start --version");
    }
}
