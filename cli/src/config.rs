//! The local CLI configuration: one JSON file in the user's config directory holding the
//! server, the token, the default workspace and per-machine command overrides. Keys this
//! version does not know are kept as they are, so an older CLI never erases a newer one's.

use crate::error::CliError;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file name inside the config directory.
pub const CONFIG_FILE: &str = "config.json";
/// The key holding `{profile_id: absolute path}` overrides.
pub const OVERRIDES_KEY: &str = "profile_command_overrides";

/// Where the configuration lives: `$AGENTRY_CONFIG_DIR`, else `$XDG_CONFIG_HOME/agentry`,
/// else `~/.config/agentry`.
pub fn config_dir() -> Result<PathBuf, CliError> {
    resolve_dir(|name| std::env::var_os(name).filter(|value| !value.is_empty()))
}

fn resolve_dir(env: impl Fn(&str) -> Option<std::ffi::OsString>) -> Result<PathBuf, CliError> {
    if let Some(dir) = env("AGENTRY_CONFIG_DIR") {
        return Ok(PathBuf::from(dir));
    }
    if let Some(base) = env("XDG_CONFIG_HOME") {
        return Ok(PathBuf::from(base).join("agentry"));
    }
    match env("HOME") {
        Some(home) => Ok(PathBuf::from(home).join(".config").join("agentry")),
        None => Err(CliError::usage(
            "cannot find a config directory: set AGENTRY_CONFIG_DIR or HOME",
        )),
    }
}

/// The configuration file's content, with its location.
#[derive(Clone, Debug)]
pub struct Config {
    path: PathBuf,
    values: Map<String, Value>,
}

impl Config {
    /// Reads `dir/config.json`; a missing file is an empty configuration.
    pub fn load(dir: &Path) -> Result<Config, CliError> {
        let path = dir.join(CONFIG_FILE);
        let values = match std::fs::read(&path) {
            Ok(bytes) => match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::Object(values)) => values,
                _ => {
                    return Err(CliError::usage(format!(
                        "{} is not a JSON object; fix or remove it",
                        path.display()
                    )))
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Map::new(),
            Err(e) => return Err(CliError::io(format!("reading {}", path.display()), e)),
        };
        Ok(Config { path, values })
    }

    /// Writes the file (mode 0600) in a directory created owner-only (0700), atomically: a
    /// crash mid-write leaves the old file, never half a token.
    pub fn save(&self) -> Result<(), CliError> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir)?;
        let mut text = serde_json::to_string_pretty(&self.values)
            .map_err(|e| CliError::io("encoding the configuration", e.into()))?;
        text.push('\n');
        let temp = dir.join(format!(".{CONFIG_FILE}.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut file = private_file(&temp)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            std::fs::rename(&temp, &self.path)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            CliError::io(format!("writing {}", self.path.display()), e)
        })
    }

    /// The file this configuration is read from and saved to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn string(&self, key: &str) -> Option<String> {
        self.values
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
    }

    /// The server's base URL.
    pub fn server(&self) -> Option<String> {
        self.string("server")
    }

    /// The bearer token (`agt_` personal or `agd_` daemon token).
    pub fn token(&self) -> Option<String> {
        self.string("token")
    }

    /// The workspace commands use when `--workspace` is not given.
    pub fn workspace_id(&self) -> Option<String> {
        self.string("workspace_id")
    }

    /// Records a login; a `None` workspace keeps the stored one.
    pub fn set_login(&mut self, server: &str, token: &str, workspace_id: Option<&str>) {
        self.values.insert("server".into(), server.into());
        self.values.insert("token".into(), token.into());
        if let Some(workspace) = workspace_id {
            self.values.insert("workspace_id".into(), workspace.into());
        }
    }

    /// Per-machine command paths by profile id.
    pub fn overrides(&self) -> BTreeMap<String, PathBuf> {
        self.values
            .get(OVERRIDES_KEY)
            .and_then(Value::as_object)
            .map(|map| {
                map.iter()
                    .filter_map(|(id, path)| Some((id.clone(), PathBuf::from(path.as_str()?))))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Sets the override of `profile_id`, keeping every other key and override.
    pub fn set_override(&mut self, profile_id: &str, path: &Path) {
        let entry = self
            .values
            .entry(OVERRIDES_KEY)
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        if let Value::Object(map) = entry {
            map.insert(
                profile_id.to_owned(),
                path.to_string_lossy().into_owned().into(),
            );
        }
    }

    /// Removes the override of `profile_id`; drops the map once empty. Returns whether one was
    /// there.
    pub fn remove_override(&mut self, profile_id: &str) -> bool {
        let Some(Value::Object(map)) = self.values.get_mut(OVERRIDES_KEY) else {
            return false;
        };
        let removed = map.remove(profile_id).is_some();
        if map.is_empty() {
            self.values.remove(OVERRIDES_KEY);
        }
        removed
    }
}

/// Creates `dir` (and parents) and makes it owner-only.
pub fn create_private_dir(dir: &Path) -> Result<(), CliError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::io(format!("creating {}", dir.display()), e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| CliError::io(format!("securing {}", dir.display()), e))?;
    }
    Ok(())
}

