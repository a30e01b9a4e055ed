//! Secrets generated on first start and kept in the data folder (mode 0600), so a zero-config
//! install is secure without anyone choosing a key.

use anyhow::Context;
use rand::RngCore;
use std::io::Write;
use std::path::Path;

/// The server's master key: 32 random bytes. Reserved for sealing secrets at rest (agent MCP
/// configurations, connected-app credentials) as those features land.
#[derive(Clone)]
pub struct MasterKey(pub [u8; 32]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

/// Reads `secret.key` from `data_dir`, creating it (and the folder) on first start.
pub fn load_or_create(data_dir: &Path) -> anyhow::Result<MasterKey> {
    let text = load_or_create_named(data_dir, "secret.key")?;
    let bytes = hex::decode(text.trim()).context("secret.key is not hex")?;
    let key: [u8; 32] = bytes
        .try_into()
        .map_err(|_| anyhow::anyhow!("secret.key must hold 32 bytes"))?;
    Ok(MasterKey(key))
}

/// Reads the secret file `name` from `data_dir` (trimmed), or creates it, and the folder, with
/// 32 random bytes in hex, owner-only. Never logs the secret, only that a file was made.
pub fn load_or_create_named(data_dir: &Path, name: &str) -> anyhow::Result<String> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating data folder {}", data_dir.display()))?;
    let path = data_dir.join(name);
    if let Ok(text) = std::fs::read_to_string(&path) {
        return Ok(text.trim().to_owned());
    }
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(&path)
        .with_context(|| format!("creating {}", path.display()))?;
    let text = hex::encode(key);
    file.write_all(text.as_bytes())?;
    tracing::info!(path = %path.display(), "generated a new secret");
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_and_its_folder_are_created_once_owner_only_and_then_reused() {
        let dir = std::env::temp_dir().join(format!("agentry-secret-{}", uuid::Uuid::new_v4()));
        let first = load_or_create(&dir).unwrap();
        let second = load_or_create(&dir).unwrap();
        assert_eq!(first.0, second.0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("secret.key"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
