//! Who may write runtime profiles, edit, delete or re-share a runtime, bind an agent to one,
//! and which runtime rows a daemon may touch. Pure functions returning a reason, so the server
//! enforces and the UI explains.

use crate::refusal::RefusalKind;
use crate::runtimes::RuntimeVisibility;
use crate::{Role, UserId};
use serde::{Deserialize, Serialize};

/// The facts about a runtime the rules need.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuntimeFacts {
    /// The person whose daemon registered it; `None` for a row nobody owns.
    pub owner_id: Option<UserId>,
    /// Who may bind agents to it.
    pub visibility: RuntimeVisibility,
}

/// Why a runtime rule said no.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RuntimeDenial {
    /// Only owners and admins manage runtime profiles.
    RequiresAdmin,
    /// Only the runtime's owner, or an owner/admin of the workspace, may do this.
    NotRuntimeOwner,
    /// Only the runtime's owner decides who may bind agents to it.
    VisibilityRequiresRuntimeOwner,
    /// The runtime is private to someone other than the agent's owner.
    RuntimePrivate,
    /// Nobody owns the runtime, so no agent can run on it.
    RuntimeWithoutOwner,
    /// A daemon named a runtime row that another member's daemon registered.
    RuntimeOfAnotherMember,
    /// Active agents are still bound to the runtime (or the profile's runtimes).
    HasActiveAgents,
}

impl RuntimeDenial {
    /// Every runtime denial, for tables that must cover them all.
    pub const ALL: [RuntimeDenial; 7] = [
        RuntimeDenial::RequiresAdmin,
        RuntimeDenial::NotRuntimeOwner,
        RuntimeDenial::VisibilityRequiresRuntimeOwner,
        RuntimeDenial::RuntimePrivate,
        RuntimeDenial::RuntimeWithoutOwner,
        RuntimeDenial::RuntimeOfAnotherMember,
        RuntimeDenial::HasActiveAgents,
    ];

    /// The stable machine code, as sent in the API's `code` field.
    pub fn code(self) -> &'static str {
        match self {
            RuntimeDenial::RequiresAdmin => "requires_admin",
            RuntimeDenial::NotRuntimeOwner => "not_runtime_owner",
            RuntimeDenial::VisibilityRequiresRuntimeOwner => "visibility_requires_runtime_owner",
            RuntimeDenial::RuntimePrivate => "runtime_private",
            RuntimeDenial::RuntimeWithoutOwner => "runtime_without_owner",
            RuntimeDenial::RuntimeOfAnotherMember => "runtime_of_another_member",
            RuntimeDenial::HasActiveAgents => "runtime_has_active_agents",
        }
    }

    /// An English explanation for API clients; the UI translates by [`RuntimeDenial::code`].
    pub fn message(self) -> &'static str {
        match self {
            RuntimeDenial::RequiresAdmin => "only workspace owners and admins can do this",
            RuntimeDenial::NotRuntimeOwner => {
                "only the runtime's owner or a workspace owner or admin can do this"
            }
            RuntimeDenial::VisibilityRequiresRuntimeOwner => {
                "only the runtime's owner can change who may use it"
            }
            RuntimeDenial::RuntimePrivate => {
                "this runtime is private to its owner; the agent's owner cannot use it"
            }
            RuntimeDenial::RuntimeWithoutOwner => {
                "this runtime has no owner, so no agent can use it"
            }
            RuntimeDenial::RuntimeOfAnotherMember => {
                "this runtime was registered by another member's daemon; a daemon acts only on \
                 its own member's runtimes"
            }
            RuntimeDenial::HasActiveAgents => {
                "active agents are still bound to this runtime; archive them or move them to \
                 another runtime first"
            }
        }
    }

    /// How the refusal maps onto a status code.
    pub fn kind(self) -> RefusalKind {
        match self {
            RuntimeDenial::RuntimeWithoutOwner => RefusalKind::Invalid,
            RuntimeDenial::HasActiveAgents => RefusalKind::Conflict,
            _ => RefusalKind::Forbidden,
        }
    }
}

/// Creating, editing, enabling or deleting a runtime profile.
pub fn can_write_profiles(actor: Role) -> Result<(), RuntimeDenial> {
    if actor.is_admin_like() {
        Ok(())
    } else {
        Err(RuntimeDenial::RequiresAdmin)
    }
}

/// Renaming a runtime.
pub fn can_edit_runtime(
    actor: UserId,
    role: Role,
    runtime: RuntimeFacts,
) -> Result<(), RuntimeDenial> {
    if role.is_admin_like() || runtime.owner_id == Some(actor) {
        Ok(())
    } else {
        Err(RuntimeDenial::NotRuntimeOwner)
    }
}

