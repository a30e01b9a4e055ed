//! Merging a task's MCP overlay (the connected apps' servers, built when the task is queued)
//! into the agent's own MCP configuration, when a daemon claims the task. A bad overlay never
//! costs the agent its own configuration: every failure returns the agent's text untouched,
//! with the reason for the caller to log.

use serde_json::{Map, Value};
use std::borrow::Cow;

/// Why a merge fell back to the agent's configuration as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OverlayError {
    /// The agent's configuration is not a JSON object.
    #[error("the agent's MCP configuration is not a JSON object")]
    MalformedAgent,
    /// The overlay is not a JSON object.
    #[error("the task's MCP overlay is not a JSON object")]
    MalformedOverlay,
    /// A server entry is not an object, or has an empty name, or `mcpServers` is no object.
    #[error("an MCP server entry is not an object or has no name")]
    BadServer,
}

/// The configuration to run with (`None`: none at all), and why the overlay was not applied
/// when it was not.
#[derive(Debug, PartialEq, Eq)]
pub struct Merged<'a> {
    /// The resulting configuration as JSON text.
    pub config: Option<Cow<'a, str>>,
    /// Set when the overlay could not be applied; `config` is then the agent's own.
    pub error: Option<OverlayError>,
}

const SERVERS: &str = "mcpServers";

fn absent(text: Option<&str>) -> Option<&str> {
    text.filter(|t| {
        let t = t.trim();
        !t.is_empty() && t != "null"
    })
}

/// The named servers of `config`, each checked to be an object under a non-empty name.
fn servers(config: &Map<String, Value>) -> Result<Map<String, Value>, OverlayError> {
    match config.get(SERVERS) {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(servers)) => {
            if servers
                .iter()
                .all(|(name, entry)| !name.trim().is_empty() && entry.is_object())
            {
                Ok(servers.clone())
            } else {
                Err(OverlayError::BadServer)
            }
        }
        Some(_) => Err(OverlayError::BadServer),
    }
}

fn object(text: &str, malformed: OverlayError) -> Result<Map<String, Value>, OverlayError> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(malformed),
    }
}

