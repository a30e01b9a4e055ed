//! A daemon's registration before anything is written: the 400s its body can earn (spec C.5
//! rule 33 and the malformed-id half of rules 37 and 41), and how an entry becomes a runtime
//! row's name, provider and device line.

use crate::api::daemon::RegisterRequest;
use crate::{ProfileId, ValidationError, WorkspaceId};

/// A registration body that passed [`check_registration`]: trimmed ids, and the profile id
/// of every entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedRegistration {
    /// The workspace.
    pub workspace_id: WorkspaceId,
    /// The machine's id, trimmed and non-blank.
    pub daemon_id: String,
    /// The machine's name, trimmed.
    pub device_name: String,
    /// Profile id per entry of `runtimes` (`None` for built-ins).
    pub runtime_profiles: Vec<Option<ProfileId>>,
    /// Profile id per entry of `failed_profiles` (`None`: blank, skipped).
    pub failed_profiles: Vec<Option<ProfileId>>,
}

/// Every 400 a registration body can earn, in the order the endpoint reports them, found
/// before the first write so that a bad request changes nothing.
pub fn check_registration(
    request: &RegisterRequest,
) -> Result<CheckedRegistration, ValidationError> {
    let workspace = request.workspace_id.trim();
    if workspace.is_empty() {
        return Err(ValidationError::new(
            "workspace_id",
            "required",
            "workspace_id is required",
        ));
    }
    let workspace_id = uuid::Uuid::parse_str(workspace)
        .map_err(|_| ValidationError::new("workspace_id", "invalid", "invalid workspace_id"))?;
    let daemon_id = request.daemon_id.trim().to_owned();
    if daemon_id.is_empty() {
        return Err(ValidationError::new(
            "daemon_id",
            "required",
            "daemon_id is required",
        ));
    }
    if request.runtimes.is_empty() && request.failed_profiles.is_empty() {
        return Err(ValidationError::new(
            "runtimes",
            "required",
            "at least one runtime or failed profile is required",
        ));
    }
    let runtime_profiles = request
        .runtimes
        .iter()
        .map(|entry| match entry.profile_id.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(raw) => profile_id("runtimes.profile_id", raw).map(Some),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let failed_profiles = request
        .failed_profiles
        .iter()
        .map(|entry| match entry.profile_id.trim() {
            "" => Ok(None),
            raw => profile_id("failed_profiles.profile_id", raw).map(Some),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CheckedRegistration {
        workspace_id: WorkspaceId(workspace_id),
        daemon_id,
        device_name: request.device_name.trim().to_owned(),
        runtime_profiles,
        failed_profiles,
    })
}

fn profile_id(field: &str, raw: &str) -> Result<ProfileId, ValidationError> {
    uuid::Uuid::parse_str(raw)
        .map(ProfileId)
        .map_err(|_| ValidationError::new(field, "invalid", format!("invalid profile_id: {raw}")))
}

/// `type` as the daemon sent it, lower-cased and trimmed; blank becomes `unknown`.
pub fn normalize_provider(raw: &str) -> String {
    let value = raw.trim().to_lowercase();
    if value.is_empty() {
        "unknown".to_owned()
    } else {
        value
    }
}

/// The given name, trimmed; if blank, `provider (device)` or just `provider`.
pub fn runtime_name(given: &str, provider: &str, device_name: &str) -> String {
    let given = given.trim();
    if !given.is_empty() {
        return given.to_owned();
    }
    let device = device_name.trim();
    if device.is_empty() {
        provider.to_owned()
    } else {
        format!("{provider} ({device})")
    }
}

/// The name of the offline row of a profile that failed to resolve: `display (device)`.
pub fn failed_profile_name(display_name: &str, device_name: &str) -> String {
    runtime_name("", display_name, device_name)
}

/// `device · version`, or whichever of the two is non-blank.
pub fn device_info(device_name: &str, version: &str) -> String {
    match (device_name.trim(), version.trim()) {
        ("", version) => version.to_owned(),
        (device, "") => device.to_owned(),
        (device, version) => format!("{device} · {version}"),
    }
}

/// A new runtime on a machine inherits the machine's custom name when every other runtime of
/// that (workspace, daemon) carries the same non-empty one.
pub fn inherited_custom_name<'a>(
    siblings: impl IntoIterator<Item = Option<&'a str>>,
) -> Option<String> {
    let mut shared: Option<&str> = None;
    for name in siblings {
        let name = name.map(str::trim).filter(|name| !name.is_empty())?;
        match shared {
            None => shared = Some(name),
            Some(seen) if seen == name => {}
            Some(_) => return None,
        }
    }
    shared.map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::daemon::{FailedProfile, RegisterRuntime};

    const WORKSPACE: &str = "6f1c2b4e-0d7a-4c7e-9a51-3b2f8e1d0c9a";
    const PROFILE: &str = "0b7e5c1a-2f3d-4e6b-8a9c-1d2e3f4a5b6c";

    fn request() -> RegisterRequest {
        RegisterRequest {
            workspace_id: format!(" {WORKSPACE} "),
            daemon_id: " machine-1 ".into(),
            device_name: " laptop ".into(),
            runtimes: vec![RegisterRuntime {
                kind: "claude".into(),
                ..RegisterRuntime::default()
            }],
            ..RegisterRequest::default()
        }
    }

    fn refusal(request: &RegisterRequest) -> (String, String) {
        let error = check_registration(request).unwrap_err();
        (error.field, error.code)
    }

    #[test]
    fn a_registration_is_trimmed_and_its_profile_ids_made_canonical() {
        let mut body = request();
        body.runtimes.push(RegisterRuntime {
            profile_id: Some(format!(" {} ", PROFILE.to_uppercase())),
            ..RegisterRuntime::default()
        });
        body.failed_profiles = vec![
            FailedProfile::default(),
            FailedProfile {
                profile_id: PROFILE.into(),
                ..FailedProfile::default()
            },
        ];
        let checked = check_registration(&body).unwrap();
        assert_eq!(checked.workspace_id.to_string(), WORKSPACE);
        assert_eq!(checked.daemon_id, "machine-1");
        assert_eq!(checked.device_name, "laptop");
        let profile = ProfileId::parse(PROFILE);
        assert_eq!(checked.runtime_profiles, [None, profile]);
        assert_eq!(checked.failed_profiles, [None, profile]);
    }

    #[test]
    fn a_registration_names_the_first_field_at_fault() {
        let pair = |field: &str, code: &str| (field.to_owned(), code.to_owned());
        let mut body = request();
        body.workspace_id = "  ".into();
        assert_eq!(refusal(&body), pair("workspace_id", "required"));
        body.workspace_id = "acme".into();
        body.daemon_id = String::new();
        assert_eq!(refusal(&body), pair("workspace_id", "invalid"));
        body.workspace_id = WORKSPACE.into();
        assert_eq!(refusal(&body), pair("daemon_id", "required"));
        body.daemon_id = "machine-1".into();
        body.runtimes.clear();
        assert_eq!(refusal(&body), pair("runtimes", "required"));
        body.runtimes.push(RegisterRuntime {
            profile_id: Some("not-a-uuid".into()),
            ..RegisterRuntime::default()
        });
        assert_eq!(refusal(&body), pair("runtimes.profile_id", "invalid"));
        body.runtimes.clear();
        body.failed_profiles.push(FailedProfile {
            profile_id: "not-a-uuid".into(),
            ..FailedProfile::default()
        });
        assert_eq!(
            refusal(&body),
            pair("failed_profiles.profile_id", "invalid")
        );
    }

    #[test]
    fn providers_are_lower_cased_and_blank_is_unknown() {
        assert_eq!(normalize_provider(" Claude "), "claude");
        assert_eq!(normalize_provider("  "), "unknown");
    }

    #[test]
    fn a_blank_name_falls_back_to_provider_and_device() {
        assert_eq!(runtime_name(" Mine ", "codex", "laptop"), "Mine");
        assert_eq!(runtime_name("", "codex", "laptop"), "codex (laptop)");
        assert_eq!(runtime_name("", "codex", ""), "codex");
        assert_eq!(failed_profile_name("Wrapped", "laptop"), "Wrapped (laptop)");
    }

    #[test]
    fn the_device_line_joins_what_is_there() {
        assert_eq!(device_info("laptop", "1.2.3"), "laptop · 1.2.3");
        assert_eq!(device_info("laptop", ""), "laptop");
        assert_eq!(device_info("", "1.2.3"), "1.2.3");
        assert_eq!(device_info("", ""), "");
    }

    #[test]
    fn a_shared_custom_name_is_inherited_only_when_every_sibling_has_it() {
        assert_eq!(
            inherited_custom_name([Some("Box"), Some("Box")]),
            Some("Box".into())
        );
        assert_eq!(inherited_custom_name([Some("Box"), None]), None);
        assert_eq!(inherited_custom_name([Some("Box"), Some("Other")]), None);
        assert_eq!(inherited_custom_name([Some(" ")]), None);
        assert_eq!(inherited_custom_name(std::iter::empty()), None);
    }
}
