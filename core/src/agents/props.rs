//! Property checks over random facts from a small deterministic generator (no dependencies):
//! the invoke gate never lets a non-owner run a private agent, always lets the owner run
//! theirs, and agrees with the view gate, the explainer and the browser's rule.

use super::testing::{agent, team, user, ws};
use super::*;
use crate::{Role, TeamId, UserId};

/// xorshift64*: enough randomness for fact generation, reproducible from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self) -> bool {
        self.below(2) == 0
    }

    fn user(&mut self) -> UserId {
        user(self.below(4) as u8)
    }

    fn maybe_user(&mut self) -> Option<UserId> {
        self.chance().then(|| self.user())
    }
}

struct World {
    owner: Option<UserId>,
    mode: PermissionMode,
    targets: Vec<InvocationTarget>,
    actor: Actor,
    role: Option<Role>,
    teams: Vec<TeamId>,
}

fn random_world(rng: &mut Rng) -> World {
    let targets = (0..rng.below(4))
        .map(|_| match rng.below(5) {
            0 => InvocationTarget::workspace(ws()),
            1 | 2 => InvocationTarget::member(rng.user()),
            3 => InvocationTarget::team(team(rng.below(3) as u8)),
            _ => InvocationTarget {
                target_type: TargetType::Member,
                target_id: None,
            },
        })
        .collect();
    let actor = match rng.below(3) {
        0 => Actor::Member(rng.user()),
        1 => Actor::Agent {
            agent_id: agent(rng.below(2) as u8),
            originator: rng.maybe_user(),
        },
        _ => Actor::System {
            originator: rng.maybe_user(),
        },
    };
    let role = [
        None,
        Some(Role::Owner),
        Some(Role::Admin),
        Some(Role::Member),
    ][rng.below(4) as usize];
    let teams = (0..3u8).filter(|_| rng.chance()).map(team).collect();
    let mode = if rng.chance() {
        PermissionMode::Private
    } else {
        PermissionMode::PublicTo
    };
    World {
        owner: rng.maybe_user(),
        mode,
        targets,
        actor,
        role: actor.effective_user().and(role),
        teams,
    }
}

#[test]
fn random_facts_never_break_the_invoke_invariants() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    for round in 0..20_000 {
        let w = random_world(&mut rng);
        let access = AgentAccess {
            owner_id: w.owner,
            mode: w.mode,
            targets: &w.targets,
        };
        let caller = Caller {
            actor: w.actor,
            role: w.role,
            teams: &w.teams,
        };
        let decision = can_invoke(&access, &caller);
        let user = w.actor.effective_user();
        let is_owner = user.is_some() && user == w.owner;
        let context = format!(
            "round {round}: {:?}",
            (w.owner, w.mode, &w.targets, w.actor, w.role, &w.teams)
        );
        if w.mode == PermissionMode::Private && !is_owner {
            assert!(
                !decision.allowed,
                "non-owner ran a private agent, {context}"
            );
        }
        if is_owner {
            assert!(decision.allowed, "owner refused, {context}");
        }
        assert_eq!(decision.allowed, decision.reason.is_allowed(), "{context}");
        if let Some(index) = decision.via {
            assert!(index < w.targets.len(), "{context}");
        }
        if let (Actor::Member(u), true) = (w.actor, decision.allowed) {
            assert!(
                can_view(&access, &caller).allowed,
                "runnable but not visible, {context}"
            );
            let explained = explain_invoke(&access, u, w.role, &w.teams);
            assert_eq!(explained.reason, decision.reason, "{context}");
            assert_eq!(
                explained.via,
                decision.via.map(|i| w.targets[i]),
                "{context}"
            );
        }
        if let Actor::Member(u) = w.actor {
            let role = w.role.map_or(RoleState::NotMember, RoleState::Known);
            let client = can_assign_agent(Some(&access), Some(u), role, &w.teams);
            assert_eq!(
                client.is_allowed(),
                decision.allowed,
                "browser disagrees, {context}"
            );
        }
    }
}