/// Creates (truncating) a file only its owner can read.
pub fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn temp_dir() -> PathBuf {
        let dir = std::env::temp_dir()
            .join("agentry-cli-tests")
            .join(uuid::Uuid::new_v4().to_string());
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_config_dir_prefers_the_explicit_variable_then_xdg_then_home() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.into())
            }
        };
        const ALL: [(&str, &str); 3] = [
            ("AGENTRY_CONFIG_DIR", "/a"),
            ("XDG_CONFIG_HOME", "/x"),
            ("HOME", "/h"),
        ];
        assert_eq!(resolve_dir(env(&ALL)).unwrap(), PathBuf::from("/a"));
        assert_eq!(
            resolve_dir(env(&ALL[1..])).unwrap(),
            PathBuf::from("/x/agentry")
        );
        assert_eq!(
            resolve_dir(env(&ALL[2..])).unwrap(),
            PathBuf::from("/h/.config/agentry")
        );
        assert!(resolve_dir(env(&[])).is_err());
    }

    #[test]
    fn saving_keeps_unknown_keys_and_writes_an_owner_only_file() {
        let dir = temp_dir().join("nested");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(CONFIG_FILE), r#"{"future_key": {"x": 1}}"#).unwrap();
        let mut config = Config::load(&dir).unwrap();
        config.set_login("http://s", "agt_secret", Some("ws"));
        config.save().unwrap();

        let again = Config::load(&dir).unwrap();
        assert_eq!(again.server().as_deref(), Some("http://s"));
        assert_eq!(again.token().as_deref(), Some("agt_secret"));
        assert_eq!(again.workspace_id().as_deref(), Some("ws"));
        assert_eq!(again.values["future_key"], serde_json::json!({"x": 1}));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let file = std::fs::metadata(dir.join(CONFIG_FILE)).unwrap();
            assert_eq!(file.permissions().mode() & 0o777, 0o600);
            let folder = std::fs::metadata(&dir).unwrap();
            assert_eq!(folder.permissions().mode() & 0o777, 0o700);
        }
    }

    #[test]
    fn a_login_without_workspace_keeps_the_stored_one() {
        let mut config = Config::load(&temp_dir()).unwrap();
        config.set_login("http://s", "t1", Some("ws"));
        config.set_login("http://s", "t2", None);
        assert_eq!(config.workspace_id().as_deref(), Some("ws"));
        assert_eq!(config.token().as_deref(), Some("t2"));
    }

    #[test]
    fn overrides_are_added_and_removed_without_touching_other_keys() {
        let mut config = Config::load(&temp_dir()).unwrap();
        config.set_login("http://s", "t", None);
        config.set_override("p1", Path::new("/opt/a"));
        config.set_override("p2", Path::new("/opt/b"));
        assert_eq!(config.overrides().len(), 2);

        assert!(config.remove_override("p1"));
        assert!(!config.remove_override("p1"));
        assert_eq!(config.overrides().get("p2"), Some(&PathBuf::from("/opt/b")));
        assert!(config.remove_override("p2"));
        assert!(!config.values.contains_key(OVERRIDES_KEY));
        assert_eq!(config.server().as_deref(), Some("http://s"));
    }

    #[test]
    fn a_file_that_is_not_an_object_is_refused_rather_than_overwritten() {
        let dir = temp_dir();
        std::fs::write(dir.join(CONFIG_FILE), "[1]").unwrap();
        assert!(matches!(Config::load(&dir), Err(CliError::Usage(_))));
    }
}
