//! The protocol-family whitelist: the one list of agent CLI protocols Agentry can drive. API
//! validation, the daemon's built-in detection and the CLI's flag checks all read it.

/// A protocol family and the command of its vendor CLI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Family {
    /// Wire name, stored as `provider` / `protocol_family`.
    pub name: &'static str,
    /// The vendor CLI a daemon looks for on PATH to offer the built-in runtime.
    pub command: &'static str,
    /// A human name for pickers.
    pub label: &'static str,
}

/// Supported families, in display order. Removing one later keeps old rows readable (the
/// database column is free text) while new profile writes naming it are refused.
pub const FAMILIES: &[Family] = &[
    Family {
        name: "claude",
        command: "claude",
        label: "Claude Code",
    },
    Family {
        name: "codex",
        command: "codex",
        label: "Codex",
    },
    Family {
        name: "opencode",
        command: "opencode",
        label: "OpenCode",
    },
    Family {
        name: "copilot",
        command: "copilot",
        label: "GitHub Copilot CLI",
    },
    Family {
        name: "cursor",
        command: "cursor-agent",
        label: "Cursor Agent",
    },
    Family {
        name: "qwen",
        command: "qwen",
        label: "Qwen Code",
    },
    Family {
        name: "kimi",
        command: "kimi",
        label: "Kimi CLI",
    },
    Family {
        name: "hermes",
        command: "hermes",
        label: "Hermes",
    },
];

/// Exact, case-sensitive membership in [`FAMILIES`].
pub fn is_supported_family(name: &str) -> bool {
    family(name).is_some()
}

/// The family called `name`, if supported.
pub fn family(name: &str) -> Option<&'static Family> {
    FAMILIES.iter().find(|family| family.name == name)
}

/// The families a daemon probes for built-in runtimes (all of them).
pub fn builtin_families() -> impl Iterator<Item = &'static Family> {
    FAMILIES.iter()
}

/// The whitelist as one comma-separated string, for error messages.
pub fn family_list() -> String {
    FAMILIES
        .iter()
        .map(|family| family.name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership_is_exact_and_case_sensitive() {
        assert!(is_supported_family("claude"));
        assert!(is_supported_family("codex"));
        assert!(!is_supported_family("Claude"));
        assert!(!is_supported_family(" claude"));
        assert!(!is_supported_family("gemini"));
        assert!(!is_supported_family(""));
    }

    #[test]
    fn family_names_are_unique_and_listed_in_order() {
        let mut names: Vec<_> = FAMILIES.iter().map(|f| f.name).collect();
        assert!(family_list().starts_with("claude, codex"));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FAMILIES.len());
    }
}
