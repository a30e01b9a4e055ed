//! The MCP configuration a run gets (spec F.7). The agent's `mcp_config` has three states:
//! absent or `null` → the CLI keeps its own MCP setup (no file, no strict flag); any object
//! (even `{}`) → a managed set, delivered the family's way: claude a private temp file with
//! `--mcp-config` and `--strict-mcp-config`, qwen the file without strict, codex a per-task
//! `CODEX_HOME/config.toml`, cursor `.cursor/mcp.json` in the workdir, opencode an environment
//! variable. Families without MCP support get nothing.

use serde_json::{json, Map, Value};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What the agent asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum McpSet {
    /// Use the CLI's own configuration.
    Inherit,
    /// Exactly these servers, by name.
    Managed(Map<String, Value>),
}

impl McpSet {
    /// Reads the claim payload's raw JSON. An object with `mcpServers` names them there; any
    /// other object is taken as the servers map itself. Unreadable text inherits (and is logged
    /// by the caller): a broken config must not give the run servers nobody chose.
    pub fn parse(raw: Option<&str>) -> McpSet {
        let Some(value) = raw.and_then(|raw| serde_json::from_str::<Value>(raw).ok()) else {
            return McpSet::Inherit;
        };
        match value {
            Value::Object(mut object) => match object.remove("mcpServers") {
                Some(Value::Object(servers)) => McpSet::Managed(servers),
                Some(_) => McpSet::Managed(Map::new()),
                None => McpSet::Managed(object),
            },
            _ => McpSet::Inherit,
        }
    }
}

/// How the set reaches the process.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    /// Arguments among the protocol's own.
    pub args: Vec<String>,
    /// Variables added to the environment.
    pub env: Vec<(String, String)>,
    /// Files and directories to remove after the run (temp files, files written into a
    /// user's directory).
    pub cleanup: Vec<PathBuf>,
}

/// Where a family's delivery may write.
#[derive(Clone, Debug)]
pub struct Places<'a> {
    /// The task's private directory (outside the workdir), for per-task homes.
    pub task_root: &'a Path,
    /// The workdir.
    pub workdir: &'a Path,
    /// The user's own codex home, whose credentials and settings a per-task home starts from.
    pub codex_home: Option<PathBuf>,
}

/// Writes what `family` needs for `set`.
pub fn deliver(family: &str, set: &McpSet, places: &Places<'_>) -> std::io::Result<Delivery> {
    let mut delivery = Delivery::default();
    if family == "codex" {
        // Codex always gets its own home, so a managed set can replace the user's servers
        // without touching the user's file.
        let home = places.task_root.join("codex-home");
        write_codex_home(&home, places.codex_home.as_deref(), set)?;
        delivery
            .env
            .push(("CODEX_HOME".to_owned(), home.to_string_lossy().into_owned()));
        return Ok(delivery);
    }
    let McpSet::Managed(servers) = set else {
        return Ok(delivery);
    };
    let document = json!({ "mcpServers": servers });
    match family {
        "claude" | "qwen" => {
            let dir = std::env::temp_dir().join(format!("agentry-mcp-{}", uuid::Uuid::new_v4()));
            create_private_dir(&dir)?;
            let file = dir.join("mcp-config.json");
            write_private(&file, document.to_string().as_bytes())?;
            delivery.args.push("--mcp-config".to_owned());
            delivery.args.push(file.to_string_lossy().into_owned());
            if family == "claude" {
                delivery.args.push("--strict-mcp-config".to_owned());
            }
            delivery.cleanup.push(dir);
        }
        "cursor" => {
            let dir = places.workdir.join(".cursor");
            let file = dir.join("mcp.json");
            if file.exists() {
                // Never overwrite a user's file (spec F.7).
                tracing::warn!(path = %file.display(), "a user MCP file exists; the agent's MCP servers are not delivered");
            } else {
                let created_dir = !dir.exists();
                std::fs::create_dir_all(&dir)?;
                write_private(&file, document.to_string().as_bytes())?;
                delivery.cleanup.push(if created_dir { dir } else { file });
            }
        }
        "opencode" => {
            let mcp: Map<String, Value> = servers
                .iter()
                .map(|(name, server)| (name.clone(), opencode_server(server)))
                .collect();
            delivery.env.push((
                "OPENCODE_CONFIG_CONTENT".to_owned(),
                json!({ "mcp": mcp }).to_string(),
            ));
        }
        _ => {
            tracing::info!(family, "this family gets no managed MCP configuration");
        }
    }
    Ok(delivery)
}

/// One server in opencode's shape: local commands as an argv list, remote ones by URL.
fn opencode_server(server: &Value) -> Value {
    if let Some(url) = server["url"].as_str() {
        return json!({"type": "remote", "url": url, "headers": server["headers"].clone()});
    }
    let mut command = vec![server["command"].clone()];
    command.extend(server["args"].as_array().cloned().unwrap_or_default());
    json!({"type": "local", "command": command, "environment": server["env"].clone()})
}

