//! The most one request may carry: list sizes and the lengths of the strings daemons send.
//! The server checks these before its first query, so an oversized request costs only its
//! parse and never waits for (or holds) a database lock. The README's API section lists them.

use crate::api::daemon::{DeregisterRequest, RegisterRequest};
use crate::runtimes::profile::COMMAND_TOKEN_MAX;
use crate::validate::{at_most_chars, at_most_items, ValidationError, NAME_MAX};
use serde_json::{Map, Value};

/// Most `invocation_targets` an agent may have.
pub const INVOCATION_TARGETS_MAX: usize = 200;
/// Most `custom_args` an agent may have.
pub const CUSTOM_ARGS_MAX: usize = 64;
/// Most members a team may have (`user_ids` of the member set).
pub const TEAM_MEMBERS_MAX: usize = 500;
/// Most `runtimes` one registration may offer.
pub const REGISTER_RUNTIMES_MAX: usize = 64;
/// Most `failed_profiles` one registration may report.
pub const FAILED_PROFILES_MAX: usize = 64;
/// Most `legacy_daemon_ids` one registration may name.
pub const LEGACY_DAEMON_IDS_MAX: usize = 16;
/// Most `runtime_ids` (and `offline_reasons`) one deregistration may name.
pub const DEREGISTER_RUNTIMES_MAX: usize = 64;
/// Longest issue title, in characters.
pub const ISSUE_TITLE_MAX: usize = 500;
/// Longest issue description, in characters.
pub const ISSUE_DESCRIPTION_MAX: usize = 100_000;
/// Longest comment, in characters.
pub const COMMENT_MAX: usize = 50_000;
/// Most mentions one comment may carry.
pub const MENTIONS_MAX: usize = 50;
/// Most metadata keys one issue may carry.
pub const METADATA_KEYS_MAX: usize = 64;
/// Longest metadata key, in characters (`[A-Za-z0-9_.-]` only).
pub const METADATA_KEY_MAX: usize = 64;
/// Longest metadata value, in characters.
pub const METADATA_VALUE_MAX: usize = 4096;
/// Most issues one list answers with (`limit` defaults to 50).
pub const ISSUE_LIST_MAX: usize = 200;
/// Longest `daemon_id` (and legacy id), in characters.
pub const DAEMON_ID_MAX: usize = 128;
/// Longest `device_name`, in characters.
pub const DEVICE_NAME_MAX: usize = 255;
/// Longest version string (`version`, `cli_version`), in characters; the daemon cuts a
/// CLI's `--version` line to this.
pub const VERSION_MAX: usize = 120;
/// Longest runtime `name`: the daemon names a runtime `display name (device)`.
pub const RUNTIME_NAME_MAX: usize = NAME_MAX + DEVICE_NAME_MAX + 3;
/// Longest short daemon word (`launched_by`, a runtime's `type` and `status`), in characters.
pub const DAEMON_WORD_MAX: usize = 64;
/// Longest failure `reason`, in characters; the daemon cuts its reasons to this.
pub const REASON_MAX: usize = 2000;
/// Largest offline reason (any JSON value), serialised, in bytes.
pub const OFFLINE_REASON_MAX_BYTES: usize = 1024;
/// Most capabilities in `X-Client-Capabilities`.
pub const CAPABILITIES_MAX: usize = 32;
/// Longest capability name, in characters.
pub const CAPABILITY_MAX: usize = 64;

/// The lists of an agent create or update body (still a JSON map: its access keys are read
/// apart). Entries themselves are checked later, by the rules that read them.
pub fn agent_body(body: &Map<String, Value>) -> Result<(), ValidationError> {
    for (field, max) in [
        ("invocation_targets", INVOCATION_TARGETS_MAX),
        ("custom_args", CUSTOM_ARGS_MAX),
        (crate::apps::ALLOWLIST_FIELD, crate::apps::ALLOWLIST_MAX),
    ] {
        if let Some(Value::Array(items)) = body.get(field) {
            at_most_items(field, items.len(), max)?;
        }
    }
    Ok(())
}

/// A team's member set.
pub fn team_members(field: &str, count: usize) -> Result<(), ValidationError> {
    at_most_items(field, count, TEAM_MEMBERS_MAX)
}

