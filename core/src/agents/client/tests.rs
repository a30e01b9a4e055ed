//! §4.9 and §9 cases 72–73: the browser's answers, with team targets granting and a loading
//! role leaving dependent answers undetermined.

use super::*;
use crate::agents::testing::{team, user, ws};
use crate::agents::{InvocationTarget, PermissionMode};
use ClientDecision::{Allowed, Denied, Undetermined};
use ClientReason::*;
use Role::{Admin, Member, Owner};
use RoleState::{Known, Loading};

fn access(
    owner: Option<UserId>,
    mode: PermissionMode,
    targets: &[InvocationTarget],
) -> AgentAccess<'_> {
    AgentAccess {
        owner_id: owner,
        mode,
        targets,
    }
}

#[test]
fn editing_is_for_the_owner_and_workspace_admins() {
    let owned = access(Some(user(1)), PermissionMode::Private, &[]);
    let orphan = access(None, PermissionMode::Private, &[]);
    #[rustfmt::skip]
    let table = [
        ("the agent owner may edit", Some(&owned), Some(user(1)), Known(Member), Allowed),
        ("a workspace admin may edit", Some(&owned), Some(user(2)), Known(Admin), Allowed),
        ("a workspace owner may edit", Some(&owned), Some(user(2)), Known(Owner), Allowed),
        ("another member may not", Some(&owned), Some(user(2)), Known(Member), Denied(NotResourceOwner)),
        ("nobody signed in may not", Some(&owned), None, Known(Member), Denied(NotAuthenticated)),
        ("an orphan agent is edited by admins", Some(&orphan), Some(user(2)), Known(Admin), Allowed),
        ("an orphan agent is not edited by members", Some(&orphan), Some(user(2)), Known(Member), Denied(NotResourceOwner)),
        ("a non-member may not", Some(&owned), Some(user(2)), RoleState::NotMember, Denied(NotMember)),
        ("no agent means unknown", None, Some(user(1)), Known(Admin), Denied(Unknown)),
        ("while the role loads, a non-owner is undetermined", Some(&owned), Some(user(2)), Loading, Undetermined),
    ];
    for (name, agent, u, role, expected) in table {
        assert_eq!(can_edit_agent(agent, u, role), expected, "{name}");
    }
}

#[test]
fn the_explainer_is_shown_to_the_agent_owner_and_workspace_admins_once_the_role_is_known() {
    let shared = [InvocationTarget::member(user(2))];
    let agent = access(Some(user(1)), PermissionMode::PublicTo, &shared);
    #[rustfmt::skip]
    let table = [
        ("the agent owner sees it", Some(user(1)), Known(Member), Allowed),
        ("a workspace admin sees it", Some(user(2)), Known(Admin), Allowed),
        ("a workspace owner sees it", Some(user(3)), Known(Owner), Allowed),
        ("a member the agent is shared with does not", Some(user(2)), Known(Member), Denied(NotResourceOwner)),
        ("a non-member does not", Some(user(2)), RoleState::NotMember, Denied(NotMember)),
        ("while the role loads it is neither shown nor refused", Some(user(2)), Loading, Undetermined),
        ("nobody signed in does not", None, Known(Admin), Denied(NotAuthenticated)),
    ];
    for (name, u, role, expected) in table {
        assert_eq!(
            can_explain_access(Some(&agent), u, role),
            expected,
            "{name}"
        );
    }
}

#[test]
fn assigning_follows_the_invoke_gate_with_client_codes() {
    let w = [InvocationTarget::workspace(ws())];
    let m2 = [InvocationTarget::member(user(2))];
    let t1 = [InvocationTarget::team(team(1))];
    let private = access(Some(user(1)), PermissionMode::Private, &[]);
    let wide = access(Some(user(1)), PermissionMode::PublicTo, &w);
    let shared = access(Some(user(1)), PermissionMode::PublicTo, &m2);
    let teamed = access(Some(user(1)), PermissionMode::PublicTo, &t1);
    let none: &[TeamId] = &[];
    let in_team: &[TeamId] = &[team(1)];
    #[rustfmt::skip]
    let table = [
        ("the owner may assign their private agent", Some(&private), Some(user(1)), Known(Member), none, Allowed),
        ("an admin may not assign a colleague's private agent", Some(&private), Some(user(2)), Known(Admin), none, Denied(PrivateVisibility)),
        ("a member may assign a workspace-wide agent", Some(&wide), Some(user(3)), Known(Member), none, Allowed),
        ("a non-member may not assign a workspace-wide agent", Some(&wide), Some(user(3)), RoleState::NotMember, none, Denied(NotMember)),
        ("the listed member may assign", Some(&shared), Some(user(2)), Known(Member), none, Allowed),
        ("an unlisted member may not", Some(&shared), Some(user(3)), Known(Member), none, Denied(PrivateVisibility)),
        ("a team member may assign an agent shared with the team", Some(&teamed), Some(user(3)), Known(Member), in_team, Allowed),
        ("someone outside the team may not", Some(&teamed), Some(user(3)), Known(Member), none, Denied(PrivateVisibility)),
        ("nobody signed in may not", Some(&wide), None, Known(Member), none, Denied(NotAuthenticated)),
        ("no agent means unknown", None, Some(user(1)), Known(Member), none, Denied(Unknown)),
        ("while the role loads, the owner is still allowed", Some(&private), Some(user(1)), Loading, none, Allowed),
        ("while the role loads, a private agent is still refused", Some(&private), Some(user(2)), Loading, none, Denied(PrivateVisibility)),
        ("while the role loads, a workspace-wide agent is undetermined", Some(&wide), Some(user(3)), Loading, none, Undetermined),
    ];
    for (name, agent, u, role, teams, expected) in table {
        assert_eq!(can_assign_agent(agent, u, role, teams), expected, "{name}");
    }
}

#[test]
fn an_agent_read_without_targets_is_assignable_by_its_owner_only() {
    let raw = serde_json::json!({
        "id": uuid::Uuid::from_u128(1), "workspace_id": ws(), "name": "A", "description": null,
        "instructions": "", "runtime_id": null, "mcp_config": null, "max_concurrent_tasks": 6,
        "owner_id": user(1), "permission_mode": "public_to", "visibility": "private",
        "archived_at": null, "created_at": "t", "updated_at": "t"
    });
    let agent: crate::api::agents::Agent = serde_json::from_value(raw).unwrap();
    let access = agent.access();
    assert_eq!(
        can_assign_agent(Some(&access), Some(user(1)), Known(Member), &[]),
        Allowed
    );
    assert_eq!(
        can_assign_agent(Some(&access), Some(user(2)), Known(Member), &[]),
        Denied(PrivateVisibility)
    );
}

#[test]
fn decisions_have_stable_codes() {
    assert_eq!(Allowed.code(), "allowed");
    assert_eq!(Undetermined.code(), "undetermined");
    let codes = [
        NotAuthenticated,
        NotMember,
        NotResourceOwner,
        PrivateVisibility,
        Unknown,
    ]
    .map(ClientReason::code);
    assert_eq!(
        codes,
        [
            "not_authenticated",
            "not_member",
            "not_resource_owner",
            "private_visibility",
            "unknown"
        ]
    );
    assert!(Allowed.is_allowed() && !Undetermined.is_allowed());
}
