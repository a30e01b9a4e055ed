//! Whether this process runs inside a daemon-managed task: an agent there must not rewrite the
//! machine owner's configuration (spec rule 64).

use std::path::Path;

/// Environment variables the daemon sets for every task it runs.
pub const TASK_ENV_VARS: [&str; 2] = ["AGENTRY_TASK_ID", "AGENTRY_AGENT_ID"];
/// The file the daemon leaves at the root of a task's working directory.
pub const TASK_MARKER: &str = ".agentry-task";

/// Why the current process looks like a task, if it does.
pub fn detect() -> Option<String> {
    let env = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty());
    let cwd = std::env::current_dir().ok();
    detect_with(env, cwd.as_deref())
}

fn detect_with(
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
    cwd: Option<&Path>,
) -> Option<String> {
    if let Some(name) = TASK_ENV_VARS.iter().find(|name| env(name).is_some()) {
        return Some(format!("{name} is set"));
    }
    let mut dir = cwd;
    while let Some(current) = dir {
        let marker = current.join(TASK_MARKER);
        if marker.exists() {
            return Some(format!("{} exists", marker.display()));
        }
        dir = current.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_variable_marks_a_task_context() {
        let env = |name: &str| (name == "AGENTRY_AGENT_ID").then(|| "a".into());
        assert_eq!(
            detect_with(env, None).as_deref(),
            Some("AGENTRY_AGENT_ID is set")
        );
    }

    #[test]
    fn a_marker_file_in_a_parent_directory_marks_a_task_context() {
        let root = std::env::temp_dir()
            .join("agentry-cli-tests")
            .join(uuid::Uuid::new_v4().to_string());
        let deep = root.join("work").join("src");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(detect_with(|_| None, Some(&deep)), None);
        std::fs::write(root.join(TASK_MARKER), "").unwrap();
        assert!(detect_with(|_| None, Some(&deep)).is_some());
    }
}
