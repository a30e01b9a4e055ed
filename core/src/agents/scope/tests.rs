//! Tables for derived visibility, access scope and readiness (spec §3.1–§3.3, §9 case 74).

use super::*;
use crate::agents::testing::{team, user, ws};

const PRIVATE: PermissionMode = PermissionMode::Private;
const PUBLIC: PermissionMode = PermissionMode::PublicTo;

#[test]
fn visibility_is_workspace_only_for_public_to_with_a_workspace_target() {
    let w = InvocationTarget::workspace(ws());
    let m = InvocationTarget::member(user(1));
    let t = InvocationTarget::team(team(1));
    let table: [(PermissionMode, Vec<InvocationTarget>, Visibility); 7] = [
        (PUBLIC, vec![w], Visibility::Workspace),
        (PUBLIC, vec![m, w], Visibility::Workspace),
        (PUBLIC, vec![m], Visibility::Private),
        (PUBLIC, vec![t], Visibility::Private),
        (PUBLIC, vec![], Visibility::Private),
        (PRIVATE, vec![], Visibility::Private),
        (PRIVATE, vec![w], Visibility::Private),
    ];
    for (mode, targets, expected) in table {
        assert_eq!(
            derive_visibility(mode, &targets),
            expected,
            "{mode:?} {targets:?}"
        );
    }
}

#[test]
fn scope_is_owner_only_for_private_workspace_for_any_workspace_target_else_specific_people() {
    let w = InvocationTarget::workspace(ws());
    let m = InvocationTarget::member(user(1));
    let t = InvocationTarget::team(team(1));
    let table: [(PermissionMode, Vec<InvocationTarget>, AccessScope); 7] = [
        (PRIVATE, vec![], AccessScope::OwnerOnly),
        (PRIVATE, vec![w], AccessScope::OwnerOnly),
        (PUBLIC, vec![w], AccessScope::Workspace),
        (PUBLIC, vec![m, w], AccessScope::Workspace),
        (PUBLIC, vec![m], AccessScope::SpecificPeople),
        (PUBLIC, vec![t], AccessScope::SpecificPeople),
        (PUBLIC, vec![], AccessScope::OwnerOnly),
    ];
    for (mode, targets, expected) in table {
        assert_eq!(
            effective_scope(mode, &targets),
            expected,
            "{mode:?} {targets:?}"
        );
    }
}

#[test]
fn a_change_is_ready_when_private_or_public_to_with_at_least_one_target() {
    let member_only = AccessSetting {
        permission_mode: PUBLIC,
        invocation_targets: vec![InvocationTarget::member(user(1))],
    };
    let empty_public = AccessSetting {
        permission_mode: PUBLIC,
        invocation_targets: vec![],
    };
    assert!(!is_access_change_ready(None));
    assert!(is_access_change_ready(Some(&AccessSetting::private())));
    assert!(is_access_change_ready(Some(
        &AccessSetting::workspace(ws())
    )));
    assert!(is_access_change_ready(Some(&member_only)));
    assert!(!is_access_change_ready(Some(&empty_public)));
}

#[test]
fn scopes_list_in_display_order_and_round_trip_their_wire_form() {
    assert_eq!(
        AccessScope::ALL.map(AccessScope::as_str),
        ["workspace", "specific_people", "owner_only"]
    );
    for scope in AccessScope::ALL {
        assert_eq!(AccessScope::parse(scope.as_str()), Some(scope));
    }
    assert_eq!(AccessScope::parse("specific-people"), None);
}

#[test]
fn a_stored_setting_derives_its_legacy_visibility() {
    assert_eq!(
        AccessSetting::workspace(ws()).visibility(),
        Visibility::Workspace
    );
    assert_eq!(AccessSetting::private().visibility(), Visibility::Private);
}

#[test]
fn pruning_the_last_target_of_a_public_to_agent_makes_it_private_never_wider() {
    let (m, t) = (
        InvocationTarget::member(user(7)),
        InvocationTarget::team(team(8)),
    );
    let shared = AccessSetting {
        permission_mode: PermissionMode::PublicTo,
        invocation_targets: vec![m, t],
    };
    let without_member = shared.without_targets(|x| *x == m);
    assert_eq!(without_member.permission_mode, PermissionMode::PublicTo);
    assert_eq!(without_member.invocation_targets, vec![t]);
    let without_both = without_member.without_targets(|x| *x == t);
    assert_eq!(without_both, AccessSetting::private());
    assert_eq!(
        effective_scope(
            without_both.permission_mode,
            &without_both.invocation_targets
        ),
        AccessScope::OwnerOnly
    );
}
