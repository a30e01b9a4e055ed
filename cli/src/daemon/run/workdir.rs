//! Where a run works and what the daemon writes there (spec E.2, F.2, F.6): by default a fresh
//! `{root}/{workspace}/{task}/workdir` (a resumed conversation reuses its earlier workdir, since
//! a provider keys its sessions by directory); in local-directory mode the user's own
//! directory, where everything written is undone afterwards — the brief's marker block removed
//! byte-exact with core's `remove_block`, files and directories we created deleted.

use super::mcp::write_private;
use agentry_core::api::tasks::ClaimedTask;
use agentry_core::brief::{apply_block, brief_file_name, remove_block, Cleanup};
use std::path::{Path, PathBuf};

/// A task's place on disk.
#[derive(Debug)]
pub struct Workdir {
    /// The task's private directory (per-task homes, never the user's).
    pub task_root: PathBuf,
    /// Where the agent runs.
    pub dir: PathBuf,
    /// Whether `dir` is the user's own directory (everything is undone afterwards).
    pub local: bool,
    written: Vec<Written>,
}

#[derive(Debug)]
enum Written {
    /// A file holding our brief block.
    Brief(PathBuf),
    /// A file or directory that did not exist before.
    Created(PathBuf),
}

/// The file at a workdir's root marking it as a task's (the CLI then refuses the owner's token).
pub const TASK_MARKER: &str = crate::commands::task_context::TASK_MARKER;
/// The human-readable context of the task.
pub const CONTEXT_FILE: &str = ".agent_context/issue_context.md";

impl Workdir {
    /// Prepares the directories: `local` when given, else a directory under `root`.
    pub fn prepare(
        root: &Path,
        local: Option<&Path>,
        task: &ClaimedTask,
    ) -> std::io::Result<Workdir> {
        let task_root = root
            .join(task.workspace_id.to_string())
            .join(task.id.to_string());
        super::mcp::create_private_dir(&task_root)?;
        if let Some(dir) = local {
            return Ok(Workdir {
                task_root,
                dir: dir.to_path_buf(),
                local: true,
                written: Vec::new(),
            });
        }
        // A resumed conversation goes back to its directory, if it is one of ours and still there.
        let prior = task
            .prior_work_dir
            .as_deref()
            .map(PathBuf::from)
            .filter(|dir| dir.starts_with(root) && dir.is_dir());
        let dir = match prior {
            Some(dir) => dir,
            None => {
                let dir = task_root.join("workdir");
                std::fs::create_dir_all(&dir)?;
                dir
            }
        };
        Ok(Workdir {
            task_root,
            dir,
            local: false,
            written: Vec::new(),
        })
    }