/// A per-task codex home: the user's credentials linked in, the user's settings copied
/// without their `mcp_servers` tables when the set is managed, then ours.
fn write_codex_home(home: &Path, user_home: Option<&Path>, set: &McpSet) -> std::io::Result<()> {
    create_private_dir(home)?;
    let user_config = user_home
        .map(|dir| std::fs::read_to_string(dir.join("config.toml")).unwrap_or_default())
        .unwrap_or_default();
    if let Some(dir) = user_home {
        let auth = dir.join("auth.json");
        let target = home.join("auth.json");
        if auth.exists() && !target.exists() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(&auth, &target)?;
        }
    }
    let config = match set {
        McpSet::Inherit => user_config,
        McpSet::Managed(servers) => {
            let mut text = strip_mcp_tables(&user_config);
            text.push_str(&codex_mcp_tables(servers));
            text
        }
    };
    write_private(&home.join("config.toml"), config.as_bytes())
}

/// `config` without any `[mcp_servers…]` table (headers and their keys), line by line.
pub fn strip_mcp_tables(config: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in config.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            let name = trimmed.trim_start_matches('[').trim_start();
            skipping = name.starts_with("mcp_servers") || name.starts_with("\"mcp_servers\"");
        } else if !skipping && trimmed.starts_with("mcp_servers") {
            // An inline `mcp_servers = {…}` at the top level.
            continue;
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// `[mcp_servers."name"]` tables for codex, one per server.
pub fn codex_mcp_tables(servers: &Map<String, Value>) -> String {
    let mut out = String::new();
    for (name, server) in servers {
        out.push_str(&format!("\n[mcp_servers.{}]\n", toml_string(name)));
        if let Value::Object(fields) = server {
            for (key, value) in fields {
                if let Some(text) = toml_value(value) {
                    out.push_str(&format!("{} = {text}\n", toml_string(key)));
                }
            }
        }
    }
    out
}

/// A TOML basic string: JSON's escaping is valid TOML.
fn toml_string(text: &str) -> String {
    Value::String(text.to_owned()).to_string()
}

fn toml_value(value: &Value) -> Option<String> {
    Some(match value {
        Value::String(s) => toml_string(s),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .filter_map(toml_value)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Object(map) => format!(
            "{{ {} }}",
            map.iter()
                .filter_map(|(k, v)| Some(format!("{} = {}", toml_string(k), toml_value(v)?)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Null => return None,
    })
}

/// A directory only the daemon's user may enter.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Writes `bytes` to a file only the daemon's user may read (0600 from its creation).
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::resolve::tests::temp_dir;

    #[test]
    fn null_or_absent_inherits_and_any_object_is_managed() {
        assert_eq!(McpSet::parse(None), McpSet::Inherit);
        assert_eq!(McpSet::parse(Some("null")), McpSet::Inherit);
        assert_eq!(McpSet::parse(Some("{}")), McpSet::Managed(Map::new()));
        assert_eq!(
            McpSet::parse(Some(r#"{"mcpServers":{}}"#)),
            McpSet::Managed(Map::new())
        );
        let McpSet::Managed(servers) =
            McpSet::parse(Some(r#"{"mcpServers":{"fs":{"command":"mcp-fs"}}}"#))
        else {
            panic!("managed");
        };
        assert_eq!(servers["fs"]["command"], "mcp-fs");
    }

    #[test]
    fn claude_gets_a_private_file_and_the_strict_flag() {
        let root = temp_dir();
        let set = McpSet::parse(Some(r#"{"mcpServers":{"fs":{"command":"mcp-fs"}}}"#));
        let places = Places {
            task_root: &root,
            workdir: &root,
            codex_home: None,
        };
        let delivery = deliver("claude", &set, &places).unwrap();
        assert_eq!(delivery.args[0], "--mcp-config");
        assert_eq!(delivery.args[2], "--strict-mcp-config");
        let file = PathBuf::from(&delivery.args[1]);
        let written: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        assert_eq!(written["mcpServers"]["fs"]["command"], "mcp-fs");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let inherit = deliver("claude", &McpSet::Inherit, &places).unwrap();
        assert_eq!(inherit, Delivery::default());
        std::fs::remove_dir_all(&delivery.cleanup[0]).unwrap();
    }

    #[test]
    fn codex_gets_its_own_home_without_the_users_servers() {
        let root = temp_dir();
        let user = temp_dir();
        std::fs::write(
            user.join("config.toml"),
            "model = \"o3\"\n[mcp_servers.old]\ncommand = \"x\"\n[profiles.a]\nk = 1\n",
        )
        .unwrap();
        let set = McpSet::parse(Some(
            r#"{"mcpServers":{"fs":{"command":"mcp-fs","args":["-v"],"env":{"A":"b"}}}}"#,
        ));
        let places = Places {
            task_root: &root,
            workdir: &root,
            codex_home: Some(user),
        };
        let delivery = deliver("codex", &set, &places).unwrap();
        let home = PathBuf::from(&delivery.env[0].1);
        let config = std::fs::read_to_string(home.join("config.toml")).unwrap();
        assert_eq!(
            config,
            "model = \"o3\"\n[profiles.a]\nk = 1\n\n[mcp_servers.\"fs\"]\n\"args\" = [\"-v\"]\n\"command\" = \"mcp-fs\"\n\"env\" = { \"A\" = \"b\" }\n"
        );
    }
}
