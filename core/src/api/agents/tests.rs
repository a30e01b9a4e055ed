//! Wire shapes of the agent API: tolerant reads, key presence through `flatten`, answers.

use super::*;
use crate::agents::{AccessScope, TargetType};
use serde_json::json;

fn agent_json() -> Value {
    json!({
        "id": Uuid::from_u128(1), "workspace_id": Uuid::from_u128(2), "name": "Reviewer",
        "description": null, "instructions": "", "runtime_id": null,
        "mcp_config": {"mcpServers": {}}, "mcp_config_redacted": false, "custom_args": [],
        "max_concurrent_tasks": 6, "owner_id": Uuid::from_u128(3),
        "permission_mode": "public_to",
        "invocation_targets": [{"target_type": "workspace", "target_id": Uuid::from_u128(2)}],
        "visibility": "workspace", "archived_at": null,
        "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
    })
}

#[test]
fn an_agent_round_trips_through_json() {
    let agent: Agent = serde_json::from_value(agent_json()).unwrap();
    assert_eq!(serde_json::to_value(&agent).unwrap(), agent_json());
    assert_eq!(agent.access().targets[0].target_type, TargetType::Workspace);
}

#[test]
fn an_agent_without_invocation_targets_reads_as_having_none() {
    let mut raw = agent_json();
    raw.as_object_mut().unwrap().remove("invocation_targets");
    let agent: Agent = serde_json::from_value(raw).unwrap();
    assert!(agent.invocation_targets.is_empty());
    let access = agent.access();
    let scope = crate::agents::effective_scope(access.mode, access.targets);
    assert_eq!(
        scope,
        AccessScope::OwnerOnly,
        "public_to with nobody in it admits only the owner"
    );
}

#[test]
fn an_agent_with_an_unknown_or_missing_mode_reads_as_private() {
    let mut raw = agent_json();
    raw["permission_mode"] = json!("everyone");
    let agent: Agent = serde_json::from_value(raw.clone()).unwrap();
    assert_eq!(agent.permission_mode, PermissionMode::Private);
    raw.as_object_mut().unwrap().remove("permission_mode");
    let agent: Agent = serde_json::from_value(raw).unwrap();
    assert_eq!(agent.permission_mode, PermissionMode::Private);
}

#[test]
fn redaction_sets_the_flag_only_when_a_config_was_withheld() {
    let mut agent: Agent = serde_json::from_value(agent_json()).unwrap();
    agent.redact_mcp_config();
    assert_eq!(
        (agent.mcp_config.is_none(), agent.mcp_config_redacted),
        (true, true)
    );
    let mut empty: Agent = serde_json::from_value(agent_json()).unwrap();
    empty.mcp_config = None;
    empty.redact_mcp_config();
    assert!(!empty.mcp_config_redacted);
}

#[test]
fn an_update_keeps_missing_null_and_given_keys_apart_including_access_keys() {
    let body = json!({"description": null, "max_concurrent_tasks": 3, "permission_mode": null});
    let update: UpdateAgentRequest = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(update.name, Field::Absent);
    assert_eq!(update.description, Field::Null);
    assert_eq!(update.max_concurrent_tasks, Field::Value(3));
    assert_eq!(update.mcp_config, Field::Absent);
    assert_eq!(update.access.permission_mode, Field::Null);
    assert_eq!(update.access.invocation_targets, Field::Absent);
    assert!(update.access.touches_access());
    assert_eq!(serde_json::to_value(&update).unwrap(), body);
}

#[test]
fn an_update_clearing_mcp_config_is_a_null_not_a_missing_key() {
    let update: UpdateAgentRequest = serde_json::from_value(json!({"mcp_config": null})).unwrap();
    assert_eq!(update.mcp_config, Field::Null);
    assert!(!update.access.touches_access());
}

#[test]
fn a_create_request_carries_its_access_keys_flat() {
    let body = json!({"name": "A", "permission_mode": "public_to",
        "invocation_targets": [{"target_type": "workspace"}]});
    let create: CreateAgentRequest = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(
        create.access.permission_mode,
        Field::Value("public_to".into())
    );
    assert_eq!(serde_json::to_value(&create).unwrap(), body);
}

#[test]
fn permissions_and_explanations_have_the_documented_shape() {
    let verdict = Verdict {
        allowed: false,
        reason: AccessReason::DeniedNotAgentOwner,
    };
    let answer = AgentPermissions {
        can_view: verdict,
        can_edit: verdict,
        can_change_access: verdict,
        can_invoke: verdict,
    };
    let json = serde_json::to_value(answer).unwrap();
    assert_eq!(
        json["can_change_access"],
        json!({"allowed": false, "reason": "denied_not_agent_owner"})
    );
    let explanation = AccessExplanation {
        user_id: UserId(Uuid::from_u128(3)),
        allowed: true,
        reason: AccessReason::AllowedTeam,
        via: Some(InvocationTarget::team(crate::TeamId(Uuid::from_u128(4)))),
    };
    let json = serde_json::to_value(explanation).unwrap();
    assert_eq!(json["reason"], "allowed_team");
    assert_eq!(json["via"]["target_type"], "team");
    assert_eq!(json["via"]["target_id"], Uuid::from_u128(4).to_string());
}

#[test]
fn every_reason_serialises_as_its_code() {
    use AccessReason::*;
    for reason in [
        AllowedOwner,
        AllowedAdmin,
        AllowedWorkspace,
        AllowedMember,
        AllowedTeam,
        AllowedAutomation,
        AllowedAgentActor,
        DeniedPrivate,
        DeniedNotTargeted,
        DeniedNoEffectiveUser,
        DeniedNotMember,
        DeniedNotManager,
        DeniedNotAgentOwner,
        DeniedNotAppsOwner,
    ] {
        assert_eq!(serde_json::to_value(reason).unwrap(), reason.code());
        assert_eq!(reason.is_allowed(), reason.code().starts_with("allowed_"));
    }
}

#[test]
fn audit_actions_use_their_wire_names_and_unknown_ones_read_as_other() {
    use super::AuditAction::*;
    for action in [
        Created,
        AccessChanged,
        AccessPruned,
        Archived,
        Restored,
        AppsChanged,
    ] {
        assert_eq!(serde_json::to_value(action).unwrap(), action.as_str());
    }
    let later: super::AuditAction = serde_json::from_value(json!("renamed")).unwrap();
    assert_eq!(later, Other);
}
