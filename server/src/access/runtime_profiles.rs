//! The runtime profile write gate: a [`ProfileWriter`] exists only once `core` said the
//! caller's role may write profiles, and the profile services take one.

use super::Membership;
use crate::error::ApiError;
use agentry_core::runtimes::can_write_profiles;
use std::ops::Deref;

/// Proof that the caller may create, change and delete the workspace's runtime profiles.
#[derive(Debug)]
pub struct ProfileWriter(Membership);

impl ProfileWriter {
    /// Passes the gate (owners and admins) or refuses with 403 `requires_admin`.
    pub fn check(member: Membership) -> Result<ProfileWriter, ApiError> {
        can_write_profiles(member.role)?;
        Ok(ProfileWriter(member))
    }
}

impl Deref for ProfileWriter {
    type Target = Membership;

    fn deref(&self) -> &Membership {
        &self.0
    }
}
