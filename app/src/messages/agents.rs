//! Texts of the agents area, by the core rules' codes: access scopes, the client rules'
//! reasons, the server's access reasons (permissions, explainer), audit actions and the agent
//! fields' validation errors (whose limits differ from the shared ones).

use super::validation_error_text;
use crate::i18n::{fill, Key};
use agentry_core::agents::fields::{AGENT_DESCRIPTION_MAX, AGENT_NAME_MAX, INSTRUCTIONS_MAX_BYTES};
use agentry_core::agents::{AccessReason, AccessScope, ClientDecision, ClientReason};
use agentry_core::api::agents::AuditAction;
use agentry_core::{Locale, ValidationError};

/// The list's and summary's name of an access scope.
pub fn scope_key(scope: AccessScope) -> Key {
    match scope {
        AccessScope::Workspace => Key::ScopeWorkspace,
        AccessScope::SpecificPeople => Key::ScopeSpecificPeople,
        AccessScope::OwnerOnly => Key::ScopeOwnerOnly,
    }
}

/// Why a client rule disables a control; `None` when it is allowed.
pub fn client_decision_key(decision: ClientDecision) -> Option<Key> {
    Some(match decision {
        ClientDecision::Allowed => return None,
        ClientDecision::Undetermined => Key::ReasonUndetermined,
        ClientDecision::Denied(reason) => match reason {
            ClientReason::NotAuthenticated => Key::ErrSignedOut,
            ClientReason::NotMember => Key::ReasonNotMember,
            ClientReason::NotResourceOwner => Key::ReasonNotManager,
            ClientReason::PrivateVisibility => Key::ReasonNotShared,
            ClientReason::Unknown => Key::ReasonUnknown,
        },
    })
}

/// Why the server allowed or refused something, for the caller's own permissions and the
/// "who can run this?" list. Refusals never name the agent's mode (spec §8.8).
pub fn access_reason_key(reason: AccessReason) -> Key {
    match reason {
        AccessReason::AllowedOwner => Key::ViaOwner,
        AccessReason::AllowedAdmin => Key::ViaAdmin,
        AccessReason::AllowedWorkspace => Key::ViaWorkspace,
        AccessReason::AllowedMember => Key::ViaMember,
        AccessReason::AllowedTeam => Key::ViaTeamUnnamed,
        AccessReason::AllowedAutomation | AccessReason::AllowedAgentActor => Key::ViaAutomation,
        AccessReason::DeniedNotManager => Key::ReasonNotManager,
        AccessReason::DeniedNotAgentOwner => Key::OwnerOnlyReadonly,
        AccessReason::DeniedNotAppsOwner => Key::AppsOwnerOnly,
        AccessReason::DeniedNotMember => Key::ReasonNotMember,
        AccessReason::DeniedPrivate
        | AccessReason::DeniedNotTargeted
        | AccessReason::DeniedNoEffectiveUser => Key::ReasonNotShared,
    }
}

/// What an Activity entry says happened.
pub fn audit_action_key(action: AuditAction) -> Key {
    match action {
        AuditAction::Created => Key::ActivityCreated,
        AuditAction::AccessChanged => Key::ActivityAccessChanged,
        AuditAction::AccessPruned => Key::ActivityAccessPruned,
        AuditAction::Archived => Key::ActivityArchived,
        AuditAction::Restored => Key::ActivityRestored,
        AuditAction::AppsChanged => Key::ActivityAppsChanged,
        AuditAction::Other => Key::ActivityOther,
    }
}

/// A validation error of an agent field, with the agent's own limits.
pub fn agent_validation_text(err: &ValidationError, locale: Locale) -> String {
    let max = match (err.field.as_str(), err.code.as_str()) {
        ("name", "too_long") => AGENT_NAME_MAX,
        ("description", "too_long") => AGENT_DESCRIPTION_MAX,
        ("instructions", "too_long") => {
            let kib = (INSTRUCTIONS_MAX_BYTES / 1024).to_string();
            return fill(Key::ValInstructionsTooLong.text(locale), &[&kib]);
        }
        _ => return validation_error_text(err, locale),
    };
    fill(Key::ValTooLong.text(locale), &[&max.to_string()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_names_report_their_own_limit() {
        let err = agentry_core::agents::fields::agent_name(&"a".repeat(65)).unwrap_err();
        assert!(agent_validation_text(&err, Locale::En).contains("64"));
        let err = agentry_core::agents::fields::agent_name(" ").unwrap_err();
        assert_eq!(
            agent_validation_text(&err, Locale::En),
            Key::ValRequired.text(Locale::En)
        );
    }

    #[test]
    fn every_scope_has_its_own_label() {
        let mut keys: Vec<Key> = AccessScope::ALL.into_iter().map(scope_key).collect();
        keys.dedup();
        assert_eq!(keys.len(), 3);
    }
}