/// Merges `overlay` into `agent` (both JSON text; empty or `null` means absent):
/// - both absent: no configuration; overlay absent: the agent's text, byte for byte;
/// - otherwise the union of both `mcpServers` maps, the overlay's entry winning a name both
///   have; the agent's other top-level keys stay, the overlay's are ignored; an empty server
///   map is dropped, and a configuration with nothing left is none (compact JSON);
/// - a malformed agent or overlay, or a bad server entry on either side: the agent's text as
///   it was, with the error.
pub fn merge_mcp_overlay<'a>(agent: Option<&'a str>, overlay: Option<&str>) -> Merged<'a> {
    let agent = absent(agent);
    let keep = |error| Merged {
        config: agent.map(Cow::Borrowed),
        error: Some(error),
    };
    let Some(overlay) = absent(overlay) else {
        return Merged {
            config: agent.map(Cow::Borrowed),
            error: None,
        };
    };
    let mut base = match agent.map(|a| object(a, OverlayError::MalformedAgent)) {
        None => Map::new(),
        Some(Ok(map)) => map,
        Some(Err(e)) => return keep(e),
    };
    let extra = match object(overlay, OverlayError::MalformedOverlay) {
        Ok(map) => map,
        Err(e) => return keep(e),
    };
    let (mut merged, added) = match (servers(&base), servers(&extra)) {
        (Ok(merged), Ok(added)) => (merged, added),
        (Err(e), _) | (_, Err(e)) => return keep(e),
    };
    merged.extend(added);
    base.remove(SERVERS);
    if !merged.is_empty() {
        base.insert(SERVERS.into(), Value::Object(merged));
    }
    if base.is_empty() {
        return Merged {
            config: None,
            error: None,
        };
    }
    Merged {
        config: Some(Cow::Owned(Value::Object(base).to_string())),
        error: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMPOSIO: &str =
        r#"{"mcpServers":{"composio":{"type":"http","url":"https://mcp.example/s/1"}}}"#;

    fn merged(
        agent: Option<&str>,
        overlay: Option<&str>,
    ) -> (Option<String>, Option<OverlayError>) {
        let m = merge_mcp_overlay(agent, overlay);
        (m.config.map(Cow::into_owned), m.error)
    }

    #[test]
    fn g1_both_absent_is_no_configuration_and_no_error() {
        for (agent, overlay) in [
            (None, None),
            (Some("null"), None),
            (None, Some("null")),
            (Some(""), Some("")),
        ] {
            assert_eq!(
                merged(agent, overlay),
                (None, None),
                "{agent:?} {overlay:?}"
            );
        }
    }

    #[test]
    fn g2_without_an_overlay_the_agent_text_comes_back_byte_for_byte() {
        let agent = "{ \"mcpServers\" : { \"x\" : { \"command\" : \"run\" } } ,\"z\":1 }";
        let m = merge_mcp_overlay(Some(agent), None);
        assert!(matches!(m.config, Some(Cow::Borrowed(text)) if text == agent));
        assert_eq!(m.error, None);
    }

    #[test]
    fn g3_without_an_agent_configuration_the_overlay_is_written_compactly() {
        let overlay = "{ \"mcpServers\": { \"composio\": { \"url\": \"u\" } } }";
        assert_eq!(
            merged(None, Some(overlay)),
            (
                Some(r#"{"mcpServers":{"composio":{"url":"u"}}}"#.into()),
                None
            )
        );
    }

    #[test]
    fn g4_both_present_give_the_union_of_servers() {
        let agent = r#"{"mcpServers":{"files":{"command":"fs"}}}"#;
        let (config, error) = merged(Some(agent), Some(COMPOSIO));
        assert_eq!(error, None);
        let value: Value = serde_json::from_str(&config.unwrap_or_default()).unwrap();
        let names: Vec<&String> = value[SERVERS].as_object().unwrap().keys().collect();
        assert_eq!(names, ["composio", "files"]);
    }

    #[test]
    fn g5_the_overlay_wins_a_name_both_have() {
        let agent = r#"{"mcpServers":{"composio":{"url":"stale"}}}"#;
        let (config, _) = merged(Some(agent), Some(COMPOSIO));
        assert_eq!(config.as_deref(), Some(COMPOSIO));
    }

    #[test]
    fn g6_agent_keys_stay_and_overlay_keys_other_than_servers_are_ignored() {
        let agent = r#"{"inputs":[1],"mcpServers":{}}"#;
        let overlay = r#"{"inputs":[2],"secret":"x","mcpServers":{"a":{"url":"u"}}}"#;
        assert_eq!(
            merged(Some(agent), Some(overlay)),
            (
                Some(r#"{"inputs":[1],"mcpServers":{"a":{"url":"u"}}}"#.into()),
                None
            )
        );
    }

    #[test]
    fn g7_a_malformed_overlay_leaves_the_agent_configuration_with_an_error() {
        let agent = r#"{"mcpServers":{"files":{"command":"fs"}}}"#;
        for overlay in ["{not json", "[1,2]", "\"text\""] {
            assert_eq!(
                merged(Some(agent), Some(overlay)),
                (Some(agent.into()), Some(OverlayError::MalformedOverlay)),
                "{overlay}"
            );
        }
        assert_eq!(
            merged(None, Some("{")),
            (None, Some(OverlayError::MalformedOverlay))
        );
    }

    #[test]
    fn g8_a_malformed_agent_configuration_comes_back_as_it_was_with_an_error() {
        let agent = "{\"mcpServers\": oops";
        assert_eq!(
            merged(Some(agent), Some(COMPOSIO)),
            (Some(agent.into()), Some(OverlayError::MalformedAgent))
        );
    }

    #[test]
    fn g9_a_server_that_is_no_object_or_has_no_name_fails_on_either_side() {
        let good = r#"{"mcpServers":{"files":{"command":"fs"}}}"#;
        for (agent, overlay) in [
            (good, r#"{"mcpServers":{"composio":"http://x"}}"#),
            (good, r#"{"mcpServers":{"":{"url":"u"}}}"#),
            (good, r#"{"mcpServers":[1]}"#),
            (r#"{"mcpServers":{"files":7}}"#, COMPOSIO),
        ] {
            assert_eq!(
                merged(Some(agent), Some(overlay)),
                (Some(agent.into()), Some(OverlayError::BadServer)),
                "{agent} {overlay}"
            );
        }
    }

    #[test]
    fn an_empty_server_map_is_dropped_and_nothing_left_is_no_configuration() {
        assert_eq!(
            merged(
                Some(r#"{"mcpServers":{},"x":1}"#),
                Some(r#"{"mcpServers":{}}"#)
            ),
            (Some(r#"{"x":1}"#.into()), None)
        );
        assert_eq!(
            merged(Some(r#"{"mcpServers":{}}"#), Some(r#"{"other":1}"#)),
            (None, None)
        );
    }
}
