//! The command line of a run (spec C.9 rule 52): the resolved executable, the profile's fixed
//! arguments (first, so a wrapper sees its own subcommand before anything else), the protocol
//! arguments the daemon owns for the family, then the agent's custom arguments. Never a shell:
//! the list goes to the operating system as it is.

use agentry_core::runtimes::filter_fixed_args;

/// How the daemon talks to a family's CLI: the shape of its output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `claude -p --output-format stream-json`: one JSON event per line.
    ClaudeStream,
    /// `codex exec --json`: one JSON event per line.
    CodexJson,
    /// Anything else: the prompt on stdin, each output line a text message.
    PlainText,
}

impl Protocol {
    /// The protocol spoken by `family`.
    pub fn of(family: &str) -> Protocol {
        match family {
            "claude" => Protocol::ClaudeStream,
            "codex" => Protocol::CodexJson,
            _ => Protocol::PlainText,
        }
    }
}

/// What varies per run in the protocol arguments.
#[derive(Clone, Debug, Default)]
pub struct RunOptions<'a> {
    /// The agent's model, if it pins one.
    pub model: Option<&'a str>,
    /// A provider session to resume.
    pub resume: Option<&'a str>,
    /// Arguments delivering the MCP configuration (see `mcp`).
    pub mcp_args: &'a [String],
}

/// The arguments the daemon owns for `protocol`. The prompt always goes on stdin, so it never
/// shows in a process listing and no length limit of the command line applies.
pub fn protocol_args(protocol: Protocol, options: &RunOptions<'_>) -> Vec<String> {
    let mut args: Vec<String> = Vec::new();
    let mut push = |items: &[&str]| args.extend(items.iter().map(|s| (*s).to_owned()));
    match protocol {
        Protocol::ClaudeStream => {
            push(&[
                "-p",
                "--output-format",
                "stream-json",
                "--verbose",
                "--permission-mode",
                "bypassPermissions",
            ]);
            if let Some(model) = options.model {
                push(&["--model", model]);
            }
            if let Some(session) = options.resume {
                push(&["--resume", session]);
            }
        }
        Protocol::CodexJson => {
            push(&["exec", "--json", "--full-auto", "--skip-git-repo-check"]);
            if let Some(model) = options.model {
                push(&["--model", model]);
            }
        }
        Protocol::PlainText => {}
    }
    args.extend(options.mcp_args.iter().cloned());
    args
}

/// The full argument list after the executable. The agent's custom arguments go through the
/// same family filter as the profile's fixed ones: a `--mcp-config` or `--output-format` of
/// theirs would escape the managed MCP set or break the parser.
pub fn build_args(
    family: &str,
    fixed_args: &[String],
    protocol: &[String],
    custom_args: &[String],
) -> Vec<String> {
    let mut args = filter_fixed_args(family, fixed_args);
    args.extend(protocol.iter().cloned());
    args.extend(filter_fixed_args(family, custom_args));
    if Protocol::of(family) == Protocol::CodexJson {
        // Last of all, after the agent's own flags: read the prompt from stdin.
        args.push("-".to_owned());
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn fixed_args_come_first_then_the_protocol_then_the_agents_own() {
        let mcp = strings(&["--mcp-config", "/tmp/m.json", "--strict-mcp-config"]);
        let protocol = protocol_args(
            Protocol::ClaudeStream,
            &RunOptions {
                model: Some("opus"),
                resume: Some("s1"),
                mcp_args: &mcp,
            },
        );
        let args = build_args(
            "claude",
            &strings(&["start", "q36"]),
            &protocol,
            &strings(&["--add-dir", "/src", "--mcp-config", "/evil.json"]),
        );
        assert_eq!(
            args,
            strings(&[
                "start",
                "q36",
                "-p",
                "--output-format",
                "stream-json",
                "--verbose",
                "--permission-mode",
                "bypassPermissions",
                "--model",
                "opus",
                "--resume",
                "s1",
                "--mcp-config",
                "/tmp/m.json",
                "--strict-mcp-config",
                "--add-dir",
                "/src",
            ])
        );
    }

    #[test]
    fn codex_reads_its_prompt_from_stdin_after_every_flag() {
        let protocol = protocol_args(Protocol::CodexJson, &RunOptions::default());
        let args = build_args("codex", &[], &protocol, &strings(&["--add-dir", "/src"]));
        assert_eq!(
            args,
            strings(&[
                "exec",
                "--json",
                "--full-auto",
                "--skip-git-repo-check",
                "--add-dir",
                "/src",
                "-"
            ])
        );
        assert!(protocol_args(Protocol::PlainText, &RunOptions::default()).is_empty());
    }
}
