//! Wire forms of the access vocabulary, and lenient reading of stored modes.

use super::*;
use crate::agents::effective_scope;
use crate::agents::testing::ws;
use crate::agents::{AccessScope, Visibility};

const PRIVATE: PermissionMode = PermissionMode::Private;
const PUBLIC: PermissionMode = PermissionMode::PublicTo;

#[test]
fn a_missing_or_unknown_mode_reads_as_private_and_so_as_owner_only() {
    for raw in [
        None,
        Some(""),
        Some("public"),
        Some("PUBLIC_TO"),
        Some("private"),
    ] {
        let mode = PermissionMode::parse_lenient(raw);
        assert_eq!(mode, PRIVATE, "{raw:?}");
        assert_eq!(effective_scope(mode, &[]), AccessScope::OwnerOnly);
    }
    assert_eq!(PermissionMode::parse_lenient(Some("public_to")), PUBLIC);
}

#[test]
fn wire_forms_are_lower_case_and_target_ids_may_be_null_or_missing() {
    let target = InvocationTarget::workspace(ws());
    let json = serde_json::to_value(target).unwrap();
    assert_eq!(json["target_type"], "workspace");
    assert_eq!(json["target_id"], ws().0.to_string());
    assert_eq!(serde_json::to_value(PUBLIC).unwrap(), "public_to");
    assert_eq!(
        serde_json::to_value(Visibility::Private).unwrap(),
        "private"
    );
    for raw in [
        r#"{"target_type":"workspace","target_id":null}"#,
        r#"{"target_type":"workspace"}"#,
    ] {
        let parsed: InvocationTarget = serde_json::from_str(raw).unwrap();
        assert_eq!(parsed.target_id, None, "{raw}");
    }
    for kind in [TargetType::Workspace, TargetType::Member, TargetType::Team] {
        assert_eq!(TargetType::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(TargetType::parse("Team"), None);
}
