//! Workspace roles and the rules for who may manage the workspace, its members and its teams.
//! Each rule is a pure function returning a [`Decision`]; the server enforces it, the UI uses
//! the same answer to disable a control and say why.

use crate::refusal::RefusalKind;
use serde::{Deserialize, Serialize};

/// A member's role in a workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Full control, including deleting the workspace and granting `owner`.
    Owner,
    /// Manages members, invitations, teams and settings, but not owners.
    Admin,
    /// Uses the workspace.
    Member,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 3] = [Role::Owner, Role::Admin, Role::Member];

    /// The wire and database form.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }

    /// Parses the wire form exactly (`owner`, `admin`, `member`).
    pub fn parse(raw: &str) -> Option<Role> {
        match raw {
            "owner" => Some(Role::Owner),
            "admin" => Some(Role::Admin),
            "member" => Some(Role::Member),
            _ => None,
        }
    }

    /// Owners and admins are "admin-like": they manage the workspace.
    pub fn is_admin_like(self) -> bool {
        matches!(self, Role::Owner | Role::Admin)
    }
}

/// Why a rule said no. Each has a stable code for the API and the UI's translation table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Denial {
    /// Only owners and admins may do this.
    RequiresAdmin,
    /// Only owners may do this.
    RequiresOwner,
    /// Granting or taking away `owner` is reserved to owners.
    OwnerRoleRequiresOwner,
    /// Admins may not remove owners.
    AdminCannotRemoveOwner,
    /// The workspace must keep at least one owner.
    LastOwner,
    /// Invitations grant `admin` or `member`, never `owner`.
    InvitationCannotGrantOwner,
    /// An invitation is accepted only by the account it was sent to.
    InvitationForAnotherEmail,
}

impl Denial {
    /// Every denial, for tables that must cover them all.
    pub const ALL: [Denial; 7] = [
        Denial::RequiresAdmin,
        Denial::RequiresOwner,
        Denial::OwnerRoleRequiresOwner,
        Denial::AdminCannotRemoveOwner,
        Denial::LastOwner,
        Denial::InvitationCannotGrantOwner,
        Denial::InvitationForAnotherEmail,
    ];

    /// The stable machine code, as sent in the API's `code` field.
    pub fn code(self) -> &'static str {
        match self {
            Denial::RequiresAdmin => "requires_admin",
            Denial::RequiresOwner => "requires_owner",
            Denial::OwnerRoleRequiresOwner => "owner_role_requires_owner",
            Denial::AdminCannotRemoveOwner => "admin_cannot_remove_owner",
            Denial::LastOwner => "last_owner",
            Denial::InvitationCannotGrantOwner => "invitation_cannot_grant_owner",
            Denial::InvitationForAnotherEmail => "email_mismatch",
        }
    }

    /// An English explanation for API clients; the UI translates by [`Denial::code`].
    pub fn message(self) -> &'static str {
        match self {
            Denial::RequiresAdmin => "only workspace owners and admins can do this",
            Denial::RequiresOwner => "only workspace owners can do this",
            Denial::OwnerRoleRequiresOwner => "only an owner can grant or remove the owner role",
            Denial::AdminCannotRemoveOwner => "admins cannot remove an owner",
            Denial::LastOwner => "a workspace must keep at least one owner",
            Denial::InvitationCannotGrantOwner => {
                "invitations can grant the admin or member role only"
            }
            Denial::InvitationForAnotherEmail => {
                "this invitation was sent to a different email address"
            }
        }
    }

    /// Whether the refusal is about the state of the workspace (409) rather than the caller's
    /// rights (403) or the input (400).
    pub fn kind(self) -> RefusalKind {
        match self {
            Denial::LastOwner => RefusalKind::Conflict,
            Denial::InvitationCannotGrantOwner => RefusalKind::Invalid,
            _ => RefusalKind::Forbidden,
        }
    }
}

/// The outcome of a rule: allowed, or refused with a reason.
pub type Decision = Result<(), Denial>;

fn require_admin(actor: Role) -> Decision {
    if actor.is_admin_like() {
        Ok(())
    } else {
        Err(Denial::RequiresAdmin)
    }
}

/// Renaming the workspace or changing its slug.
pub fn can_edit_workspace(actor: Role) -> Decision {
    require_admin(actor)
}

/// Deleting the workspace and everything in it.
pub fn can_delete_workspace(actor: Role) -> Decision {
    if actor == Role::Owner {
        Ok(())
    } else {
        Err(Denial::RequiresOwner)
    }
}

/// Listing, creating and revoking invitations (the role check of [`can_invite`] aside).
pub fn can_manage_invitations(actor: Role) -> Decision {
    require_admin(actor)
}

/// Inviting someone with `role`.
pub fn can_invite(actor: Role, role: Role) -> Decision {
    require_admin(actor)?;
    if role == Role::Owner {
        Err(Denial::InvitationCannotGrantOwner)
    } else {
        Ok(())
    }
}

/// Changing a member's role from `current` to `new`; `owner_count` counts owners now.
pub fn can_change_role(actor: Role, current: Role, new: Role, owner_count: usize) -> Decision {
    require_admin(actor)?;
    if (current == Role::Owner || new == Role::Owner) && actor != Role::Owner {
        return Err(Denial::OwnerRoleRequiresOwner);
    }
    if current == Role::Owner && new != Role::Owner && owner_count <= 1 {
        return Err(Denial::LastOwner);
    }
    Ok(())
}

/// Removing a member whose role is `target`.
pub fn can_remove_member(actor: Role, target: Role, owner_count: usize) -> Decision {
    require_admin(actor)?;
    if target == Role::Owner && actor != Role::Owner {
        return Err(Denial::AdminCannotRemoveOwner);
    }
    if target == Role::Owner && owner_count <= 1 {
        return Err(Denial::LastOwner);
    }
    Ok(())
}

