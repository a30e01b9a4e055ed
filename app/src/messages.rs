//! Turns machine codes into texts: role names, permission denials (by `Denial::code`),
//! validation errors (by field and code) and API errors, falling back to the server's message.

pub mod agents;
pub mod integrations;
pub mod runtimes;
pub mod work;

use crate::api::ApiError;
use crate::i18n::{fill, Key};
use agentry_core::validate::{DESCRIPTION_MAX, NAME_MAX, TOKEN_MAX_DAYS};
use agentry_core::{Locale, Refusal, Role, ValidationError};

/// Names in a sentence: `A, B, C` (`A、B、C` in Chinese and Japanese).
pub fn join_names(names: &[String], locale: Locale) -> String {
    let separator = match locale {
        Locale::ZhHans | Locale::Ja => "、",
        _ => ", ",
    };
    names.join(separator)
}

/// The name of a role.
pub fn role_key(role: Role) -> Key {
    match role {
        Role::Owner => Key::RoleOwner,
        Role::Admin => Key::RoleAdmin,
        Role::Member => Key::RoleMember,
    }
}

/// Why a `core` rule said no, whichever area's rule it was (roles, runtimes, agent gates),
/// translated by the refusal's stable code: the same code the server sends after the click.
pub fn refusal_key(refusal: impl Into<Refusal>) -> Key {
    refusal_code_key(refusal.into().code()).unwrap_or(Key::ErrForbidden)
}

/// The text of a refusal code, as the rules and the server both report it.
fn refusal_code_key(code: &str) -> Option<Key> {
    Some(match code {
        "requires_admin" => Key::DenyRequiresAdmin,
        "requires_owner" => Key::DenyRequiresOwner,
        "owner_role_requires_owner" => Key::DenyOwnerRoleRequiresOwner,
        "admin_cannot_remove_owner" => Key::DenyAdminCannotRemoveOwner,
        "last_owner" => Key::DenyLastOwner,
        "invitation_cannot_grant_owner" => Key::DenyInvitationCannotGrantOwner,
        "email_mismatch" => Key::ErrEmailMismatch,
        "not_runtime_owner" => Key::DenyNotRuntimeOwner,
        "visibility_requires_runtime_owner" => Key::DenyVisibilityRequiresRuntimeOwner,
        "runtime_private" => Key::DenyRuntimePrivate,
        "runtime_without_owner" => Key::DenyRuntimeWithoutOwner,
        "runtime_of_another_member" => Key::DenyRuntimeOfAnotherMember,
        "runtime_has_active_agents" => Key::RuntimeHasAgents,
        "not_agent_manager" => Key::ReasonNotManager,
        "not_agent_owner" => Key::OwnerOnlyReadonly,
        "not_apps_owner" => Key::AppsOwnerOnly,
        "agent_no_access" => Key::AgentNoAccessTitle,
        code => return work::work_error_key(code),
    })
}

/// A validation problem with `field`, or `None` for a code this table does not know.
pub fn validation_text(field: &str, code: &str, locale: Locale) -> Option<String> {
    let key = match (field, code) {
        (_, "required") => Key::ValRequired,
        ("email", "invalid") => Key::ValEmailInvalid,
        ("password", "too_short") => Key::ValPasswordTooShort,
        ("password", "too_long") => Key::ValPasswordTooLong,
        ("slug" | "confirm_slug", "length") => Key::ValSlugLength,
        ("slug" | "confirm_slug", "invalid_characters") => Key::ValSlugCharacters,
        (_, "invalid_characters") => Key::ValControlCharacters,
        ("invocation_targets", "target_not_member") => Key::ValTargetNotMember,
        ("invocation_targets", "target_unknown_team") => Key::ValTargetUnknownTeam,
        ("expires_in_days", _) => {
            let max = TOKEN_MAX_DAYS.to_string();
            return Some(fill(Key::ValDaysRange.text(locale), &[&max]));
        }
        (_, "too_long") => {
            let max = if field == "description" {
                DESCRIPTION_MAX
            } else {
                NAME_MAX
            };
            return Some(fill(Key::ValTooLong.text(locale), &[&max.to_string()]));
        }
        _ => return None,
    };
    Some(key.text(locale).to_owned())
}

/// A validation error from `agentry_core::validate`, translated.
pub fn validation_error_text(err: &ValidationError, locale: Locale) -> String {
    validation_text(&err.field, &err.code, locale).unwrap_or_else(|| err.message.clone())
}

/// The form field an API error belongs to: the one it names, or the one a conflict is about.
pub fn error_field(err: &ApiError) -> Option<&str> {
    match (err.field.as_deref(), err.code.as_str()) {
        (Some(field), _) => Some(field),
        (None, "slug_taken") => Some("slug"),
        (None, "email_taken" | "already_member") => Some("email"),
        (None, "team_name_taken" | "agent_name_taken") => Some("name"),
        (None, "runtime_profile_name_taken" | "profile_name_taken" | "display_name_taken") => {
            Some("display_name")
        }
        _ => None,
    }
}

