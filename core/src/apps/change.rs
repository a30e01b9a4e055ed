//! Who may change an agent's allowlist and what a create or update does with it (spec §4.11,
//! with the change to AL3: a non-owner's real change is refused with 403, never
//! silently dropped, so an admin can tell their change was not applied).

use super::allowlist::{check_allowlist, normalise_allowlist};
use crate::agents::{AccessDecision, AccessReason, Field};
use crate::{UserId, ValidationError};

/// Only the agent's owner may change which of their connected apps it may use: the apps run
/// on the owner's accounts, so workspace owners and admins may not either, and nobody may
/// change an orphan agent's.
pub fn can_change_apps(user: Option<UserId>, owner_id: Option<UserId>) -> AccessDecision {
    AccessDecision::of(match user {
        None => AccessReason::DeniedNoEffectiveUser,
        Some(_) if user == owner_id => AccessReason::AllowedOwner,
        Some(_) => AccessReason::DeniedNotAppsOwner,
    })
}

/// What an update does with the allowlist, decided by [`plan_allowlist_update`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AllowlistUpdate {
    /// Leave it as stored (not sent, connected apps off, or a non-owner's unchanged resend).
    Keep,
    /// The owner's new value, normalised: `None` is never set, `Some([])` set to nothing.
    Set(Option<Vec<String>>),
}

/// Why an update's allowlist stops the whole request.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AllowlistUpdateError {
    /// 400: the owner sent a list the server will not store.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// 403 (`not_apps_owner`): someone else asked for a change; nothing may be applied.
    #[error("only the agent's owner can change which connected apps it may use")]
    NotAppsOwner,
}

/// The allowlist a create stores (AL1: the creator is the owner): `None` while connected apps
/// are off (AL4) or when none was sent, else the checked list.
pub fn allowlist_on_create(
    integration_on: bool,
    sent: Option<&[String]>,
) -> Result<Option<Vec<String>>, ValidationError> {
    match sent {
        Some(raw) if integration_on => check_allowlist(raw).map(Some),
        _ => Ok(None),
    }
}

/// AL2–AL4 for an update by `user`, after the manage gate passed. While connected apps are
/// off the key is ignored. The owner's value is checked and replaces the stored one (`null`
/// makes it never set). Anyone else's is accepted only when it normalises to the stored value
/// (a form resending what it loaded); any other value is refused.
pub fn plan_allowlist_update(
    user: UserId,
    owner_id: Option<UserId>,
    integration_on: bool,
    stored: Option<&[String]>,
    sent: &Field<Vec<String>>,
) -> Result<AllowlistUpdate, AllowlistUpdateError> {
    if !integration_on || sent.is_absent() {
        return Ok(AllowlistUpdate::Keep);
    }
    if can_change_apps(Some(user), owner_id).allowed {
        return Ok(AllowlistUpdate::Set(match sent.value() {
            Some(raw) => Some(check_allowlist(raw)?),
            None => None,
        }));
    }
    let resent = normalise_allowlist(sent.value().map(Vec::as_slice));
    if resent.as_deref() == stored {
        Ok(AllowlistUpdate::Keep)
    } else {
        Err(AllowlistUpdateError::NotAppsOwner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    const OWNER: UserId = UserId(Uuid::from_u128(1));
    const ADMIN: UserId = UserId(Uuid::from_u128(2));

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn only_the_owner_may_change_the_apps_and_nobody_an_orphans() {
        use AccessReason::*;
        for (user, owner, reason) in [
            (Some(OWNER), Some(OWNER), AllowedOwner),
            (Some(ADMIN), Some(OWNER), DeniedNotAppsOwner),
            (Some(ADMIN), None, DeniedNotAppsOwner),
            (None, Some(OWNER), DeniedNoEffectiveUser),
        ] {
            assert_eq!(can_change_apps(user, owner).reason, reason);
        }
    }

    #[test]
    fn the_owners_list_is_normalised_and_null_makes_it_never_set() {
        let stored = list(&["slack"]);
        let sent = Field::Value(list(&[" Notion ", "NOTION", "github", ""]));
        assert_eq!(
            plan_allowlist_update(OWNER, Some(OWNER), true, Some(&stored), &sent),
            Ok(AllowlistUpdate::Set(Some(list(&["github", "notion"]))))
        );
        assert_eq!(
            plan_allowlist_update(OWNER, Some(OWNER), true, Some(&stored), &Field::Null),
            Ok(AllowlistUpdate::Set(None))
        );
        assert_eq!(
            plan_allowlist_update(OWNER, Some(OWNER), true, None, &Field::Value(Vec::new())),
            Ok(AllowlistUpdate::Set(Some(Vec::new())))
        );
        let bad = Field::Value(list(&["no spaces"]));
        assert!(matches!(
            plan_allowlist_update(OWNER, Some(OWNER), true, None, &bad),
            Err(AllowlistUpdateError::Invalid(_))
        ));
    }

    #[test]
    fn someone_elses_change_is_refused_and_their_unchanged_resend_accepted() {
        let stored = list(&["github", "notion"]);
        let change = Field::Value(list(&["github"]));
        assert_eq!(
            plan_allowlist_update(ADMIN, Some(OWNER), true, Some(&stored), &change),
            Err(AllowlistUpdateError::NotAppsOwner)
        );
        assert_eq!(
            plan_allowlist_update(ADMIN, Some(OWNER), true, Some(&stored), &Field::Null),
            Err(AllowlistUpdateError::NotAppsOwner),
            "clearing is a change too"
        );
        let resend = Field::Value(list(&["Notion", "github"]));
        assert_eq!(
            plan_allowlist_update(ADMIN, Some(OWNER), true, Some(&stored), &resend),
            Ok(AllowlistUpdate::Keep)
        );
        assert_eq!(
            plan_allowlist_update(ADMIN, None, true, None, &Field::Null),
            Ok(AllowlistUpdate::Keep),
            "null over never-set is no change"
        );
        assert_eq!(
            plan_allowlist_update(ADMIN, None, true, None, &Field::Value(Vec::new())),
            Err(AllowlistUpdateError::NotAppsOwner),
            "set-to-nothing is not never-set"
        );
    }

    #[test]
    fn while_connected_apps_are_off_the_allowlist_is_ignored() {
        let change = Field::Value(list(&["github"]));
        for user in [OWNER, ADMIN] {
            assert_eq!(
                plan_allowlist_update(user, Some(OWNER), false, None, &change),
                Ok(AllowlistUpdate::Keep)
            );
        }
        assert_eq!(
            allowlist_on_create(false, Some(&list(&["github"]))),
            Ok(None)
        );
        assert_eq!(
            allowlist_on_create(true, Some(&list(&["GitHub"]))),
            Ok(Some(list(&["github"])))
        );
        assert_eq!(allowlist_on_create(true, None), Ok(None));
    }

    #[test]
    fn an_absent_key_changes_nothing_for_anyone() {
        for user in [OWNER, ADMIN] {
            assert_eq!(
                plan_allowlist_update(user, Some(OWNER), true, None, &Field::Absent),
                Ok(AllowlistUpdate::Keep)
            );
        }
    }
}
