//! Who is told what about an agent's connected apps, the same in the server and the browser:
//! only the owner sees and edits the allowlist (the MCP Apps tab); sharing an agent that has
//! apps warns its owner; and anyone else who may run it is told whose apps its runs use.

use crate::agents::AccessScope;
use crate::UserId;

/// The warning the owner sees when an agent with apps is shared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SharingWarning {
    /// Everyone in the workspace may run it, and so use the owner's apps.
    WholeWorkspace,
    /// The people and teams it is shared with may use them.
    SharedWith,
}

/// The MCP Apps tab and the allowlist are the owner's alone, and only while connected apps are
/// on: workspace owners and admins do not see them either.
pub fn may_see_apps(viewer: Option<UserId>, owner: UserId, integration_on: bool) -> bool {
    integration_on && viewer == Some(owner)
}

/// The owner's warning on the MCP Apps tab: shown when the agent is shared and it allows an
/// app or the owner has any app connected (ticking one would share it at once).
pub fn sharing_warning(
    scope: AccessScope,
    allows_apps: bool,
    owner_has_connections: bool,
) -> Option<SharingWarning> {
    if !(allows_apps || owner_has_connections) {
        return None;
    }
    match scope {
        AccessScope::Workspace => Some(SharingWarning::WholeWorkspace),
        AccessScope::SpecificPeople => Some(SharingWarning::SharedWith),
        AccessScope::OwnerOnly => None,
    }
}

/// The access picker's hint: the agent allows apps, is private now, and the draft shares it.
pub fn apps_hint_when_sharing(allows_apps: bool, saved: AccessScope, draft: AccessScope) -> bool {
    allows_apps && saved == AccessScope::OwnerOnly && draft != AccessScope::OwnerOnly
}

/// "Runs of this agent use <owner>'s <apps>": for someone other than the owner who may run an
/// agent that allows apps (names only, never account ids).
pub fn act_as_disclosure(
    viewer: Option<UserId>,
    owner: UserId,
    may_run: bool,
    allows_apps: bool,
) -> bool {
    may_run && allows_apps && viewer.is_some_and(|v| v != owner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    const OWNER: UserId = UserId(Uuid::from_u128(1));
    const OTHER: UserId = UserId(Uuid::from_u128(2));

    #[test]
    fn only_the_owner_sees_the_apps_and_only_while_the_integration_is_on() {
        assert!(may_see_apps(Some(OWNER), OWNER, true));
        assert!(!may_see_apps(Some(OWNER), OWNER, false));
        assert!(!may_see_apps(Some(OTHER), OWNER, true));
        assert!(!may_see_apps(None, OWNER, true));
    }

    #[test]
    fn a_shared_agent_with_apps_warns_its_owner_by_how_widely_it_is_shared() {
        use AccessScope::*;
        assert_eq!(
            sharing_warning(Workspace, true, false),
            Some(SharingWarning::WholeWorkspace)
        );
        assert_eq!(
            sharing_warning(SpecificPeople, false, true),
            Some(SharingWarning::SharedWith)
        );
        assert_eq!(sharing_warning(OwnerOnly, true, true), None);
        assert_eq!(sharing_warning(Workspace, false, false), None);
    }

    #[test]
    fn the_picker_hints_only_when_a_private_agent_with_apps_is_about_to_be_shared() {
        use AccessScope::*;
        assert!(apps_hint_when_sharing(true, OwnerOnly, Workspace));
        assert!(apps_hint_when_sharing(true, OwnerOnly, SpecificPeople));
        assert!(!apps_hint_when_sharing(true, Workspace, SpecificPeople));
        assert!(!apps_hint_when_sharing(true, OwnerOnly, OwnerOnly));
        assert!(!apps_hint_when_sharing(false, OwnerOnly, Workspace));
    }

    #[test]
    fn others_who_may_run_an_agent_with_apps_are_told_whose_apps_it_uses() {
        assert!(act_as_disclosure(Some(OTHER), OWNER, true, true));
        assert!(
            !act_as_disclosure(Some(OWNER), OWNER, true, true),
            "the owner knows"
        );
        assert!(!act_as_disclosure(Some(OTHER), OWNER, false, true));
        assert!(!act_as_disclosure(Some(OTHER), OWNER, true, false));
    }
}
