//! The access picker's draft (spec §6.1, §6.3): the choice the owner is editing, what Save
//! would send, and whether it differs from what is stored. Pure, so the picker's rules are
//! tested here and the component only renders.

use super::model::{InvocationTarget, PermissionMode, TargetType};
use super::scope::{effective_scope, is_access_change_ready, AccessScope, AccessSetting};
use crate::{TeamId, UserId, WorkspaceId};
use std::collections::BTreeSet;

/// A scope and, for "specific people", the people and teams ticked, in ticking order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessDraft {
    /// The radio chosen.
    pub scope: AccessScope,
    /// People ticked (kept while another scope is chosen, so switching back restores them).
    pub members: Vec<UserId>,
    /// Teams ticked.
    pub teams: Vec<TeamId>,
}

impl AccessDraft {
    /// The draft that shows what is stored: the scope of [`effective_scope`] and the member
    /// and team targets.
    pub fn from_stored(mode: PermissionMode, targets: &[InvocationTarget]) -> Self {
        let ids = |kind: TargetType| {
            targets
                .iter()
                .filter(move |t| t.target_type == kind)
                .filter_map(|t| t.target_id)
        };
        Self {
            scope: effective_scope(mode, targets),
            members: ids(TargetType::Member).map(UserId).collect(),
            teams: ids(TargetType::Team).map(TeamId).collect(),
        }
    }

    /// What Save sends: only me → private; entire workspace → the workspace alone (people and
    /// teams dropped); specific people → the people then the teams. `None` while "specific
    /// people" has nobody ticked (Save disabled, "select at least one person").
    pub fn to_setting(&self, workspace_id: WorkspaceId) -> Option<AccessSetting> {
        let setting = match self.scope {
            AccessScope::OwnerOnly => AccessSetting::private(),
            AccessScope::Workspace => AccessSetting::workspace(workspace_id),
            AccessScope::SpecificPeople => self.specific_people(),
        };
        is_access_change_ready(Some(&setting)).then_some(setting)
    }

    /// Whether "specific people" is chosen with nobody ticked: the picker says "pick at least
    /// one" and Save stays off. The same rule as [`AccessDraft::to_setting`] refusing it.
    pub fn needs_a_pick(&self) -> bool {
        self.scope == AccessScope::SpecificPeople
            && !is_access_change_ready(Some(&self.specific_people()))
    }

    fn specific_people(&self) -> AccessSetting {
        let people = self.members.iter().map(|&u| InvocationTarget::member(u));
        let teams = self.teams.iter().map(|&t| InvocationTarget::team(t));
        let mut seen = BTreeSet::new();
        AccessSetting {
            permission_mode: PermissionMode::PublicTo,
            invocation_targets: people.chain(teams).filter(|t| seen.insert(*t)).collect(),
        }
    }

    /// Dirty: another scope, or "specific people" with a different set of people or teams
    /// (order does not matter).
    pub fn is_dirty(&self, stored: &AccessDraft) -> bool {
        if self.scope != stored.scope {
            return true;
        }
        self.scope == AccessScope::SpecificPeople
            && (set(&self.members) != set(&stored.members)
                || set(&self.teams) != set(&stored.teams))
    }

    /// Save is enabled when the draft is dirty and sendable.
    pub fn can_save(&self, stored: &AccessDraft, workspace_id: WorkspaceId) -> bool {
        self.is_dirty(stored) && self.to_setting(workspace_id).is_some()
    }
}

fn set<T: Ord + Copy>(items: &[T]) -> BTreeSet<T> {
    items.iter().copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agents::testing::{team, user, ws};

    fn stored_member_only() -> AccessDraft {
        let targets = [
            InvocationTarget::member(user(1)),
            InvocationTarget::team(team(1)),
        ];
        AccessDraft::from_stored(PermissionMode::PublicTo, &targets)
    }

    #[test]
    fn the_draft_starts_from_the_stored_scope_people_and_teams() {
        let draft = stored_member_only();
        assert_eq!(draft.scope, AccessScope::SpecificPeople);
        assert_eq!((draft.members, draft.teams), (vec![user(1)], vec![team(1)]));
        let private = AccessDraft::from_stored(PermissionMode::Private, &[]);
        assert_eq!(private.scope, AccessScope::OwnerOnly);
    }

    #[test]
    fn choosing_the_workspace_sends_the_workspace_alone_and_drops_grants() {
        let mut draft = stored_member_only();
        draft.scope = AccessScope::Workspace;
        assert_eq!(draft.to_setting(ws()), Some(AccessSetting::workspace(ws())));
        assert!(draft.can_save(&stored_member_only(), ws()));
    }

    #[test]
    fn picking_a_person_sends_a_member_target_and_nobody_picked_cannot_be_saved() {
        let stored = AccessDraft::from_stored(PermissionMode::Private, &[]);
        let mut draft = stored.clone();
        draft.scope = AccessScope::SpecificPeople;
        assert_eq!(draft.to_setting(ws()), None);
        assert!(!draft.can_save(&stored, ws()));
        draft.members.push(user(2));
        let sent = draft.to_setting(ws()).unwrap();
        assert_eq!(
            sent.invocation_targets,
            vec![InvocationTarget::member(user(2))]
        );
        assert!(draft.can_save(&stored, ws()));
    }

    #[test]
    fn dirty_turns_on_with_a_change_and_off_when_back_to_the_stored_access() {
        let stored = stored_member_only();
        let mut draft = stored.clone();
        assert!(!draft.is_dirty(&stored));
        draft.scope = AccessScope::OwnerOnly;
        assert!(draft.is_dirty(&stored));
        draft.scope = AccessScope::SpecificPeople;
        assert!(!draft.is_dirty(&stored));
        draft.members.insert(0, user(3));
        assert!(draft.is_dirty(&stored));
        draft.members.retain(|&u| u != user(3));
        assert!(!draft.is_dirty(&stored));
        draft.teams.clear();
        assert!(draft.is_dirty(&stored));
    }

    #[test]
    fn only_specific_people_with_nobody_ticked_needs_a_pick() {
        let draft = |scope, members: Vec<UserId>, teams: Vec<TeamId>| AccessDraft {
            scope,
            members,
            teams,
        };
        #[rustfmt::skip]
        let table = [
            ("specific people, nobody ticked", draft(AccessScope::SpecificPeople, vec![], vec![]), true),
            ("specific people, a person ticked", draft(AccessScope::SpecificPeople, vec![user(1)], vec![]), false),
            ("specific people, a team ticked", draft(AccessScope::SpecificPeople, vec![], vec![team(1)]), false),
            ("only me", draft(AccessScope::OwnerOnly, vec![], vec![]), false),
            ("the workspace", draft(AccessScope::Workspace, vec![], vec![]), false),
        ];
        for (name, draft, expected) in table {
            assert_eq!(draft.needs_a_pick(), expected, "{name}");
            // Exactly the drafts Save cannot send.
            assert_eq!(draft.to_setting(ws()).is_none(), expected, "{name}");
        }
    }

    #[test]
    fn only_me_sends_private_with_no_targets() {
        let mut draft = stored_member_only();
        draft.scope = AccessScope::OwnerOnly;
        assert_eq!(draft.to_setting(ws()), Some(AccessSetting::private()));
    }
}
