//! Proof values for the workspace gates: an [`Allowed<G>`] exists only once `core` let the
//! caller through gate `G`, and the service that makes that change takes one, so a write
//! cannot be reached without its check. Each gate type carries what was checked (the target
//! member, the role offered, the runtime), so the write acts on exactly that.

use super::Membership;
use crate::error::ApiError;
use agentry_core::runtimes::RuntimeDenial;
use agentry_core::runtimes::{
    can_change_runtime_visibility, can_delete_runtime, can_edit_runtime, can_write_profiles,
    daemon_token_scope, RuntimeFacts, TokenScope,
};
use agentry_core::{roles, Refusal, Role, RuntimeId, UserId};
use std::ops::Deref;

/// Proof that the caller, a member, passed gate `G`. Built only in this module.
#[derive(Debug)]
pub struct Allowed<G> {
    member: Membership,
    gate: G,
}

impl<G> Allowed<G> {
    fn check<R: Into<Refusal>>(
        member: Membership,
        gate: G,
        decision: Result<(), R>,
    ) -> Result<Self, ApiError> {
        decision.map_err(|refusal| ApiError::Refused(refusal.into()))?;
        Ok(Self { member, gate })
    }

    /// What the gate was passed for.
    pub fn gate(&self) -> &G {
        &self.gate
    }
}

impl<G> Deref for Allowed<G> {
    type Target = Membership;

    fn deref(&self) -> &Membership {
        &self.member
    }
}

/// Create, rename, delete teams and set their members.
#[derive(Debug)]
pub struct ManageTeams;

/// List and revoke pending invitations.
#[derive(Debug)]
pub struct ManageInvitations;

/// Invite someone with this role.
#[derive(Debug)]
pub struct Invite {
    /// The role the invitation offers.
    pub role: Role,
}

/// Rename the workspace or change its slug.
#[derive(Debug)]
pub struct EditWorkspace;

/// Delete the workspace.
#[derive(Debug)]
pub struct DeleteWorkspace;

/// Give this member this role.
#[derive(Clone, Copy, Debug)]
pub struct ChangeRole {
    /// The member whose role changes.
    pub user: UserId,
    /// Their new role.
    pub role: Role,
}

/// Remove this member (the caller themselves when leaving).
#[derive(Debug)]
pub struct RemoveMember {
    /// Who goes.
    pub user: UserId,
}

/// Create, change and delete the workspace's runtime profiles.
#[derive(Debug)]
pub struct WriteProfiles;

/// Change this runtime as asked (its name, its visibility, or both).
#[derive(Debug)]
pub struct EditRuntime {
    /// The runtime.
    pub runtime: RuntimeId,
}

/// Delete this runtime.
#[derive(Debug)]
pub struct DeleteRuntime {
    /// The runtime.
    pub runtime: RuntimeId,
}

/// Mint, list and revoke daemon tokens, within this scope.
#[derive(Debug)]
pub struct DaemonTokens {
    /// Whose tokens the caller reaches.
    pub scope: TokenScope,
}

/// The proof the runtime profile services take.
pub type ProfileWriter = Allowed<WriteProfiles>;

impl Membership {
    /// Owners and admins manage teams; 403 otherwise.
    pub fn manage_teams(self) -> Result<Allowed<ManageTeams>, ApiError> {
        let decision = roles::can_manage_teams(self.role);
        Allowed::check(self, ManageTeams, decision)
    }

    /// Owners and admins see and revoke pending invitations; 403 otherwise.
    pub fn manage_invitations(self) -> Result<Allowed<ManageInvitations>, ApiError> {
        let decision = roles::can_manage_invitations(self.role);
        Allowed::check(self, ManageInvitations, decision)
    }

    /// May the caller invite someone as `role`?
    pub fn invite(self, role: Role) -> Result<Allowed<Invite>, ApiError> {
        let decision = roles::can_invite(self.role, role);
        Allowed::check(self, Invite { role }, decision)
    }

    /// May the caller rename the workspace?
    pub fn edit_workspace(self) -> Result<Allowed<EditWorkspace>, ApiError> {
        let decision = roles::can_edit_workspace(self.role);
        Allowed::check(self, EditWorkspace, decision)
    }

    /// May the caller delete the workspace?
    pub fn delete_workspace(self) -> Result<Allowed<DeleteWorkspace>, ApiError> {
        let decision = roles::can_delete_workspace(self.role);
        Allowed::check(self, DeleteWorkspace, decision)
    }

