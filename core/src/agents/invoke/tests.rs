//! The invoke gate's table, including every example of spec §4.3 and §9 cases 9–20 and 36.

use super::*;
use crate::agents::testing::{agent, team, user, ws};
use crate::agents::{Actor, InvocationTarget};
use AccessReason::*;
use PermissionMode::{Private, PublicTo};

fn owner() -> UserId {
    user(1)
}

fn x() -> UserId {
    user(2)
}

fn y() -> UserId {
    user(3)
}

fn wst() -> InvocationTarget {
    InvocationTarget::workspace(ws())
}

fn mem(u: UserId) -> InvocationTarget {
    InvocationTarget::member(u)
}

fn decide(
    mode: PermissionMode,
    targets: &[InvocationTarget],
    actor: Actor,
    role: Option<Role>,
    teams: &[TeamId],
) -> AccessDecision {
    let agent = AgentAccess {
        owner_id: Some(owner()),
        mode,
        targets,
    };
    can_invoke(&agent, &Caller { actor, role, teams })
}

const MEMBER: Option<Role> = Some(Role::Member);

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
fn the_invoke_gate_follows_its_table() {
    let system = |originator| Actor::System { originator };
    let by_agent = |originator| Actor::Agent {
        agent_id: agent(9),
        originator,
    };
    let t1 = InvocationTarget::team(team(1));
    #[rustfmt::skip]
    let table: Vec<Row> = vec![
        ("the owner runs their own private agent", Private, vec![], Actor::Member(owner()), MEMBER, vec![], AllowedOwner, None),
        ("an admin may not run someone else's private agent", Private, vec![], Actor::Member(y()), Some(Role::Admin), vec![], DeniedPrivate, None),
        ("a workspace owner may not run someone else's private agent", Private, vec![], Actor::Member(y()), Some(Role::Owner), vec![], DeniedPrivate, None),
        ("stale targets on a private agent admit nobody", Private, vec![wst()], Actor::Member(y()), MEMBER, vec![], DeniedPrivate, None),
        ("a plain member runs a workspace-wide agent", PublicTo, vec![wst()], Actor::Member(y()), MEMBER, vec![], AllowedWorkspace, Some(0)),
        ("a non-member may not run a workspace-wide agent", PublicTo, vec![wst()], Actor::Member(y()), None, vec![], DeniedNotMember, None),
        ("a member not listed may not run a member-only agent", PublicTo, vec![mem(x())], Actor::Member(y()), MEMBER, vec![], DeniedNotTargeted, None),
        ("the listed member runs a member-only agent", PublicTo, vec![mem(x())], Actor::Member(x()), MEMBER, vec![], AllowedMember, Some(0)),
        ("a listed member who left the workspace may not run it", PublicTo, vec![mem(x())], Actor::Member(x()), None, vec![], DeniedNotMember, None),
        ("a system trigger without originator runs a workspace-wide agent", PublicTo, vec![wst()], system(None), None, vec![], AllowedAutomation, Some(0)),
        ("a system trigger without originator may not run a member-only agent", PublicTo, vec![mem(x())], system(None), None, vec![], DeniedNoEffectiveUser, None),
        ("an agent actor without originator runs a workspace-wide agent", PublicTo, vec![mem(x()), wst()], by_agent(None), None, vec![], AllowedAutomation, Some(1)),
        ("an agent actor without originator may not run a member-only agent", PublicTo, vec![mem(x())], by_agent(None), None, vec![], DeniedNoEffectiveUser, None),
        ("an agent actor for originator X runs an agent shared with X", PublicTo, vec![mem(x())], by_agent(Some(x())), MEMBER, vec![], AllowedMember, Some(0)),
        ("an agent actor for another human may not launder access to X's grant", PublicTo, vec![mem(x())], by_agent(Some(y())), MEMBER, vec![], DeniedNotTargeted, None),
        ("an agent actor for the owner runs the owner's private agent", Private, vec![], by_agent(Some(owner())), MEMBER, vec![], AllowedOwner, None),
        ("a system trigger for the owner runs the owner's agent in any mode", PublicTo, vec![mem(x())], system(Some(owner())), None, vec![], AllowedOwner, None),
        ("an agent actor for a former member still runs a workspace-wide agent as automation", PublicTo, vec![wst()], by_agent(Some(y())), None, vec![], AllowedAutomation, Some(0)),
        ("a system trigger for a former member may not run a member-only agent", PublicTo, vec![mem(y())], system(Some(y())), None, vec![], DeniedNotMember, None),
        ("a team target admits a member of that team", PublicTo, vec![t1], Actor::Member(x()), MEMBER, vec![team(1)], AllowedTeam, Some(0)),
        ("a team target admits an agent run for a member of that team", PublicTo, vec![t1], by_agent(Some(x())), MEMBER, vec![team(2), team(1)], AllowedTeam, Some(0)),
        ("a team target does not admit someone in other teams only", PublicTo, vec![t1], Actor::Member(x()), MEMBER, vec![team(2)], DeniedNotTargeted, None),
        ("leaving the team ends access through it at once", PublicTo, vec![t1], Actor::Member(x()), MEMBER, vec![], DeniedNotTargeted, None),
        ("a team target admits nobody outside the workspace", PublicTo, vec![t1], Actor::Member(x()), None, vec![team(1)], DeniedNotMember, None),
        ("the first admitting target is the one reported", PublicTo, vec![mem(y()), t1, wst()], Actor::Member(x()), MEMBER, vec![team(1)], AllowedTeam, Some(1)),
        ("a member target still admits when a team target does not", PublicTo, vec![t1, mem(x())], Actor::Member(x()), MEMBER, vec![], AllowedMember, Some(1)),
        ("a shared agent with no targets admits only its owner", PublicTo, vec![], Actor::Member(y()), Some(Role::Admin), vec![], DeniedNotTargeted, None),
        ("a target without an id admits nobody", PublicTo, vec![InvocationTarget { target_type: TargetType::Member, target_id: None }], Actor::Member(y()), MEMBER, vec![], DeniedNotTargeted, None),
        ("a team target without an id admits nobody", PublicTo, vec![InvocationTarget { target_type: TargetType::Team, target_id: None }], Actor::Member(y()), MEMBER, vec![team(1)], DeniedNotTargeted, None),
    ];
    for (name, mode, targets, actor, role, teams, reason, via) in table {
        let got = decide(mode, &targets, actor, role, &teams);
        assert_eq!((got.reason, got.via), (reason, via), "{name}");
        assert_eq!(got.allowed, reason.is_allowed(), "{name}");
    }
}