/// Leaving the workspace of one's own accord.
pub fn can_leave(role: Role, owner_count: usize) -> Decision {
    if role == Role::Owner && owner_count <= 1 {
        Err(Denial::LastOwner)
    } else {
        Ok(())
    }
}

/// Creating, renaming, deleting teams and setting their members.
pub fn can_manage_teams(actor: Role) -> Decision {
    require_admin(actor)
}

/// Accepting an invitation: only the account it was sent to, by normalised email (both sides
/// are stored trimmed and lower-case).
pub fn can_accept_invitation(account_email: &str, invited_email: &str) -> Decision {
    if account_email == invited_email {
        Ok(())
    } else {
        Err(Denial::InvitationForAnotherEmail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::{Admin, Member, Owner};

    const FORBIDDEN: Decision = Err(Denial::RequiresAdmin);

    #[test]
    fn only_owners_and_admins_edit_the_workspace_manage_invitations_and_teams() {
        for (actor, expected) in [(Owner, Ok(())), (Admin, Ok(())), (Member, FORBIDDEN)] {
            assert_eq!(can_edit_workspace(actor), expected, "{actor:?}");
            assert_eq!(can_manage_invitations(actor), expected, "{actor:?}");
            assert_eq!(can_manage_teams(actor), expected, "{actor:?}");
        }
    }

    #[test]
    fn only_owners_delete_the_workspace() {
        assert_eq!(can_delete_workspace(Owner), Ok(()));
        assert_eq!(can_delete_workspace(Admin), Err(Denial::RequiresOwner));
        assert_eq!(can_delete_workspace(Member), Err(Denial::RequiresOwner));
    }

    #[test]
    fn invitations_grant_admin_or_member_and_only_admin_likes_send_them() {
        let table = [
            (Owner, Admin, Ok(())),
            (Owner, Member, Ok(())),
            (Owner, Owner, Err(Denial::InvitationCannotGrantOwner)),
            (Admin, Admin, Ok(())),
            (Admin, Member, Ok(())),
            (Admin, Owner, Err(Denial::InvitationCannotGrantOwner)),
            (Member, Member, FORBIDDEN),
            (Member, Owner, FORBIDDEN),
        ];
        for (actor, role, expected) in table {
            assert_eq!(
                can_invite(actor, role),
                expected,
                "{actor:?} inviting {role:?}"
            );
        }
    }

    #[test]
    fn role_changes_follow_the_owner_and_last_owner_rules() {
        // (actor, current, new, owners, expected)
        let table = [
            (Member, Member, Admin, 1, FORBIDDEN),
            (Admin, Member, Admin, 1, Ok(())),
            (Admin, Admin, Member, 1, Ok(())),
            (Admin, Member, Owner, 1, Err(Denial::OwnerRoleRequiresOwner)),
            (Admin, Owner, Member, 2, Err(Denial::OwnerRoleRequiresOwner)),
            (Owner, Member, Owner, 1, Ok(())),
            (Owner, Admin, Owner, 1, Ok(())),
            (Owner, Owner, Admin, 2, Ok(())),
            (Owner, Owner, Member, 1, Err(Denial::LastOwner)),
            (Owner, Owner, Owner, 1, Ok(())),
        ];
        for (actor, current, new, owners, expected) in table {
            assert_eq!(
                can_change_role(actor, current, new, owners),
                expected,
                "{actor:?} changing {current:?} to {new:?} with {owners} owner(s)"
            );
        }
    }

    #[test]
    fn removals_protect_owners_from_admins_and_keep_the_last_owner() {
        let table = [
            (Member, Member, 1, FORBIDDEN),
            (Admin, Member, 1, Ok(())),
            (Admin, Admin, 1, Ok(())),
            (Admin, Owner, 2, Err(Denial::AdminCannotRemoveOwner)),
            (Owner, Owner, 2, Ok(())),
            (Owner, Owner, 1, Err(Denial::LastOwner)),
            (Owner, Admin, 1, Ok(())),
        ];
        for (actor, target, owners, expected) in table {
            assert_eq!(
                can_remove_member(actor, target, owners),
                expected,
                "{actor:?} removing {target:?}"
            );
        }
    }

    #[test]
    fn anyone_may_leave_except_the_last_owner() {
        assert_eq!(can_leave(Member, 1), Ok(()));
        assert_eq!(can_leave(Admin, 1), Ok(()));
        assert_eq!(can_leave(Owner, 2), Ok(()));
        assert_eq!(can_leave(Owner, 1), Err(Denial::LastOwner));
    }

    #[test]
    fn only_the_invited_account_accepts_an_invitation() {
        assert_eq!(
            can_accept_invitation("ann@example.com", "ann@example.com"),
            Ok(())
        );
        assert_eq!(
            can_accept_invitation("bob@example.com", "ann@example.com"),
            Err(Denial::InvitationForAnotherEmail)
        );
    }

    #[test]
    fn denial_kinds_map_last_owner_to_conflict_and_rights_to_forbidden() {
        assert_eq!(Denial::LastOwner.kind(), RefusalKind::Conflict);
        assert_eq!(Denial::RequiresAdmin.kind(), RefusalKind::Forbidden);
        assert_eq!(
            Denial::InvitationCannotGrantOwner.kind(),
            RefusalKind::Invalid
        );
        let codes: std::collections::HashSet<_> = Denial::ALL.iter().map(|d| d.code()).collect();
        assert_eq!(codes.len(), Denial::ALL.len(), "codes are distinct");
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("Owner"), None);
    }
}
