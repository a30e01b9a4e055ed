//! Turns an enabled profile into an executable on this machine (spec C.8 rules 49–50): this
//! machine's override path when it is an executable file, else the command on PATH, else a
//! failure whose reason tells the owner what to fix.

use agentry_core::api::daemon::FailedProfile;
use agentry_core::api::runtimes::RuntimeProfile;
use agentry_core::runtimes::is_supported_family;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// What became of one profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// The executable to launch.
    Resolved(PathBuf),
    /// Reported to the server as a failed profile, never registered online.
    Failed(FailedProfile),
    /// Incomplete rows (blank command or family) are ignored silently.
    Skipped,
}

/// Resolves `profile` with this machine's `override_path` and the `PATH` value `path_var`.
pub fn resolve(
    profile: &RuntimeProfile,
    override_path: Option<&Path>,
    path_var: Option<&OsStr>,
) -> Resolution {
    let command = profile.command_name.trim();
    let family = profile.protocol_family.trim();
    if command.is_empty() || family.is_empty() {
        return Resolution::Skipped;
    }
    let failed = |reason: String| {
        Resolution::Failed(FailedProfile {
            profile_id: profile.id.to_string(),
            command_name: command.to_owned(),
            // Paths can be long; the server takes no longer reason.
            reason: reason
                .chars()
                .take(agentry_core::limits::REASON_MAX)
                .collect(),
        })
    };
    if !is_supported_family(family) {
        return failed(format!("unsupported protocol_family: {family}"));
    }
    let mut override_problem = None;
    if let Some(path) = override_path {
        if is_executable_file(path) {
            return Resolution::Resolved(path.to_owned());
        }
        override_problem = Some(if path.exists() {
            format!("override path {} is not an executable file", path.display())
        } else {
            format!("override path {} does not exist", path.display())
        });
    }
    match find_on_path(command, path_var) {
        Some(path) => Resolution::Resolved(path),
        None => {
            let missing = format!("command not found on PATH: {command}");
            failed(match override_problem {
                Some(problem) => format!("{problem}; {missing}"),
                None => missing,
            })
        }
    }
}

/// An existing file (not a directory) with at least one executable bit.
pub fn is_executable_file(path: &Path) -> bool {
    let Ok(metadata) = std::fs::metadata(path) else {
        return false;
    };
    if !metadata.is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        metadata.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Where `command` runs from: itself when it names a path, else the first executable match in
/// the directories of `path_var`.
pub fn find_on_path(command: &str, path_var: Option<&OsStr>) -> Option<PathBuf> {
    if command.contains(std::path::MAIN_SEPARATOR) {
        let path = PathBuf::from(command);
        return is_executable_file(&path).then_some(path);
    }
    std::env::split_paths(path_var?)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(command))
        .find(|candidate| is_executable_file(candidate))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use agentry_core::ProfileId;

    pub(crate) fn temp_dir() -> PathBuf {
        let dir = std::env::temp_dir()
            .join("agentry-cli-tests")
            .join(uuid::Uuid::new_v4().to_string());
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    pub(crate) fn script(dir: &Path, name: &str, executable: bool) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, "#!/bin/sh\necho 1.0\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = if executable { 0o755 } else { 0o644 };
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        path
    }

    pub(crate) fn profile(family: &str, command: &str) -> RuntimeProfile {
        RuntimeProfile {
            id: ProfileId(uuid::Uuid::new_v4()),
            workspace_id: agentry_core::WorkspaceId(uuid::Uuid::new_v4()),
            display_name: "Wrapped".into(),
            protocol_family: family.into(),
            command_name: command.into(),
            description: None,
            fixed_args: vec![],
            visibility: "workspace".into(),
            created_by: None,
            enabled: true,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    fn reason(resolution: Resolution) -> String {
        match resolution {
            Resolution::Failed(failed) => failed.reason,
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn an_executable_override_wins_over_path() {
        let bin = temp_dir();
        script(&bin, "ccms", true);
        let custom = script(&temp_dir(), "my-ccms", true);
        let resolved = resolve(
            &profile("claude", "ccms"),
            Some(&custom),
            Some(bin.as_os_str()),
        );
        assert_eq!(resolved, Resolution::Resolved(custom));
    }

    #[test]
    fn a_non_executable_override_falls_back_to_path() {
        let bin = temp_dir();
        let on_path = script(&bin, "ccms", true);
        let plain = script(&temp_dir(), "my-ccms", false);
        let resolved = resolve(
            &profile("claude", "ccms"),
            Some(&plain),
            Some(bin.as_os_str()),
        );
        assert_eq!(resolved, Resolution::Resolved(on_path));
    }

    #[test]
    fn the_failure_reason_mentions_the_override_when_path_fails_too() {
        let empty = temp_dir();
        let plain = script(&temp_dir(), "my-ccms", false);
        let why = reason(resolve(
            &profile("claude", "ccms"),
            Some(&plain),
            Some(empty.as_os_str()),
        ));
        assert!(why.contains("is not an executable file"), "{why}");
        assert!(why.ends_with("command not found on PATH: ccms"), "{why}");

        let missing = empty.join("nope");
        let why = reason(resolve(
            &profile("claude", "ccms"),
            Some(&missing),
            Some(empty.as_os_str()),
        ));
        assert!(why.contains("does not exist"), "{why}");
    }

    #[test]
    fn a_missing_command_fails_with_the_path_reason() {
        let empty = temp_dir();
        let resolution = resolve(&profile("codex", "ghost"), None, Some(empty.as_os_str()));
        let Resolution::Failed(failed) = resolution else {
            panic!("expected a failure");
        };
        assert_eq!(failed.reason, "command not found on PATH: ghost");
        assert_eq!(failed.command_name, "ghost");
    }

    #[test]
    fn a_directory_is_not_an_executable() {
        let bin = temp_dir();
        std::fs::create_dir(bin.join("ccms")).unwrap();
        assert_eq!(find_on_path("ccms", Some(bin.as_os_str())), None);
    }

    #[test]
    fn an_unsupported_family_fails_and_a_blank_command_is_skipped() {
        let bin = temp_dir();
        script(&bin, "gem", true);
        assert_eq!(
            reason(resolve(
                &profile("gemini", "gem"),
                None,
                Some(bin.as_os_str())
            )),
            "unsupported protocol_family: gemini"
        );
        assert_eq!(
            resolve(&profile("claude", " "), None, Some(bin.as_os_str())),
            Resolution::Skipped
        );
    }

    #[test]
    fn an_absolute_command_name_is_used_as_is() {
        let path = script(&temp_dir(), "wrapper", true);
        let resolved = resolve(&profile("claude", path.to_str().unwrap()), None, None);
        assert_eq!(resolved, Resolution::Resolved(path));
    }
}