    /// Writes `brief` into the family's file with the marker-block contract; `false` for a
    /// family with no file (the brief then rides in the prompt).
    pub fn write_brief(&mut self, family: &str, brief: &str) -> std::io::Result<bool> {
        let Some(name) = brief_file_name(family) else {
            return Ok(false);
        };
        let path = self.dir.join(name);
        let existing = match std::fs::read(&path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        std::fs::write(&path, apply_block(existing.as_deref(), brief))?;
        self.written.push(Written::Brief(path));
        Ok(true)
    }

    /// Writes a file (creating its parent directories) unless one is already there: a user's
    /// file is never overwritten. Returns whether it was written.
    pub fn write_new(&mut self, relative: &str, bytes: &[u8]) -> std::io::Result<bool> {
        let path = self.dir.join(relative);
        if path.exists() {
            return Ok(false);
        }
        // Remember the outermost directory we create, so cleanup removes exactly that.
        let mut first_created = None;
        let mut dir = path.parent();
        while let Some(current) = dir {
            if current.exists() || current == self.dir {
                break;
            }
            first_created = Some(current.to_path_buf());
            dir = current.parent();
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        write_private(&path, bytes)?;
        self.written
            .push(Written::Created(first_created.unwrap_or(path)));
        Ok(true)
    }

    /// Undoes what was written, in local-directory mode; a workdir of our own is kept (a later
    /// run may resume in it). Failures are logged, never fatal.
    pub fn cleanup(self) {
        if !self.local {
            return;
        }
        for written in self.written.into_iter().rev() {
            let outcome = match &written {
                Written::Brief(path) => match std::fs::read(path) {
                    Ok(bytes) => match remove_block(&bytes) {
                        Cleanup::Keep => Ok(()),
                        Cleanup::Write(bytes) => std::fs::write(path, bytes),
                        Cleanup::Delete => std::fs::remove_file(path),
                    },
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                    Err(e) => Err(e),
                },
                Written::Created(path) if path.is_dir() => std::fs::remove_dir_all(path),
                Written::Created(path) => std::fs::remove_file(path),
            };
            if let Err(e) = outcome {
                tracing::warn!(error = %e, ?written, "cannot undo a file written for the task");
            }
        }
    }
}

/// The marker file's content: what a tool needs to know it runs inside this task.
pub fn task_marker(task: &ClaimedTask) -> Vec<u8> {
    let marker = serde_json::json!({
        "managed_by": "agentry-daemon-task",
        "task_id": task.id,
        "agent_id": task.agent_id,
        "issue_id": task.issue_id,
        "chat_session_id": task.chat_session_id,
    });
    let mut bytes = serde_json::to_vec_pretty(&marker).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The task context for people and agents to read, when the task carries any.
pub fn context_note(task: &ClaimedTask) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(summary) = task
        .trigger_summary
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        parts.push(format!("## What triggered this run\n\n{summary}\n"));
    }
    if let Some(note) = task
        .handoff_note
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        parts.push(format!("## Handoff note\n\n{note}\n"));
    }
    (!parts.is_empty()).then(|| format!("# Task context\n\n{}", parts.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::resolve::tests::temp_dir;

    fn local(dir: &Path) -> Workdir {
        Workdir {
            task_root: temp_dir(),
            dir: dir.to_path_buf(),
            local: true,
            written: Vec::new(),
        }
    }

    fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.push((path.clone(), Vec::new()));
                out.extend(snapshot(&path));
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path, bytes));
            }
        }
        out.sort();
        out
    }

    #[test]
    fn local_mode_cleanup_restores_every_shape_of_brief_file_and_removes_only_what_it_made() {
        for original in [
            None,
            Some(""),
            Some("  \n\t"),
            Some("no newline"),
            Some("x\n\n\n\n"),
        ] {
            let repo = temp_dir();
            std::fs::create_dir(repo.join(".agent_context")).unwrap();
            std::fs::write(repo.join(".agent_context/notes.md"), "mine").unwrap();
            if let Some(text) = original {
                std::fs::write(repo.join("AGENTS.md"), text).unwrap();
            }
            let before = snapshot(&repo);
            let mut workdir = local(&repo);
            assert!(workdir.write_brief("codex", "# Brief\n").unwrap());
            assert!(workdir.write_new(TASK_MARKER, b"{}").unwrap());
            assert!(workdir.write_new(CONTEXT_FILE, b"ctx").unwrap());
            assert!(workdir
                .write_new(".agent_context/deep/er/file", b"x")
                .unwrap());
            // A user's file is never overwritten.
            assert!(!workdir
                .write_new(".agent_context/notes.md", b"ours")
                .unwrap());
            workdir.cleanup();
            assert_eq!(snapshot(&repo), before, "original {original:?}");
        }
    }

    #[test]
    fn a_workdir_of_our_own_is_kept_for_a_later_resume() {
        let dir = temp_dir();
        let mut workdir = Workdir {
            local: false,
            ..local(&dir)
        };
        workdir.write_brief("claude", "# Brief\n").unwrap();
        workdir.cleanup();
        assert!(dir.join("CLAUDE.md").exists());
    }
}