/// Seeing a runtime's last error (it can name paths and commands of the owner's machine): the
/// same people who may rename it. Everyone in the workspace sees its status and load.
pub fn can_see_runtime_error(
    actor: UserId,
    role: Role,
    runtime: RuntimeFacts,
) -> Result<(), RuntimeDenial> {
    can_edit_runtime(actor, role, runtime)
}

/// Deleting a runtime: the same people who may rename it.
pub fn can_delete_runtime(
    actor: UserId,
    role: Role,
    runtime: RuntimeFacts,
) -> Result<(), RuntimeDenial> {
    can_edit_runtime(actor, role, runtime)
}

/// Changing a runtime's visibility: its owner only, whatever the workspace role. An admin
/// cannot open someone's machine to the whole workspace.
pub fn can_change_runtime_visibility(
    actor: UserId,
    runtime: RuntimeFacts,
) -> Result<(), RuntimeDenial> {
    if runtime.owner_id == Some(actor) {
        Ok(())
    } else {
        Err(RuntimeDenial::VisibilityRequiresRuntimeOwner)
    }
}

/// Binding an agent owned by `agent_owner` to a runtime of the same workspace: the runtime
/// must have an owner; a private one serves only agents of that owner, a public one anyone's.
pub fn can_bind_runtime(
    agent_owner: Option<UserId>,
    runtime: RuntimeFacts,
) -> Result<(), RuntimeDenial> {
    let Some(runtime_owner) = runtime.owner_id else {
        return Err(RuntimeDenial::RuntimeWithoutOwner);
    };
    match runtime.visibility {
        RuntimeVisibility::Public => Ok(()),
        RuntimeVisibility::Private if agent_owner == Some(runtime_owner) => Ok(()),
        RuntimeVisibility::Private => Err(RuntimeDenial::RuntimePrivate),
    }
}

/// A daemon registering, heartbeating or deregistering a runtime row, or folding a legacy
/// row into a new one: only rows of the member the daemon acts for. No workspace role lifts
/// this, and a row nobody owns is nobody's to claim: a daemon id is visible to every member
/// (`GET /api/runtimes`), so sending one proves nothing about whose machine it is.
pub fn can_daemon_touch_runtime(
    caller: UserId,
    runtime: RuntimeFacts,
) -> Result<(), RuntimeDenial> {
    if runtime.owner_id == Some(caller) {
        Ok(())
    } else {
        Err(RuntimeDenial::RuntimeOfAnotherMember)
    }
}

/// Deleting a runtime, or a profile whose instances are runtimes (and folding a machine's old
/// runtime into its new one): refused while any active agent is bound, since it would be left
/// with nothing to run on. Archived agents do not count; the delete unbinds them.
pub fn can_delete_bound(active_agents: usize) -> Result<(), RuntimeDenial> {
    if active_agents == 0 {
        Ok(())
    } else {
        Err(RuntimeDenial::HasActiveAgents)
    }
}

/// Whose daemon tokens a member sees and may revoke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenScope {
    /// Every member's (owners and admins).
    Everyone,
    /// Only this member's own.
    Own(UserId),
}

impl TokenScope {
    /// Whether a token minted by `owner` is in scope.
    pub fn admits(self, owner: UserId) -> bool {
        match self {
            TokenScope::Everyone => true,
            TokenScope::Own(me) => me == owner,
        }
    }

    /// The one owner a list is limited to, or `None` for everyone's.
    pub fn only(self) -> Option<UserId> {
        match self {
            TokenScope::Everyone => None,
            TokenScope::Own(me) => Some(me),
        }
    }
}

