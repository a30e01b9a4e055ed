//! §4.8 M2–M4 and §9 cases 29–35: owners change access, others only resubmit it unchanged.

use super::*;
use crate::agents::testing::{user, ws};
use serde_json::json;

fn owner() -> UserId {
    user(1)
}

fn admin() -> UserId {
    user(9)
}

fn input(body: serde_json::Value) -> PermissionInput {
    PermissionInput::from_json_map(body.as_object().unwrap()).unwrap()
}

/// "keep", "apply", "403" or the 400's code.
fn outcome(
    by: UserId,
    mode: PermissionMode,
    targets: &[InvocationTarget],
    body: serde_json::Value,
) -> String {
    match plan_access_update(by, Some(owner()), mode, targets, &input(body), ws()) {
        Ok(AccessUpdate::Keep) => "keep".into(),
        Ok(AccessUpdate::Apply(_)) => "apply".into(),
        Err(AccessUpdateError::NotAgentOwner) => "403".into(),
        Err(AccessUpdateError::Invalid(e)) => e.code,
    }
}

/// (what, caller, stored mode, stored targets, body, expected outcome)
type Row<'a> = (
    &'static str,
    UserId,
    PermissionMode,
    &'a [InvocationTarget],
    serde_json::Value,
    &'static str,
);

#[test]
fn access_updates_follow_m2() {
    let (x, y) = (user(2), user(3));
    let (xs, ys) = (x.0.to_string(), y.0.to_string());
    let member = |id: &str| json!({"target_type": "member", "target_id": id});
    let ws_target = InvocationTarget::workspace(ws());
    let member_only = [InvocationTarget::member(x)];
    let two_members = [InvocationTarget::member(x), InvocationTarget::member(y)];
    let workspace_wide = [ws_target];
    use PermissionMode::{Private, PublicTo};
    #[rustfmt::skip]
    let table: Vec<Row> = vec![
        ("M3: an admin echoing the derived private visibility of a member-only agent is a no-op", admin(), PublicTo, &member_only, json!({"visibility": "private", "description": "x"}), "keep"),
        ("M3: an admin asking a member-only agent for the workspace is refused", admin(), PublicTo, &member_only, json!({"visibility": "workspace"}), "403"),
        ("M4: an admin making a workspace agent private is refused", admin(), PublicTo, &workspace_wide, json!({"permission_mode": "private"}), "403"),
        ("M4: an admin resending the same mode and workspace target is a no-op", admin(), PublicTo, &workspace_wide, json!({"permission_mode": "public_to", "invocation_targets": [{"target_type": "workspace"}]}), "keep"),
        ("M4: an admin editing only the description leaves access alone", admin(), PublicTo, &workspace_wide, json!({"description": "x"}), "keep"),
        ("M4: the owner makes the agent private", owner(), PublicTo, &workspace_wide, json!({"permission_mode": "private"}), "apply"),
        ("an admin resubmitting the same people in another order is a no-op", admin(), PublicTo, &two_members, json!({"permission_mode": "public_to", "invocation_targets": [member(&ys), member(&xs), member(&ys)]}), "keep"),
        ("an admin dropping one person is refused", admin(), PublicTo, &two_members, json!({"permission_mode": "public_to", "invocation_targets": [member(&xs)]}), "403"),
        ("an admin adding one person is refused", admin(), PublicTo, &member_only, json!({"permission_mode": "public_to", "invocation_targets": [member(&xs), member(&ys)]}), "403"),
        ("an admin sending public_to alone to a workspace agent is a no-op (P6)", admin(), PublicTo, &workspace_wide, json!({"permission_mode": "public_to"}), "keep"),
        ("an admin sending a null mode to a private agent is a no-op", admin(), Private, &[], json!({"permission_mode": null}), "keep"),
        ("an admin's garbage mode is ignored, not refused", admin(), PublicTo, &workspace_wide, json!({"permission_mode": "bogus"}), "keep"),
        ("an admin's garbage targets are ignored, not refused", admin(), PublicTo, &workspace_wide, json!({"permission_mode": "public_to", "invocation_targets": [{"target_type": "robot"}]}), "keep"),
        ("an admin's targets without a mode are ignored, not refused", admin(), Private, &[], json!({"invocation_targets": [{"target_type": "workspace"}]}), "keep"),
        ("an admin's unknown legacy visibility counts as private", admin(), Private, &[], json!({"visibility": "bogus"}), "keep"),
        ("an admin's unknown legacy visibility on a workspace agent is a change", admin(), PublicTo, &workspace_wide, json!({"visibility": "bogus"}), "403"),
        ("an admin's legacy workspace on a workspace agent is a no-op", admin(), PublicTo, &workspace_wide, json!({"visibility": "workspace"}), "keep"),
        ("legacy visibility beside a null targets key is parsed, not compared as legacy", admin(), PublicTo, &member_only, json!({"visibility": "private", "invocation_targets": null}), "403"),
        ("the owner's targets without a mode are refused (P8)", owner(), PublicTo, &workspace_wide, json!({"invocation_targets": [{"target_type": "workspace"}]}), "required"),
        ("the owner's invalid target is refused", owner(), Private, &[], json!({"permission_mode": "public_to", "invocation_targets": [{"target_type": "member"}]}), "target_id_required"),
        ("the owner's null targets alone change nothing", owner(), Private, &[], json!({"invocation_targets": null}), "keep"),
        ("the owner's identical resubmit is still applied", owner(), PublicTo, &workspace_wide, json!({"visibility": "workspace"}), "apply"),
    ];
    for (name, by, mode, targets, body, expected) in table {
        assert_eq!(outcome(by, mode, targets, body), expected, "{name}");
    }
}

#[test]
fn nobody_but_admins_reach_an_orphan_and_they_cannot_reshare_it() {
    let got = plan_access_update(
        admin(),
        None,
        PermissionMode::Private,
        &[],
        &input(json!({"permission_mode": "public_to"})),
        ws(),
    );
    assert_eq!(got, Err(AccessUpdateError::NotAgentOwner));
}

#[test]
fn the_owner_gets_the_parsed_setting_to_store() {
    let got = plan_access_update(
        owner(),
        Some(owner()),
        PermissionMode::PublicTo,
        &[],
        &input(json!({"permission_mode": "private"})),
        ws(),
    );
    assert_eq!(got, Ok(AccessUpdate::Apply(AccessSetting::private())));
}

#[test]
fn a_stored_workspace_target_without_an_id_still_compares_equal() {
    let legacy = [InvocationTarget {
        target_type: TargetType::Workspace,
        target_id: None,
    }];
    let resubmit = input(
        json!({"permission_mode": "public_to", "invocation_targets": [{"target_type": "workspace"}]}),
    );
    assert!(access_change_is_noop(
        PermissionMode::PublicTo,
        &legacy,
        &resubmit,
        ws()
    ));
}