/// Every list and string of a registration. Fields of list entries are named like
/// `runtimes[3].name`.
pub fn register_request(request: &RegisterRequest) -> Result<(), ValidationError> {
    at_most_chars("daemon_id", &request.daemon_id, DAEMON_ID_MAX)?;
    at_most_chars("device_name", &request.device_name, DEVICE_NAME_MAX)?;
    at_most_chars("cli_version", &request.cli_version, VERSION_MAX)?;
    at_most_chars("launched_by", &request.launched_by, DAEMON_WORD_MAX)?;
    let legacy = &request.legacy_daemon_ids;
    at_most_items("legacy_daemon_ids", legacy.len(), LEGACY_DAEMON_IDS_MAX)?;
    for (i, id) in legacy.iter().enumerate() {
        at_most_chars(&format!("legacy_daemon_ids[{i}]"), id, DAEMON_ID_MAX)?;
    }
    let runtimes = &request.runtimes;
    at_most_items("runtimes", runtimes.len(), REGISTER_RUNTIMES_MAX)?;
    for (i, entry) in runtimes.iter().enumerate() {
        at_most_chars(
            &format!("runtimes[{i}].name"),
            &entry.name,
            RUNTIME_NAME_MAX,
        )?;
        at_most_chars(&format!("runtimes[{i}].type"), &entry.kind, DAEMON_WORD_MAX)?;
        at_most_chars(
            &format!("runtimes[{i}].version"),
            &entry.version,
            VERSION_MAX,
        )?;
        at_most_chars(
            &format!("runtimes[{i}].status"),
            &entry.status,
            DAEMON_WORD_MAX,
        )?;
        let profile = entry.profile_id.as_deref().unwrap_or_default();
        at_most_chars(&format!("runtimes[{i}].profile_id"), profile, DAEMON_ID_MAX)?;
    }
    let failed = &request.failed_profiles;
    at_most_items("failed_profiles", failed.len(), FAILED_PROFILES_MAX)?;
    for (i, entry) in failed.iter().enumerate() {
        let field = |name: &str| format!("failed_profiles[{i}].{name}");
        at_most_chars(&field("profile_id"), &entry.profile_id, DAEMON_ID_MAX)?;
        at_most_chars(
            &field("command_name"),
            &entry.command_name,
            COMMAND_TOKEN_MAX,
        )?;
        at_most_chars(&field("reason"), &entry.reason, REASON_MAX)?;
    }
    Ok(())
}

/// A deregistration's ids and offline reasons.
pub fn deregister_request(request: &DeregisterRequest) -> Result<(), ValidationError> {
    let count = request.runtime_ids.len();
    at_most_items("runtime_ids", count, DEREGISTER_RUNTIMES_MAX)?;
    let reasons = &request.offline_reasons;
    at_most_items("offline_reasons", reasons.len(), DEREGISTER_RUNTIMES_MAX)?;
    for (id, reason) in reasons {
        if reason.to_string().len() > OFFLINE_REASON_MAX_BYTES {
            return Err(ValidationError::new(
                &format!("offline_reasons.{id}"),
                "too_long",
                format!("an offline reason must be at most {OFFLINE_REASON_MAX_BYTES} bytes"),
            ));
        }
    }
    Ok(())
}