#[test]
fn an_unknown_stored_mode_is_treated_as_private() {
    let mode = PermissionMode::parse_lenient(Some("everyone"));
    let got = decide(mode, &[wst()], Actor::Member(y()), MEMBER, &[]);
    assert_eq!(got.reason, DeniedPrivate);
}

#[test]
fn replacing_a_then_b_with_b_then_c_moves_access_from_a_to_c() {
    let (a, b, c) = (user(4), user(5), user(6));
    let before = [mem(a), mem(b)];
    let after = [mem(b), mem(c)];
    let can = |targets: &[InvocationTarget], u| {
        decide(PublicTo, targets, Actor::Member(u), MEMBER, &[]).allowed
    };
    assert_eq!(
        [can(&before, a), can(&before, b), can(&before, c)],
        [true, true, false]
    );
    assert_eq!(
        [can(&after, a), can(&after, b), can(&after, c)],
        [false, true, true]
    );
}

#[test]
fn narrowing_a_workspace_and_member_stack_to_one_member_shuts_out_the_rest() {
    let (c, other) = (user(6), user(7));
    let stack = [wst(), mem(c)];
    assert!(decide(PublicTo, &stack, Actor::Member(other), MEMBER, &[]).allowed);
    let narrowed = [mem(c)];
    assert!(!decide(PublicTo, &narrowed, Actor::Member(other), MEMBER, &[]).allowed);
    assert!(decide(PublicTo, &narrowed, Actor::Member(c), MEMBER, &[]).allowed);
}

#[test]
fn a_removed_member_whose_grant_was_pruned_can_no_longer_run_the_agent() {
    let kept = [mem(y())];
    let got = decide(PublicTo, &kept, Actor::Member(x()), MEMBER, &[]);
    assert_eq!(got.reason, DeniedNotTargeted);
}

#[test]
fn the_explainer_names_the_admitting_target_or_none() {
    let targets = [mem(y()), InvocationTarget::team(team(1))];
    let access = AgentAccess {
        owner_id: Some(owner()),
        mode: PublicTo,
        targets: &targets,
    };
    let through_team = explain_invoke(&access, x(), MEMBER, &[team(1)]);
    assert!(through_team.allowed);
    assert_eq!(through_team.reason, AllowedTeam);
    assert_eq!(through_team.via, Some(targets[1]));
    assert_eq!(through_team.user_id, x());
    let as_owner = explain_invoke(&access, owner(), MEMBER, &[]);
    assert_eq!((as_owner.reason, as_owner.via), (AllowedOwner, None));
    let outsider = explain_invoke(&access, user(8), MEMBER, &[]);
    assert_eq!((outsider.allowed, outsider.via), (false, None));
    assert_eq!(outsider.reason, DeniedNotTargeted);
}
