//! Which of a profile's fixed arguments reach the process (spec C.9 rules 52–55): the backend
//! owns its protocol flags, so a prefix may not set them. Positional tokens (a wrapper's
//! subcommand such as `ccms start q36`) always pass. The daemon applies the same filter to
//! launches and to `--version` probes, so a probe describes the wrapped CLI as launched.

/// A flag a family's backend sets itself.
struct Blocked {
    /// Its spelling, e.g. `--output-format`.
    name: &'static str,
    /// Whether it takes a value, so a separate value token goes with it.
    takes_value: bool,
}

const fn flag(name: &'static str) -> Blocked {
    Blocked {
        name,
        takes_value: false,
    }
}

const fn with_value(name: &'static str) -> Blocked {
    Blocked {
        name,
        takes_value: true,
    }
}

const CLAUDE: &[Blocked] = &[
    flag("-p"),
    with_value("--output-format"),
    with_value("--input-format"),
    with_value("--permission-mode"),
    with_value("--mcp-config"),
    with_value("--effort"),
];

const CODEX: &[Blocked] = &[with_value("--listen")];

/// Codex's config override flags; an override of `mcp_servers…` is stripped, since the backend
/// supplies the MCP servers itself.
const CODEX_CONFIG_FLAGS: [&str; 2] = ["-c", "--config"];
const CODEX_MCP_KEY: &str = "mcp_servers";

fn blocked_flags(family: &str) -> &'static [Blocked] {
    match family {
        "claude" => CLAUDE,
        "codex" => CODEX,
        _ => &[],
    }
}

/// A positional token: not starting with `-`, or exactly `-` or `--`.
fn is_positional(token: &str) -> bool {
    !token.starts_with('-') || token == "-" || token == "--"
}

/// What one flag token means for the filter.
enum Verdict {
    Keep,
    /// Drop it; `true` when the next positional token is its value and goes too.
    Drop(bool),
}

fn verdict(family: &str, token: &str, next: Option<&str>) -> Verdict {
    let (name, inline) = match token.split_once('=') {
        Some((name, value)) => (name, Some(value)),
        None => (token, None),
    };
    if let Some(blocked) = blocked_flags(family).iter().find(|b| b.name == name) {
        return Verdict::Drop(blocked.takes_value && inline.is_none());
    }
    if family == "codex" && CODEX_CONFIG_FLAGS.contains(&name) {
        let value = inline.or(next.filter(|next| is_positional(next)));
        if value.is_some_and(|value| value.trim().starts_with(CODEX_MCP_KEY)) {
            return Verdict::Drop(inline.is_none());
        }
    }
    Verdict::Keep
}

/// `args` without the flags `family`'s backend owns (each with its separate value token when it
/// takes one and no inline `=value` was given), in order. Families without a blocked list keep
/// everything.
pub fn filter_fixed_args(family: &str, args: &[String]) -> Vec<String> {
    let mut kept = Vec::with_capacity(args.len());
    let mut tokens = args.iter().peekable();
    while let Some(arg) = tokens.next() {
        let token = arg.trim();
        if is_positional(token) {
            kept.push(arg.clone());
            continue;
        }
        let next = tokens.peek().map(|next| next.trim());
        match verdict(family, token, next) {
            Verdict::Keep => kept.push(arg.clone()),
            Verdict::Drop(with_value) => {
                if with_value && next.is_some_and(is_positional) && next != Some("--") {
                    tokens.next();
                }
            }
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filtered(family: &str, args: &[&str]) -> Vec<String> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        filter_fixed_args(family, &args)
    }

    #[test]
    fn the_filter_follows_the_spec_table() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            // A wrapper's subcommand is positional and always passes.
            ("claude", &["start", "q36"], &["start", "q36"]),
            // A blocked flag goes with its separate value, an inline value goes alone.
            ("claude", &["--output-format", "text"], &[]),
            ("claude", &["--output-format=text", "run"], &["run"]),
            ("claude", &["-p", "start"], &["start"]),
            (
                "claude",
                &["--model", "opus", "--permission-mode", "plan", "x"],
                &["--model", "opus", "x"],
            ),
            ("claude", &["--effort", "--verbose"], &["--verbose"]),
            ("claude", &["--mcp-config", "--", "a"], &["--", "a"]),
            ("claude", &["-", "--"], &["-", "--"]),
            // Positional tokens pass even when they name a backend subcommand.
            ("hermes", &["acp"], &["acp"]),
            // Families without a blocked list keep everything.
            (
                "hermes",
                &["--output-format", "text"],
                &["--output-format", "text"],
            ),
            ("codex", &["--listen", "ws://x", "exec"], &["exec"]),
            (
                "codex",
                &["-c", "mcp_servers.a.command=x", "-c", "model=o3"],
                &["-c", "model=o3"],
            ),
            ("codex", &["--config=mcp_servers.a={}", "run"], &["run"]),
            (
                "codex",
                &["--output-format", "text"],
                &["--output-format", "text"],
            ),
            // Classification ignores surrounding whitespace; kept tokens stay as given.
            ("claude", &[" --output-format ", " text", " go "], &[" go "]),
        ];
        for (family, args, expected) in cases {
            assert_eq!(filtered(family, args), *expected, "{family} {args:?}");
        }
    }
}