/// The runtimes endpoints' own refusals.
fn runtime_error_key(err: &ApiError) -> Option<Key> {
    Some(match (err.code.as_str(), err.field.as_deref()) {
        ("runtime_profile_name_taken" | "profile_name_taken" | "display_name_taken", _)
        | ("conflict", Some("display_name")) => Key::ErrNameTaken,
        ("runtime_profile_instance_delete_unsupported", _) => Key::RuntimeIsProfileInstance,
        _ => return None,
    })
}

/// An API failure, translated when its code (or status) is known; otherwise the server's words.
pub fn api_error_text(err: &ApiError, locale: Locale) -> String {
    if let Some(key) = refusal_code_key(&err.code) {
        return key.text(locale).to_owned();
    }
    if let Some(key) =
        runtime_error_key(err).or_else(|| integrations::integration_error_key(&err.code))
    {
        return key.text(locale).to_owned();
    }
    if let Some(field @ ("command_name" | "fixed_args" | "protocol_family" | "display_name")) =
        err.field.as_deref()
    {
        let problem = ValidationError::new(field, &err.code, err.message.clone());
        return runtimes::profile_validation_text(&problem, locale);
    }
    if let Some(field) = &err.field {
        if let Some(text) = validation_text(field, &err.code, locale) {
            return text;
        }
    }
    let key = match (err.code.as_str(), err.field.as_deref()) {
        ("network", _) => Key::ErrNetwork,
        ("invalid_credentials", _) => Key::ErrInvalidCredentials,
        ("invitation_invalid", _) => Key::ErrInvitationInvalid,
        ("already_member", _) => Key::ErrAlreadyMember,
        ("slug_taken", _) | ("conflict", Some("slug")) => Key::ErrSlugTaken,
        ("email_taken", _) | ("conflict", Some("email")) => Key::ErrEmailTaken,
        ("team_name_taken" | "agent_name_taken", _) | ("conflict", Some("name")) => {
            Key::ErrNameTaken
        }
        ("invalid_input", Some(_)) => Key::ValInvalid,
        ("csrf" | "csrf_failed" | "invalid_csrf", _) => Key::ErrCsrf,
        ("rate_limited" | "too_many_requests", _) => Key::ErrRateLimited,
        _ => match err.status {
            401 => Key::ErrSignedOut,
            403 => Key::ErrForbidden,
            404 => Key::ErrNotFound,
            429 => Key::ErrRateLimited,
            500..=599 => Key::ErrServer,
            _ => return err.message.clone(),
        },
    };
    key.text(locale).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(status: u16, code: &str, field: Option<&str>) -> ApiError {
        ApiError {
            status,
            code: code.into(),
            message: "server words".into(),
            field: field.map(Into::into),
            agents: Vec::new(),
            hidden_agents: 0,
        }
    }

    #[test]
    fn every_refusal_a_core_rule_can_give_has_its_own_text() {
        use agentry_core::agents::AccessReason;
        use agentry_core::runtimes::RuntimeDenial;
        use agentry_core::{Denial, RefusalKind};
        let refusals = Denial::ALL
            .map(Refusal::from)
            .into_iter()
            .chain(RuntimeDenial::ALL.map(Refusal::from))
            .chain(AccessReason::ALL.map(Refusal::from))
            .filter(|r| !matches!(r, Refusal::Agent(reason) if reason.is_allowed()))
            // A hidden refusal is a plain 404 on the wire, translated by its status.
            .filter(|r| r.kind() != RefusalKind::Hidden);
        for refusal in refusals {
            assert_ne!(refusal_key(refusal), Key::ErrForbidden, "{refusal:?}");
        }
    }

    #[test]
    fn api_errors_prefer_known_codes_then_status_then_the_server_message() {
        let en = Locale::En;
        assert_eq!(
            api_error_text(&err(409, "last_owner", None), en),
            Key::DenyLastOwner.text(en)
        );
        assert_eq!(
            api_error_text(&err(409, "slug_taken", None), en),
            Key::ErrSlugTaken.text(en)
        );
        assert_eq!(error_field(&err(409, "slug_taken", None)), Some("slug"));
        assert_eq!(
            api_error_text(&err(400, "too_short", Some("password")), en),
            Key::ValPasswordTooShort.text(en)
        );
        assert_eq!(
            api_error_text(&err(404, "whatever", None), en),
            Key::ErrNotFound.text(en)
        );
        assert_eq!(api_error_text(&err(400, "odd", None), en), "server words");
    }
}
