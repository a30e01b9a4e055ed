//! The health probes: liveness and readiness, outside `/api`.

use super::endpoint;
use serde_json::Value;

endpoint! {
    /// Liveness: the process answers `{"status": "ok"}`.
    Healthz;
    Get "/healthz", Public, () => 200 Value,
    errors [],
}

endpoint! {
    /// Readiness: `{"status": "ready"}` once the database answers, 503 until then.
    Readyz;
    Get "/readyz", Public, () => 200 Value,
    errors [],
}
