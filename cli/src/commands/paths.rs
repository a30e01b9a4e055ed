//! `agentry runtime profile set-path|unset-path`: this machine's executable for a profile,
//! stored only in the local config (spec rules 62–64) and read by the daemon at start.

use super::profile_id;
use crate::config::Config;
use crate::error::CliError;
use std::path::{Path, PathBuf};

const RESTART_HINT: &str = "restart the daemon (`agentry daemon run`) for it to take effect";

/// Refuses when running inside a daemon-managed task, before the config is even read, so the
/// owner's file stays byte-identical.
fn refuse_in_task(task_context: Option<String>) -> Result<(), CliError> {
    match task_context {
        Some(why) => Err(CliError::usage(format!(
            "refusing to change this machine's runtime paths from inside an agent task ({why}); \
             run it yourself outside the task"
        ))),
        None => Ok(()),
    }
}

/// Stores `path` as the executable of profile `id` on this machine; returns the lines to print.
pub fn set_path(
    config_dir: &Path,
    id: &str,
    path: Option<PathBuf>,
    task_context: Option<String>,
) -> Result<String, CliError> {
    refuse_in_task(task_context)?;
    let id = profile_id(id)?;
    let path = path.ok_or_else(|| CliError::usage("--path is required"))?;
    if !path.is_absolute() {
        return Err(CliError::usage(format!(
            "--path must be an absolute path: {}",
            path.display()
        )));
    }
    let mut config = Config::load(config_dir)?;
    config.set_override(&id.to_string(), &path);
    config.save()?;
    let mut message = format!(
        "Profile {id} will run {} on this machine; {RESTART_HINT}.",
        path.display()
    );
    if !crate::daemon::resolve::is_executable_file(&path) {
        message.push_str(&format!(
            "\nNote: {} is not an executable file yet; the daemon will fall back to PATH.",
            path.display()
        ));
    }
    Ok(message)
}

/// Removes the executable override of profile `id`; an absent one is not an error.
pub fn unset_path(
    config_dir: &Path,
    id: &str,
    task_context: Option<String>,
) -> Result<String, CliError> {
    refuse_in_task(task_context)?;
    let id = profile_id(id)?;
    let mut config = Config::load(config_dir)?;
    if !config.remove_override(&id.to_string()) {
        return Ok(format!(
            "No local path is set for profile {id}; nothing to change."
        ));
    }
    config.save()?;
    Ok(format!(
        "Removed the local path of profile {id}; {RESTART_HINT}."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0195f0a0-0000-7000-8000-000000000001";

    fn dir_with(content: &str) -> PathBuf {
        let dir = std::env::temp_dir()
            .join("agentry-cli-tests")
            .join(uuid::Uuid::new_v4().to_string());
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(crate::config::CONFIG_FILE), content).unwrap();
        dir
    }

    fn read(dir: &Path) -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.join(crate::config::CONFIG_FILE)).unwrap())
            .unwrap()
    }

    #[test]
    fn a_relative_path_is_refused() {
        let dir = dir_with("{}");
        let error = set_path(&dir, ID, Some("bin/claude".into()), None).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        assert!(error.to_string().contains("absolute"), "{error}");
    }

    #[test]
    fn set_path_keeps_other_keys_and_hints_at_a_restart() {
        let dir = dir_with(r#"{"server":"http://s","token":"t"}"#);
        let message = set_path(&dir, ID, Some("/opt/claude".into()), None).unwrap();
        assert!(message.contains("restart the daemon"), "{message}");
        let saved = read(&dir);
        assert_eq!(saved["server"], "http://s");
        assert_eq!(saved["token"], "t");
        assert_eq!(saved["profile_command_overrides"][ID], "/opt/claude");
    }

    #[test]
    fn unset_path_removes_the_key_and_drops_the_emptied_map() {
        let dir = dir_with(r#"{"server":"http://s"}"#);
        set_path(&dir, ID, Some("/opt/claude".into()), None).unwrap();
        unset_path(&dir, ID, None).unwrap();
        let saved = read(&dir);
        assert_eq!(saved, serde_json::json!({"server": "http://s"}));
    }

    #[test]
    fn unsetting_an_absent_path_is_informational() {
        let dir = dir_with("{}");
        let message = unset_path(&dir, ID, None).unwrap();
        assert!(message.contains("nothing to change"), "{message}");
    }

    #[test]
    fn both_refuse_inside_a_task_and_leave_the_file_byte_identical() {
        let original =
            "{ \"server\": \"http://s\",\n  \"profile_command_overrides\": {\"x\": \"/a\"} }";
        let dir = dir_with(original);
        let task = || Some("AGENTRY_TASK_ID is set".to_owned());
        assert!(set_path(&dir, ID, Some("/opt/c".into()), task()).is_err());
        assert!(unset_path(&dir, "x", task()).is_err());
        let after = std::fs::read_to_string(dir.join(crate::config::CONFIG_FILE)).unwrap();
        assert_eq!(after, original);
    }
}
