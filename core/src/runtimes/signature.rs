//! The daemon's content signature of a workspace's enabled profiles: two fetches with the same
//! signature need no re-registration, so duplicate change notifications cost nothing.

use crate::api::runtimes::RuntimeProfile;

/// The signature of an empty list; distinct from every non-empty one.
pub const EMPTY_SIGNATURE: &str = "0";

/// Hashes what a registration depends on (id, enabled, family, command, visibility and each
/// fixed argument), independent of list order. Fields are separated and each record ends with
/// a marker, so `["a","b"]` and `["ab"]` differ.
pub fn profile_signature(profiles: &[RuntimeProfile]) -> String {
    if profiles.is_empty() {
        return EMPTY_SIGNATURE.to_owned();
    }
    let mut sorted: Vec<&RuntimeProfile> = profiles.iter().collect();
    sorted.sort_by_key(|profile| profile.id);
    let mut hash = Fnv64::new();
    for profile in sorted {
        hash.field(profile.id.to_string().as_bytes());
        hash.field(if profile.enabled { b"1" } else { b"0" });
        hash.field(profile.protocol_family.as_bytes());
        hash.field(profile.command_name.as_bytes());
        hash.field(profile.visibility.as_bytes());
        for arg in &profile.fixed_args {
            hash.field(arg.as_bytes());
        }
        hash.write(&[0x1e]);
    }
    format!("{:016x}", hash.0)
}

/// FNV-1a, 64-bit: tiny, stable across platforms and releases (unlike std's hasher).
struct Fnv64(u64);

impl Fnv64 {
    fn new() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// A field followed by a unit separator, so adjacent fields cannot run together.
    fn field(&mut self, bytes: &[u8]) {
        // The length prefix makes a separator byte inside a value harmless too.
        self.write(&(bytes.len() as u64).to_le_bytes());
        self.write(bytes);
        self.write(&[0x1f]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ProfileId, WorkspaceId};
    use uuid::Uuid;

    fn profile(n: u128, command: &str, args: &[&str]) -> RuntimeProfile {
        RuntimeProfile {
            id: ProfileId(Uuid::from_u128(n)),
            workspace_id: WorkspaceId(Uuid::from_u128(99)),
            display_name: format!("p{n}"),
            protocol_family: "claude".into(),
            command_name: command.into(),
            description: None,
            fixed_args: args.iter().map(|s| s.to_string()).collect(),
            visibility: "workspace".into(),
            created_by: None,
            enabled: true,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn the_signature_ignores_list_order() {
        let a = profile(1, "a", &[]);
        let b = profile(2, "b", &["x"]);
        assert_eq!(
            profile_signature(&[a.clone(), b.clone()]),
            profile_signature(&[b, a])
        );
    }

    #[test]
    fn every_field_that_changes_a_registration_changes_the_signature() {
        let base = vec![profile(1, "a", &["x", "y"])];
        let sig = profile_signature(&base);
        let mut variants = Vec::new();
        let mut added = base.clone();
        added.push(profile(2, "b", &[]));
        variants.push(added);
        let edits: [fn(&mut RuntimeProfile); 6] = [
            |p| p.enabled = false,
            |p| p.protocol_family = "codex".into(),
            |p| p.command_name = "b".into(),
            |p| p.visibility = "private".into(),
            |p| p.fixed_args = vec!["xy".into()],
            |p| p.fixed_args.push(String::new()),
        ];
        for edit in edits {
            let mut changed = base.clone();
            edit(&mut changed[0]);
            variants.push(changed);
        }
        for variant in variants {
            assert_ne!(profile_signature(&variant), sig, "{variant:?}");
        }
    }

    #[test]
    fn names_and_timestamps_do_not_matter_and_empty_is_its_own_value() {
        let mut renamed = profile(1, "a", &[]);
        renamed.display_name = "other".into();
        renamed.updated_at = "later".into();
        assert_eq!(
            profile_signature(&[renamed]),
            profile_signature(&[profile(1, "a", &[])])
        );
        assert_eq!(profile_signature(&[]), EMPTY_SIGNATURE);
        assert_ne!(profile_signature(&[profile(1, "a", &[])]), EMPTY_SIGNATURE);
    }
}
