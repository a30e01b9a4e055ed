//! The operations the fake counts and the faults a test can make each of them show.

use serde::Serialize;

/// One thing the fake serves, as counted and as named in `/_fake` controls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// `POST /api/v3.1/connected_accounts/link`
    Link,
    /// `GET /api/v3.1/connected_accounts` (each page)
    ListAccounts,
    /// `GET /api/v3.1/connected_accounts/{id}`
    GetAccount,
    /// `POST /api/v3.1/connected_accounts/{id}/revoke`
    Revoke,
    /// `DELETE /api/v3.1/connected_accounts/{id}`
    Delete,
    /// `GET /api/v3.1/auth_configs` (each page)
    AuthConfigs,
    /// `GET /api/v3.1/toolkits` (each page)
    Toolkits,
    /// `POST /api/v3.1/tool_router/session`
    Session,
    /// Any request to `/tool_router/{session_id}/mcp`
    Mcp,
    /// The hosted consent page, shown or answered
    Consent,
}

impl Operation {
    pub const ALL: [Operation; 10] = [
        Self::Link,
        Self::ListAccounts,
        Self::GetAccount,
        Self::Revoke,
        Self::Delete,
        Self::AuthConfigs,
        Self::Toolkits,
        Self::Session,
        Self::Mcp,
        Self::Consent,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Link => "link",
            Self::ListAccounts => "list_accounts",
            Self::GetAccount => "get_account",
            Self::Revoke => "revoke",
            Self::Delete => "delete",
            Self::AuthConfigs => "auth_configs",
            Self::Toolkits => "toolkits",
            Self::Session => "session",
            Self::Mcp => "mcp",
            Self::Consent => "consent",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.name() == name)
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// How an operation misbehaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// Answer this status with the error envelope.
    Status(u16),
    /// Hold the request for the configured hold, then answer normally.
    Timeout,
    /// Answer 404 with the error envelope.
    NotFound,
    /// Answer 200 with a body that is not JSON.
    Malformed,
}

impl FaultKind {
    /// `status:503`, `timeout`, `not_found` or `malformed`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "timeout" => Some(Self::Timeout),
            "not_found" => Some(Self::NotFound),
            "malformed" => Some(Self::Malformed),
            _ => {
                let code: u16 = text.strip_prefix("status:")?.parse().ok()?;
                (400..=599).contains(&code).then_some(Self::Status(code))
            }
        }
    }
}

/// A fault and whether it clears itself after one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fault {
    pub kind: FaultKind,
    pub once: bool,
}

impl Fault {
    /// Every request to the operation misbehaves until the faults are cleared.
    pub fn sticky(kind: FaultKind) -> Self {
        Self { kind, once: false }
    }

    /// Only the next request misbehaves.
    pub fn once(kind: FaultKind) -> Self {
        Self { kind, once: true }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_kinds_parse_from_their_control_names() {
        assert_eq!(FaultKind::parse("status:503"), Some(FaultKind::Status(503)));
        assert_eq!(FaultKind::parse("timeout"), Some(FaultKind::Timeout));
        assert_eq!(FaultKind::parse("not_found"), Some(FaultKind::NotFound));
        assert_eq!(FaultKind::parse("malformed"), Some(FaultKind::Malformed));
        assert_eq!(FaultKind::parse("status:200"), None);
        assert_eq!(FaultKind::parse("status:x"), None);
        assert_eq!(FaultKind::parse("slow"), None);
    }

    #[test]
    fn operations_round_trip_through_their_names() {
        for op in Operation::ALL {
            assert_eq!(Operation::parse(op.name()), Some(op));
            assert_eq!(Operation::ALL[op.index()], op);
        }
    }
}
