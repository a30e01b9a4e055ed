//! Who this machine is to the server: a daemon id chosen once and kept in the config directory,
//! and the device name people see (the host name).

use crate::config::{create_private_dir, private_file};
use crate::error::CliError;
use std::io::Write;
use std::path::Path;

/// The file holding the daemon id, beside the config file.
pub const DAEMON_ID_FILE: &str = "daemon_id";

/// The machine's identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// Persistent UUID, stable across restarts.
    pub daemon_id: String,
    /// The host name.
    pub device_name: String,
}

impl Identity {
    /// Reads (or creates) the daemon id in `config_dir` and looks up the host name.
    pub fn load(config_dir: &Path) -> Result<Identity, CliError> {
        Ok(Identity {
            daemon_id: daemon_id(config_dir)?,
            device_name: device_name(),
        })
    }
}

/// The stored daemon id, or a new one saved for next time.
pub fn daemon_id(config_dir: &Path) -> Result<String, CliError> {
    let path = config_dir.join(DAEMON_ID_FILE);
    if let Ok(text) = std::fs::read_to_string(&path) {
        if let Ok(id) = uuid::Uuid::parse_str(text.trim()) {
            return Ok(id.to_string());
        }
        tracing::warn!(path = %path.display(), "the stored daemon id is not a UUID; choosing a new one");
    }
    let id = uuid::Uuid::new_v4().to_string();
    create_private_dir(config_dir)?;
    private_file(&path)
        .and_then(|mut file| file.write_all(format!("{id}\n").as_bytes()))
        .map_err(|e| CliError::io(format!("writing {}", path.display()), e))?;
    Ok(id)
}

/// The host name, from the kernel, the hosts file or the `hostname` command.
pub fn device_name() -> String {
    let from_file = |path: &str| std::fs::read_to_string(path).ok();
    let from_command = || {
        std::process::Command::new("hostname")
            .output()
            .ok()
            .filter(|output| output.status.success())
            .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
    };
    from_file("/proc/sys/kernel/hostname")
        .or_else(|| from_file("/etc/hostname"))
        .or_else(from_command)
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "unknown-host".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_daemon_id_survives_a_restart() {
        let dir = crate::daemon::resolve::tests::temp_dir().join("cfg");
        let first = daemon_id(&dir).unwrap();
        assert_eq!(daemon_id(&dir).unwrap(), first);
        assert!(uuid::Uuid::parse_str(&first).is_ok());
    }

    #[test]
    fn the_device_has_a_name() {
        assert!(!device_name().is_empty());
    }
}
