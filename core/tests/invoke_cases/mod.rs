//! The invoke-decision cases shared by the allocation-free test (`tests/allocation_free.rs`)
//! and the benchmark (`benches/invoke.rs`): owner, admin, workspace, team and system callers,
//! with the widest grant lists the rule walks.

use agentry_core::agents::{
    can_invoke, Actor, AgentAccess, Caller, InvocationTarget, PermissionMode,
};
use agentry_core::{AgentId, Role, TeamId, UserId, WorkspaceId};
use std::hint::black_box;
use uuid::Uuid;

fn user(n: u128) -> UserId {
    UserId(Uuid::from_u128(0x1000 + n))
}

fn team(n: u128) -> TeamId {
    TeamId(Uuid::from_u128(0x2000 + n))
}

/// Facts for one case: the agent's targets and the caller's teams, owned here so that the
/// measured closure only borrows.
pub struct Case {
    pub name: &'static str,
    mode: PermissionMode,
    targets: Vec<InvocationTarget>,
    actor: Actor,
    role: Option<Role>,
    teams: Vec<TeamId>,
}

impl Case {
    pub fn decide(&self) -> bool {
        let access = AgentAccess {
            owner_id: Some(user(0)),
            mode: self.mode,
            targets: &self.targets,
        };
        let caller = Caller {
            actor: self.actor,
            role: self.role,
            teams: &self.teams,
        };
        can_invoke(black_box(&access), black_box(&caller)).allowed
    }
}

pub fn cases() -> Vec<Case> {
    let workspace = InvocationTarget::workspace(WorkspaceId(Uuid::from_u128(0xAAAA)));
    // A wide grant list: 19 people, then the team the caller is in (the slowest allow).
    let mut wide: Vec<InvocationTarget> = (10..29)
        .map(|n| InvocationTarget::member(user(n)))
        .collect();
    wide.push(InvocationTarget::team(team(7)));
    let five_teams: Vec<TeamId> = (3..8).map(team).collect();
    vec![
        Case {
            name: "owner, private agent",
            mode: PermissionMode::Private,
            targets: Vec::new(),
            actor: Actor::Member(user(0)),
            role: Some(Role::Member),
            teams: Vec::new(),
        },
        Case {
            name: "admin, someone else's private agent (denied)",
            mode: PermissionMode::Private,
            targets: Vec::new(),
            actor: Actor::Member(user(1)),
            role: Some(Role::Admin),
            teams: Vec::new(),
        },
        Case {
            name: "member, workspace target",
            mode: PermissionMode::PublicTo,
            targets: vec![workspace],
            actor: Actor::Member(user(1)),
            role: Some(Role::Member),
            teams: Vec::new(),
        },
        Case {
            name: "member in 5 teams, team target after 19 people",
            mode: PermissionMode::PublicTo,
            targets: wide.clone(),
            actor: Actor::Member(user(1)),
            role: Some(Role::Member),
            teams: five_teams.clone(),
        },
        Case {
            name: "member in 5 teams, 20 targets, none theirs (denied)",
            mode: PermissionMode::PublicTo,
            targets: wide[..19].to_vec(),
            actor: Actor::Member(user(1)),
            role: Some(Role::Member),
            teams: five_teams,
        },
        Case {
            name: "agent actor without originator, workspace target",
            mode: PermissionMode::PublicTo,
            targets: vec![InvocationTarget::member(user(2)), workspace],
            actor: Actor::Agent {
                agent_id: AgentId(Uuid::from_u128(0x3000)),
                originator: None,
            },
            role: None,
            teams: Vec::new(),
        },
        Case {
            name: "system actor without originator, people only (denied)",
            mode: PermissionMode::PublicTo,
            targets: wide,
            actor: Actor::System { originator: None },
            role: None,
            teams: Vec::new(),
        },
    ]
}