    /// May the caller give `user`, now `current`, the role `role`, with `owners` owners?
    pub fn change_role(
        self,
        user: UserId,
        current: Role,
        role: Role,
        owners: usize,
    ) -> Result<Allowed<ChangeRole>, ApiError> {
        let decision = roles::can_change_role(self.role, current, role, owners);
        Allowed::check(self, ChangeRole { user, role }, decision)
    }

    /// May the caller remove `user` (role `target`), with `owners` owners? Removing oneself
    /// is leaving, which has its own rule.
    pub fn remove_member(
        self,
        user: UserId,
        target: Role,
        owners: usize,
    ) -> Result<Allowed<RemoveMember>, ApiError> {
        let decision = if user == self.user_id {
            roles::can_leave(self.role, owners)
        } else {
            roles::can_remove_member(self.role, target, owners)
        };
        Allowed::check(self, RemoveMember { user }, decision)
    }

    /// Owners and admins write runtime profiles; 403 `requires_admin` otherwise.
    pub fn write_profiles(self) -> Result<ProfileWriter, ApiError> {
        let decision = can_write_profiles(self.role);
        Allowed::check(self, WriteProfiles, decision)
    }

    /// May the caller rename (`renaming`) and re-share (`sharing`) the runtime with `facts`?
    pub fn edit_runtime(
        self,
        runtime: RuntimeId,
        facts: RuntimeFacts,
        renaming: bool,
        sharing: bool,
    ) -> Result<Allowed<EditRuntime>, ApiError> {
        let decision = (|| -> Result<(), RuntimeDenial> {
            if renaming {
                can_edit_runtime(self.user_id, self.role, facts)?;
            }
            if sharing {
                can_change_runtime_visibility(self.user_id, facts)?;
            }
            Ok(())
        })();
        Allowed::check(self, EditRuntime { runtime }, decision)
    }

    /// May the caller delete the runtime with `facts`?
    pub fn delete_runtime(
        self,
        runtime: RuntimeId,
        facts: RuntimeFacts,
    ) -> Result<Allowed<DeleteRuntime>, ApiError> {
        let decision = can_delete_runtime(self.user_id, self.role, facts);
        Allowed::check(self, DeleteRuntime { runtime }, decision)
    }

    /// Every member reaches daemon tokens, within the scope `core` gives their role.
    pub fn daemon_tokens(self) -> Allowed<DaemonTokens> {
        let scope = daemon_token_scope(self.user_id, self.role);
        Allowed {
            member: self,
            gate: DaemonTokens { scope },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agentry_core::WorkspaceId;
    use uuid::Uuid;

    const ME: UserId = UserId(Uuid::from_u128(1));
    const YOU: UserId = UserId(Uuid::from_u128(2));

    fn member(role: Role) -> Membership {
        Membership {
            workspace_id: WorkspaceId(Uuid::from_u128(9)),
            user_id: ME,
            role,
        }
    }

    fn code<G>(result: Result<Allowed<G>, ApiError>) -> Option<&'static str> {
        match result {
            Ok(_) => None,
            Err(ApiError::Refused(refusal)) => Some(refusal.code()),
            Err(other) => panic!("unexpected error {other:?}"),
        }
    }

    #[test]
    fn removing_oneself_is_leaving_so_the_only_owner_may_remove_others_but_not_themselves() {
        assert_eq!(
            code(member(Role::Owner).remove_member(YOU, Role::Member, 1)),
            None
        );
        assert_eq!(
            code(member(Role::Owner).remove_member(ME, Role::Owner, 1)),
            Some("last_owner")
        );
    }

    #[test]
    fn the_proof_carries_what_was_checked() {
        let Ok(allowed) = member(Role::Owner).change_role(YOU, Role::Member, Role::Admin, 1) else {
            panic!("an owner may promote a member");
        };
        assert_eq!(
            (allowed.gate().user, allowed.gate().role),
            (YOU, Role::Admin)
        );
    }

    #[test]
    fn daemon_token_scope_is_own_for_members_and_everyone_for_admins() {
        assert_eq!(
            member(Role::Member).daemon_tokens().gate().scope.only(),
            Some(ME)
        );
        assert_eq!(
            member(Role::Admin).daemon_tokens().gate().scope.only(),
            None
        );
    }

    #[test]
    fn a_member_cannot_pass_an_admin_gate() {
        assert_eq!(
            code(member(Role::Member).manage_teams()),
            Some("requires_admin")
        );
        assert_eq!(
            code(member(Role::Member).write_profiles()),
            Some("requires_admin")
        );
        assert_eq!(
            code(member(Role::Admin).delete_workspace()),
            Some("requires_owner")
        );
    }
}