/// Daemon tokens: owners and admins see and revoke everyone's (to cut off a lost machine);
/// a member only their own, and someone else's token does not exist for them.
pub fn daemon_token_scope(actor: UserId, role: Role) -> TokenScope {
    if role.is_admin_like() {
        TokenScope::Everyone
    } else {
        TokenScope::Own(actor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    const ANN: UserId = UserId(Uuid::from_u128(1));
    const BOB: UserId = UserId(Uuid::from_u128(2));

    fn runtime(owner: Option<UserId>, visibility: RuntimeVisibility) -> RuntimeFacts {
        RuntimeFacts {
            owner_id: owner,
            visibility,
        }
    }

    #[test]
    fn only_owners_and_admins_write_profiles() {
        assert!(can_write_profiles(Role::Owner).is_ok());
        assert!(can_write_profiles(Role::Admin).is_ok());
        assert_eq!(
            can_write_profiles(Role::Member),
            Err(RuntimeDenial::RequiresAdmin)
        );
    }

    #[test]
    fn a_member_edits_and_deletes_only_their_own_runtime_while_admins_manage_any() {
        let anns = runtime(Some(ANN), RuntimeVisibility::Private);
        assert!(can_edit_runtime(ANN, Role::Member, anns).is_ok());
        assert_eq!(
            can_edit_runtime(BOB, Role::Member, anns),
            Err(RuntimeDenial::NotRuntimeOwner)
        );
        assert!(can_edit_runtime(BOB, Role::Admin, anns).is_ok());
        assert!(can_delete_runtime(BOB, Role::Owner, anns).is_ok());
        assert_eq!(
            can_delete_runtime(BOB, Role::Member, anns),
            Err(RuntimeDenial::NotRuntimeOwner)
        );
    }

    #[test]
    fn a_runtimes_last_error_is_for_its_owner_and_admins_even_when_it_is_shared() {
        let anns = runtime(Some(ANN), RuntimeVisibility::Public);
        assert!(can_see_runtime_error(ANN, Role::Member, anns).is_ok());
        assert!(can_see_runtime_error(BOB, Role::Admin, anns).is_ok());
        assert_eq!(
            can_see_runtime_error(BOB, Role::Member, anns),
            Err(RuntimeDenial::NotRuntimeOwner)
        );
    }

    #[test]
    fn only_the_runtime_owner_changes_visibility_even_against_an_admin() {
        let anns = runtime(Some(ANN), RuntimeVisibility::Private);
        assert!(can_change_runtime_visibility(ANN, anns).is_ok());
        assert_eq!(
            can_change_runtime_visibility(BOB, anns),
            Err(RuntimeDenial::VisibilityRequiresRuntimeOwner)
        );
        assert!(
            can_change_runtime_visibility(ANN, runtime(None, RuntimeVisibility::Public)).is_err()
        );
    }

    #[test]
    fn private_runtimes_serve_only_their_owners_agents_and_public_ones_everyone() {
        let private = runtime(Some(ANN), RuntimeVisibility::Private);
        let public = runtime(Some(ANN), RuntimeVisibility::Public);
        assert!(can_bind_runtime(Some(ANN), private).is_ok());
        assert_eq!(
            can_bind_runtime(Some(BOB), private),
            Err(RuntimeDenial::RuntimePrivate)
        );
        assert_eq!(
            can_bind_runtime(None, private),
            Err(RuntimeDenial::RuntimePrivate)
        );
        assert!(can_bind_runtime(Some(BOB), public).is_ok());
        assert_eq!(
            can_bind_runtime(Some(ANN), runtime(None, RuntimeVisibility::Public)),
            Err(RuntimeDenial::RuntimeWithoutOwner)
        );
    }

    #[test]
    fn a_daemon_touches_only_its_own_members_runtimes_whatever_the_role_or_visibility() {
        for visibility in [RuntimeVisibility::Private, RuntimeVisibility::Public] {
            let anns = runtime(Some(ANN), visibility);
            assert!(can_daemon_touch_runtime(ANN, anns).is_ok());
            assert_eq!(
                can_daemon_touch_runtime(BOB, anns),
                Err(RuntimeDenial::RuntimeOfAnotherMember)
            );
            assert_eq!(
                can_daemon_touch_runtime(ANN, runtime(None, visibility)),
                Err(RuntimeDenial::RuntimeOfAnotherMember)
            );
        }
        assert_eq!(
            RuntimeDenial::RuntimeOfAnotherMember.kind(),
            RefusalKind::Forbidden
        );
    }

    #[test]
    fn a_runtime_with_active_agents_bound_cannot_be_deleted() {
        assert_eq!(can_delete_bound(0), Ok(()));
        assert_eq!(can_delete_bound(1), Err(RuntimeDenial::HasActiveAgents));
        assert_eq!(RuntimeDenial::HasActiveAgents.kind(), RefusalKind::Conflict);
    }

    #[test]
    fn members_see_their_own_daemon_tokens_and_admins_everyones() {
        for role in [Role::Owner, Role::Admin] {
            let scope = daemon_token_scope(ANN, role);
            assert!(scope.admits(ANN) && scope.admits(BOB), "{role:?}");
            assert_eq!(scope.only(), None);
        }
        let scope = daemon_token_scope(ANN, Role::Member);
        assert!(scope.admits(ANN));
        assert!(!scope.admits(BOB));
        assert_eq!(scope.only(), Some(ANN));
    }
}
