//! Whether connected apps are on, and with what: on only when a Composio API key is set; the
//! connect state's signing secret comes from the configuration or is generated into the data
//! folder; people come back to the callback base (the public URL unless set).

use crate::config::{Config, Secret};
use crate::secrets;

/// The integration's settings, present only when it is on.
#[derive(Clone, Debug)]
pub struct ComposioSettings {
    /// The project API key (never logged: `Secret` hides it).
    pub api_key: Secret,
    /// The API origin, without a trailing slash.
    pub base_url: String,
    /// Signs the connect state.
    pub state_secret: Secret,
    /// Where Composio sends people back, without a trailing slash.
    pub callback_base: String,
    /// How long one request may take.
    pub timeout: std::time::Duration,
}

impl ComposioSettings {
    /// The settings when a key is configured; `None` (the integration is off) otherwise, or
    /// when the state secret can neither be read nor created (logged: failing closed).
    pub fn from_config(config: &Config) -> Option<ComposioSettings> {
        let api_key = config
            .composio_api_key
            .clone()
            .filter(|key| !key.expose().is_empty())?;
        let state_secret = match config
            .composio_state_secret
            .clone()
            .filter(|s| !s.expose().is_empty())
        {
            Some(secret) => secret,
            None => match secrets::load_or_create_named(&config.data_dir, "composio-state.key") {
                Ok(secret) => Secret::from(secret),
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), "no Composio state secret: connected apps are off");
                    return None;
                }
            },
        };
        let callback_base = config
            .composio_callback_base_url
            .as_deref()
            .map(str::trim)
            .filter(|url| !url.is_empty())
            .map_or_else(
                || config.public_url(),
                |url| url.trim_end_matches('/').to_owned(),
            );
        Some(ComposioSettings {
            api_key,
            base_url: config
                .composio_base_url
                .trim()
                .trim_end_matches('/')
                .to_owned(),
            state_secret,
            callback_base,
            timeout: std::time::Duration::from_millis(config.composio_timeout_ms.max(1)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn config(args: &[&str], data_dir: &std::path::Path) -> Config {
        let mut config = Config::parse_from(std::iter::once("agentry").chain(args.iter().copied()));
        config.data_dir = data_dir.to_path_buf();
        config
    }

    fn temp_dir() -> std::path::PathBuf {
        std::env::temp_dir().join(format!("agentry-composio-{}", uuid::Uuid::new_v4()))
    }

    #[test]
    fn without_a_key_the_integration_is_off() {
        let dir = temp_dir();
        assert!(
            ComposioSettings::from_config(&config(&["--composio-api-key", " "], &dir)).is_none()
        );
        assert!(
            !dir.join("composio-state.key").exists(),
            "nothing is generated while off"
        );
    }

    #[test]
    fn with_a_key_the_state_secret_is_generated_once_and_the_callback_defaults_to_the_public_url() {
        let dir = temp_dir();
        let args = [
            "--composio-api-key",
            "ck_test",
            "--public-url",
            "https://agentry.example/",
        ];
        let first = ComposioSettings::from_config(&config(&args, &dir)).unwrap();
        let again = ComposioSettings::from_config(&config(&args, &dir)).unwrap();
        assert_eq!(first.state_secret, again.state_secret);
        assert_eq!(first.callback_base, "https://agentry.example");
        assert_eq!(first.base_url, "https://backend.composio.dev");
        assert!(
            !format!("{first:?}").contains("ck_test"),
            "the key never shows in Debug"
        );
    }
}