/// The capabilities a daemon announces in `X-Client-Capabilities`.
pub fn capabilities(names: &[String]) -> Result<(), ValidationError> {
    const FIELD: &str = "X-Client-Capabilities";
    at_most_items(FIELD, names.len(), CAPABILITIES_MAX)?;
    names
        .iter()
        .try_for_each(|name| at_most_chars(FIELD, name, CAPABILITY_MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::daemon::{FailedProfile, RegisterRuntime};
    use serde_json::json;

    fn field<T>(result: Result<T, ValidationError>) -> String {
        result.err().map(|e| e.field).unwrap_or_else(|| "ok".into())
    }

    #[test]
    fn agent_lists_may_fill_their_maximum_and_no_more() {
        let body = |n: usize, key: &str| {
            let mut map = Map::new();
            map.insert(key.into(), Value::Array(vec![json!("x"); n]));
            map
        };
        assert!(agent_body(&body(INVOCATION_TARGETS_MAX, "invocation_targets")).is_ok());
        assert_eq!(
            field(agent_body(&body(
                INVOCATION_TARGETS_MAX + 1,
                "invocation_targets"
            ))),
            "invocation_targets"
        );
        assert!(agent_body(&body(CUSTOM_ARGS_MAX, "custom_args")).is_ok());
        assert_eq!(
            field(agent_body(&body(CUSTOM_ARGS_MAX + 1, "custom_args"))),
            "custom_args"
        );
        // A list of the wrong type is not counted here: the field's own parser names it.
        let mut odd = Map::new();
        odd.insert("invocation_targets".into(), json!("not a list"));
        assert!(agent_body(&odd).is_ok());
    }

    #[test]
    fn a_team_holds_at_most_five_hundred_members() {
        assert!(team_members("user_ids", TEAM_MEMBERS_MAX).is_ok());
        assert_eq!(
            team_members("user_ids", TEAM_MEMBERS_MAX + 1)
                .unwrap_err()
                .code,
            "too_many"
        );
    }

    #[test]
    fn every_list_and_string_of_a_registration_is_bounded_and_named() {
        let ok = RegisterRequest {
            daemon_id: "d".repeat(DAEMON_ID_MAX),
            runtimes: vec![RegisterRuntime::default(); REGISTER_RUNTIMES_MAX],
            failed_profiles: vec![FailedProfile::default(); FAILED_PROFILES_MAX],
            legacy_daemon_ids: vec!["l".into(); LEGACY_DAEMON_IDS_MAX],
            ..RegisterRequest::default()
        };
        assert!(register_request(&ok).is_ok());
        let refused = |change: fn(&mut RegisterRequest)| {
            let mut request = ok.clone();
            change(&mut request);
            field(register_request(&request))
        };
        assert_eq!(refused(|r| r.daemon_id.push('x')), "daemon_id");
        assert_eq!(
            refused(|r| r.device_name = "x".repeat(DEVICE_NAME_MAX + 1)),
            "device_name"
        );
        assert_eq!(
            refused(|r| r.cli_version = "x".repeat(VERSION_MAX + 1)),
            "cli_version"
        );
        assert_eq!(
            refused(|r| r.launched_by = "x".repeat(DAEMON_WORD_MAX + 1)),
            "launched_by"
        );
        assert_eq!(
            refused(|r| r.runtimes.push(RegisterRuntime::default())),
            "runtimes"
        );
        assert_eq!(
            refused(|r| r.runtimes[2].name = "x".repeat(RUNTIME_NAME_MAX + 1)),
            "runtimes[2].name"
        );
        assert_eq!(
            refused(|r| r.runtimes[0].version = "x".repeat(VERSION_MAX + 1)),
            "runtimes[0].version"
        );
        assert_eq!(
            refused(|r| r.failed_profiles.push(FailedProfile::default())),
            "failed_profiles"
        );
        assert_eq!(
            refused(|r| r.failed_profiles[1].reason = "x".repeat(REASON_MAX + 1)),
            "failed_profiles[1].reason"
        );
        assert_eq!(
            refused(|r| r.legacy_daemon_ids.push("l".into())),
            "legacy_daemon_ids"
        );
    }

    #[test]
    fn a_deregistration_names_at_most_sixty_four_runtimes_with_short_reasons() {
        let id = || crate::RuntimeId::parse("00000000-0000-4000-8000-000000000001").unwrap();
        let many = DeregisterRequest {
            runtime_ids: vec![id(); DEREGISTER_RUNTIMES_MAX + 1],
            ..DeregisterRequest::default()
        };
        assert_eq!(field(deregister_request(&many)), "runtime_ids");
        let mut long = DeregisterRequest {
            runtime_ids: vec![id()],
            ..DeregisterRequest::default()
        };
        long.offline_reasons.insert(
            id(),
            json!({"detail": "x".repeat(OFFLINE_REASON_MAX_BYTES)}),
        );
        assert!(field(deregister_request(&long)).starts_with("offline_reasons."));
        long.offline_reasons
            .insert(id(), json!({"code": "daemon_stopped"}));
        assert!(deregister_request(&long).is_ok());
    }

    #[test]
    fn capabilities_are_few_and_short() {
        assert!(capabilities(&vec!["c".into(); CAPABILITIES_MAX]).is_ok());
        assert!(capabilities(&vec!["c".into(); CAPABILITIES_MAX + 1]).is_err());
        assert!(capabilities(&["c".repeat(CAPABILITY_MAX + 1)]).is_err());
    }
}
