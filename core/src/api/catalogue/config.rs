//! The server's public configuration for the web app.

use super::endpoint;
use crate::api::config::ClientConfig;

endpoint! {
    /// Which optional integrations are on, so the web app shows only what works.
    ShowConfig;
    Get "/api/config", Public, () => 200 ClientConfig,
    errors [],
}
