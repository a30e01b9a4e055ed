//! How a registration entry becomes a runtime row's name, provider and device line.

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
