//! View, manage and access-change tables, including §9 cases 23–24 and 72, and §4.8 M1/M5.

use super::*;
use crate::agents::testing::{agent, team, user, ws};
use crate::agents::{InvocationTarget, TargetType};
use crate::{Role, TeamId};
use AccessReason::*;
use PermissionMode::{Private, PublicTo};
use Role::{Admin, Member, Owner};

fn owner() -> UserId {
    user(1)
}

fn access(mode: PermissionMode, targets: &[InvocationTarget]) -> AgentAccess<'_> {
    AgentAccess {
        owner_id: Some(owner()),
        mode,
        targets,
    }
}

/// (what, mode, targets, actor, role, teams, expected reason, expected admitting target)
type Row = (
    &'static str,
    PermissionMode,
    Vec<InvocationTarget>,
    Actor,
    Option<Role>,
    Vec<TeamId>,
    AccessReason,
    Option<usize>,
);

#[test]
fn the_view_gate_follows_its_table() {
    let w = InvocationTarget::workspace(ws());
    let m2 = InvocationTarget::member(user(2));
    let t1 = InvocationTarget::team(team(1));
    let bot = Actor::Agent {
        agent_id: agent(1),
        originator: None,
    };
    let me = |n| Actor::Member(user(n));
    #[rustfmt::skip]
    let table: Vec<Row> = vec![
        ("agent actors always see agents", Private, vec![], bot, None, vec![], AllowedAgentActor, None),
        ("the owner sees their private agent", Private, vec![], me(1), Some(Member), vec![], AllowedOwner, None),
        ("a non-member sees nothing", PublicTo, vec![w], me(3), None, vec![], DeniedNotMember, None),
        ("an admin sees someone else's private agent", Private, vec![], me(3), Some(Admin), vec![], AllowedAdmin, None),
        ("a workspace owner sees someone else's private agent", Private, vec![], me(3), Some(Owner), vec![], AllowedAdmin, None),
        ("a plain member does not see someone else's private agent", Private, vec![], me(3), Some(Member), vec![], DeniedPrivate, None),
        ("a plain member sees a workspace-wide agent", PublicTo, vec![m2, w], me(3), Some(Member), vec![], AllowedWorkspace, Some(1)),
        ("a plain member sees an agent shared with them", PublicTo, vec![m2], me(2), Some(Member), vec![], AllowedMember, Some(0)),
        ("a plain member does not see an agent shared with others", PublicTo, vec![m2], me(3), Some(Member), vec![], DeniedNotTargeted, None),
        ("a plain member sees an agent shared with their team", PublicTo, vec![t1], me(3), Some(Member), vec![team(1)], AllowedTeam, Some(0)),
        ("a plain member outside the team does not see it", PublicTo, vec![t1], me(3), Some(Member), vec![team(2)], DeniedNotTargeted, None),
        ("a system actor without a human sees nothing", PublicTo, vec![w], Actor::System { originator: None }, None, vec![], DeniedNoEffectiveUser, None),
        ("a system actor sees what its originator sees", PublicTo, vec![m2], Actor::System { originator: Some(user(2)) }, Some(Member), vec![], AllowedMember, Some(0)),
        ("a shared agent without targets is hidden from plain members", PublicTo, vec![], me(3), Some(Member), vec![], DeniedNotTargeted, None),
        ("a target without an id shows nothing", PublicTo, vec![InvocationTarget { target_type: TargetType::Member, target_id: None }], me(3), Some(Member), vec![], DeniedNotTargeted, None),
    ];
    for (name, mode, targets, actor, role, teams, reason, via) in table {
        let got = can_view(
            &access(mode, &targets),
            &Caller {
                actor,
                role,
                teams: &teams,
            },
        );
        assert_eq!(
            (got.allowed, got.reason, got.via),
            (reason.is_allowed(), reason, via),
            "{name}"
        );
    }
}

#[test]
fn managing_needs_membership_then_ownership_or_an_admin_role() {
    let orphan = AgentAccess {
        owner_id: None,
        mode: Private,
        targets: &[],
    };
    let owned = access(Private, &[]);
    #[rustfmt::skip]
    let table = [
        ("the agent owner manages it", owned, user(1), Some(Member), AllowedOwner),
        ("a workspace admin manages it", owned, user(3), Some(Admin), AllowedAdmin),
        ("a workspace owner manages it", owned, user(3), Some(Owner), AllowedAdmin),
        ("a plain member does not", owned, user(3), Some(Member), DeniedNotManager),
        ("an owner who left the workspace does not", owned, user(1), None, DeniedNotMember),
        ("an orphan agent is managed by admins", orphan, user(3), Some(Admin), AllowedAdmin),
        ("an orphan agent is not managed by plain members", orphan, user(3), Some(Member), DeniedNotManager),
    ];
    for (name, agent, u, role, reason) in table {
        let got = can_manage(&agent, &Caller::member(u, role, &[]));
        assert_eq!(
            (got.allowed, got.reason),
            (reason.is_allowed(), reason),
            "{name}"
        );
    }
}

#[test]
fn only_the_agent_owner_changes_who_can_run_it() {
    let table = [
        (Some(user(1)), Some(user(1)), AllowedOwner),
        (Some(user(3)), Some(user(1)), DeniedNotAgentOwner),
        (Some(user(3)), None, DeniedNotAgentOwner),
        (None, None, DeniedNoEffectiveUser),
        (None, Some(user(1)), DeniedNoEffectiveUser),
    ];
    for (u, owner_id, reason) in table {
        let got = can_change_access(u, owner_id);
        assert_eq!(
            (got.allowed, got.reason),
            (reason.is_allowed(), reason),
            "{u:?} {owner_id:?}"
        );
    }
}

#[test]
fn an_admin_may_see_and_edit_a_colleagues_private_agent_but_not_run_or_reshare_it() {
    let answer = agent_permissions(
        &access(Private, &[]),
        &Caller::member(user(3), Some(Admin), &[]),
    );
    let reasons = [
        answer.can_view,
        answer.can_edit,
        answer.can_change_access,
        answer.can_invoke,
    ]
    .map(|v| (v.allowed, v.reason));
    assert_eq!(
        reasons,
        [
            (true, AllowedAdmin),
            (true, AllowedAdmin),
            (false, DeniedNotAgentOwner),
            (false, DeniedPrivate),
        ]
    );
}

#[test]
fn the_owner_may_do_everything_while_a_member_and_nothing_managerial_after_leaving() {
    let agent = access(Private, &[]);
    let member = agent_permissions(&agent, &Caller::member(owner(), Some(Member), &[]));
    assert!([
        member.can_view,
        member.can_edit,
        member.can_change_access,
        member.can_invoke
    ]
    .iter()
    .all(|v| v.allowed));
    let left = agent_permissions(&agent, &Caller::member(owner(), None, &[]));
    assert_eq!(left.can_edit.reason, DeniedNotMember);
    assert_eq!(left.can_change_access.reason, DeniedNotMember);
}
